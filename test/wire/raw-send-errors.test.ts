/**
 * Errors of raw `send` speak the wire, as its outputs do: modeled members
 * under their wire names and in wire form (`err.Item`,
 * `err.CancellationReasons[i].Item`), on the `DynamoDB` class's `send` and on
 * `sendOperation`. The typed methods and functions keep their typed members
 * (`err.item`). And a misspelt operation name is answered with the closest
 * ones.
 */
import { expect } from "chai";
import {
  ConditionalCheckFailedException,
  DynamoDB,
  DynamoDBClient,
  GetItem,
  PutItem,
  ResourceNotFoundException,
  TransactionCanceledException,
  createTable,
  putItem,
  sendOperation,
} from "../../src/generated/dynamodb/index.js";
import { closestNames, unknownOperationMessage, type JsonObject } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { sendJson } from "../support/stub-server.js";
import { rejectionOf } from "../support/rejection.js";

const STORED = { pk: { S: "a" }, claimedBy: { S: "worker-1" }, n: { N: "7" }, tags: { SS: ["x"] }, blob: { B: "AAE=" } };

const conditionFailed = { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed", Item: STORED };
const cancelled = {
  __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
  Message: "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
  CancellationReasons: [
    { Code: "None" },
    { Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: STORED },
  ],
};

describe("wire: errors of raw send", function () {
  const wire = stubbedClient(DynamoDB);
  const bare = stubbedClient(DynamoDBClient);

  it("carries a failed condition's item in wire form on send, and typed on the method", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 400, conditionFailed));
    const raw = await rejectionOf(wire.client.send("PutItem", { TableName: "t", Item: { pk: { S: "a" } }, ConditionExpression: "attribute_not_exists(pk)" }));
    expect(raw).to.be.instanceOf(ConditionalCheckFailedException);
    const e = raw as ConditionalCheckFailedException;
    expect(e.name).to.equal("ConditionalCheckFailedException");
    expect(e.message).to.equal("The conditional request failed");
    expect(e.$fault).to.equal("client");
    expect(e.$metadata).to.include({ httpStatusCode: 400, attempts: 1 });
    expect(e.Item).to.deep.equal(STORED);
    expect(e.item).to.equal(undefined);
    // Only the modeled members: the protocol's code and message are `name` and `message`.
    expect(Object.keys(e).sort()).to.deep.equal(["$fault", "$metadata", "Item", "name"]);

    const typed = await rejectionOf(wire.client.putItem({ tableName: "t", item: { pk: { s: "a" } }, conditionExpression: "attribute_not_exists(pk)" }));
    const t = typed as ConditionalCheckFailedException;
    expect(t.item).to.deep.equal({ pk: { s: "a" }, claimedBy: { s: "worker-1" }, n: { n: "7" }, tags: { ss: ["x"] }, blob: { b: new Uint8Array([0, 1]) } });
    expect(t.Item).to.equal(undefined);
  });

  it("carries cancellation reasons in wire form on send, and typed on the method", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 400, cancelled));
    const items: JsonObject[] = [
      { ConditionCheck: { TableName: "t", Key: { pk: { S: "b" } }, ConditionExpression: "attribute_exists(pk)" } },
      { Put: { TableName: "t", Item: { pk: { S: "a" } }, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
    ];
    const raw = (await rejectionOf(wire.client.send("TransactWriteItems", { TransactItems: items }))) as TransactionCanceledException;
    expect(raw).to.be.instanceOf(TransactionCanceledException);
    expect(raw.message).to.equal(cancelled.Message);
    expect(raw.CancellationReasons).to.deep.equal(cancelled.CancellationReasons);
    expect(raw.cancellationReasons).to.equal(undefined);

    const typed = (await rejectionOf(wire.client.transactWriteItems({ transactItems: [{ put: { tableName: "t", item: { pk: { s: "a" } } } }] }))) as TransactionCanceledException;
    expect(typed.cancellationReasons![1]!.code).to.equal("ConditionalCheckFailed");
    expect(typed.cancellationReasons![1]!.item!.claimedBy).to.deep.equal({ s: "worker-1" });
    expect(typed.CancellationReasons).to.equal(undefined);
  });

  it("builds a code the operation does not model in wire form too, on the class's send", async () => {
    // GetItem's model lists no TransactionCanceledException; the class maps every code the service models.
    wire.stub.handle((_req, res) => sendJson(res, 400, cancelled));
    const raw = (await rejectionOf(wire.client.send("GetItem", { TableName: "t", Key: { pk: { S: "a" } } }))) as TransactionCanceledException;
    expect(raw).to.be.instanceOf(TransactionCanceledException);
    expect(raw.CancellationReasons).to.deep.equal(cancelled.CancellationReasons);
    expect(raw.cancellationReasons).to.equal(undefined);
  });

  it("does the same through sendOperation on the bare client, which keeps typed members on its functions", async () => {
    bare.stub.handle((_req, res) => sendJson(res, 400, conditionFailed));
    const raw = (await rejectionOf(sendOperation(bare.client, PutItem, { TableName: "t", Item: { pk: { S: "a" } } }))) as ConditionalCheckFailedException;
    expect(raw).to.be.instanceOf(ConditionalCheckFailedException);
    expect(raw.Item).to.deep.equal(STORED);
    expect(raw.item).to.equal(undefined);
    const typed = (await rejectionOf(putItem(bare.client, { tableName: "t", item: { pk: { s: "a" } } }))) as ConditionalCheckFailedException;
    expect(typed.item!.n).to.deep.equal({ n: "7" });
    expect(typed.Item).to.equal(undefined);
  });

  it("keeps members the model does not know, as a raw output does, and never lets one replace what the error has", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 400, { __type: "ResourceNotFoundException", message: "gone", Future: { X: 1 }, name: "Other", $metadata: 1 }));
    const raw = (await rejectionOf(wire.client.send("GetItem", { TableName: "t", Key: { pk: { S: "a" } } }))) as ResourceNotFoundException & { Future?: unknown };
    expect(raw).to.be.instanceOf(ResourceNotFoundException);
    expect(raw.name).to.equal("ResourceNotFoundException");
    expect(raw.$metadata.httpStatusCode).to.equal(400);
    expect(raw.Future).to.deep.equal({ X: 1 });
  });

  describe("against dynalite", function () {
    this.timeout(20_000);
    let server: DynaliteServer;
    let db: DynamoDB;
    const TableName = "raw_errors";

    before(async () => {
      server = await startDynalite();
      db = new DynamoDB({ region: "us-east-1", endpoint: server.endpoint, credentials: TEST_CREDENTIALS });
      await createTable(db, {
        tableName: TableName,
        attributeDefinitions: [{ attributeName: "pk", attributeType: "S" }],
        keySchema: [{ attributeName: "pk", keyType: "HASH" }],
        billingMode: "PAY_PER_REQUEST",
      });
      await db.send("PutItem", { TableName, Item: { pk: { S: "job-1" }, claimedBy: { S: "worker-1" }, attempts: { N: "2" } } });
    });
    after(async () => {
      await db?.destroy();
      await server?.close();
    });

    it("hands back the stored item with ALL_OLD in wire form on send, typed on the method", async () => {
      const input = {
        TableName,
        Key: { pk: { S: "job-1" } },
        UpdateExpression: "SET claimedBy = :me",
        ConditionExpression: "attribute_not_exists(claimedBy)",
        ExpressionAttributeValues: { ":me": { S: "worker-2" } },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      };
      const raw = (await rejectionOf(db.send("UpdateItem", input))) as ConditionalCheckFailedException;
      expect(raw).to.be.instanceOf(ConditionalCheckFailedException);
      expect(raw.Item).to.deep.equal({ pk: { S: "job-1" }, claimedBy: { S: "worker-1" }, attempts: { N: "2" } });
      expect(raw.item).to.equal(undefined);

      const viaDescriptor = (await rejectionOf(sendOperation(db, GetItem, { TableName: "missing_table", Key: { pk: { S: "a" } } }))) as ResourceNotFoundException;
      expect(viaDescriptor).to.be.instanceOf(ResourceNotFoundException);

      const typed = (await rejectionOf(
        db.updateItem({
          tableName: TableName,
          key: { pk: { s: "job-1" } },
          updateExpression: "SET claimedBy = :me",
          conditionExpression: "attribute_not_exists(claimedBy)",
          expressionAttributeValues: { ":me": { s: "worker-2" } },
          returnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      )) as ConditionalCheckFailedException;
      expect(typed.item).to.deep.equal({ pk: { s: "job-1" }, claimedBy: { s: "worker-1" }, attempts: { n: "2" } });
      expect(typed.Item).to.equal(undefined);
    });
  });
});

