import { expect } from "chai";
import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  EndpointError,
  endpointEnvName,
  resolveEndpoint,
  resolveEndpointDetails,
  resolveRegion,
  type EndpointInput,
  type EndpointService,
  type RuleSet,
} from "../../../src/runtime/endpoints/index.js";
import { ruleSet as dynamodbRules } from "../../../src/generated/dynamodb/endpoints.js";
import { ruleSet as streamsRules } from "../../../src/generated/dynamodbstreams/endpoints.js";
import type { ServiceMetadata } from "../../../src/runtime/types.js";

// Each service's rule set comes with its metadata, generated beside its client. STS's is not embedded
// (src/runtime/sts/endpoint.ts computes STS's endpoints); the rules engine is checked on it from the model.
const STS_RULE_SET = JSON.parse(readFileSync(new URL("../../../models/endpoints/sts/2011-06-15/endpoint-rule-set-1.json", import.meta.url), "utf8")) as RuleSet;
/** botocore's full partitions file (the embedded copy lists only the regions its patterns miss). */
const FULL_PARTITIONS = JSON.parse(readFileSync(new URL("../../../models/endpoints/partitions.json", import.meta.url), "utf8")) as { partitions: Array<{ regions: Record<string, unknown> }> };
const DYNAMODB = { serviceId: "DynamoDB", endpointPrefix: "dynamodb", signingName: "dynamodb", ruleSet: dynamodbRules } satisfies EndpointService;
const STREAMS = { serviceId: "DynamoDB Streams", endpointPrefix: "streams.dynamodb", signingName: "dynamodb", ruleSet: streamsRules } satisfies EndpointService;
const STS = { serviceId: "STS", endpointPrefix: "sts", signingName: "sts", ruleSet: STS_RULE_SET } satisfies EndpointService;
/** A service with no embedded rule set: resolved from the partition data alone. */
const OTHER = { serviceId: "Timestream Query", endpointPrefix: "query.timestream", signingName: "timestream" } satisfies EndpointService;

