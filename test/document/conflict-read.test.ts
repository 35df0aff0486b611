/**
 * Versioned writes against a service that answers a failed condition without
 * the stored item (dynalite without the test front's emulation of
 * `ReturnValuesOnConditionCheckFailure`): the conflict reads the item with
 * one consistent GetItem and reports what is really there.
 */
import { expect } from "chai";
import { DynamoDBDocument, TransactionVersionConflictError, VersionConflictError } from "../../src/index.js";
import { createTable } from "../../src/generated/dynamodb/index.js";
import { startDynalite, TEST_CREDENTIALS, untilActive, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";
import { sendJson, startStubServer, type StubServer } from "../support/stub-server.js";

describe("versioned writes read the item when the service does not return it", function () {
  this.timeout(20_000);
  let server: DynaliteServer;
  let docs: DynamoDBDocument;

  before(async () => {
    // Plain dynalite 4: a failed condition comes back without the item.
    server = await startDynalite({ extended: false });
    docs = new DynamoDBDocument({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS }, { versionAttribute: "version" });
    await createTable(docs.client, {
      tableName: "jobs",
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
    await untilActive(server.endpoint, "jobs");
  });

  after(async () => {
    await docs.destroy();
    await server.close();
  });

  it("the service really leaves the item out (so the read below is what reports it)", async () => {
    await docs.put({ tableName: "jobs", item: { pk: "raw", sk: 1 } });
    const error = await rejectionOf(docs.put({ tableName: "jobs", item: { pk: "raw", sk: 1 }, versionAttribute: false, conditionExpression: "attribute_not_exists(pk)", returnValuesOnConditionCheckFailure: "ALL_OLD" }));
    expect(error.currentItem).to.equal(undefined);
  });

  it("a create over an existing item reports the item and its version, not 'no item'", async () => {
    await docs.put({ tableName: "jobs", item: { pk: "a", sk: 1, state: "new" } });
    await docs.update({ tableName: "jobs", key: { pk: "a", sk: 1 }, updateExpression: "SET #s = :s", expressionAttributeNames: { "#s": "state" }, expressionAttributeValues: { ":s": "claimed" }, expectedVersion: 1 });
    const error = await rejectionOf(docs.put({ tableName: "jobs", item: { pk: "a", sk: 1, state: "again" } }), VersionConflictError);
    expect(error.message).to.include('expected no item (a create) but found version 2');
    expect(error.item).to.deep.equal({ pk: "a", sk: 1, state: "claimed", version: 2 });
    expect(error.actualVersion).to.equal(2);
    expect(error.itemUnknown).to.equal(false);
  });

  it("a stale update or put reports the version stored, and a deleted item as no item", async () => {
    const update = await rejectionOf(docs.update({ tableName: "jobs", key: { pk: "a", sk: 1 }, updateExpression: "SET x = :x", expressionAttributeValues: { ":x": 1 }, expectedVersion: 1 }), VersionConflictError);
    expect(update.message).to.include("expected version 1 but found version 2");
    expect(update.item).to.deep.equal({ pk: "a", sk: 1, state: "claimed", version: 2 });
    const put = await rejectionOf(docs.put({ tableName: "jobs", item: { pk: "a", sk: 1, version: 1 } }), VersionConflictError);
    expect(put.message).to.include("expected version 1 but found version 2");
    await docs.delete({ tableName: "jobs", key: { pk: "a", sk: 1 }, expectedVersion: 2 });
    const gone = await rejectionOf(docs.delete({ tableName: "jobs", key: { pk: "a", sk: 1 }, expectedVersion: 2 }), VersionConflictError);
    expect(gone.message).to.include("expected version 2 but found no item");
    expect(gone.item).to.equal(undefined);
  });

  it("with the caller's own condition too, the read tells which one failed", async () => {
    await docs.put({ tableName: "jobs", item: { pk: "b", sk: 1, state: "done" } });
    // The version matches; the caller's condition is what failed: not a version conflict.
    const own = await rejectionOf(docs.update({ tableName: "jobs", key: { pk: "b", sk: 1 }, updateExpression: "SET x = :x", conditionExpression: "#s = :open", expressionAttributeNames: { "#s": "state" }, expressionAttributeValues: { ":x": 1, ":open": "open" }, expectedVersion: 1 }));
    expect(own).to.not.be.instanceOf(VersionConflictError);
    expect(own.currentItem).to.deep.equal({ pk: "b", sk: 1, state: "done", version: 1 });
  });

  it("send's versioned writes do the same", async () => {
    await docs.send("PutItem", { TableName: "jobs", Item: { pk: "c", sk: 1 } });
    const error = await rejectionOf(docs.send("PutItem", { TableName: "jobs", Item: { pk: "c", sk: 1 } }), VersionConflictError);
    expect(error.message).to.include("found version 1");
    expect((error as unknown as { Item: unknown }).Item).to.deep.equal({ pk: "c", sk: 1, version: 1 });
  });
});

describe("versioned writes when neither the service nor a read can tell what is stored", () => {
  let stub: StubServer;
  let docs: DynamoDBDocument;

  before(async () => {
    stub = await startStubServer();
    docs = new DynamoDBDocument({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 }, { versionAttribute: "version" });
  });

  after(async () => {
    await docs.destroy();
    await stub.close();
  });

  it("says so instead of claiming there is no item", async () => {
    stub.handle((req, res) => {
      const target = req.headers["x-amz-target"] ?? "";
      if (target.endsWith(".UpdateItem")) sendJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" });
      else sendJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#AccessDeniedException", message: "not allowed" });
    });
    const error = await rejectionOf(docs.update({ tableName: "t", key: { id: "x" }, updateExpression: "SET a = :a", expressionAttributeValues: { ":a": 1 }, expectedVersion: 2 }), VersionConflictError);
    expect(error.itemUnknown).to.equal(true);
    expect(error.message).to.not.include("found no item");
    expect(error.message).to.include("reading it failed");
    const targets = stub.requests.map((r) => r.headers["x-amz-target"]);
    expect(targets.slice(-2)).to.deep.equal(["DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.GetItem"]);
    const read = JSON.parse(stub.requests.at(-1)!.body) as Record<string, unknown>;
    expect(read).to.deep.equal({ TableName: "t", Key: { id: { S: "x" } }, ConsistentRead: true });
  });

  it("a transaction's versioned action is read back the same way", async () => {
    stub.handle((req, res) => {
      const target = req.headers["x-amz-target"] ?? "";
      if (target.endsWith(".TransactWriteItems")) {
        sendJson(res, 400, {
          __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
          message: "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]",
          CancellationReasons: [{ Code: "ConditionalCheckFailed", Message: "The conditional request failed" }],
        });
      } else if (target.endsWith(".GetItem")) sendJson(res, 200, { Item: { id: { S: "x" }, version: { N: "7" } } });
      else sendJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#AccessDeniedException", message: "not allowed" });
    });
    const error = await rejectionOf(
      docs.transactWrite({ transactItems: [{ delete: { tableName: "t", key: { id: "x" }, expectedVersion: 3 } }] }),
      TransactionVersionConflictError,
    );
    expect(error.conflicts).to.have.length(1);
    expect(error.conflicts[0]!.actualVersion).to.equal(7);
    expect(error.message).to.include("expected version 3 but found version 7");
  });
});
