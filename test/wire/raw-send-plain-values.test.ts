/**
 * Raw `send` given plain values where DynamoDB's wire JSON has attribute
 * values (seed 001's GetItem, `"Key": {"team_id": "team_1"}`): rejected
 * before any request, every problem with its wire path and the form wanted.
 * What the service would still take (an empty attribute value, a member
 * newer than the model) goes to it as before.
 */
import { expect } from "chai";
import { DynamoDB, getItem, putItem } from "../../src/generated/dynamodb/index.js";
import { ParamValidationError, type JsonObject } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";
import { sendJson } from "../support/stub-server.js";

const HINT = "; plain values go through DynamoDBDocument.send";

describe("wire: plain values in raw send", function () {
  const wire = stubbedClient(DynamoDB);

  /** The validation error of a raw send, checking that nothing reached the server. */
  async function rejected(operation: string, input: JsonObject): Promise<ParamValidationError> {
    const before = wire.stub.requests.length;
    const err = await wire.client.send(operation as "GetItem", input).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
    expect(wire.stub.requests.length, "requests sent").to.equal(before);
    return err as ParamValidationError;
  }

  it("names the path and the attribute value wanted for seed 001's GetItem, as written", async () => {
    const err = await rejected("GetItem", { TableName: "users", Key: { team_id: "team_1", employee_id: "emp_1" } });
    expect(err.message).to.equal(
      `GetItem: Key.team_id: expected an attribute value such as {"S": "team_1"}, got a string${HINT}; ` +
        `Key.employee_id: expected an attribute value such as {"S": "emp_1"}, got a string${HINT}`,
    );
    expect(err.problems.map((p) => p.path)).to.deep.equal(["Key.team_id", "Key.employee_id"]);
  });

  const kinds: [string, unknown, string][] = [
    ["a one-character string", "x", `expected an attribute value such as {"S": "x"}, got a string${HINT}`],
    ["a number", 40, `expected an attribute value such as {"N": "40"}, got a number${HINT}`],
    ["a boolean", false, `expected an attribute value such as {"BOOL": false}, got a boolean${HINT}`],
    ["null", null, `expected an attribute value such as {"NULL": true}, got null${HINT}`],
    ["an array", ["a", 1], `expected an attribute value such as {"L": [{"S": "a"}, ...]}, got an array${HINT}`],
    ["an empty array", [], `expected an attribute value such as {"L": []}, got an array${HINT}`],
    ["a plain object", { name: "Nick", age: 3 }, `expected an attribute value such as {"M": {"name": {"S": "Nick"}, ...}}, got an object${HINT}`],
    ["a plain object of one member", { nested: "x" }, `expected an attribute value such as {"M": {"nested": {"S": "x"}}}, got an object${HINT}`],
  ];
  for (const [kind, value, message] of kinds) {
    it(`rejects ${kind} in an item, an expression value and a key alike`, async () => {
      const item = await rejected("PutItem", { TableName: "t", Item: { pk: { S: "a" }, v: value as never } });
      expect(item.problems).to.deep.equal([{ path: "Item.v", message }]);
      const values = await rejected("UpdateItem", {
        TableName: "t",
        Key: { pk: { S: "a" } },
        UpdateExpression: "SET v = :v",
        ExpressionAttributeValues: { ":v": value as never },
      });
      expect(values.problems).to.deep.equal([{ path: 'ExpressionAttributeValues[":v"]', message }]);
      const key = await rejected("DeleteItem", { TableName: "t", Key: { pk: value as never } });
      expect(key.problems).to.deep.equal([{ path: "Key.pk", message }]);
    });
  }

  it("lists every problem, at every depth and in every place attribute values go", async () => {
    const batch = await rejected("BatchGetItem", { RequestItems: { users: { Keys: [{ team_id: { S: "t" } }, { team_id: "team_3", employee_id: 4 }] } } });
    expect(batch.problems.map((p) => p.path)).to.deep.equal(["RequestItems.users.Keys[1].team_id", "RequestItems.users.Keys[1].employee_id"]);

    const nested = await rejected("PutItem", { TableName: "t", Item: { pk: { S: "a" }, l: { L: [{ S: "ok" }, "b", null] }, m: { M: { x: 1, "odd key": true } } } });
    expect(nested.problems.map((p) => p.path)).to.deep.equal(["Item.l.L[1]", "Item.l.L[2]", "Item.m.M.x", 'Item.m.M["odd key"]']);

    const transaction = await rejected("TransactWriteItems", {
      TransactItems: [
        { Put: { TableName: "t", Item: { pk: "a" } } },
        { Update: { TableName: "t", Key: { pk: { S: "b" } }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": 1 } } },
      ],
    });
    expect(transaction.problems.map((p) => p.path)).to.deep.equal(["TransactItems[0].Put.Item.pk", 'TransactItems[1].Update.ExpressionAttributeValues[":n"]']);

    const partiql = await rejected("ExecuteStatement", { Statement: "SELECT * FROM t WHERE pk = ?", Parameters: ["a"] });
    expect(partiql.problems).to.deep.equal([{ path: "Parameters[0]", message: `expected an attribute value such as {"S": "a"}, got a string${HINT}` }]);

    const legacy = await rejected("Query", { TableName: "t", KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: ["a"] } } });
    expect(legacy.problems.map((p) => p.path)).to.deep.equal(["KeyConditions.pk.AttributeValueList[0]"]);

    const start = await rejected("Scan", { TableName: "t", ExclusiveStartKey: { pk: 7 } });
    expect(start.problems.map((p) => p.path)).to.deep.equal(["ExclusiveStartKey.pk"]);
  });

  it("reports a typed member name by its case, and other constraints beside plain values", async () => {
    const err = await rejected("PutItem", { TableName: "", Item: { pk: { s: "a" }, n: 1 } });
    expect(err.problems).to.deep.equal([
      { path: "TableName", message: "length 0 is below the minimum 1" },
      { path: "Item.pk", message: `expected an attribute value such as {"S": "a"}: member names are case-sensitive, and "s" is not S` },
      { path: "Item.n", message: `expected an attribute value such as {"N": "1"}, got a number${HINT}` },
    ]);
  });

  it("reports a map or list given as a plain value, without walking its characters", async () => {
    const key = await rejected("GetItem", { TableName: "users", Key: "team_1" as never });
    expect(key.problems).to.deep.equal([{ path: "Key", message: "expected an object, got a string" }]);
    const keys = await rejected("BatchGetItem", { RequestItems: { users: { Keys: { team_id: { S: "a" } } as never } } });
    expect(keys.problems).to.deep.equal([{ path: "RequestItems.users.Keys", message: "expected a list, got an object" }]);
  });

  it("keeps reporting two type members set as a union setting more than one", async () => {
    const err = await rejected("PutItem", { TableName: "t", Item: { pk: { S: "a" }, both: { S: "1", N: "1" } } });
    expect(err.problems).to.deep.equal([{ path: "Item.both", message: "sets S, N, but only one member of a union may be set" }]);
  });

  it("sends what the service decides on: typed values, an empty attribute value, a member newer than the model", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 200, {}));
    const inputs: [string, JsonObject][] = [
      // Seed 001's typed bodies.
      ["GetItem", { TableName: "users", Key: { team_id: { S: "team_1" }, employee_id: { S: "emp_1" } } }],
      ["PutItem", { TableName: "four", Item: { pkey: { S: "a" }, name: { S: "Irene" }, friends: { SS: ["Sherlock"] } } }],
      ["Query", { TableName: "users", KeyConditionExpression: "team_id = :val", ExpressionAttributeValues: { ":val": { S: "team_2" } } }],
      // DynamoDB answers "Supplied AttributeValue is empty"; that stays its answer.
      ["PutItem", { TableName: "t", Item: { pk: { S: "a" }, e: {} } }],
      // Named like the type members: possibly one added to the service later.
      ["PutItem", { TableName: "t", Item: { pk: { S: "a" }, v: { VEC: [1, 2] } } }],
    ];
    for (const [operation, input] of inputs) {
      const before = wire.stub.requests.length;
      await wire.client.send(operation as "GetItem", input);
      expect(JSON.parse(wire.stub.requests[before]!.body), operation).to.deep.equal(input);
    }
  });

  it("tells a JavaScript caller of the typed functions the same, without counting characters as members", async () => {
    const err = await getItem(wire.client, { tableName: "users", key: { team_id: "team_1" as never } }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
    expect((err as ParamValidationError).problems).to.deep.equal([{ path: "key.team_id", message: "must be an object that sets one member, got a string" }]);
    const n = await putItem(wire.client, { tableName: "t", item: { pk: 5 as never } }).catch((e: unknown) => e);
    expect((n as ParamValidationError).problems).to.deep.equal([{ path: "item.pk", message: "must be an object that sets one member, got a number" }]);
  });
});
