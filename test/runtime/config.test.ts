import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, resolveConfig } from "../../src/runtime/index.js";
import { CREDENTIALS, DYNAMODB } from "./fixtures.js";

const resolve = (config: Parameters<typeof resolveConfig>[0], env: NodeJS.ProcessEnv = {}) =>
  resolveConfig({ region: "eu-west-1", credentials: CREDENTIALS, ...config }, DYNAMODB, env);

describe("config", () => {
  it("applies the documented defaults", () => {
    const c = resolve({});
    expect(c).to.include({
      region: "eu-west-1",
      maxAttempts: 3,
      retryMode: "standard",
      requestTimeout: 60_000,
      connectTimeout: 10_000,
      maxConnections: 50,
      retryBaseDelay: 100,
      maxRetryDelay: 20_000,
      retryBudget: 500,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      signingRegion: "eu-west-1",
      signingName: "dynamodb",
    });
    expect(c.endpoint.href).to.equal("https://dynamodb.eu-west-1.amazonaws.com/");
    expect(Object.isFrozen(c)).to.equal(true);
  });

  it("reads AWS_MAX_ATTEMPTS and AWS_RETRY_MODE when the options are absent", () => {
    expect(resolve({}, { AWS_MAX_ATTEMPTS: "7", AWS_RETRY_MODE: "adaptive" })).to.include({ maxAttempts: 7, retryMode: "adaptive" });
    expect(resolve({}, { AWS_RETRY_MODE: "legacy" }).retryMode).to.equal("standard");
    expect(resolve({ maxAttempts: 2, retryMode: "standard" }, { AWS_MAX_ATTEMPTS: "7", AWS_RETRY_MODE: "adaptive" })).to.include({
      maxAttempts: 2,
      retryMode: "standard",
    });
    expect(() => resolve({}, { AWS_MAX_ATTEMPTS: "lots" })).to.throw(ConfigError, /AWS_MAX_ATTEMPTS/);
    expect(() => resolve({}, { AWS_RETRY_MODE: "aggressive" })).to.throw(ConfigError, /AWS_RETRY_MODE/);
  });

  it("reads the FIPS and dual-stack variables", () => {
    const c = resolve({}, { AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true" });
    expect(c).to.include({ useFipsEndpoint: true, useDualstackEndpoint: true });
    expect(c.endpoint.hostname).to.equal("dynamodb-fips.eu-west-1.api.aws");
  });

  it("rejects values that cannot work", () => {
    for (const bad of [{ maxAttempts: 0 }, { maxAttempts: 1.5 }, { requestTimeout: Number.NaN }, { maxConnections: 0 }, { retryBaseDelay: -1 }]) {
      expect(() => resolve(bad)).to.throw(ConfigError);
    }
  });

  it("keeps credentials out of enumeration", () => {
    const c = resolve({});
    expect(Object.keys(c)).to.not.include("credentials");
    expect(typeof c.credentials).to.equal("function");
  });
});

describe("config: the region from the shared config file", () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "dynaport-region-"));
    file = join(dir, "config");
    writeFileSync(
      file,
      ["[default]", "region = eu-central-1", "", "[profile dev]", "region = ap-southeast-2", "", "[profile bare]", "output = json", ""].join("\n"),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const fromFile = (env: NodeJS.ProcessEnv) => resolveConfig({ credentials: CREDENTIALS }, DYNAMODB, { AWS_CONFIG_FILE: file, ...env });

  it("takes the default profile's region when neither the option nor the environment gives one", () => {
    const c = fromFile({});
    expect(c.region).to.equal("eu-central-1");
    expect(c.endpoint.href).to.equal("https://dynamodb.eu-central-1.amazonaws.com/");
  });

  it("takes the region of the profile AWS_PROFILE names", () => {
    expect(fromFile({ AWS_PROFILE: "dev" }).region).to.equal("ap-southeast-2");
  });

  it("lets the option and the environment win over the file", () => {
    expect(resolveConfig({ region: "us-west-2", credentials: CREDENTIALS }, DYNAMODB, { AWS_CONFIG_FILE: file }).region).to.equal("us-west-2");
    expect(fromFile({ AWS_REGION: "sa-east-1" }).region).to.equal("sa-east-1");
    expect(fromFile({ AWS_DEFAULT_REGION: "ca-central-1", AWS_PROFILE: "dev" }).region).to.equal("ca-central-1");
  });

  it("says every place it looked when no region is found", () => {
    for (const env of [{ AWS_PROFILE: "bare" }, { AWS_PROFILE: "missing" }, { AWS_CONFIG_FILE: join(dir, "absent") }]) {
      expect(() => fromFile(env)).to.throw(/No AWS region: pass `region`, set AWS_REGION or AWS_DEFAULT_REGION, or set `region` in the profile's section of the shared config file/);
    }
  });
});
