import { expect } from "chai";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import {
  DynamoDB,
  ConditionalCheckFailedException,
  ResourceNotFoundException,
  DynamoDBServiceException,
} from "../../src/generated/dynamodb/index.js";
import type { AttributeValue } from "../../src/generated/dynamodb/types.js";

// The generated client end to end against a real DynamoDB implementation:
// typed methods and the raw `send` entry on the same data.
describe("DynamoDB client against dynalite", function () {
  let server: DynaliteServer;
  let db: DynamoDB;
  const tableName = "Jobs";

  before(async () => {
    server = await startDynalite();
    db = new DynamoDB({ region: "us-east-1", endpoint: server.endpoint, credentials: TEST_CREDENTIALS });
  });

  after(async () => {
    await db.destroy();
    await server.close();
  });

  const job = (id: string, status: string, extra: Record<string, AttributeValue> = {}): Record<string, AttributeValue> => ({
    pk: { s: `JOB#${id}` },
    sk: { s: "META" },
    status: { s: status },
    ...extra,
  });

  it("creates a table with a global secondary index", async () => {
    const out = await db.createTable({
      tableName,
      attributeDefinitions: [
        { attributeName: "pk", attributeType: "S" },
        { attributeName: "sk", attributeType: "S" },
        { attributeName: "status", attributeType: "S" },
      ],
      keySchema: [
        { attributeName: "pk", keyType: "HASH" },
        { attributeName: "sk", keyType: "RANGE" },
      ],
      globalSecondaryIndexes: [
        {
          indexName: "StatusGSI",
          keySchema: [{ attributeName: "status", keyType: "HASH" }],
          projection: { projectionType: "ALL" },
          provisionedThroughput: { readCapacityUnits: 5, writeCapacityUnits: 5 },
        },
      ],
      provisionedThroughput: { readCapacityUnits: 5, writeCapacityUnits: 5 },
    });
    expect(out.tableDescription?.tableName).to.equal(tableName);
    expect(out.tableDescription?.creationDateTime).to.be.instanceOf(Date);
    expect(out.$metadata.httpStatusCode).to.equal(200);
    expect(out.$metadata.requestId).to.be.a("string");
  });

  it("describes and lists the table", async () => {
    const described = await db.describeTable({ tableName });
    expect(described.table?.keySchema).to.deep.equal([
      { attributeName: "pk", keyType: "HASH" },
      { attributeName: "sk", keyType: "RANGE" },
    ]);
    expect(described.table?.globalSecondaryIndexes?.[0]?.indexName).to.equal("StatusGSI");
    const listed = await db.listTables({});
    expect(listed.tableNames).to.deep.equal([tableName]);
  });

  it("puts and gets an item with every attribute type", async () => {
    const item = job("1", "PENDING", {
      n: { n: "42.5" },
      b: { b: new Uint8Array([0, 1, 2, 255]) },
      ss: { ss: ["a", "b"] },
      ns: { ns: ["1", "2"] },
      bs: { bs: [new Uint8Array([1]), new Uint8Array([2])] },
      m: { m: { inner: { s: "x" }, deep: { l: [{ null: true }, { bool: false }] } } },
    });
    await db.putItem({ tableName, item });
    const got = await db.getItem({ tableName, key: { pk: { s: "JOB#1" }, sk: { s: "META" } }, consistentRead: true });
    expect(got.item).to.deep.equal(item);
  });

  it("updates with a condition that passes", async () => {
    const out = await db.updateItem({
      tableName,
      key: { pk: { s: "JOB#1" }, sk: { s: "META" } },
      updateExpression: "SET #status = :claimed",
      conditionExpression: "#status = :pending",
      expressionAttributeNames: { "#status": "status" },
      expressionAttributeValues: { ":claimed": { s: "CLAIMED" }, ":pending": { s: "PENDING" } },
      returnValues: "ALL_NEW",
    });
    expect(out.attributes?.status).to.deep.equal({ s: "CLAIMED" });
  });

  it("throws ConditionalCheckFailedException carrying the item when the condition fails", async () => {
    const err = await db
      .updateItem({
        tableName,
        key: { pk: { s: "JOB#1" }, sk: { s: "META" } },
        updateExpression: "SET #status = :claimed",
        conditionExpression: "#status = :pending",
        expressionAttributeNames: { "#status": "status" },
        expressionAttributeValues: { ":claimed": { s: "CLAIMED" }, ":pending": { s: "PENDING" } },
        returnValuesOnConditionCheckFailure: "ALL_OLD",
      })
      .then(
        () => expect.fail("the update should have failed"),
        (e: unknown) => e,
      );
    expect(err).to.be.instanceOf(ConditionalCheckFailedException);
    expect(err).to.be.instanceOf(DynamoDBServiceException);
    const ccf = err as ConditionalCheckFailedException;
    expect(ccf.name).to.equal("ConditionalCheckFailedException");
    expect(ccf.$fault).to.equal("client");
    expect(ccf.$metadata.httpStatusCode).to.equal(400);
    expect(ccf.item?.status).to.deep.equal({ s: "CLAIMED" });
  });

  it("writes and reads in batches, and in a transaction", async () => {
    await db.batchWriteItem({
      requestItems: {
        [tableName]: ["2", "3", "4"].map((id) => ({ putRequest: { item: job(id, "PENDING") } })),
      },
    });
    const got = await db.batchGetItem({
      requestItems: {
        [tableName]: { keys: ["2", "3", "4"].map((id) => ({ pk: { s: `JOB#${id}` }, sk: { s: "META" } })) },
      },
    });
    const ids = (got.responses?.[tableName] ?? []).map((item) => item.pk?.s).sort();
    expect(ids).to.deep.equal(["JOB#2", "JOB#3", "JOB#4"]);

    await db.transactWriteItems({
      transactItems: [
        { put: { tableName, item: job("5", "PENDING") } },
        {
          update: {
            tableName,
            key: { pk: { s: "JOB#2" }, sk: { s: "META" } },
            updateExpression: "SET #status = :done",
            expressionAttributeNames: { "#status": "status" },
            expressionAttributeValues: { ":done": { s: "DONE" } },
          },
        },
      ],
    });
    const two = await db.getItem({ tableName, key: { pk: { s: "JOB#2" }, sk: { s: "META" } } });
    expect(two.item?.status).to.deep.equal({ s: "DONE" });
  });

  it("queries the table and the index, and scans", async () => {
    const byKey = await db.query({
      tableName,
      keyConditionExpression: "pk = :pk",
      expressionAttributeValues: { ":pk": { s: "JOB#3" } },
    });
    expect(byKey.count).to.equal(1);
    expect(byKey.items?.[0]?.status).to.deep.equal({ s: "PENDING" });

    const pending = await db.query({
      tableName,
      indexName: "StatusGSI",
      keyConditionExpression: "#status = :pending",
      expressionAttributeNames: { "#status": "status" },
      expressionAttributeValues: { ":pending": { s: "PENDING" } },
    });
    expect((pending.items ?? []).map((i) => i.pk?.s).sort()).to.deep.equal(["JOB#3", "JOB#4", "JOB#5"]);

    const all = await db.scan({ tableName });
    expect(all.count).to.equal(5);
  });

  it("agrees with the raw send entry on the same data", async () => {
    const raw = await db.send("GetItem", { TableName: tableName, Key: { pk: { S: "JOB#1" }, sk: { S: "META" } } });
    const typed = await db.getItem({ tableName, key: { pk: { s: "JOB#1" }, sk: { s: "META" } } });
    expect((raw.Item as Record<string, unknown>).status).to.deep.equal({ S: "CLAIMED" });
    expect(typed.item?.status).to.deep.equal({ s: "CLAIMED" });
    expect((raw.Item as Record<string, Record<string, string>>).b!.B).to.equal(Buffer.from([0, 1, 2, 255]).toString("base64"));

    const rawErr = await db
      .send("GetItem", { TableName: "Missing", Key: { pk: { S: "x" } } })
      .catch((e: unknown) => e);
    expect(rawErr).to.be.instanceOf(ResourceNotFoundException);
  });

  it("deletes an item, then the table", async () => {
    const deleted = await db.deleteItem({
      tableName,
      key: { pk: { s: "JOB#5" }, sk: { s: "META" } },
      returnValues: "ALL_OLD",
    });
    expect(deleted.attributes?.pk).to.deep.equal({ s: "JOB#5" });
    await db.deleteTable({ tableName });
    const err = await db.describeTable({ tableName }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ResourceNotFoundException);
    expect((err as ResourceNotFoundException).$metadata.httpStatusCode).to.equal(400);
  });
});