function resolve(input: EndpointInput & { region: string }, service: EndpointService = DYNAMODB, env: NodeJS.ProcessEnv = {}) {
  return resolveEndpointDetails(input, service, { env });
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

describe("endpoints: resolution from the models' rule sets", () => {
  const cases: Array<[string, { input: EndpointInput & { region: string }; service?: EndpointService; want: string; signingRegion?: string }]> = [
    ["aws", { input: { region: "us-east-1" }, want: "https://dynamodb.us-east-1.amazonaws.com/" }],
    ["aws, a newer region", { input: { region: "ap-southeast-7" }, want: "https://dynamodb.ap-southeast-7.amazonaws.com/" }],
    ["aws-cn", { input: { region: "cn-north-1" }, want: "https://dynamodb.cn-north-1.amazonaws.com.cn/" }],
    ["aws-cn dual-stack", { input: { region: "cn-northwest-1", useDualstackEndpoint: true }, want: "https://dynamodb.cn-northwest-1.api.amazonwebservices.com.cn/" }],
    ["aws-us-gov", { input: { region: "us-gov-west-1" }, want: "https://dynamodb.us-gov-west-1.amazonaws.com/" }],
    // GovCloud's regular DynamoDB endpoints are FIPS endpoints already; the model says so.
    ["aws-us-gov FIPS", { input: { region: "us-gov-east-1", useFipsEndpoint: true }, want: "https://dynamodb.us-gov-east-1.amazonaws.com/" }],
    ["aws FIPS", { input: { region: "us-west-2", useFipsEndpoint: true }, want: "https://dynamodb-fips.us-west-2.amazonaws.com/" }],
    ["aws dual-stack", { input: { region: "eu-west-1", useDualstackEndpoint: true }, want: "https://dynamodb.eu-west-1.api.aws/" }],
    ["aws FIPS and dual-stack", { input: { region: "us-east-2", useFipsEndpoint: true, useDualstackEndpoint: true }, want: "https://dynamodb-fips.us-east-2.api.aws/" }],
    ["aws-iso", { input: { region: "us-iso-east-1" }, want: "https://dynamodb.us-iso-east-1.c2s.ic.gov/" }],
    ["aws-iso-b", { input: { region: "us-isob-east-1" }, want: "https://dynamodb.us-isob-east-1.sc2s.sgov.gov/" }],
    ["aws-eusc", { input: { region: "eusc-de-east-1" }, want: "https://dynamodb.eusc-de-east-1.amazonaws.eu/" }],
    ["a region matching no partition falls back to aws", { input: { region: "zz-mars-1" }, want: "https://dynamodb.zz-mars-1.amazonaws.com/" }],
    ["DynamoDB Local by region name, signed for us-east-1", { input: { region: "local" }, want: "http://localhost:8000/", signingRegion: "us-east-1" }],
    ["DynamoDB Streams", { input: { region: "eu-central-1" }, service: STREAMS, want: "https://streams.dynamodb.eu-central-1.amazonaws.com/" }],
    ["STS regional", { input: { region: "eu-west-3" }, service: STS, want: "https://sts.eu-west-3.amazonaws.com/" }],
    ["STS aws-global", { input: { region: "aws-global" }, service: STS, want: "https://sts.amazonaws.com/", signingRegion: "us-east-1" }],
    ["a service without rules: derived", { input: { region: "ap-northeast-1" }, service: OTHER, want: "https://query.timestream.ap-northeast-1.amazonaws.com/" }],
    ["derived FIPS + dual-stack", { input: { region: "us-east-1", useFipsEndpoint: true, useDualstackEndpoint: true }, service: OTHER, want: "https://query.timestream-fips.us-east-1.api.aws/" }],
    ["derived aws-cn", { input: { region: "cn-north-1" }, service: OTHER, want: "https://query.timestream.cn-north-1.amazonaws.com.cn/" }],
  ];
  for (const [name, { input, service, want, signingRegion }] of cases) {
    it(name, () => {
      const got = resolve(input, service ?? DYNAMODB);
      expect(got.url.href).to.equal(want);
      expect(got.signingRegion).to.equal(signingRegion ?? input.region);
    });
  }

  it("agrees with the official AWS SDK's resolver for every known region, FIPS and dual-stack", () => {
    // The SDK warns once per process about Node 20's support window; that is noise here.
    const quiet = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
    const official = new DynamoDBClient({ region: "us-east-1" });
    if (quiet === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = quiet;
    try {
      const regions = [...FULL_PARTITIONS.partitions.flatMap((p) => Object.keys(p.regions)), "local", "us-east-9", "zz-mars-1"];
      let compared = 0;
      for (const region of regions) {
        for (const useFipsEndpoint of [false, true]) {
          for (const useDualstackEndpoint of [false, true]) {
            let want: string;
            try {
              want = official.config.endpointProvider({ Region: region, UseFIPS: useFipsEndpoint, UseDualStack: useDualstackEndpoint }).url.href;
            } catch (err) {
              want = `error: ${(err as Error).message}`;
            }
            let got: string;
            try {
              got = resolve({ region, useFipsEndpoint, useDualstackEndpoint }).url.href;
            } catch (err) {
              got = `error: ${(err as Error).message}`;
            }
            expect(got, `${region} fips=${useFipsEndpoint} dualstack=${useDualstackEndpoint}`).to.equal(want);
            compared++;
          }
        }
      }
      expect(compared).to.be.greaterThan(150);
    } finally {
      official.destroy();
    }
  });
});

describe("endpoints: custom endpoints", () => {
  it("keeps scheme, port and path of the endpoint option", () => {
    const got = resolve({ region: "us-east-1", endpoint: "http://127.0.0.1:8000/ddb/proxy" });
    expect(got.url.href).to.equal("http://127.0.0.1:8000/ddb/proxy");
    expect(got.url.port).to.equal("8000");
    expect(got.signingRegion).to.equal("us-east-1");
    expect(resolve({ region: "eu-west-1", endpoint: new URL("https://ddb.example.com:4443/") }).url.href).to.equal("https://ddb.example.com:4443/");
  });

  it("only uses plain http when the caller gives an http endpoint", () => {
    for (const region of ["us-east-1", "cn-north-1", "us-gov-west-1"]) {
      for (const useFipsEndpoint of [false, true]) {
        for (const useDualstackEndpoint of [false, true]) {
          expect(resolve({ region, useFipsEndpoint, useDualstackEndpoint }).url.protocol).to.equal("https:");
        }
      }
    }
    expect(resolve({ region: "us-east-1", endpoint: "http://localhost:4566" }).url.protocol).to.equal("http:");
  });

  it("rejects FIPS or dual-stack together with a custom endpoint, as the model does", () => {
    expect(errorOf(() => resolve({ region: "us-east-1", endpoint: "http://localhost:8000", useFipsEndpoint: true })).message).to.equal(
      "Invalid Configuration: FIPS and custom endpoint are not supported",
    );
    expect(errorOf(() => resolve({ region: "us-east-1", endpoint: "http://localhost:8000", useDualstackEndpoint: true })).message).to.equal(
      "Invalid Configuration: Dualstack and custom endpoint are not supported",
    );
    expect(errorOf(() => resolve({ region: "us-east-1", endpoint: "http://localhost:8000", useFipsEndpoint: true }, OTHER))).to.be.instanceOf(EndpointError);
  });

  it("rejects endpoints that are not http(s) URLs with a hint", () => {
    const err = errorOf(() => resolve({ region: "us-east-1", endpoint: "localhost:8000" }));
    expect(err).to.be.instanceOf(EndpointError);
    expect(err.message).to.include("must start with http:// or https://");
    expect(errorOf(() => resolve({ region: "us-east-1", endpoint: "not a url" })).message).to.include("is not a URL");
  });
});

describe("endpoints: environment variables", () => {
  it("names the service-specific variable from the serviceId", () => {
    expect(endpointEnvName("DynamoDB")).to.equal("AWS_ENDPOINT_URL_DYNAMODB");
    expect(endpointEnvName("DynamoDB Streams")).to.equal("AWS_ENDPOINT_URL_DYNAMODB_STREAMS");
    expect(endpointEnvName("STS")).to.equal("AWS_ENDPOINT_URL_STS");
  });

  it("takes AWS_ENDPOINT_URL_DYNAMODB over AWS_ENDPOINT_URL, and the option over both", () => {
    const env = { AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:1111/specific", AWS_ENDPOINT_URL: "http://127.0.0.1:2222" };
    expect(resolve({ region: "us-east-1" }, DYNAMODB, env).url.href).to.equal("http://127.0.0.1:1111/specific");
    expect(resolve({ region: "us-east-1" }, DYNAMODB, { AWS_ENDPOINT_URL: "http://127.0.0.1:2222" }).url.href).to.equal("http://127.0.0.1:2222/");
    expect(resolve({ region: "us-east-1", endpoint: "http://127.0.0.1:3333" }, DYNAMODB, env).url.href).to.equal("http://127.0.0.1:3333/");
    // Another service's variable does not apply.
    expect(resolve({ region: "us-east-1" }, STREAMS, { AWS_ENDPOINT_URL_DYNAMODB: "http://x:1" }).url.host).to.equal("streams.dynamodb.us-east-1.amazonaws.com");
  });

  it("ignores the endpoint variables when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", () => {
    const env = { AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:1111", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" };
    expect(resolve({ region: "us-east-1" }, DYNAMODB, env).url.href).to.equal("https://dynamodb.us-east-1.amazonaws.com/");
  });

  it("names the variable when its value is not a URL", () => {
    expect(errorOf(() => resolve({ region: "us-east-1" }, DYNAMODB, { AWS_ENDPOINT_URL_DYNAMODB: "ftp://x" })).message).to.include("AWS_ENDPOINT_URL_DYNAMODB");
  });

  it("reads AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT; options win", () => {
    const env = { AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "TRUE" };
    expect(resolve({ region: "us-east-1" }, DYNAMODB, env).url.host).to.equal("dynamodb-fips.us-east-1.api.aws");
    expect(resolve({ region: "us-east-1", useFipsEndpoint: false, useDualstackEndpoint: false }, DYNAMODB, env).url.host).to.equal("dynamodb.us-east-1.amazonaws.com");
    expect(resolve({ region: "us-east-1" }, DYNAMODB, { AWS_USE_FIPS_ENDPOINT: "false" }).url.host).to.equal("dynamodb.us-east-1.amazonaws.com");
  });

  it("resolveEndpoint reads process.env by default", () => {
    const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = "http://127.0.0.1:9999/from-env";
    try {
      const metadata: ServiceMetadata = { ...DYNAMODB, targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0", apiVersion: "2012-08-10" };
      expect(resolveEndpoint({ region: "us-east-1" }, metadata).href).to.equal(
        "http://127.0.0.1:9999/from-env",
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
    }
  });
});

describe("endpoints: region", () => {
  it("takes the option, then AWS_REGION, then AWS_DEFAULT_REGION", () => {
    expect(resolveRegion("eu-west-1", { AWS_REGION: "us-east-1" })).to.equal("eu-west-1");
    expect(resolveRegion(undefined, { AWS_REGION: "us-east-2", AWS_DEFAULT_REGION: "us-west-1" })).to.equal("us-east-2");
    expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: "us-west-1" })).to.equal("us-west-1");
    expect(errorOf(() => resolveRegion(undefined, {})).message).to.include("No AWS region");
  });

  for (const bad of ["us east 1", "us-east-1/", "-us-east-1", "us-east-1.evil.com", "", "a".repeat(64)]) {
    it(`rejects ${JSON.stringify(bad)} as a region`, () => {
      const err = errorOf(() => (bad === "" ? resolve({ region: bad }) : resolveRegion(bad, {})));
      expect(err.message).to.include("Invalid region");
    });
  }
});
