import { expect } from "chai";
import { DynamoDB, TransactionCanceledException } from "../../src/generated/dynamodb/index.js";
import {
  DocumentTransactionCanceledException,
  DynamoDBDocument,
  TransactionVersionConflictError,
  VersionConflictError,
} from "../../src/document/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { startStubServer, sendJson, type StubServer } from "../support/stub-server.js";
import { rejectionOf } from "../support/rejection.js";

describe("versioned transactWrite against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  let doc: DynamoDBDocument;
  const tableName = "accounts";

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    doc = new DynamoDBDocument(client, { versionAttribute: "version" });
    await client.createTable({
      tableName,
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
    });
  });

  after(async () => {
    await client.destroy();
    await server.close();
  });

  const stored = async (id: string) => (await doc.get({ tableName, key: { id }, consistentRead: true })).item;

  it("creates, updates and deletes from the versions read, and reports the versions written", async () => {
    await doc.put({ tableName, item: { id: "from", balance: 100 } });
    await doc.put({ tableName, item: { id: "closing" } });
    const out = await doc.transactWrite({
      transactItems: [
        { put: { tableName, item: { id: "to", balance: 30 } } },
        {
          update: {
            tableName,
            key: { id: "from" },
            updateExpression: "SET balance = balance - :amount",
            conditionExpression: "balance >= :amount",
            expressionAttributeValues: { ":amount": 30 },
            expectedVersion: 1,
          },
        },
        { delete: { tableName, key: { id: "closing" }, expectedVersion: 1 } },
        { conditionCheck: { tableName, key: { id: "from" }, conditionExpression: "attribute_exists(id)" } },
      ],
    });
    expect(out.versions).to.deep.equal([1, 2, undefined, undefined]);
    expect(await stored("to")).to.deep.equal({ id: "to", balance: 30, version: 1 });
    expect(await stored("from")).to.deep.equal({ id: "from", balance: 70, version: 2 });
    expect(await stored("closing")).to.equal(undefined);
  });

  it("a stale version cancels the whole transaction with a conflict naming the action and the stored item", async () => {
    const error = await rejectionOf(
      doc.transactWrite({
        transactItems: [
          { put: { tableName, item: { id: "new-one", balance: 1 } } },
          { update: { tableName, key: { id: "from" }, updateExpression: "SET balance = :b", expressionAttributeValues: { ":b": 0 }, expectedVersion: 1 } },
        ],
      }),
    );
    expect(error).to.be.instanceOf(TransactionVersionConflictError);
    expect(error).to.be.instanceOf(DocumentTransactionCanceledException);
    expect(error).to.be.instanceOf(TransactionCanceledException);
    const conflict = error as TransactionVersionConflictError;
    expect(conflict.code).to.equal("VERSION_CONFLICT");
    expect(conflict.name).to.equal("TransactionCanceledException");
    expect(conflict.conflicts).to.deep.equal([
      { index: 1, tableName, versionAttribute: "version", expectedVersion: 1, actualVersion: 2, item: { id: "from", balance: 70, version: 2 } },
    ]);
    expect(conflict.message).to.match(/transactItems\[1\] \(table "accounts"\) on "version": expected version 1 but found version 2/);
    expect(conflict.cancellationReasons!.map((reason) => reason.code)).to.deep.equal(["None", "ConditionalCheckFailed"]);
    expect(conflict.cancellationItems[1]).to.deep.equal({ id: "from", balance: 70, version: 2 });
    expect(conflict.$metadata.httpStatusCode).to.equal(400);
    // Nothing of the transaction was applied.
    expect(await stored("new-one")).to.equal(undefined);
    expect((await stored("from"))!.balance).to.equal(70);
  });

  it("a second create of an existing item is a conflict expecting no item", async () => {
    const error = await rejectionOf(doc.transactWrite({ transactItems: [{ put: { tableName, item: { id: "to", balance: 999 } } }] }));
    expect(error).to.be.instanceOf(TransactionVersionConflictError);
    const [only] = (error as TransactionVersionConflictError).conflicts;
    expect(only!.index).to.equal(0);
    expect(only!.expectedVersion).to.equal(undefined);
    expect(only!.actualVersion).to.equal(1);
    expect(only!.item).to.deep.equal({ id: "to", balance: 30, version: 1 });
  });

  it("an update of an item someone deleted is a conflict with no item", async () => {
    const error = await rejectionOf(
      doc.transactWrite({ transactItems: [{ update: { tableName, key: { id: "closing" }, updateExpression: "SET a = :a", expressionAttributeValues: { ":a": 1 }, expectedVersion: 1 } }] }),
    );
    expect(error).to.be.instanceOf(TransactionVersionConflictError);
    expect((error as TransactionVersionConflictError).conflicts[0]!.item).to.equal(undefined);
    expect(await stored("closing")).to.equal(undefined);
  });

  it("the action's own failed condition is a cancellation, not a version conflict", async () => {
    const error = await rejectionOf(
      doc.transactWrite({
        transactItems: [
          {
            update: {
              tableName,
              key: { id: "from" },
              updateExpression: "SET balance = balance - :amount",
              conditionExpression: "balance >= :amount",
              expressionAttributeValues: { ":amount": 1000 },
              expectedVersion: 2,
            },
          },
        ],
      }),
    );
    expect(error).to.be.instanceOf(DocumentTransactionCanceledException);
    expect(error).to.not.be.instanceOf(TransactionVersionConflictError);
    // Versioned actions ask for ALL_OLD, so the stored item comes back anyway.
    expect((error as DocumentTransactionCanceledException).cancellationItems).to.deep.equal([{ id: "from", balance: 70, version: 2 }]);
  });

  it("a failed condition check is a plain cancellation", async () => {
    const error = await rejectionOf(
      doc.transactWrite({
        transactItems: [
          { update: { tableName, key: { id: "from" }, updateExpression: "SET note = :n", expressionAttributeValues: { ":n": "x" }, expectedVersion: 2 } },
          { conditionCheck: { tableName, key: { id: "nobody" }, conditionExpression: "attribute_exists(id)" } },
        ],
      }),
    );
    expect(error).to.be.instanceOf(DocumentTransactionCanceledException);
    expect(error).to.not.be.instanceOf(TransactionVersionConflictError);
    expect((await stored("from"))!.version).to.equal(2);
  });

  it("an action can opt out or name its own attribute; a client without one versions only those that do", async () => {
    const out = await doc.transactWrite({
      transactItems: [
        { put: { tableName, item: { id: "loose", version: 41 }, versionAttribute: false } },
        { put: { tableName, item: { id: "rev" }, versionAttribute: "rev" } },
      ],
    });
    expect(out.versions).to.deep.equal([undefined, 1]);
    expect(await stored("loose")).to.deep.equal({ id: "loose", version: 41 });
    expect(await stored("rev")).to.deep.equal({ id: "rev", rev: 1 });

    const plain = new DynamoDBDocument(client);
    const unversioned = await plain.transactWrite({ transactItems: [{ put: { tableName, item: { id: "loose", version: 1 } } }] });
    expect(unversioned).to.not.have.property("versions");
    expect(await stored("loose")).to.deep.equal({ id: "loose", version: 1 });
    const misuse = await rejectionOf(plain.transactWrite({ transactItems: [{ delete: { tableName, key: { id: "loose" }, expectedVersion: 1 } }] }));
    expect(misuse).to.be.instanceOf(TypeError);
    expect((misuse as Error).message).to.match(/expectedVersion needs a versionAttribute/);
  });

  it("a condition check with expectedVersion writes on the strength of another item being unchanged", async () => {
    await doc.put({ tableName, item: { id: "limit", cap: 3 } });
    const out = await doc.transactWrite({
      transactItems: [
        { conditionCheck: { tableName, key: { id: "limit" }, expectedVersion: 1 } },
        { put: { tableName, item: { id: "order-1", qty: 3 } } },
      ],
    });
    expect(out.versions).to.deep.equal([undefined, 1]);
    expect(await stored("limit")).to.deep.equal({ id: "limit", cap: 3, version: 1 });

    await doc.update({ tableName, key: { id: "limit" }, updateExpression: "SET cap = :m", expressionAttributeValues: { ":m": 1 }, expectedVersion: 1 });
    const error = await rejectionOf(
      doc.transactWrite({
        transactItems: [
          { put: { tableName, item: { id: "order-2", qty: 3 } } },
          { conditionCheck: { tableName, key: { id: "limit" }, conditionExpression: "cap >= :q", expressionAttributeValues: { ":q": 3 }, expectedVersion: 1 } },
        ],
      }),
    );
    expect(error).to.be.instanceOf(TransactionVersionConflictError);
    expect((error as TransactionVersionConflictError).conflicts.map((c) => [c.index, c.actualVersion, c.item])).to.deep.equal([
      [1, 2, { id: "limit", cap: 1, version: 2 }],
    ]);
    expect(await stored("order-2")).to.equal(undefined);
  });

  it("one version check catches a lost race from a single write or from a transaction", async () => {
    const read = (await stored("from"))!;
    await doc.put({ tableName, item: { ...read, note: "someone else" } });
    const single = await rejectionOf(doc.put({ tableName, item: { ...read, note: "mine" } }));
    const transaction = await rejectionOf(doc.transactWrite({ transactItems: [{ put: { tableName, item: { ...read, note: "mine" } } }] }));
    expect(single).to.be.instanceOf(VersionConflictError);
    for (const error of [single, transaction]) expect((error as { code: string }).code).to.equal("VERSION_CONFLICT");
  });
});

