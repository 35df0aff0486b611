import { expect } from "chai";
import { createServer, type Server } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { CredentialsProviderError, fromContainer, fromInstanceMetadata } from "../../../src/runtime/credentials/index.js";
import { startStubServer, type StubServer } from "../../support/stub-server.js";
import { SECRET, TOKEN, imdsHandler, isolateEnvironment, sendJsonBody } from "./support.js";
import { rejectionOf } from "../../support/rejection.js";

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, CredentialsProviderError);

describe("credentials: EC2 instance metadata (IMDSv2)", () => {
  isolateEnvironment();
  let imds: StubServer;
  let state: { fetches: number };

  before(async () => {
    imds = await startStubServer();
  });
  after(() => imds.close());
  beforeEach(() => {
    imds.requests.length = 0;
    state = { fetches: 0 };
    imds.handle(imdsHandler(state));
    delete process.env.AWS_EC2_METADATA_DISABLED;
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.endpoint;
  });

  it("gets a session token first, then the role name, then the role's credentials", async () => {
    const creds = await fromInstanceMetadata()();
    expect(creds.accessKeyId).to.equal("ASIAIMDS1");
    expect(creds.secretAccessKey).to.equal(SECRET);
    expect(creds.sessionToken).to.equal(TOKEN);
    expect(creds.expiration).to.be.instanceOf(Date);
    const [token, role, credentials] = imds.requests;
    expect(imds.requests).to.have.length(3);
    expect(token).to.include({ method: "PUT", path: "/latest/api/token" });
    expect(token!.headers["x-aws-ec2-metadata-token-ttl-seconds"]).to.equal("21600");
    expect(role).to.include({ method: "GET", path: "/latest/meta-data/iam/security-credentials/" });
    expect(role!.headers["x-aws-ec2-metadata-token"]).to.equal("imds-session-token-abc");
    expect(credentials).to.include({ method: "GET", path: "/latest/meta-data/iam/security-credentials/demo-role" });
    expect(credentials!.headers["x-aws-ec2-metadata-token"]).to.equal("imds-session-token-abc");
  });

  it("is skipped entirely when AWS_EC2_METADATA_DISABLED=true", async () => {
    process.env.AWS_EC2_METADATA_DISABLED = "TRUE";
    const err = await rejection(fromInstanceMetadata()());
    expect(err.configured).to.equal(false);
    expect(imds.requests).to.have.length(0);
  });

  it("reports an instance without a role as not configured", async () => {
    imds.handle((req, res) => {
      if (req.method === "PUT") return void res.end("tok");
      res.writeHead(404);
      res.end();
    });
    const err = await rejection(fromInstanceMetadata()());
    expect(err.configured).to.equal(false);
    expect(err.message).to.include("no IAM role");
  });

  it("falls back to IMDSv1 when the token request is answered 405, unless v1 is disabled", async () => {
    const v1 = imdsHandler(state);
    imds.handle((req, res) => {
      if (req.method === "PUT") {
        res.writeHead(405);
        return void res.end();
      }
      // Pretend to be an old IMDS: accept requests without a token.
      v1({ ...req, headers: { ...req.headers, "x-aws-ec2-metadata-token": "imds-session-token-abc" } }, res);
    });
    expect((await fromInstanceMetadata()()).accessKeyId).to.equal("ASIAIMDS1");
    expect(imds.requests[1]!.headers["x-aws-ec2-metadata-token"]).to.equal(undefined);

    process.env.AWS_EC2_METADATA_V1_DISABLED = "true";
    expect((await rejection(fromInstanceMetadata()())).message).to.include("HTTP 405");
  });

  it("treats 403 on the token request as IMDS turned off for the instance", async () => {
    imds.handle((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    const err = await rejection(fromInstanceMetadata()());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include("403");
  });

  it("gives up quickly on an address that accepts connections but never answers", async () => {
    const silent: Server = createServer(() => {
      /* never answers */
    });
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    try {
      const started = Date.now();
      const err = await rejection(fromInstanceMetadata({ endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 150 })());
      expect(err.configured).to.equal(false);
      expect(err.message).to.include("within 150 ms");
      expect(Date.now() - started).to.be.below(2000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it("reads AWS_METADATA_SERVICE_NUM_ATTEMPTS and retries 5xx", async () => {
    let failures = 1;
    const ok = imdsHandler(state);
    imds.handle((req, res) => {
      if (failures > 0 && req.path.endsWith("demo-role")) {
        failures--;
        res.writeHead(500);
        return void res.end();
      }
      ok(req, res);
    });
    process.env.AWS_METADATA_SERVICE_NUM_ATTEMPTS = "2";
    expect((await fromInstanceMetadata()()).accessKeyId).to.equal("ASIAIMDS1");
  });

  it("rejects an answer whose Code is not Success without echoing it", async () => {
    imds.handle((req, res) => {
      if (req.method === "PUT") return void res.end("tok");
      if (req.path.endsWith("/")) return void res.end("demo-role");
      sendJsonBody(res, 200, { Code: "AssumeRoleUnauthorizedAccess", AccessKeyId: "A", SecretAccessKey: SECRET });
    });
    const err = await rejection(fromInstanceMetadata()());
    expect(err.message).to.include("AssumeRoleUnauthorizedAccess");
    expect(err.message).not.to.include(SECRET);
  });
});

describe("credentials: ECS/EKS container endpoint", () => {
  const env = isolateEnvironment();
  let server: StubServer;

  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.handle((_req, res) =>
      sendJsonBody(res, 200, { AccessKeyId: "ASIACONTAINER", SecretAccessKey: SECRET, Token: TOKEN, Expiration: "2031-01-01T00:00:00Z", AccountId: "123456789012" }),
    );
  });

  it("is not configured without either URI variable", async () => {
    expect((await rejection(fromContainer()())).configured).to.equal(false);
  });

  it("resolves a relative URI against the ECS address (here pointed at loopback)", async () => {
    process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = "/v2/credentials/task-role-uuid";
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = "http://127.0.0.1:1/ignored-when-relative-is-set";
    const creds = await fromContainer({ relativeUriBase: server.endpoint })();
    expect(creds.accessKeyId).to.equal("ASIACONTAINER");
    expect(server.requests[0]).to.include({ method: "GET", path: "/v2/credentials/task-role-uuid" });
  });

  it("fetches from a loopback full URI with the authorization token", async () => {
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${server.endpoint}/v1/credentials?id=1`;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = "Basic abc123";
    const creds = await fromContainer()();
    expect(creds.accessKeyId).to.equal("ASIACONTAINER");
    expect(creds.sessionToken).to.equal(TOKEN);
    expect(creds.expiration?.toISOString()).to.equal("2031-01-01T00:00:00.000Z");
    expect(server.requests[0]).to.include({ method: "GET", path: "/v1/credentials?id=1" });
    expect(server.requests[0]!.headers.authorization).to.equal("Basic abc123");
  });

  it("prefers the token file, read at each fetch, over the token variable", async () => {
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${server.endpoint}/eks`;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = "from-variable";
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = env.file("eks-token", "from-file-1\n");
    const provider = fromContainer();
    await provider();
    env.file("eks-token", "from-file-2");
    await provider();
    expect(server.requests.map((r) => r.headers.authorization)).to.deep.equal(["from-file-1", "from-file-2"]);
  });

  it("refuses a token with a line break (header injection)", async () => {
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${server.endpoint}/eks`;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = "abc\r\nX-Evil: 1";
    expect((await rejection(fromContainer()())).message).to.include("line break");
    expect(server.requests).to.have.length(0);
  });

  it("refuses full URIs on hosts other than loopback and the ECS/EKS addresses, without sending", async () => {
    for (const uri of ["http://169.254.169.254/latest", "http://example.com/creds", "https://10.0.0.1/creds"]) {
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = uri;
      process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = "secret-token";
      const err = await rejection(fromContainer()());
      expect(err.configured).to.equal(true);
      expect(err.message).to.include("is not allowed");
      expect(err.message).not.to.include("secret-token");
    }
  });

  it("reports the endpoint's error answer with its Code and Message", async () => {
    server.handle((_req, res) => sendJsonBody(res, 400, { Code: "InvalidToken", Message: "The authorization token is not valid" }));
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${server.endpoint}/creds`;
    const err = await rejection(fromContainer()());
    expect(err.message).to.include("HTTP 400 InvalidToken: The authorization token is not valid");
  });

  it("retries a 5xx answer", async () => {
    let first = true;
    server.handle((_req, res) => {
      if (first) {
        first = false;
        return sendJsonBody(res, 503, { Code: "Busy" });
      }
      sendJsonBody(res, 200, { AccessKeyId: "ASIASECOND", SecretAccessKey: SECRET, Token: TOKEN, Expiration: "2031-01-01T00:00:00Z" });
    });
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${server.endpoint}/creds`;
    expect((await fromContainer()()).accessKeyId).to.equal("ASIASECOND");
    expect(server.requests).to.have.length(2);
  });
});