describe("wire: an operation name raw send does not know", function () {
  const wire = stubbedClient(DynamoDB);

  const cases: [string, string][] = [
    ["BatchGetItems", 'DynamoDB has no operation named "BatchGetItems"; did you mean "BatchGetItem" or "GetItem"?'],
    ["getitem", 'DynamoDB has no operation named "getitem"; did you mean "GetItem"?'],
    ["Scna", 'DynamoDB has no operation named "Scna"; did you mean "Scan"?'],
    ["DescribeTables", 'DynamoDB has no operation named "DescribeTables"; did you mean "DescribeTable"?'],
    ["Frobnicate", 'DynamoDB has no operation named "Frobnicate" (operations go by their names in the AWS API reference, e.g. "BatchExecuteStatement")'],
  ];
  for (const [name, message] of cases) {
    it(`answers ${name} with the closest names, before any request`, async () => {
      const before = wire.stub.requests.length;
      const err = await rejectionOf(wire.client.send(name as "GetItem", {}));
      expect(err).to.be.instanceOf(TypeError);
      expect(err.message).to.equal(message);
      expect(wire.stub.requests.length).to.equal(before);
    });
  }

  it("says what it got when the name is not a string", async () => {
    const err = await rejectionOf(wire.client.send(undefined as never, {}));
    expect(err.message).to.match(/^DynamoDB has no operation named undefined/);
  });

  it("ranks names case-insensitively: an exact match alone, then names containing the other, then by edit distance", () => {
    const known = ["GetItem", "BatchGetItem", "PutItem", "TransactGetItems", "TransactWriteItems", "Query", "Scan"];
    expect(closestNames("GETITEM", known)).to.deep.equal(["GetItem"]);
    expect(closestNames("TransactWrite", known)).to.deep.equal(["TransactWriteItems", "TransactGetItems"]);
    expect(closestNames("Querys", known)).to.deep.equal(["Query"]);
    expect(closestNames("Get", known, 2)).to.deep.equal(["GetItem", "BatchGetItem"]);
    expect(closestNames("xyz", known)).to.deep.equal([]);
    expect(unknownOperationMessage("Svc", "PutItems", known)).to.equal('Svc has no operation named "PutItems"; did you mean "PutItem"?');
  });
});
