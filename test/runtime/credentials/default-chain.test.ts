import { expect } from "chai";
import { CredentialsProviderError, credentialProviderFrom, defaultProvider } from "../../../src/runtime/credentials/index.js";
import { startStubServer, type StubServer } from "../../support/stub-server.js";
import { SECRET, TOKEN, formOf, imdsHandler, inAnHour, isolateEnvironment, sendJsonBody, sendXml, stsCredentialsXml } from "./support.js";
import { rejectionOf } from "../../support/rejection.js";

type Source = "env" | "profile" | "webIdentity" | "container" | "imds";
const ORDER: Source[] = ["env", "profile", "webIdentity", "container", "imds"];
/** The access key id each source hands out in these tests. */
const KEY: Record<Source, string> = { env: "AKIDENV", profile: "AKIDPROFILE", webIdentity: "ASIAWEB", container: "ASIACONTAINER", imds: "ASIAIMDS1" };

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, CredentialsProviderError);

describe("credentials: the default chain", () => {
  const env = isolateEnvironment();
  let sts: StubServer;
  let container: StubServer;
  let imds: StubServer;

  before(async () => {
    sts = await startStubServer((req, res) =>
      sendXml(res, 200, stsCredentialsXml(formOf(req).Action!, { accessKeyId: KEY.webIdentity, secretAccessKey: SECRET, sessionToken: TOKEN, expiration: inAnHour() })),
    );
    container = await startStubServer((_req, res) =>
      sendJsonBody(res, 200, { AccessKeyId: KEY.container, SecretAccessKey: SECRET, Token: TOKEN, Expiration: inAnHour().toISOString() }),
    );
    imds = await startStubServer();
  });
  after(async () => {
    await Promise.all([sts.close(), container.close(), imds.close()]);
  });
  beforeEach(() => {
    for (const s of [sts, container, imds]) s.requests.length = 0;
    imds.handle(imdsHandler({ fetches: 0 }));
    process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
  });

  /** Sets up one source the way a user would. */
  function enable(source: Source): void {
    switch (source) {
      case "env":
        process.env.AWS_ACCESS_KEY_ID = KEY.env;
        process.env.AWS_SECRET_ACCESS_KEY = SECRET;
        break;
      case "profile":
        process.env.AWS_SHARED_CREDENTIALS_FILE = env.file("credentials", `[default]\naws_access_key_id = ${KEY.profile}\naws_secret_access_key = ${SECRET}\n`);
        break;
      case "webIdentity":
        process.env.AWS_WEB_IDENTITY_TOKEN_FILE = env.file("token", "jwt");
        process.env.AWS_ROLE_ARN = "arn:aws:iam::1:role/web";
        break;
      case "container":
        process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${container.endpoint}/creds`;
        break;
      case "imds":
        delete process.env.AWS_EC2_METADATA_DISABLED;
        process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.endpoint;
        break;
    }
  }

  for (const source of ORDER) {
    it(`finds credentials from ${source} alone`, async () => {
      enable(source);
      expect((await defaultProvider()()).accessKeyId).to.equal(KEY[source]);
    });
  }

  // Every pair: the earlier source in the chain wins and the later one is never contacted.
  for (let i = 0; i < ORDER.length; i++) {
    for (let j = i + 1; j < ORDER.length; j++) {
      const [first, second] = [ORDER[i]!, ORDER[j]!];
      it(`prefers ${first} over ${second}`, async () => {
        enable(second);
        enable(first);
        expect((await defaultProvider()()).accessKeyId).to.equal(KEY[first]);
        if (second === "imds") expect(imds.requests).to.have.length(0);
        if (second === "container") expect(container.requests).to.have.length(0);
        if (second === "webIdentity") expect(sts.requests).to.have.length(0);
      });
    }
  }

  it("with every source set up, uses the environment", async () => {
    for (const source of ORDER) enable(source);
    expect((await defaultProvider()()).accessKeyId).to.equal(KEY.env);
  });

  it("lets a profile named in code beat the environment, while AWS_PROFILE does not", async () => {
    enable("env");
    process.env.AWS_CONFIG_FILE = env.file("config", `[profile named]\naws_access_key_id = AKIDNAMED\naws_secret_access_key = ${SECRET}\n`);
    expect((await defaultProvider({ profile: "named" })()).accessKeyId).to.equal("AKIDNAMED");
    process.env.AWS_PROFILE = "named";
    expect((await defaultProvider()()).accessKeyId).to.equal(KEY.env);
  });

  it("lists every source tried, and why, when none has credentials", async () => {
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    const err = await rejection(defaultProvider()());
    expect(err.code).to.equal("CredentialsNotFound");
    expect(err.tried.map((t) => t.source)).to.deep.equal([
      "environment variables",
      'shared config files (profile "default")',
      "web identity token file",
      "container credentials (ECS/EKS)",
      "EC2 instance metadata (IMDSv2)",
    ]);
    expect(err.message).to.include("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    expect(err.message).to.include(`no profile "default" in ${env.dir()}/.aws/config`);
    expect(err.message).to.include("AWS_WEB_IDENTITY_TOKEN_FILE is not set");
    expect(err.message).to.include("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
    expect(err.message).to.include("AWS_EC2_METADATA_DISABLED is set");
  });

  it("reports an unreachable IMDS among the sources tried", async () => {
    delete process.env.AWS_EC2_METADATA_DISABLED;
    const closed = await startStubServer();
    const port = new URL(closed.endpoint).port;
    await closed.close();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = `http://127.0.0.1:${port}`;
    const err = await rejection(defaultProvider()());
    expect(err.tried.at(-1)?.reason).to.include(`127.0.0.1:${port} not reachable`);
  });

  it("stops at a source that is set up but broken instead of falling through", async () => {
    enable("imds");
    process.env.AWS_CONFIG_FILE = env.file("config", `[default]\ncredential_process = sh -c "exit 7"\n`);
    const err = await rejection(defaultProvider()());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include('Could not load AWS credentials from shared config files (profile "default")').and.to.include("exit code 7");
    expect(err.tried.map((t) => t.source)).to.deep.equal(["environment variables", 'shared config files (profile "default")']);
    expect(imds.requests).to.have.length(0);
  });

  it("uses the client's region for STS calls", async () => {
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      `[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = ${SECRET}\n[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n`,
    );
    process.env.AWS_PROFILE = "role";
    await credentialProviderFrom(undefined, { region: "ap-southeast-2" })();
    expect(sts.requests[0]!.headers.authorization).to.include("/ap-southeast-2/sts/aws4_request");
  });

  it("logs which source answered, without the secret", async () => {
    enable("profile");
    const lines: string[] = [];
    await defaultProvider({ logger: { debug: (...args: unknown[]) => lines.push(args.join(" ")) } })();
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include('shared config files (profile "default")').and.to.include(KEY.profile);
    expect(lines[0]).not.to.include(SECRET);
  });
});