describe("versioned transactWrite on the wire", () => {
  let stub: StubServer;
  let doc: DynamoDBDocument;

  before(async () => {
    stub = await startStubServer();
    doc = new DynamoDBDocument({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 }, { versionAttribute: "v" });
  });

  after(async () => {
    await doc.destroy();
    await stub.close();
  });

  it("adds each versioned action's check to its own condition, names and values, with ALL_OLD", async () => {
    stub.handle((_req, res) => sendJson(res, 200, {}));
    await doc.transactWrite({
      clientRequestToken: "token-1",
      transactItems: [
        { put: { tableName: "t", item: { id: "a", v: 3 }, conditionExpression: "#s = :open", expressionAttributeNames: { "#s": "state" }, expressionAttributeValues: { ":open": "open" } } },
        { update: { tableName: "t", key: { id: "b" }, updateExpression: "ADD n :one", expressionAttributeValues: { ":one": 1 } } },
        { delete: { tableName: "t", key: { id: "c" }, expectedVersion: 9n } },
        { put: { tableName: "t", item: { id: "d" }, versionAttribute: false } },
        { conditionCheck: { tableName: "t", key: { id: "e" }, conditionExpression: "attribute_exists(id)" } },
        { conditionCheck: { tableName: "t", key: { id: "f" }, expectedVersion: 2 } },
      ],
    });
    expect(JSON.parse(stub.requests.at(-1)!.body)).to.deep.equal({
      ClientRequestToken: "token-1",
      TransactItems: [
        {
          Put: {
            TableName: "t",
            Item: { id: { S: "a" }, v: { N: "4" } },
            ConditionExpression: "(#s = :open) AND #dynaportVersion = :dynaportVersion",
            ExpressionAttributeNames: { "#s": "state", "#dynaportVersion": "v" },
            ExpressionAttributeValues: { ":open": { S: "open" }, ":dynaportVersion": { N: "3" } },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          Update: {
            TableName: "t",
            Key: { id: { S: "b" } },
            UpdateExpression: "ADD n :one SET #dynaportVersion = :dynaportNextVersion",
            ConditionExpression: "attribute_not_exists(#dynaportVersion)",
            ExpressionAttributeNames: { "#dynaportVersion": "v" },
            ExpressionAttributeValues: { ":one": { N: "1" }, ":dynaportNextVersion": { N: "1" } },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          Delete: {
            TableName: "t",
            Key: { id: { S: "c" } },
            ConditionExpression: "#dynaportVersion = :dynaportVersion",
            ExpressionAttributeNames: { "#dynaportVersion": "v" },
            ExpressionAttributeValues: { ":dynaportVersion": { N: "9" } },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        { Put: { TableName: "t", Item: { id: { S: "d" } } } },
        { ConditionCheck: { TableName: "t", Key: { id: { S: "e" } }, ConditionExpression: "attribute_exists(id)" } },
        {
          ConditionCheck: {
            TableName: "t",
            Key: { id: { S: "f" } },
            ConditionExpression: "#dynaportVersion = :dynaportVersion",
            ExpressionAttributeNames: { "#dynaportVersion": "v" },
            ExpressionAttributeValues: { ":dynaportVersion": { N: "2" } },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
      ],
    });
  });

  it("reports every conflicting action DynamoDB names, and only those", async () => {
    stub.handle((_req, res) =>
      sendJson(res, 400, {
        __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        message: "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, ConditionalCheckFailed, ConditionalCheckFailed]",
        CancellationReasons: [
          { Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { id: { S: "a" }, v: { N: "5" } } },
          { Code: "None" },
          { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
          // Its own condition failed: the version is still the expected one.
          { Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { id: { S: "d" }, v: { N: "2" }, state: { S: "closed" } } },
        ],
      }),
    );
    const error = await rejectionOf(
      doc.transactWrite({
        transactItems: [
          { put: { tableName: "t", item: { id: "a", v: 4 } } },
          { put: { tableName: "t", item: { id: "b" }, versionAttribute: false } },
          { delete: { tableName: "other", key: { id: "c" }, expectedVersion: 1 } },
          { update: { tableName: "t", key: { id: "d" }, updateExpression: "SET x = :x", conditionExpression: "#s = :open", expressionAttributeNames: { "#s": "state" }, expressionAttributeValues: { ":x": 1, ":open": "open" }, expectedVersion: 2 } },
        ],
      }),
    );
    expect(error).to.be.instanceOf(TransactionVersionConflictError);
    const conflict = error as TransactionVersionConflictError;
    expect(conflict.conflicts).to.deep.equal([
      { index: 0, tableName: "t", versionAttribute: "v", expectedVersion: 4, actualVersion: 5, item: { id: "a", v: 5 } },
      { index: 2, tableName: "other", versionAttribute: "v", expectedVersion: 1, actualVersion: undefined, item: undefined },
    ]);
    expect(conflict.cancellationItems).to.deep.equal([{ id: "a", v: 5 }, undefined, undefined, { id: "d", v: 2, state: "closed" }]);
    expect(conflict.message).to.match(/transactItems\[0\] .*expected version 4 but found version 5; transactItems\[2\] \(table "other"\) .*found no item/);
  });

  it("refuses to mix a version check with the legacy expected or attributeUpdates, before sending anything", async () => {
    stub.handle((_req, res) => sendJson(res, 200, {}));
    const before = stub.requests.length;
    const error = await rejectionOf(doc.put({ tableName: "t", item: { id: "a" }, expected: { id: { exists: false } } }));
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message).to.equal(
      "the legacy expected cannot be combined with the condition expression of a versioned put; write it with conditionExpression instead, or pass versionAttribute: false",
    );
    const update = await rejectionOf(doc.update({ tableName: "t", key: { id: "a" }, attributeUpdates: { n: { action: "ADD", value: 1 } }, expectedVersion: 1 }));
    expect((update as Error).message).to.match(/legacy attributeUpdates .* versioned update; write it with updateExpression and conditionExpression/);
    await doc.update({ tableName: "t", key: { id: "a" }, attributeUpdates: { n: { action: "ADD", value: 1 } }, versionAttribute: false });
    expect(stub.requests.length).to.equal(before + 1);
  });
});
