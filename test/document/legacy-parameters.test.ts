import { expect } from "chai";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, DeleteCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { DynamoDBDocument, MarshallError } from "../../src/document/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { startStubServer, sendJson, type StubServer } from "../support/stub-server.js";
import { rejectionOf } from "../support/rejection.js";

describe("legacy conditional parameters on the wire", () => {
  let stub: StubServer;
  let doc: DynamoDBDocument;
  let official: DynamoDBDocumentClient;

  before(async () => {
    stub = await startStubServer((_req, res) => sendJson(res, 200, {}));
    doc = new DynamoDBDocument({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    official = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
  });

  after(async () => {
    official.destroy();
    await doc.destroy();
    await stub.close();
  });

  const lastBody = () => JSON.parse(stub.requests.at(-1)!.body);

  it("put: expected with plain value and attributeValueList", async () => {
    await doc.put({
      tableName: "t",
      item: { id: "a", n: 1 },
      expected: {
        state: { value: "open" },
        n: { comparisonOperator: "BETWEEN", attributeValueList: [0, 10n] },
        owner: { exists: false },
      },
      conditionalOperator: "AND",
    });
    expect(lastBody()).to.deep.equal({
      TableName: "t",
      Item: { id: { S: "a" }, n: { N: "1" } },
      Expected: {
        state: { Value: { S: "open" } },
        n: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ N: "0" }, { N: "10" }] },
        owner: { Exists: false },
      },
      ConditionalOperator: "AND",
    });
  });

  it("update: attributeUpdates with plain values, sets and a value-less DELETE, and expected", async () => {
    await doc.update({
      tableName: "t",
      key: { id: "a" },
      attributeUpdates: {
        title: { action: "PUT", value: { text: "hi", at: [1, 2] } },
        visits: { action: "ADD", value: 1 },
        tags: { action: "DELETE", value: new Set(["old"]) },
        obsolete: { action: "DELETE" },
      },
      expected: { visits: { comparisonOperator: "LT", attributeValueList: [100] } },
      returnValues: "ALL_NEW",
    });
    expect(lastBody()).to.deep.equal({
      TableName: "t",
      Key: { id: { S: "a" } },
      AttributeUpdates: {
        title: { Action: "PUT", Value: { M: { text: { S: "hi" }, at: { L: [{ N: "1" }, { N: "2" }] } } } },
        visits: { Action: "ADD", Value: { N: "1" } },
        tags: { Action: "DELETE", Value: { SS: ["old"] } },
        obsolete: { Action: "DELETE" },
      },
      Expected: { visits: { ComparisonOperator: "LT", AttributeValueList: [{ N: "100" }] } },
      ReturnValues: "ALL_NEW",
    });
  });

  it("delete: expected with binary values", async () => {
    await doc.delete({ tableName: "t", key: { id: "a" }, expected: { blob: { comparisonOperator: "EQ", attributeValueList: [new Uint8Array([1, 2])] } } });
    expect(lastBody()).to.deep.equal({
      TableName: "t",
      Key: { id: { S: "a" } },
      Expected: { blob: { ComparisonOperator: "EQ", AttributeValueList: [{ B: "AQI=" }] } },
    });
  });

  it("query: keyConditions and queryFilter; scan: scanFilter", async () => {
    await doc.query({
      tableName: "t",
      keyConditions: { pk: { comparisonOperator: "EQ", attributeValueList: ["p"] }, sk: { comparisonOperator: "BEGINS_WITH", attributeValueList: ["2024-"] } },
      queryFilter: { kind: { comparisonOperator: "IN", attributeValueList: ["a", "b"] }, gone: { comparisonOperator: "NULL" } },
      conditionalOperator: "OR",
    });
    expect(lastBody()).to.deep.equal({
      TableName: "t",
      KeyConditions: {
        pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "p" }] },
        sk: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ S: "2024-" }] },
      },
      QueryFilter: { kind: { ComparisonOperator: "IN", AttributeValueList: [{ S: "a" }, { S: "b" }] }, gone: { ComparisonOperator: "NULL" } },
      ConditionalOperator: "OR",
    });
    await doc.scan({ tableName: "t", scanFilter: { n: { comparisonOperator: "GE", attributeValueList: [2n ** 70n] } } });
    expect(lastBody()).to.deep.equal({
      TableName: "t",
      ScanFilter: { n: { ComparisonOperator: "GE", AttributeValueList: [{ N: "1180591620717411303424" }] } },
    });
  });

  it("sends the same bodies as the official document client", async () => {
    const cases: [() => Promise<unknown>, () => Promise<unknown>][] = [
      [
        () => doc.put({ tableName: "t", item: { id: "a" }, expected: { s: { value: new Set([1, 2]) }, m: { comparisonOperator: "CONTAINS", attributeValueList: ["x"] } } }),
        () => official.send(new PutCommand({ TableName: "t", Item: { id: "a" }, Expected: { s: { Value: new Set([1, 2]) }, m: { ComparisonOperator: "CONTAINS", AttributeValueList: ["x"] } } })),
      ],
      [
        () => doc.update({ tableName: "t", key: { id: "a" }, attributeUpdates: { l: { action: "PUT", value: [true, null, { k: "v" }] }, n: { action: "ADD", value: -2.5 } } }),
        () => official.send(new UpdateCommand({ TableName: "t", Key: { id: "a" }, AttributeUpdates: { l: { Action: "PUT", Value: [true, null, { k: "v" }] }, n: { Action: "ADD", Value: -2.5 } } })),
      ],
      [
        () => doc.delete({ tableName: "t", key: { id: "a" }, expected: { id: { exists: true, value: "a" } } }),
        () => official.send(new DeleteCommand({ TableName: "t", Key: { id: "a" }, Expected: { id: { Exists: true, Value: "a" } } })),
      ],
      [
        () => doc.query({ tableName: "t", keyConditions: { pk: { comparisonOperator: "EQ", attributeValueList: [7] } }, queryFilter: { b: { comparisonOperator: "EQ", attributeValueList: [false] } } }),
        () => official.send(new QueryCommand({ TableName: "t", KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [7] } }, QueryFilter: { b: { ComparisonOperator: "EQ", AttributeValueList: [false] } } })),
      ],
      [
        () => doc.scan({ tableName: "t", scanFilter: { n: { comparisonOperator: "BETWEEN", attributeValueList: [1, 9] } } }),
        () => official.send(new ScanCommand({ TableName: "t", ScanFilter: { n: { ComparisonOperator: "BETWEEN", AttributeValueList: [1, 9] } } })),
      ],
    ];
    for (const [ours, theirs] of cases) {
      await ours();
      const mine = lastBody();
      await theirs();
      expect(mine).to.deep.equal(lastBody());
    }
  });

  it("applies the client's marshall options and keeps hostile attribute names as own members", async () => {
    const loose = new DynamoDBDocument(doc.client, { marshallOptions: { convertEmptyValues: true, removeUndefinedValues: true } });
    await loose.update({ tableName: "t", key: { id: "a" }, attributeUpdates: { ["__proto__"]: { action: "PUT", value: "" }, m: { action: "PUT", value: { keep: 1, drop: undefined } } } });
    const body = lastBody();
    expect(Object.keys(body.AttributeUpdates)).to.deep.equal(["__proto__", "m"]);
    expect(body.AttributeUpdates["__proto__"]).to.deep.equal({ Action: "PUT", Value: { NULL: true } });
    expect(body.AttributeUpdates.m).to.deep.equal({ Action: "PUT", Value: { M: { keep: { N: "1" } } } });
    expect(Object.getPrototypeOf({})).to.equal(Object.prototype);
  });

  it("names where a value cannot be stored, before sending anything", async () => {
    const before = stub.requests.length;
    const error = await rejectionOf(doc.query({ tableName: "t", keyConditions: { "odd key": { comparisonOperator: "EQ", attributeValueList: [undefined] } } }));
    expect(error).to.be.instanceOf(MarshallError);
    expect((error as MarshallError).path).to.equal('keyConditions["odd key"].attributeValueList[0]');
    const updateError = await rejectionOf(doc.update({ tableName: "t", key: { id: "a" }, attributeUpdates: { when: { action: "PUT", value: new Date() } } }));
    expect((updateError as MarshallError).path).to.equal("attributeUpdates.when.value");
    expect(stub.requests.length).to.equal(before);
  });
});

