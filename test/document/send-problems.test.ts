/**
 * `DynamoDBDocument.send` reports every problem of its input at once: each
 * value the marshaller cannot convert, with its wire path, and what the
 * operation's wire check finds in the rest, as one `ParamValidationError`,
 * before any request. A stub server records that nothing was sent.
 */
import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { DynamoDBDocument, ParamValidationError } from "../../src/index.js";
import { startStubServer, sendJson, type StubServer } from "../support/stub-server.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";

describe("DynamoDBDocument.send: every input problem in one error", () => {
  let stub: StubServer;
  let docs: DynamoDBDocument;

  before(async () => {
    stub = await startStubServer((_req, res) => sendJson(res, 200, {}));
    docs = new DynamoDBDocument({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });

  after(async () => {
    await docs.destroy();
    await stub.close();
  });

  beforeEach(() => {
    stub.requests.length = 0;
  });

  const problemsOf = async (operation: string, input: Record<string, unknown>, client = docs) => {
    const error = await rejectionOf(client.send(operation, input), ParamValidationError);
    expect(stub.requests, "nothing is sent").to.have.length(0);
    expect(error.operation).to.equal(operation);
    return error;
  };

  it("lists every bad value of an item and the wire check's problems together", async () => {
    const error = await problemsOf("PutItem", {
      Item: { id: "a", tags: ["x", undefined], when: Symbol("s"), ok: 1 },
      ConditionExpression: "n = :n OR n = :m",
      ExpressionAttributeValues: { ":n": undefined, ":m": 2 },
    });
    expect(error.problems.map((p) => p.path)).to.deep.equal(["Item.tags[1]", "Item.when", 'ExpressionAttributeValues[":n"]', "TableName"]);
    const byPath = Object.fromEntries(error.problems.map((p) => [p.path, p.message]));
    // The marshaller's own message, without the path in front.
    expect(byPath["Item.tags[1]"]).to.match(/undefined/).and.not.match(/^Item/);
    expect(byPath["Item.when"]).to.match(/symbol/);
    expect(byPath.TableName).to.match(/required/);
    // One message naming every path.
    for (const path of ["Item.tags[1]", "Item.when", '":n"', "TableName"]) expect(error.message).to.include(path);
    expect(error.message).to.match(/^PutItem: /);
  });

  it("reports bad items across a list of requests, each at its own path", async () => {
    const error = await problemsOf("BatchWriteItem", {
      RequestItems: {
        users: [
          { PutRequest: { Item: { id: "1", n: 1n, bad: undefined } } },
          { DeleteRequest: { Key: { id: "2" } } },
          { PutRequest: { Item: { id: "3", list: [[undefined]] } } },
        ],
      },
    });
    expect(error.problems.map((p) => p.path)).to.deep.equal(["RequestItems.users[0].PutRequest.Item.bad", "RequestItems.users[2].PutRequest.Item.list[0][0]"]);
  });

  it("a value that failed adds no problem of its own to the wire check (no 'Key is required')", async () => {
    const error = await problemsOf("GetItem", { Key: "team_1" });
    expect(error.problems.map((p) => p.path)).to.deep.equal(["Key", "TableName"]);
    expect(error.problems[0]!.message).to.match(/^expected an item/);

    const allBad = await problemsOf("GetItem", { TableName: "users", Key: { a: undefined, b: Symbol("b") } });
    expect(allBad.problems.map((p) => p.path)).to.deep.equal(["Key.a", "Key.b"]);
  });

  it("single attribute values (Parameters) are each reported, the rest still checked", async () => {
    const error = await problemsOf("ExecuteStatement", { Statement: "SELECT * FROM users WHERE a = ? AND b = ? AND c = ?", Parameters: [Symbol("a"), 1, () => 1] });
    expect(error.problems.map((p) => p.path)).to.deep.equal(["Parameters[0]", "Parameters[2]"]);
    expect(error.problems[1]!.message).to.match(/function/);
    // An undefined element is not a value to convert: the wire check reports it, in the same error.
    const holes = await problemsOf("ExecuteStatement", { Statement: "SELECT * FROM users WHERE a = ? AND b = ?", Parameters: [undefined, () => 1] });
    expect(holes.problems.map((p) => p.path)).to.have.members(["Parameters[0]", "Parameters[1]"]);

    const noStatement = await problemsOf("ExecuteStatement", { Parameters: [Symbol("p")] });
    expect(noStatement.problems.map((p) => p.path)).to.deep.equal(["Parameters[0]", "Statement"]);
  });

  it("Map items and odd attribute names keep the marshaller's paths", async () => {
    const item = new Map<unknown, unknown>([
      ["id", "a"],
      ["my attr", undefined],
      [7, "seven"],
    ]);
    const error = await problemsOf("PutItem", { TableName: "users", Item: item });
    expect(error.problems.map((p) => p.path)).to.deep.equal(['Item["my attr"]', 'Item["7"]']);
    expect(error.problems[1]!.message).to.match(/Map key must be a string/);
  });

  it("a reference back to the item is still reported as a cycle, once", async () => {
    const item: Record<string, unknown> = { id: "a" };
    item.self = item;
    item.bad = undefined;
    const error = await problemsOf("PutItem", { TableName: "users", Item: item });
    expect(error.problems).to.have.length(2);
    expect(error.problems[0]!.message).to.match(/circular/);
    expect(error.problems[1]!.path).to.equal("Item.bad");
  });

  it("TransactWriteItems: bad values in several actions and a missing table name", async () => {
    const error = await problemsOf("TransactWriteItems", {
      TransactItems: [
        { Put: { TableName: "users", Item: { id: "1", x: undefined } } },
        { Update: { Key: { id: Symbol("k") }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": undefined } } },
      ],
    });
    expect(error.problems.map((p) => p.path)).to.deep.equal([
      "TransactItems[0].Put.Item.x",
      "TransactItems[1].Update.Key.id",
      'TransactItems[1].Update.ExpressionAttributeValues[":a"]',
      "TransactItems[1].Update.TableName",
    ]);
  });

  it("with a wrapped DynamoDB and an operation it sends by name, the conversion problems are all reported", async () => {
    const raw = new DynamoDB({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const wrapped = new DynamoDBDocument(raw);
    try {
      const error = await problemsOf("SearchVectors", { ExpressionAttributeValues: { ":a": undefined, ":b": undefined } }, wrapped);
      expect(error.problems.map((p) => p.path)).to.deep.equal(['ExpressionAttributeValues[":a"]', 'ExpressionAttributeValues[":b"]']);
    } finally {
      raw.destroy();
    }
  });

  it("input without conversion problems is sent as before", async () => {
    const output = await docs.send("PutItem", { TableName: "users", Item: { id: "a", tags: ["x"], n: 1 } });
    expect(output.$metadata).to.be.an("object");
    expect(stub.requests).to.have.length(1);
    expect(JSON.parse(stub.requests[0]!.body)).to.deep.equal({ TableName: "users", Item: { id: { S: "a" }, tags: { L: [{ S: "x" }] }, n: { N: "1" } } });

    // Only the wire check's problems: the same error as before this change.
    stub.requests.length = 0;
    const error = await problemsOf("GetItem", { Key: { id: "a" } });
    expect(error.problems.map((p) => p.path)).to.deep.equal(["TableName"]);
  });

  it("removeUndefinedValues still drops undefined values instead of reporting them", async () => {
    const loose = new DynamoDBDocument(
      { endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 },
      { marshallOptions: { removeUndefinedValues: true } },
    );
    try {
      const error = await problemsOf("PutItem", { Item: { id: "a", gone: undefined, bad: Symbol("s") } }, loose);
      expect(error.problems.map((p) => p.path)).to.deep.equal(["Item.bad", "TableName"]);
    } finally {
      await loose.destroy();
    }
  });
});
