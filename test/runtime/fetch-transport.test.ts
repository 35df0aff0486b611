import { expect } from "chai";
import nock from "nock";
import { AwsJsonClient, ConnectionError, FetchTransport, ServiceException, TruncatedResponseError } from "../../src/runtime/index.js";
import { crc32 } from "../../src/runtime/crc32.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { CREDENTIALS, DYNAMODB, rejectionOf, SECRET, sendDynamo } from "./fixtures.js";
import { verifySigV4 } from "./sigv4-verifier.js";

const ENDPOINT = "https://dynamodb.us-west-2.amazonaws.com";

function fetchClient(config: Partial<ConstructorParameters<typeof AwsJsonClient>[0]> = {}): AwsJsonClient {
  return new AwsJsonClient(
    { region: "us-west-2", credentials: CREDENTIALS, transport: new FetchTransport(), retryBaseDelay: 1, ...config },
    DYNAMODB,
  );
}

// Importing nock patches node:http for the whole process, and mocha loads
// every test file before it runs any: intercept only inside this describe, so
// that the other files' clients (node:http by default) use real sockets.
nock.restore();

describe("FetchTransport with nock", () => {
  before(() => {
    nock.activate();
    nock.disableNetConnect();
  });
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).to.deep.equal([]);
    nock.cleanAll();
  });

  it("sends the signed AWS JSON request and parses the answer", async () => {
    let seen: { headers: Record<string, string>; body: string } | undefined;
    const answer = JSON.stringify({ Item: { Artist: { S: "Acme Band" } } });
    nock(ENDPOINT)
      .post("/", (body) => body.TableName === "Music")
      .reply(function (_uri, body) {
        seen = { headers: this.req.headers as Record<string, string>, body: JSON.stringify(body) };
        return [200, answer, { "x-amzn-requestid": "NOCK-1", "x-amz-crc32": String(crc32(Buffer.from(answer))) }];
      });
    const client = fetchClient();
    const result = await client.call("GetItem", { TableName: "Music", Key: { Artist: { S: "Acme Band" } } });
    expect(result.output).to.deep.equal({ Item: { Artist: { S: "Acme Band" } } });
    expect(result.$metadata).to.deep.equal({ httpStatusCode: 200, requestId: "NOCK-1", attempts: 1, totalRetryDelay: 0 });
    expect(seen!.headers).to.include({ "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" });
    expect(seen!.headers["authorization"]).to.include("/us-west-2/dynamodb/aws4_request");
    expect(seen!.headers["x-amz-security-token"]).to.equal(CREDENTIALS.sessionToken);
  });

  it("retries a 503 then maps a modeled error", async () => {
    nock(ENDPOINT)
      .post("/")
      .reply(503, "<html>busy</html>", { "content-type": "text/html" })
      .post("/")
      .reply(400, { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" });
    const err = await rejectionOf(fetchClient().call("PutItem", {}));
    expect(err).to.be.instanceOf(ServiceException);
    expect(err.name).to.equal("ConditionalCheckFailedException");
    expect(err.$metadata).to.include({ attempts: 2, httpStatusCode: 400 });
  });

  it("maps network errors to ConnectionError and retries them", async () => {
    nock(ENDPOINT).post("/").times(2).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    const err = await rejectionOf(fetchClient({ maxAttempts: 2 }).call("Scan", {}));
    expect(err).to.be.instanceOf(ConnectionError);
    expect(err.syscallCode).to.equal("ECONNRESET");
    expect(err.$metadata.attempts).to.equal(2);
  });

  it("maps throttling to a retry", async () => {
    nock(ENDPOINT)
      .post("/")
      .reply(400, { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message: "slow" })
      .post("/")
      .reply(200, {});
    expect((await fetchClient().call("Query", {})).$metadata.attempts).to.equal(2);
  });
});

describe("FetchTransport over a real socket", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());

  it("sends a request the independent verifier accepts", async () => {
    server.handle((_req, res) => sendDynamo(res, 200, { TableNames: [] }));
    const client = fetchClient({ endpoint: server.endpoint });
    expect((await client.call("ListTables", {})).output).to.deep.equal({ TableNames: [] });
    expect(verifySigV4(server.requests[0]!, SECRET).valid).to.equal(true);
  });

  it("reports a body cut off mid-way", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("{");
      setTimeout(() => res.socket!.destroy(), 5);
    });
    const err = await rejectionOf(fetchClient({ endpoint: server.endpoint, maxAttempts: 1 }).call("GetItem", {}));
    expect(err).to.be.instanceOf(TruncatedResponseError);
  });
});
