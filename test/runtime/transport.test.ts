import { expect } from "chai";
import { AwsJsonClient, ClientClosedError, UndiciTransport, type ServiceMetadata } from "../../src/runtime/index.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { CREDENTIALS, DYNAMODB, rejectionOf, sendDynamo, testClient } from "./fixtures.js";
import { ruleSet as dynamodbRuleSet } from "../../src/generated/dynamodb/endpoints.js";

describe("transport", () => {
  let server: StubServer;
  const ports: number[] = [];
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    ports.length = 0;
    server.handle((_req, res, raw) => {
      ports.push(raw.socket.remotePort!);
      sendDynamo(res, 200, { TableNames: ["a"] });
    });
  });

  it("POSTs the AWS JSON 1.0 framing to /", async () => {
    const client = testClient(server.endpoint);
    const input = { TableName: "Music", Key: { Artist: { S: "No One You Know" } }, ConsistentRead: true };
    const result = await client.call("GetItem", input);
    expect(result.output).to.deep.equal({ TableNames: ["a"] });
    const [req] = server.requests;
    expect(req!.method).to.equal("POST");
    expect(req!.path).to.equal("/");
    expect(req!.headers).to.include({
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "DynamoDB_20120810.GetItem",
      host: new URL(server.endpoint).host,
      "content-length": String(Buffer.byteLength(req!.body)),
    });
    expect(JSON.parse(req!.body)).to.deep.equal(input);
    expect(req!.headers["user-agent"]).to.match(/^dynaport\/\d+\.\d+\.\d+ lang\/js md\/nodejs#[\d.]+ api\/dynamodb#2012-08-10$/);
    expect(req!.headers["authorization"]).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/dynamodb\/aws4_request, /);
    await client.destroy();
  });

  it("sends {} for an empty input", async () => {
    const client = testClient(server.endpoint);
    await client.call("ListTables", {});
    expect(server.requests[0]!.body).to.equal("{}");
    await client.destroy();
  });

  it("uses application/x-amz-json-1.1 for 1.1 services and the model's signing name", async () => {
    const service: ServiceMetadata = { ...DYNAMODB, serviceId: "DynamoDB Streams", signingName: "dynamodb", endpointPrefix: "streams.dynamodb", targetPrefix: "DynamoDBStreams_20120810", jsonVersion: "1.1" };
    const client = testClient(server.endpoint, {}, service);
    await client.call("ListStreams", {});
    expect(server.requests[0]!.headers).to.include({ "content-type": "application/x-amz-json-1.1", "x-amz-target": "DynamoDBStreams_20120810.ListStreams" });
    await client.destroy();
  });

  it("reuses keep-alive connections for sequential calls", async () => {
    const client = testClient(server.endpoint);
    for (let i = 0; i < 20; i++) await client.call("ListTables", {});
    // undici may open a second connection while the first is still being
    // released after a response, but never one per call.
    expect(new Set(ports).size).to.be.at.most(2);
    await client.destroy();
  });

  it("reads bodies that arrive in many chunks", async () => {
    const big = { Items: Array.from({ length: 2000 }, (_, i) => ({ pk: { S: `item-${i}-${"x".repeat(50)}` } })) };
    server.handle((_req, res) => sendDynamo(res, 200, big));
    const client = testClient(server.endpoint);
    expect((await client.call("Scan", {})).output).to.deep.equal(big);
    await client.destroy();
  });

  it("closes its own transport on destroy but leaves a shared one open", async () => {
    const shared = new UndiciTransport();
    const a = new AwsJsonClient({ region: "us-east-1", endpoint: server.endpoint, credentials: CREDENTIALS, transport: shared }, DYNAMODB);
    await a.call("ListTables", {});
    await a.destroy();
    const b = new AwsJsonClient({ region: "us-east-1", endpoint: server.endpoint, credentials: CREDENTIALS, transport: shared }, DYNAMODB);
    expect((await b.call("ListTables", {})).$metadata.httpStatusCode).to.equal(200);
    await shared.close();
  });

  it("refuses calls after destroy, and after its shared transport was closed", async () => {
    const client = testClient(server.endpoint);
    await client.call("ListTables", {});
    await client.destroy();
    await client.destroy(); // a second destroy is harmless
    const err = await rejectionOf(client.call("ListTables", {}));
    expect(err).to.be.instanceOf(ClientClosedError);
    expect(err.code).to.equal("ERR_CLIENT_CLOSED");

    const shared = new UndiciTransport();
    await shared.close();
    const orphan = new AwsJsonClient({ region: "us-east-1", endpoint: server.endpoint, credentials: CREDENTIALS, transport: shared }, DYNAMODB);
    const closed = await rejectionOf(orphan.call("ListTables", {}));
    expect(closed).to.be.instanceOf(ClientClosedError);
    expect(closed.$metadata.attempts).to.equal(1);
  });

  it("does not retry a request that cannot be sent", async () => {
    const client = testClient(server.endpoint, { credentials: { accessKeyId: "AKID", secretAccessKey: "s", sessionToken: "line\nbreak" } });
    const err = await rejectionOf(client.call("ListTables", {}));
    expect(err.code).to.equal("ERR_INVALID_REQUEST");
    expect(err.message).to.not.include("line");
    expect(err.$metadata.attempts).to.equal(1);
    expect(server.requests).to.have.length(0);
    await client.destroy();
  });

  it("resolves the regional endpoint when none is given", () => {
    const client = new AwsJsonClient({ region: "eu-central-1", credentials: CREDENTIALS }, DYNAMODB);
    expect(client.config.endpoint.href).to.equal("https://dynamodb.eu-central-1.amazonaws.com/");
    void client.destroy();
  });

  it("signs with the region and name the endpoint rules give", () => {
    // DynamoDB's rules (the generated client's rule set) send region "local"
    // to DynamoDB Local, signed as us-east-1.
    const client = new AwsJsonClient({ region: "local", credentials: CREDENTIALS }, { ...DYNAMODB, ruleSet: dynamodbRuleSet });
    expect(client.config.endpoint.href).to.equal("http://localhost:8000/");
    expect(client.config).to.include({ region: "local", signingRegion: "us-east-1", signingName: "dynamodb" });
    void client.destroy();
  });

  it("rejects impossible options when the client is built", () => {
    expect(() => testClient(server.endpoint, { maxAttempts: 0 })).to.throw(/maxAttempts must be an integer >= 1/);
    expect(() => testClient(server.endpoint, { requestTimeout: -1 })).to.throw(/requestTimeout/);
    expect(() => testClient(server.endpoint, { retryMode: "legacy" as never })).to.throw(/retryMode/);
  });
});
