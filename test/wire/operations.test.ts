import { expect } from "chai";
import { DynamoDB, operations } from "../../src/generated/dynamodb/index.js";
import { stubbedClient } from "../support/client.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";
import { sendJson, type RecordedRequest } from "../support/stub-server.js";
import { FIXTURES } from "./fixtures.js";
import { expectedSignature, parseAuthorization } from "./sigv4.js";

// Every DynamoDB operation over a real socket with the default (undici)
// transport: what goes out (method, path, headers, signature, exact body) and
// how the canned answer comes back typed.
describe("wire: every DynamoDB operation", function () {
  const wire = stubbedClient(DynamoDB);

  it("has one fixture for each of the model's operations (58 in botocore 1.43.107)", () => {
    const names = FIXTURES.map((f) => f.operation);
    expect(new Set(names).size).to.equal(names.length);
    expect([...names].sort()).to.deep.equal(Object.keys(operations).sort());
    expect(names).to.have.length(58);
  });

  function expectDynamoDBRequest(req: RecordedRequest, operation: string): void {
    expect(req.method).to.equal("POST");
    expect(req.path).to.equal("/");
    expect(req.headers["content-type"]).to.equal("application/x-amz-json-1.0");
    expect(req.headers["x-amz-target"]).to.equal(`DynamoDB_20120810.${operation}`);
    const auth = parseAuthorization(req.headers.authorization);
    expect(auth.accessKeyId).to.equal(TEST_CREDENTIALS.accessKeyId);
    expect(auth.date).to.equal(req.headers["x-amz-date"]!.slice(0, 8));
    expect([auth.region, auth.service]).to.deep.equal(["us-east-1", "dynamodb"]);
    expect(auth.signedHeaders).to.include.members(["host", "x-amz-date", "x-amz-target"]);
    expect(auth.signature).to.equal(expectedSignature(req, TEST_CREDENTIALS.secretAccessKey));
  }

  for (const f of FIXTURES) {
    it(`${f.operation}: signed request with the exact body, typed response`, async () => {
      wire.stub.handle((_req, res) => sendJson(res, 200, f.response));
      const before = wire.stub.requests.length;
      const { $metadata, ...output } = await f.call(wire.client);
      expect(wire.stub.requests.length).to.equal(before + 1);
      const req = wire.stub.requests[before]!;
      expectDynamoDBRequest(req, f.operation);
      expect(JSON.parse(req.body)).to.deep.equal(f.body);
      expect(output).to.deep.equal(f.output);
      expect($metadata).to.include({ httpStatusCode: 200, requestId: "REQ-200", attempts: 1 });
    });
  }

  it("fills an idempotency token left unset with a fresh UUID", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 200, {}));
    const before = wire.stub.requests.length;
    const item = { pk: { s: "a" } };
    await wire.client.transactWriteItems({ transactItems: [{ put: { tableName: "t", item } }] });
    await wire.client.transactWriteItems({ transactItems: [{ put: { tableName: "t", item } }] });
    const tokens = wire.stub.requests.slice(before).map((r) => JSON.parse(r.body).ClientRequestToken as string);
    for (const token of tokens) expect(token).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(tokens[0]).to.not.equal(tokens[1]);
  });

  it("sends {} for an operation whose input is empty", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 200, { Endpoints: [] }));
    const before = wire.stub.requests.length;
    await wire.client.describeEndpoints();
    expect(wire.stub.requests[before]!.body).to.equal("{}");
  });
});
