/**
 * `DynamoDBDocument.send` and `sendDocument`: any operation's AWS wire input
 * with plain values, against dynalite, compared with what
 * `@aws-sdk/lib-dynamodb`'s DynamoDBDocumentClient does with the same JSON.
 * Seed 003 (a low-code tool's DynamoDB page) runs as written; its Create
 * Table, which puts a local index on a table without a sort key, fails as
 * the service says.
 */
import { expect } from "chai";
import * as sdk from "@aws-sdk/client-dynamodb";
import * as lib from "@aws-sdk/lib-dynamodb";
import {
  ConditionalCheckFailedException,
  CreateTable,
  DynamoDB,
  DynamoDBDocument,
  DynamoDBServiceException,
  DocumentConditionalCheckFailedException,
  DocumentTransactionCanceledException,
  ListTables,
  NumberValue,
  operations,
  ParamValidationError,
  sendDocument,
  TransactionVersionConflictError,
  VersionConflictError,
} from "../../src/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";

/** The official client's command for an operation name (document commands where lib-dynamodb has one). */
function officialCommand(operation: string, input: object): any {
  const documentCommands: Record<string, new (input: any) => any> = {
    GetItem: lib.GetCommand,
    PutItem: lib.PutCommand,
    UpdateItem: lib.UpdateCommand,
    DeleteItem: lib.DeleteCommand,
    Query: lib.QueryCommand,
    Scan: lib.ScanCommand,
    BatchGetItem: lib.BatchGetCommand,
    BatchWriteItem: lib.BatchWriteCommand,
    TransactGetItems: lib.TransactGetCommand,
    TransactWriteItems: lib.TransactWriteCommand,
    ExecuteStatement: lib.ExecuteStatementCommand,
    BatchExecuteStatement: lib.BatchExecuteStatementCommand,
    ExecuteTransaction: lib.ExecuteTransactionCommand,
  };
  const Command = documentCommands[operation] ?? (sdk as unknown as Record<string, new (input: any) => any>)[`${operation}Command`];
  if (Command === undefined) throw new Error(`no official command for ${operation}`);
  return new Command(input);
}

type Outcome = { ok: true; output: Record<string, unknown> } | { ok: false; name: string; message: string };

/** The output of a call that must have succeeded. */
function okOutput(result: Outcome): any {
  if (!result.ok) throw new Error(`expected success, got ${result.name}: ${result.message}`);
  return result.output;
}

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const { $metadata: _, ...output } = (await run()) as Record<string, unknown>;
    return { ok: true, output };
  } catch (error) {
    const e = error as Error;
    return { ok: false, name: e.name, message: e.message };
  }
}

