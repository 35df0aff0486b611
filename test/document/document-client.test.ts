import { expect } from "chai";
import {
  ConditionalCheckFailedException,
  DynamoDB,
  DynamoDBClient,
  getItem,
  TransactionCanceledException,
} from "../../src/generated/dynamodb/index.js";
import {
  DocumentConditionalCheckFailedException,
  DocumentTransactionCanceledException,
  DynamoDBDocument,
  MarshallError,
  NumberValue,
} from "../../src/document/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { startStubServer, sendJson, type StubServer } from "../support/stub-server.js";
import { rejectionOf } from "../support/rejection.js";

describe("DynamoDBDocument against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  let doc: DynamoDBDocument;

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    doc = new DynamoDBDocument(client);
    await client.createTable({
      tableName: "events",
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
    await client.createTable({
      tableName: "users",
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
    });
  });

  after(async () => {
    await doc.destroy();
    await client.destroy();
    await server.close();
  });

  const richItem = {
    id: "rich",
    name: "Ada",
    age: 36,
    ratio: 0.25,
    big: 2n ** 64n,
    active: true,
    nothing: null,
    avatar: new Uint8Array([0, 1, 2, 250]),
    tags: new Set(["a", "b"]),
    scores: new Set([1, 2.5]),
    blobs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
    address: { city: "London", lines: ["1 Main St", { flat: 2 }] },
    empty: { list: [], map: {} },
  };

  it("put then get round-trips every type as plain values", async () => {
    const put = await doc.put({ tableName: "users", item: richItem });
    expect(put.$metadata.httpStatusCode).to.equal(200);
    const got = await doc.get({ tableName: "users", key: { id: "rich" }, consistentRead: true });
    expect(got.item).to.deep.equal(richItem);
    expect(got.$metadata.httpStatusCode).to.equal(200);
  });

  it("get of a missing key has no item", async () => {
    const got = await doc.get({ tableName: "users", key: { id: "nobody" } });
    expect(got).to.not.have.property("item");
  });

  it("get passes the generated options through (projection with names)", async () => {
    const got = await doc.get({
      tableName: "users",
      key: { id: "rich" },
      projectionExpression: "#n, address.city",
      expressionAttributeNames: { "#n": "name" },
      returnConsumedCapacity: "TOTAL",
    });
    expect(got.item).to.deep.equal({ name: "Ada", address: { city: "London" } });
    expect(got.consumedCapacity?.tableName).to.equal("users");
  });

  it("update with plain expression values returns plain attributes", async () => {
    const out = await doc.update({
      tableName: "users",
      key: { id: "rich" },
      updateExpression: "SET age = age + :one, tags = :tags REMOVE nothing",
      expressionAttributeValues: { ":one": 1, ":tags": new Set(["c"]) },
      returnValues: "UPDATED_NEW",
    });
    expect(out.attributes).to.deep.equal({ age: 37, tags: new Set(["c"]) });
  });

  it("put with returnValues ALL_OLD returns the replaced item", async () => {
    await doc.put({ tableName: "users", item: { id: "swap", v: 1 } });
    const out = await doc.put({ tableName: "users", item: { id: "swap", v: 2 }, returnValues: "ALL_OLD" });
    expect(out.attributes).to.deep.equal({ id: "swap", v: 1 });
  });

  it("delete returns the old item and removes it", async () => {
    const out = await doc.delete({ tableName: "users", key: { id: "swap" }, returnValues: "ALL_OLD" });
    expect(out.attributes).to.deep.equal({ id: "swap", v: 2 });
    expect((await doc.get({ tableName: "users", key: { id: "swap" } })).item).to.equal(undefined);
  });

  it("query pages with plain lastEvaluatedKey and exclusiveStartKey", async () => {
    for (let sk = 1; sk <= 5; sk++) await doc.put({ tableName: "events", item: { pk: "stream", sk, kind: sk % 2 === 0 ? "even" : "odd" } });
    const first = await doc.query({
      tableName: "events",
      keyConditionExpression: "pk = :pk AND sk >= :from",
      expressionAttributeValues: { ":pk": "stream", ":from": 2 },
      limit: 2,
    });
    expect(first.items).to.deep.equal([
      { pk: "stream", sk: 2, kind: "even" },
      { pk: "stream", sk: 3, kind: "odd" },
    ]);
    expect(first.count).to.equal(2);
    expect(first.lastEvaluatedKey).to.deep.equal({ pk: "stream", sk: 3 });
    const second = await doc.query({
      tableName: "events",
      keyConditionExpression: "pk = :pk AND sk >= :from",
      expressionAttributeValues: { ":pk": "stream", ":from": 2 },
      exclusiveStartKey: first.lastEvaluatedKey,
    });
    expect(second.items!.map((item) => item.sk)).to.deep.equal([4, 5]);
    expect(second.lastEvaluatedKey).to.equal(undefined);
  });

  it("scan filters with plain values", async () => {
    const out = await doc.scan({ tableName: "events", filterExpression: "kind = :k", expressionAttributeValues: { ":k": "even" } });
    expect(out.items!.map((item) => item.sk).sort()).to.deep.equal([2, 4]);
    expect(out.scannedCount).to.equal(5);
  });

  it("batchWrite and batchGet take and return plain items and keys", async () => {
    const write = await doc.batchWrite({
      requestItems: {
        users: [
          { putRequest: { item: { id: "b1", n: 1 } } },
          { putRequest: { item: { id: "b2", n: 2, bin: new Uint8Array([9]) } } },
          { deleteRequest: { key: { id: "rich" } } },
        ],
        events: [{ putRequest: { item: { pk: "batch", sk: 1 } } }],
      },
    });
    expect(write.unprocessedItems ?? {}).to.deep.equal({});
    const read = await doc.batchGet({
      requestItems: {
        users: { keys: [{ id: "b1" }, { id: "b2" }, { id: "rich" }], consistentRead: true },
        events: { keys: [{ pk: "batch", sk: 1 }], projectionExpression: "sk" },
      },
    });
    const users = read.responses!.users!.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(users).to.deep.equal([
      { id: "b1", n: 1 },
      { id: "b2", n: 2, bin: new Uint8Array([9]) },
    ]);
    expect(read.responses!.events).to.deep.equal([{ sk: 1 }]);
    expect(read.unprocessedKeys ?? {}).to.deep.equal({});
  });

  it("transactWrite applies every kind of action with plain values; transactGet reads them back in order", async () => {
    await doc.put({ tableName: "users", item: { id: "t-update", n: 1 } });
    await doc.put({ tableName: "users", item: { id: "t-delete" } });
    await doc.transactWrite({
      transactItems: [
        { conditionCheck: { tableName: "users", key: { id: "b1" }, conditionExpression: "n = :one", expressionAttributeValues: { ":one": 1 } } },
        { put: { tableName: "users", item: { id: "t-put", list: [1, "two"] } } },
        { update: { tableName: "users", key: { id: "t-update" }, updateExpression: "SET n = n + :d", expressionAttributeValues: { ":d": 41 } } },
        { delete: { tableName: "users", key: { id: "t-delete" } } },
      ],
    });
    const read = await doc.transactGet({
      transactItems: [
        { get: { tableName: "users", key: { id: "t-put" } } },
        { get: { tableName: "users", key: { id: "t-update" } } },
        { get: { tableName: "users", key: { id: "t-delete" } } },
      ],
    });
    expect(read.responses).to.deep.equal([{ item: { id: "t-put", list: [1, "two"] } }, { item: { id: "t-update", n: 42 } }, {}]);
  });

  it("a cancelled transaction carries the current item as plain values", async () => {
    const error = await rejectionOf(
      doc.transactWrite({
        transactItems: [
          { put: { tableName: "users", item: { id: "t-new" } } },
          {
            update: {
              tableName: "users",
              key: { id: "t-update" },
              updateExpression: "SET n = :n",
              conditionExpression: "n = :old",
              expressionAttributeValues: { ":n": 0, ":old": 1 },
              returnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
        ],
      }),
    );
    expect(error).to.be.instanceOf(DocumentTransactionCanceledException);
    expect(error).to.be.instanceOf(TransactionCanceledException);
    const cancelled = error as DocumentTransactionCanceledException;
    expect(cancelled.name).to.equal("TransactionCanceledException");
    expect(cancelled.cancellationReasons!.map((r) => r.code)).to.deep.equal(["None", "ConditionalCheckFailed"]);
    expect(cancelled.cancellationItems).to.deep.equal([undefined, { id: "t-update", n: 42 }]);
    expect((await doc.get({ tableName: "users", key: { id: "t-new" } })).item).to.equal(undefined);
  });

  it("a failed condition with ALL_OLD hands back the current item as plain values", async () => {
    await doc.put({ tableName: "users", item: { id: "guarded", owner: "ada", size: 3n ** 40n, blob: new Uint8Array([7]) } });
    const error = await rejectionOf(
      doc.put({
        tableName: "users",
        item: { id: "guarded", owner: "eve" },
        conditionExpression: "#o = :me",
        expressionAttributeNames: { "#o": "owner" },
        expressionAttributeValues: { ":me": "eve" },
        returnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    expect(error).to.be.instanceOf(DocumentConditionalCheckFailedException);
    expect(error).to.be.instanceOf(ConditionalCheckFailedException);
    const failed = error as DocumentConditionalCheckFailedException;
    expect(failed.name).to.equal("ConditionalCheckFailedException");
    expect(failed.$metadata.httpStatusCode).to.equal(400);
    expect(failed.currentItem).to.deep.equal({ id: "guarded", owner: "ada", size: 3n ** 40n, blob: new Uint8Array([7]) });
    // The typed form the generated client parsed stays available too.
    expect(failed.item?.owner).to.deep.equal({ s: "ada" });
    expect(failed.cause).to.be.instanceOf(ConditionalCheckFailedException);
  });

  it("a failed condition without ALL_OLD has no current item", async () => {
    const error = await rejectionOf(doc.delete({ tableName: "users", key: { id: "guarded" }, conditionExpression: "attribute_not_exists(id)" }));
    expect(error).to.be.instanceOf(DocumentConditionalCheckFailedException);
    expect((error as DocumentConditionalCheckFailedException).currentItem).to.equal(undefined);
  });

  it("applies the client's marshall and unmarshall options", async () => {
    const loose = new DynamoDBDocument(client, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: true },
      unmarshallOptions: { wrapNumbers: true },
    });
    await loose.put({ tableName: "users", item: { id: "loose", gone: undefined, blank: "", n: 1.5 } });
    const got = await loose.get({ tableName: "users", key: { id: "loose" } });
    expect(Object.keys(got.item!).sort()).to.deep.equal(["blank", "id", "n"]);
    expect(got.item!.blank).to.equal(null);
    expect(got.item!.n).to.be.instanceOf(NumberValue);
    expect(String(got.item!.n)).to.equal("1.5");
  });

  it("refuses a value it cannot store before sending anything, naming where it is", async () => {
    const error = await rejectionOf(doc.put({ tableName: "users", item: { id: "bad", nested: { when: new Date() } } }));
    expect(error).to.be.instanceOf(MarshallError);
    expect((error as MarshallError).path).to.equal("item.nested.when");
    const keyError = await rejectionOf(doc.query({ tableName: "events", keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": undefined } }));
    expect((keyError as MarshallError).path).to.equal('expressionAttributeValues[":pk"]');
  });

  it("reports the service's validation errors unchanged", async () => {
    const error = await rejectionOf(doc.get({ tableName: "missing-table", key: { id: "x" } }));
    expect((error as Error).name).to.equal("ResourceNotFoundException");
  });

  it("wraps a bare DynamoDBClient, which it leaves open", async () => {
    const bare = new DynamoDBClient({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    const wrapped = new DynamoDBDocument(bare);
    expect(wrapped.client).to.equal(bare);
    expect((await wrapped.get({ tableName: "users", key: { id: "b1" } })).item).to.deep.equal({ id: "b1", n: 1 });
    await wrapped.destroy();
    expect((await getItem(bare, { tableName: "users", key: { id: { s: "b1" } } })).item).to.deep.equal({ id: { s: "b1" }, n: { n: "1" } });
    await bare.destroy();
  });

  it("keeps the type of the client it wraps", () => {
    // `client` of a document client over a DynamoDB has the class's methods.
    const typed: DynamoDB = new DynamoDBDocument(client).client;
    expect(typed).to.equal(client);
    expect(typed.getItem).to.be.a("function");
  });

  it("builds and owns its own client from a configuration", async () => {
    const own = new DynamoDBDocument({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    // A bare DynamoDBClient: the document client never pulls in the DynamoDB class.
    expect(own.client).to.be.instanceOf(DynamoDBClient).and.not.be.instanceOf(DynamoDB);
    expect((await own.get({ tableName: "users", key: { id: "b1" } })).item).to.deep.equal({ id: "b1", n: 1 });
    await own.destroy();
    // The wrapped client of `doc` is untouched by another document client's destroy.
    expect((await doc.get({ tableName: "users", key: { id: "b1" } })).item).to.deep.equal({ id: "b1", n: 1 });
  });
});

describe("DynamoDBDocument.executeStatement on the wire", () => {
  let stub: StubServer;
  let doc: DynamoDBDocument;

  before(async () => {
    stub = await startStubServer();
    doc = new DynamoDBDocument({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });

  after(async () => {
    await doc.destroy();
    await stub.close();
  });

  it("sends parameters as attribute values and returns plain items", async () => {
    stub.handle((_req, res) =>
      sendJson(res, 200, {
        Items: [{ id: { S: "a" }, n: { N: "1" }, b: { B: "AQI=" } }],
        NextToken: "next",
        LastEvaluatedKey: { id: { S: "a" } },
      }),
    );
    const out = await doc.executeStatement({
      statement: "SELECT * FROM users WHERE id = ? AND n > ? AND b = ?",
      parameters: ["a", 0, new Uint8Array([1, 2])],
      consistentRead: true,
    });
    const request = stub.requests.at(-1)!;
    expect(request.headers["x-amz-target"]).to.equal("DynamoDB_20120810.ExecuteStatement");
    expect(JSON.parse(request.body)).to.deep.equal({
      Statement: "SELECT * FROM users WHERE id = ? AND n > ? AND b = ?",
      Parameters: [{ S: "a" }, { N: "0" }, { B: "AQI=" }],
      ConsistentRead: true,
    });
    expect(out.items).to.deep.equal([{ id: "a", n: 1, b: new Uint8Array([1, 2]) }]);
    expect(out.nextToken).to.equal("next");
    expect(out.lastEvaluatedKey).to.deep.equal({ id: "a" });
  });

  it("turns a failed PartiQL condition into the document error with the plain item", async () => {
    stub.handle((_req, res) =>
      sendJson(res, 400, {
        __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        message: "The conditional request failed",
        Item: { id: { S: "a" }, v: { N: "3" } },
      }),
    );
    const error = await rejectionOf(
      doc.executeStatement({ statement: "UPDATE users SET v = 4 WHERE id = 'a' AND v = 2", returnValuesOnConditionCheckFailure: "ALL_OLD" }),
    );
    expect(error).to.be.instanceOf(DocumentConditionalCheckFailedException);
    expect((error as DocumentConditionalCheckFailedException).currentItem).to.deep.equal({ id: "a", v: 3 });
  });

  it("sends only the wire form of the generated options, nothing of its own", async () => {
    stub.handle((_req, res) => sendJson(res, 200, {}));
    await doc.query({
      tableName: "events",
      indexName: "byKind",
      keyConditionExpression: "kind = :k",
      expressionAttributeValues: { ":k": "odd" },
      exclusiveStartKey: { pk: "p", sk: 1n },
      scanIndexForward: false,
      select: "COUNT",
    });
    expect(JSON.parse(stub.requests.at(-1)!.body)).to.deep.equal({
      TableName: "events",
      IndexName: "byKind",
      KeyConditionExpression: "kind = :k",
      ExpressionAttributeValues: { ":k": { S: "odd" } },
      ExclusiveStartKey: { pk: { S: "p" }, sk: { N: "1" } },
      ScanIndexForward: false,
      Select: "COUNT",
    });
  });
});
