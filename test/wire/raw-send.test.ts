import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { ParamValidationError } from "../../src/runtime/index.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";
import { sendJson, startStubServer, type StubServer } from "../support/stub-server.js";
import { FIXTURES } from "./fixtures.js";

// `send(operation, wireInput)`: the body goes out exactly as given (the form of
// the AWS API reference), and the wire output comes back untouched.
describe("wire: raw send", function () {
  let stub: StubServer;
  let db: DynamoDB;

  before(async () => {
    stub = await startStubServer();
    db = new DynamoDB({ region: "us-east-1", endpoint: stub.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });

  after(async () => {
    await db.destroy();
    await stub.close();
  });

  for (const name of ["GetItem", "PutItem", "UpdateItem", "Query", "BatchWriteItem", "TransactWriteItems", "CreateTable"] as const) {
    const f = FIXTURES.find((x) => x.operation === name)!;
    it(`${name}: sends the wire input as is and returns the wire output`, async () => {
      stub.handle((_req, res) => sendJson(res, 200, f.response));
      const before = stub.requests.length;
      const { $metadata, ...output } = await db.send(name, f.body);
      const req = stub.requests[before]!;
      expect(req.headers["x-amz-target"]).to.equal(`DynamoDB_20120810.${name}`);
      expect(req.headers["content-type"]).to.equal("application/x-amz-json-1.0");
      expect(JSON.parse(req.body)).to.deep.equal(f.body);
      expect(output).to.deep.equal(f.response);
      expect($metadata).to.include({ httpStatusCode: 200, attempts: 1 });
    });
  }

  it("keeps members the model does not know, for parameters newer than the client", async () => {
    stub.handle((_req, res) => sendJson(res, 200, {}));
    const before = stub.requests.length;
    await db.send("GetItem", { TableName: "t", Key: { pk: { S: "a" } }, SomeFutureParameter: { X: 1 } });
    expect(JSON.parse(stub.requests[before]!.body)).to.deep.equal({ TableName: "t", Key: { pk: { S: "a" } }, SomeFutureParameter: { X: 1 } });
  });

  it("fills an unset idempotency token, and keeps one that is given", async () => {
    stub.handle((_req, res) => sendJson(res, 200, {}));
    const before = stub.requests.length;
    const items = [{ Put: { TableName: "t", Item: { pk: { S: "a" } } } }];
    await db.send("TransactWriteItems", { TransactItems: items });
    await db.send("TransactWriteItems", { TransactItems: items, ClientRequestToken: "mine" });
    const [filled, kept] = stub.requests.slice(before).map((r) => JSON.parse(r.body) as { ClientRequestToken: string });
    expect(filled!.ClientRequestToken).to.match(/^[0-9a-f-]{36}$/);
    expect(kept!.ClientRequestToken).to.equal("mine");
  });

  it("validates the wire input like the typed method, sending nothing when it is invalid", async () => {
    const before = stub.requests.length;
    const err = await db.send("UpdateItem", { TableName: "", ReturnValues: "ALL_NEW" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
    const e = err as ParamValidationError;
    expect(e.operation).to.equal("updateItem");
    expect(e.problems).to.deep.equal([
      { path: "tableName", message: "length 0 is below the minimum 1" },
      { path: "key", message: "is required" },
    ]);
    expect(stub.requests.length).to.equal(before);
  });

  it("reports a value the model cannot read as a validation problem, not a TypeError", async () => {
    const err = await db.send("PutItem", { TableName: "t", Item: { b: { B: 42 } } }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
  });

  it("rejects an operation the service does not have", async () => {
    const err = await db.send("DropEverything" as "GetItem", {}).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TypeError);
    expect((err as Error).message).to.include("DropEverything");
  });
});