describe("legacy conditional parameters against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  let doc: DynamoDBDocument;
  const tableName = "legacy";

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    doc = new DynamoDBDocument(client);
    await client.createTable({
      tableName,
      keySchema: [
        { attributeName: "pk", keyType: "HASH" },
        { attributeName: "sk", keyType: "RANGE" },
      ],
      attributeDefinitions: [
        { attributeName: "pk", attributeType: "S" },
        { attributeName: "sk", attributeType: "N" },
      ],
      billingMode: "PAY_PER_REQUEST",
    });
  });

  after(async () => {
    await client.destroy();
    await server.close();
  });

  it("writes guarded by expected, edits by attributeUpdates, reads by keyConditions and filters", async () => {
    for (let sk = 1; sk <= 6; sk++) {
      await doc.put({ tableName, item: { pk: "p", sk, kind: sk % 2 ? "odd" : "even" }, expected: { pk: { exists: false } } });
    }
    const duplicate = await rejectionOf(doc.put({ tableName, item: { pk: "p", sk: 1 }, expected: { pk: { exists: false } } }));
    expect((duplicate as Error).name).to.equal("ConditionalCheckFailedException");

    const updated = await doc.update({
      tableName,
      key: { pk: "p", sk: 2 },
      attributeUpdates: { tags: { action: "ADD", value: new Set(["x", "y"]) }, kind: { action: "DELETE" }, note: { action: "PUT", value: { by: "legacy" } } },
      expected: { kind: { comparisonOperator: "EQ", attributeValueList: ["even"] } },
      returnValues: "ALL_NEW",
    });
    expect(updated.attributes).to.deep.equal({ pk: "p", sk: 2, tags: new Set(["x", "y"]), note: { by: "legacy" } });

    const queried = await doc.query({
      tableName,
      keyConditions: { pk: { comparisonOperator: "EQ", attributeValueList: ["p"] }, sk: { comparisonOperator: "BETWEEN", attributeValueList: [2, 5] } },
      queryFilter: { kind: { comparisonOperator: "NE", attributeValueList: ["odd"] } },
    });
    expect(queried.items!.map((item) => item.sk)).to.deep.equal([2, 4]);

    const scanned = await doc.scan({ tableName, scanFilter: { kind: { comparisonOperator: "IN", attributeValueList: ["odd"] } } });
    expect(scanned.items!.map((item) => item.sk).sort()).to.deep.equal([1, 3, 5]);

    await doc.delete({ tableName, key: { pk: "p", sk: 6 }, expected: { kind: { value: "even" } } });
    expect((await doc.get({ tableName, key: { pk: "p", sk: 6 } })).item).to.equal(undefined);
  });
});