describe("DynamoDBDocument.send: wire members with plain values", function () {
  this.timeout(20_000);
  let server: DynaliteServer;
  let docs: DynamoDBDocument;
  let official: lib.DynamoDBDocumentClient;
  let officialBase: sdk.DynamoDBClient;

  const both = async (operation: string, input: Record<string, unknown>) => {
    const ours = await outcome(() => sendDocument(docs, operation, structuredClone(input)));
    const theirs = await outcome(() => official.send(officialCommand(operation, structuredClone(input))));
    return { ours, theirs };
  };

  before(async () => {
    server = await startDynalite();
    const config = { endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS };
    docs = new DynamoDBDocument(config);
    officialBase = new sdk.DynamoDBClient(config);
    official = lib.DynamoDBDocumentClient.from(officialBase);
    const table = (TableName: string, hash: [string, string], range?: [string, string]) =>
      sendDocument(docs, "CreateTable", {
        TableName,
        KeySchema: [{ AttributeName: hash[0], KeyType: "HASH" }, ...(range ? [{ AttributeName: range[0], KeyType: "RANGE" }] : [])],
        AttributeDefinitions: [
          { AttributeName: hash[0], AttributeType: hash[1] },
          ...(range ? [{ AttributeName: range[0], AttributeType: range[1] }] : []),
        ],
        BillingMode: "PAY_PER_REQUEST",
      });
    // The tables seed 003's examples name (its Put Item names a table with a trailing "S").
    await table("USER_DETAILS_with_local", ["USER_ID", "N"], ["USER_NAME", "S"]);
    await table("USER_DETAILS_with_localS", ["USER_ID", "N"], ["USER_NAME", "S"]);
    await table("Reply", ["Id", "S"], ["ReplyDateTime", "S"]);
    await table("Thread", ["ForumName", "S"], ["Subject", "S"]);
    // Seed 001's table.
    await table("users", ["team_id", "S"], ["employee_id", "S"]);
    await table("versioned", ["id", "S"]);
  });

  after(async () => {
    await docs.destroy();
    officialBase.destroy();
    await server.close();
  });

  describe("seed 003, as written, against the official DocumentClient", () => {
    it("Put Item, Update Item, Get Item: the same items and answers", async () => {
      const put = { TableName: "USER_DETAILS_with_localS", Item: { USER_ID: 1, USER_NAME: "NICK", USER_AGE: 34, USER_FEE: 1234.56 } };
      const r1 = await both("PutItem", put);
      expect(r1.ours).to.deep.equal(r1.theirs).and.deep.equal({ ok: true, output: {} });

      const update = {
        TableName: "USER_DETAILS_with_local",
        Key: { USER_ID: 1, USER_NAME: "Nick" },
        UpdateExpression: "set USER_AGE = :age, USER_FEE = :fee",
        ExpressionAttributeValues: { ":age": 40, ":fee": 230545 },
      };
      const r2 = await both("UpdateItem", update);
      expect(r2.ours).to.deep.equal(r2.theirs).and.deep.equal({ ok: true, output: {} });

      const get = { TableName: "USER_DETAILS_with_local", Key: { USER_ID: 1, USER_NAME: "Nick" } };
      const r3 = await both("GetItem", get);
      expect(r3.ours).to.deep.equal(r3.theirs);
      expect(r3.ours).to.deep.equal({ ok: true, output: { Item: { USER_ID: 1, USER_NAME: "Nick", USER_AGE: 40, USER_FEE: 230545 } } });

      const withAllNew = { ...update, ExpressionAttributeValues: { ":age": 41, ":fee": 1.5 }, ReturnValues: "ALL_NEW" };
      const r4 = await both("UpdateItem", withAllNew);
      expect(r4.ours).to.deep.equal(r4.theirs);
      expect(okOutput(r4.ours).Attributes).to.deep.equal({ USER_ID: 1, USER_NAME: "Nick", USER_AGE: 41, USER_FEE: 1.5 });
    });

    it("List Tables, Describe Table, Scan Table: pass through as the service answers", async () => {
      const list = await both("ListTables", {});
      expect(list.ours).to.deep.equal(list.theirs);
      expect(okOutput(list.ours).TableNames).to.include("USER_DETAILS_with_local");

      const ours = await sendDocument(docs, "DescribeTable", { TableName: "USER_DETAILS_with_local" });
      const theirs = await official.send(new sdk.DescribeTableCommand({ TableName: "USER_DETAILS_with_local" }));
      const table = ours.Table as Record<string, unknown>;
      expect(table.KeySchema).to.deep.equal(theirs.Table!.KeySchema);
      expect(table.TableName).to.equal(theirs.Table!.TableName);

      const scan = await both("Scan", { TableName: "USER_DETAILS_with_localS" });
      expect(scan.ours).to.deep.equal(scan.theirs);
      expect(okOutput(scan.ours).Items).to.deep.equal([{ USER_ID: 1, USER_NAME: "NICK", USER_AGE: 34, USER_FEE: 1234.56 }]);
    });

    it("Query Table, Get Item, Delete Item with typed values: the same outcome as the official client (a map is not a key)", async () => {
      const query = {
        TableName: "Reply",
        Limit: 3,
        ConsistentRead: true,
        ProjectionExpression: "Id, PostedBy, ReplyDateTime",
        KeyConditionExpression: "Id = :v1",
        ExpressionAttributeValues: { ":v1": { S: "Amazon DynamoDB#DynamoDB Thread 1" } },
        ReturnConsumedCapacity: "TOTAL",
      };
      const q = await both("Query", query);
      // Both fail; the service says so one round trip later, the expression check before the wire.
      expect(q.theirs).to.include({ ok: false, name: "ValidationException" });
      expect(q.ours).to.include({ ok: false, name: "ParamValidationError" });
      expect((q.ours as { message: string }).message).to.match(/^Query: KeyConditionExpression: .*:v1.* M/);
      const key = { ForumName: { S: "Amazon DynamoDB" }, Subject: { S: "How do I update multiple items?" } };
      const g = await both("GetItem", { TableName: "Thread", Key: key });
      expect(g.ours).to.deep.equal(g.theirs);
      expect(g.ours.ok).to.equal(false);
      const d = await both("DeleteItem", { TableName: "Thread", Key: key, ConditionExpression: "attribute_not_exists(Replies)", ReturnValues: "ALL_OLD" });
      expect(d.ours).to.deep.equal(d.theirs);
    });

    it("Create Table with a local index on a table without a sort key: the service's ValidationException", async () => {
      const seed = {
        AttributeDefinitions: [
          { AttributeName: "USER_ID", AttributeType: "N" },
          { AttributeName: "USER_FEE", AttributeType: "N" },
        ],
        KeySchema: [{ AttributeName: "USER_ID", KeyType: "HASH" }],
        LocalSecondaryIndexes: [
          {
            IndexName: "USER_FEE",
            KeySchema: [
              { AttributeName: "USER_ID", KeyType: "HASH" },
              { AttributeName: "USER_FEE", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        TableName: "USER_FEE_LOCAL",
        StreamSpecification: { StreamEnabled: false },
      };
      const r = await both("CreateTable", seed);
      expect(r.ours).to.deep.equal(r.theirs);
      expect(r.ours).to.deep.equal({
        ok: false,
        name: "ValidationException",
        message: "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
      });
    });
  });

  describe("seed 001's plain-valued requests and the other item operations", () => {
    it("GetItem with a string key, BatchWriteItem, BatchGetItem, Query with legacy KeyConditions: as the official client", async () => {
      const items = [
        { team_id: "team_1", employee_id: "emp_1", name: "Anneke", tags: new Set(["a", "b"]), photo: new Uint8Array([1, 2, 3]) },
        { team_id: "team_1", employee_id: "emp_2", name: "Irene", friends: new Set(["Sherlock"]), scores: [1, 2.5, { deep: null }] },
        { team_id: "team_3", employee_id: "emp_4", name: "Mycroft", active: true },
      ];
      const write = await docs.send("BatchWriteItem", { RequestItems: { users: items.map((Item) => ({ PutRequest: { Item } })) } });
      expect(write.UnprocessedItems).to.deep.equal({});

      const get = await both("GetItem", { TableName: "users", Key: { team_id: "team_1", employee_id: "emp_1" } });
      expect(get.ours).to.deep.equal(get.theirs).and.deep.equal({ ok: true, output: { Item: items[0] } });

      const batch = await both("BatchGetItem", {
        RequestItems: { users: { Keys: [{ team_id: "team_1", employee_id: "emp_1" }, { team_id: "team_3", employee_id: "emp_4" }], ConsistentRead: true } },
      });
      const sortResponses = (o: Outcome) => {
        if (o.ok) (o.output.Responses as Record<string, { employee_id: string }[]>).users!.sort((a, b) => a.employee_id.localeCompare(b.employee_id));
        return o;
      };
      expect(sortResponses(batch.ours)).to.deep.equal(sortResponses(batch.theirs));
      expect(okOutput(batch.ours).Responses.users).to.deep.equal([items[0], items[2]]);

      const legacy = await both("Query", { TableName: "users", KeyConditions: { team_id: { ComparisonOperator: "EQ", AttributeValueList: ["team_1"] } } });
      expect(legacy.ours).to.deep.equal(legacy.theirs);
      expect(okOutput(legacy.ours).Count).to.equal(2);

      const page = await both("Query", {
        TableName: "users",
        KeyConditionExpression: "team_id = :t",
        ExpressionAttributeValues: { ":t": "team_1" },
        Limit: 1,
      });
      expect(page.ours).to.deep.equal(page.theirs);
      const next = okOutput(page.ours).LastEvaluatedKey;
      expect(next).to.deep.equal({ team_id: "team_1", employee_id: "emp_1" });
      const second = await both("Query", { TableName: "users", KeyConditionExpression: "team_id = :t", ExpressionAttributeValues: { ":t": "team_1" }, ExclusiveStartKey: next });
      expect(second.ours).to.deep.equal(second.theirs);
      expect(okOutput(second.ours).Items).to.deep.equal([items[1]]);
    });

    it("PutItem with the legacy Expected, UpdateItem with AttributeUpdates, TransactWriteItems and TransactGetItems: as the official client", async () => {
      const put = await both("PutItem", {
        TableName: "users",
        Item: { team_id: "team_9", employee_id: "emp_9", n: 1 },
        Expected: { team_id: { Exists: false } },
      });
      expect(put.ours.ok).to.equal(true);
      expect(put.theirs).to.deep.include({ ok: false, name: "ConditionalCheckFailedException" });

      const update = await both("UpdateItem", {
        TableName: "users",
        Key: { team_id: "team_9", employee_id: "emp_9" },
        AttributeUpdates: { n: { Action: "ADD", Value: 2 } },
        Expected: { n: { ComparisonOperator: "GE", AttributeValueList: [1] } },
        ReturnValues: "UPDATED_NEW",
      });
      expect(update.ours).to.deep.equal({ ok: true, output: { Attributes: { n: 3 } } });
      expect(update.theirs).to.deep.equal({ ok: true, output: { Attributes: { n: 5 } } });

      const transact = await both("TransactWriteItems", {
        TransactItems: [
          { Put: { TableName: "users", Item: { team_id: "team_8", employee_id: "emp_8", big: 12345678901234567890n } } },
          { Update: { TableName: "users", Key: { team_id: "team_9", employee_id: "emp_9" }, UpdateExpression: "SET n = n + :one", ExpressionAttributeValues: { ":one": 1 } } },
        ],
      });
      expect(transact.ours).to.deep.equal({ ok: true, output: {} });
      const read = await docs.send("TransactGetItems", {
        TransactItems: [{ Get: { TableName: "users", Key: { team_id: "team_8", employee_id: "emp_8" } } }, { Get: { TableName: "users", Key: { team_id: "team_9", employee_id: "emp_9" } } }],
      });
      expect(read.Responses).to.deep.equal([{ Item: { team_id: "team_8", employee_id: "emp_8", big: 12345678901234567890n } }, { Item: { team_id: "team_9", employee_id: "emp_9", n: 7 } }]);
    });

    it("keeps numbers exact: bigint and NumberValue in, bigint out (NumberValue with wrapNumbers)", async () => {
      await docs.send("PutItem", { TableName: "users", Item: { team_id: "n", employee_id: "1", big: 10n ** 37n + 1n, exact: new NumberValue("0.1000000000000000000001") } });
      const wrapped = new DynamoDBDocument(docs.client, { unmarshallOptions: { wrapNumbers: true } });
      const { Item } = await wrapped.send("GetItem", { TableName: "users", Key: { team_id: "n", employee_id: "1" } });
      expect((Item as Record<string, NumberValue>).big!.value).to.equal("10000000000000000000000000000000000001");
      expect((Item as Record<string, NumberValue>).exact!.value).to.equal("0.1000000000000000000001");
      const plain = await docs.send("GetItem", { TableName: "users", Key: { team_id: "n", employee_id: "1" }, ProjectionExpression: "big" });
      expect(plain.Item).to.deep.equal({ big: 10n ** 37n + 1n });
    });
  });

  describe("errors", () => {
    it("a failed condition carries the stored item as plain values, in Item and currentItem", async () => {
      const Item = { team_id: "c", employee_id: "1", tags: new Set(["x"]) };
      await docs.send("PutItem", { TableName: "users", Item });
      const error = await rejectionOf(
        docs.send("PutItem", { TableName: "users", Item, ConditionExpression: "attribute_not_exists(team_id)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" }),
        DocumentConditionalCheckFailedException,
      );
      expect(error).to.be.instanceOf(ConditionalCheckFailedException);
      expect(error.currentItem).to.deep.equal(Item);
      expect((error as unknown as { Item: unknown }).Item).to.deep.equal(Item);
    });

    it("a cancelled transaction carries CancellationReasons with plain items", async () => {
      const Item = { team_id: "t", employee_id: "1", n: 1 };
      await docs.send("PutItem", { TableName: "users", Item });
      const error = await rejectionOf(
        docs.send("TransactWriteItems", {
          TransactItems: [
            { ConditionCheck: { TableName: "users", Key: { team_id: "t", employee_id: "1" }, ConditionExpression: "n = :two", ExpressionAttributeValues: { ":two": 2 }, ReturnValuesOnConditionCheckFailure: "ALL_OLD" } },
          ],
        }),
        DocumentTransactionCanceledException,
      );
      expect(error.cancellationItems).to.deep.equal([Item]);
      const reasons = (error as unknown as { CancellationReasons: { Code: string; Item?: unknown }[] }).CancellationReasons;
      expect(reasons[0]!.Code).to.equal("ConditionalCheckFailed");
      expect(reasons[0]!.Item).to.deep.equal(Item);
    });

    it("a value that cannot be stored is reported with its wire path before any request", async () => {
      const error = await rejectionOf(docs.send("PutItem", { TableName: "users", Item: { team_id: "x", employee_id: "y", list: [1, undefined] } }), ParamValidationError);
      expect(error.problems.map((p) => p.path)).to.deep.equal(["Item.list[1]"]);
      const key = await rejectionOf(docs.send("GetItem", { TableName: "users", Key: "team_1" }), ParamValidationError);
      expect(key.problems).to.have.length(1);
      expect(key.problems[0]!.path).to.equal("Key");
      expect(key.problems[0]!.message).to.match(/^expected an item/);
      expect(key.message).to.match(/^GetItem: Key: expected an item/);
    });

    it("the operation's constraints are checked before any request", async () => {
      const error = await rejectionOf(docs.send("GetItem", { Key: { team_id: "x" } }), ParamValidationError);
      expect(error.problems.map((p) => p.path)).to.include("TableName");
    });

    it("a misspelt name lists the closest operations", async () => {
      const byMethod = await rejectionOf(docs.send("BatchGetItems", {}), TypeError);
      expect(byMethod.message).to.include('did you mean "BatchGetItem"');
      const byFunction = await rejectionOf(sendDocument(docs, "DescribeTables", {}), TypeError);
      expect(byFunction.message).to.include('"DescribeTable"');
    });
  });

  describe("operations without attribute values", () => {
    it("go through a descriptor, the operations option, a wrapped DynamoDB or sendDocument", async () => {
      const byDescriptor = await docs.send(ListTables, {});
      expect(byDescriptor.TableNames).to.include("users");
      const all = new DynamoDBDocument(docs.client, { operations });
      expect((await all.send("ListTables", { Limit: 1 })).TableNames).to.have.length(1);
      const db = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
      try {
        const wrapped = new DynamoDBDocument(db);
        expect((await wrapped.send("ListTables", {})).TableNames).to.include("users");
        expect((await wrapped.send("GetItem", { TableName: "users", Key: { team_id: "team_1", employee_id: "emp_1" } })).Item).to.have.property("name", "Anneke");
      } finally {
        await db.destroy();
      }
      // By name alone, an operation the client holds no descriptor for goes out as written.
      expect((await docs.send("ListTables", {})).TableNames).to.include("users");
      const missing = await rejectionOf(docs.send("DeleteTable", { TableName: "no-such-table" }), DynamoDBServiceException);
      expect(missing.name).to.equal("ResourceNotFoundException");
      const misspelt = await rejectionOf(docs.send("ListTable", {}), TypeError);
      expect(misspelt.message).to.include('did you mean "ListTables"');
      const created = await rejectionOf(docs.send(CreateTable, { BillingMode: "PAY_PER_REQUEST" }), ParamValidationError);
      expect(created.problems.map((p) => p.path)).to.include("TableName");
    });
  });

  describe("versioned writes through send", () => {
    it("PutItem and UpdateItem store the next version; a stale one is a VersionConflictError with the stored item", async () => {
      const versioned = new DynamoDBDocument(docs.client, { versionAttribute: "version" });
      await versioned.send("PutItem", { TableName: "versioned", Item: { id: "a", name: "first" } });
      expect((await versioned.send("GetItem", { TableName: "versioned", Key: { id: "a" } })).Item).to.deep.equal({ id: "a", name: "first", version: 1 });
      const updated = await versioned.send(
        "UpdateItem",
        { TableName: "versioned", Key: { id: "a" }, UpdateExpression: "SET #n = :n", ExpressionAttributeNames: { "#n": "name" }, ExpressionAttributeValues: { ":n": "second" }, ReturnValues: "ALL_NEW" },
        { expectedVersion: 1 },
      );
      expect(updated.Attributes).to.deep.equal({ id: "a", name: "second", version: 2 });
      const stale = await rejectionOf(versioned.send("PutItem", { TableName: "versioned", Item: { id: "a", name: "third", version: 1 } }), VersionConflictError);
      expect(stale.actualVersion).to.equal(2);
      expect(stale.item).to.deep.equal({ id: "a", name: "second", version: 2 });
      expect(stale.message).to.include("expected version 1 but found version 2");
      const deleted = await rejectionOf(versioned.send("DeleteItem", { TableName: "versioned", Key: { id: "a" } }, { expectedVersion: 5 }), VersionConflictError);
      expect(deleted.actualVersion).to.equal(2);
      await versioned.send("DeleteItem", { TableName: "versioned", Key: { id: "a" } }, { expectedVersion: 2 });
    });

    it("TransactWriteItems actions are versioned, with expectedVersions by index", async () => {
      const versioned = new DynamoDBDocument(docs.client, { versionAttribute: "version" });
      await versioned.send("TransactWriteItems", { TransactItems: [{ Put: { TableName: "versioned", Item: { id: "t1" } } }, { Put: { TableName: "versioned", Item: { id: "t2" } } }] });
      const error = await rejectionOf(
        versioned.send(
          "TransactWriteItems",
          {
            TransactItems: [
              { Update: { TableName: "versioned", Key: { id: "t1" }, UpdateExpression: "SET x = :x", ExpressionAttributeValues: { ":x": 1 } } },
              { Delete: { TableName: "versioned", Key: { id: "t2" } } },
            ],
          },
          { expectedVersions: [1, 3] },
        ),
        TransactionVersionConflictError,
      );
      expect(error.conflicts.map((c) => [c.index, c.actualVersion])).to.deep.equal([[1, 1]]);
      await versioned.send("TransactWriteItems", { TransactItems: [{ Delete: { TableName: "versioned", Key: { id: "t2" } } }] }, { expectedVersions: [1] });
      expect((await versioned.send("GetItem", { TableName: "versioned", Key: { id: "t2" } })).Item).to.equal(undefined);
    });

    it("expectedVersion where it does not apply is refused before any request", async () => {
      const versioned = new DynamoDBDocument(docs.client, { versionAttribute: "version" });
      await rejectionOf(versioned.send("PutItem", { TableName: "versioned", Item: { id: "z" } }, { expectedVersion: 1 }), TypeError);
      await rejectionOf(versioned.send("GetItem", { TableName: "versioned", Key: { id: "z" } }, { expectedVersion: 1 }), TypeError);
    });
  });
});
