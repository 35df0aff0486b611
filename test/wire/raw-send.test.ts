import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { ParamValidationError } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";
import { sendJson } from "../support/stub-server.js";
import { FIXTURES } from "./fixtures.js";

// `send(operation, wireInput)`: the body goes out exactly as given (the form of
// the AWS API reference), and the wire output comes back untouched.
describe("wire: raw send", function () {
  const wire = stubbedClient(DynamoDB);

  for (const name of ["GetItem", "PutItem", "UpdateItem", "Query", "BatchWriteItem", "TransactWriteItems", "CreateTable"] as const) {
    const f = FIXTURES.find((x) => x.operation === name)!;
    it(`${name}: sends the wire input as is and returns the wire output`, async () => {
      wire.stub.handle((_req, res) => sendJson(res, 200, f.response));
      const before = wire.stub.requests.length;
      const { $metadata, ...output } = await wire.client.send(name, f.body);
      const req = wire.stub.requests[before]!;
      expect(req.headers["x-amz-target"]).to.equal(`DynamoDB_20120810.${name}`);
      expect(req.headers["content-type"]).to.equal("application/x-amz-json-1.0");
      expect(JSON.parse(req.body)).to.deep.equal(f.body);
      expect(output).to.deep.equal(f.response);
      expect($metadata).to.include({ httpStatusCode: 200, attempts: 1 });
    });
  }

  it("returns exactly what JSON.parse gives for an item-heavy output read in one pass", async () => {
    // Query's output holds attribute values, so its raw JSON is built by the
    // runtime's reader rather than JSON.parse; the two must not differ.
    const text =
      '{"Items": [{"__proto__": {"S": "p"}, "esc": {"S": "q\\"u\\u00e9\\n"}, "n": {"N": "-0"}, "big": {"N": "123456789012345678901234567890"}}, ' +
      '{"10": {"BOOL": true}, "2": {"NULL": true}, "a": {"L": [{"M": {}}, {"NS": ["1e3"]}]}}], "Count": 2, "ScannedCount": 2.5e0, "Future": {"x": [null, -1.5E-3]}}';
    wire.stub.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "REQ-RAW" });
      res.end(text);
    });
    const { $metadata: _, ...output } = await wire.client.send("Query", { TableName: "t", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "a" } } });
    const expected = JSON.parse(text) as Record<string, unknown>;
    expect(output).to.deep.equal(expected);
    const items = output.Items as Record<string, unknown>[];
    expect(Object.keys(items[0]!)).to.deep.equal(["__proto__", "esc", "n", "big"]);
    expect(Object.getPrototypeOf(items[0])).to.equal(Object.prototype);
    expect(Object.keys(items[1]!)).to.deep.equal(["2", "10", "a"]);
  });

  it("keeps members the model does not know, for parameters newer than the client", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 200, {}));
    const before = wire.stub.requests.length;
    await wire.client.send("GetItem", { TableName: "t", Key: { pk: { S: "a" } }, SomeFutureParameter: { X: 1 } });
    expect(JSON.parse(wire.stub.requests[before]!.body)).to.deep.equal({ TableName: "t", Key: { pk: { S: "a" } }, SomeFutureParameter: { X: 1 } });
  });

  it("fills an unset idempotency token, and keeps one that is given", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 200, {}));
    const before = wire.stub.requests.length;
    const items = [{ Put: { TableName: "t", Item: { pk: { S: "a" } } } }];
    await wire.client.send("TransactWriteItems", { TransactItems: items });
    await wire.client.send("TransactWriteItems", { TransactItems: items, ClientRequestToken: "mine" });
    const [filled, kept] = wire.stub.requests.slice(before).map((r) => JSON.parse(r.body) as { ClientRequestToken: string });
    expect(filled!.ClientRequestToken).to.match(/^[0-9a-f-]{36}$/);
    expect(kept!.ClientRequestToken).to.equal("mine");
  });

  it("validates the wire input like the typed method, in its names, sending nothing when it is invalid", async () => {
    const before = wire.stub.requests.length;
    const err = await wire.client.send("UpdateItem", { TableName: "", ReturnValues: "ALL_NEW" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
    const e = err as ParamValidationError;
    expect(e.operation).to.equal("UpdateItem");
    expect(e.problems).to.deep.equal([
      { path: "TableName", message: "length 0 is below the minimum 1" },
      { path: "Key", message: "is required" },
    ]);
    expect(wire.stub.requests.length).to.equal(before);
  });

  it("checks the input as given, without reading it into the typed form first", async () => {
    // A blob the model does not constrain is the service's to judge: the raw
    // entry neither decodes it nor fails on it with a TypeError.
    wire.stub.handle((_req, res) => sendJson(res, 200, {}));
    const before = wire.stub.requests.length;
    await wire.client.send("PutItem", { TableName: "t", Item: { b: { B: 42 } } });
    expect(JSON.parse(wire.stub.requests[before]!.body)).to.deep.equal({ TableName: "t", Item: { b: { B: 42 } } });
  });

  it("rejects an operation the service does not have", async () => {
    const err = await wire.client.send("DropEverything" as "GetItem", {}).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TypeError);
    expect((err as Error).message).to.include("DropEverything");
  });
});
