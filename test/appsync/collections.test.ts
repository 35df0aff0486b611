import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { dynamodb, ResolverError, runResolverRequest, validateResolverRequest, type PageResult, type ResolverRequestDocument } from "../../src/appsync/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { sendDynamoJson, startStubServer, type StubServer } from "../support/stub-server.js";
import { rejectionOf } from "../support/rejection.js";

const { toMapValues } = dynamodb;

describe("appsync: Query, Scan, batches and transactions against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    await client.createTable({
      tableName: "posts",
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
    });
    await client.createTable({
      tableName: "comments",
      keySchema: [
        { attributeName: "postId", keyType: "HASH" },
        { attributeName: "n", keyType: "RANGE" },
      ],
      attributeDefinitions: [
        { attributeName: "postId", attributeType: "S" },
        { attributeName: "n", attributeType: "N" },
        { attributeName: "author", attributeType: "S" },
      ],
      globalSecondaryIndexes: [
        {
          indexName: "byAuthor",
          keySchema: [
            { attributeName: "author", keyType: "HASH" },
            { attributeName: "n", keyType: "RANGE" },
          ],
          projection: { projectionType: "ALL" },
        },
      ],
      billingMode: "PAY_PER_REQUEST",
    });
    for (let n = 1; n <= 7; n++) {
      await runResolverRequest(client, { operation: "PutItem", key: toMapValues({ postId: "p1", n }), attributeValues: toMapValues({ author: n % 2 ? "ann" : "bob", text: `c${n}` }) }, { tableName: "comments" });
    }
    for (let n = 1; n <= 2; n++) {
      await runResolverRequest(client, { operation: "PutItem", key: toMapValues({ postId: "p2", n }), attributeValues: toMapValues({ author: "cy", text: `d${n}` }) }, { tableName: "comments" });
    }
  });
  after(async () => {
    await client.destroy();
    await server.close();
  });

  const run = (request: unknown, options: Record<string, unknown> = {}) => runResolverRequest(client, request as ResolverRequestDocument, { tableName: "comments", ...options });
  const queryP1 = { operation: "Query", query: { expression: "postId = :p", expressionValues: toMapValues({ ":p": "p1" }) } } as const;

  /** Every page of a Query or Scan, following nextToken. */
  async function allPages(request: Record<string, unknown>): Promise<PageResult[]> {
    const pages: PageResult[] = [];
    let nextToken: string | null = null;
    do {
      const page = (await run({ ...request, nextToken })) as PageResult;
      pages.push(page);
      nextToken = page.nextToken;
    } while (nextToken !== null && pages.length < 20);
    return pages;
  }

  // Query and Scan: ctx.result is { items, nextToken, scannedCount }:
  // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-query.html
  // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-scan.html
  describe("Query", () => {
    it("pages with limit and an opaque nextToken that round-trips", async () => {
      const pages = await allPages({ ...queryP1, limit: 3 });
      expect(pages.map((p) => p.items.map((i) => i.n))).to.deep.equal([[1, 2, 3], [4, 5, 6], [7]]);
      expect(pages.map((p) => p.scannedCount)).to.deep.equal([3, 3, 1]);
      expect(pages[0]!.nextToken).to.be.a("string");
      expect(pages[2]!.nextToken).to.equal(null);
      expect(pages[0]!.items[0]).to.deep.equal({ postId: "p1", n: 1, author: "ann", text: "c1" });
    });

    it("goes backwards, filters (scannedCount counts before the filter), projects, and queries an index", async () => {
      const back = (await run({ ...queryP1, scanIndexForward: false, limit: 2 })) as PageResult;
      expect(back.items.map((i) => i.n)).to.deep.equal([7, 6]);

      const filtered = (await run({ ...queryP1, filter: { expression: "#a = :who", expressionNames: { "#a": "author" }, expressionValues: toMapValues({ ":who": "bob" }) } })) as PageResult;
      expect(filtered.items.map((i) => i.n)).to.deep.equal([2, 4, 6]);
      expect(filtered.scannedCount).to.equal(7);
      expect(filtered.nextToken).to.equal(null);

      const projected = (await run({ ...queryP1, limit: 1, select: "SPECIFIC_ATTRIBUTES", projection: { expression: "#t", expressionNames: { "#t": "text" } } })) as PageResult;
      expect(projected.items).to.deep.equal([{ text: "c1" }]);

      const byAuthor = (await run({ operation: "Query", index: "byAuthor", query: { expression: "author = :a AND n > :min", expressionValues: toMapValues({ ":a": "ann", ":min": 2 }) }, consistentRead: false })) as PageResult;
      expect(byAuthor.items.map((i) => i.n)).to.deep.equal([3, 5, 7]);
    });

    it("an empty result is { items: [], nextToken: null, scannedCount: 0 }", async () => {
      expect(await run({ operation: "Query", query: { expression: "postId = :p", expressionValues: toMapValues({ ":p": "none" }) } })).to.deep.equal({ items: [], nextToken: null, scannedCount: 0 });
    });
  });

  describe("Scan", () => {
    it("pages through the whole table", async () => {
      const pages = await allPages({ operation: "Scan", limit: 4 });
      const items = pages.flatMap((p) => p.items);
      expect(items).to.have.length(9);
      expect(pages.length).to.be.greaterThan(2);
      expect(new Set(items.map((i) => `${i.postId}/${i.n}`)).size).to.equal(9);
    });

    it("parallel segments cover the table between them, and filters apply", async () => {
      const seg = async (segment: number) => ((await run({ operation: "Scan", segment, totalSegments: 2 })) as PageResult).items;
      const both = [...(await seg(0)), ...(await seg(1))];
      expect(both).to.have.length(9);
      const cy = (await run({ operation: "Scan", filter: { expression: "author = :a", expressionValues: toMapValues({ ":a": "cy" }) } })) as PageResult;
      expect(cy.items.map((i) => i.text).sort()).to.deep.equal(["d1", "d2"]);
      expect(cy.scannedCount).to.equal(9);
    });
  });

  // ctx.result of the batches: `data` per table, every table of the request present, entries in request order,
  // null for a missing or unprocessed one; `unprocessedKeys` (BatchGetItem, BatchDeleteItem) or
  // `unprocessedItems` (BatchPutItem); BatchDeleteItem gives the keys, not the deleted items:
  // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-get-item.html
  // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-put-item.html
  // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-delete-item.html
  describe("BatchPutItem, BatchGetItem, BatchDeleteItem", () => {
    it("puts across tables and answers with the items per table, in request order", async () => {
      const result = await run({
        version: "2018-05-29",
        operation: "BatchPutItem",
        tables: {
          posts: [toMapValues({ id: "b1", title: "one" }), toMapValues({ id: "b2", title: "two", tags: ["x"] })],
          comments: [toMapValues({ postId: "b1", n: 1, text: "hi" })],
        },
      });
      expect(result).to.deep.equal({
        data: { posts: [{ id: "b1", title: "one" }, { id: "b2", title: "two", tags: ["x"] }], comments: [{ postId: "b1", n: 1, text: "hi" }] },
        unprocessedItems: { posts: [], comments: [] },
      });
    });

    it("gets per table in the order of the keys, null for a missing item; a projection need not name the key", async () => {
      const result = await run({
        operation: "BatchGetItem",
        tables: {
          posts: { keys: [toMapValues({ id: "b2" }), toMapValues({ id: "missing" }), toMapValues({ id: "b1" })], consistentRead: true },
          comments: { keys: [toMapValues({ postId: "b1", n: 1 })], projection: { expression: "#t", expressionNames: { "#t": "text" } } },
        },
      });
      expect(result).to.deep.equal({
        data: { posts: [{ id: "b2", title: "two", tags: ["x"] }, null, { id: "b1", title: "one" }], comments: [{ text: "hi" }] },
        unprocessedKeys: { posts: [], comments: [] },
      });
    });

    it("deletes and answers with the keys deleted", async () => {
      const result = await run({ operation: "BatchDeleteItem", tables: { posts: [toMapValues({ id: "b1" }), toMapValues({ id: "b2" })], comments: [toMapValues({ postId: "b1", n: 1 })] } });
      expect(result).to.deep.equal({ data: { posts: [{ id: "b1" }, { id: "b2" }], comments: [{ postId: "b1", n: 1 }] }, unprocessedKeys: { posts: [], comments: [] } });
      const after = (await run({ operation: "BatchGetItem", tables: { posts: { keys: [toMapValues({ id: "b1" })] } } })) as { data: Record<string, unknown[]> };
      expect(after.data.posts).to.deep.equal([null]);
    });

    // Partly processed batches. AppSync retries what DynamoDB left unprocessed and, if it cannot finish,
    // sets ctx.error AND gives ctx.result = { data, unprocessedKeys | unprocessedItems } (the batch tutorial's
    // "Error handling" section shows both on one context):
    // https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-dynamodb-batch-js.html
    // dynalite never leaves entries unprocessed, so a stub service answers as a throttled DynamoDB does.
    describe("partly processed batches (a stub service answering as a throttled DynamoDB does)", () => {
      let stub: StubServer;
      let stubClient: DynamoDB;
      before(async () => {
        stub = await startStubServer();
        // One attempt per call: the retries under test are the resolver's, not the client's.
        stubClient = new DynamoDB({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      });
      after(async () => {
        await stubClient.destroy();
        await stub.close();
      });
      const throttled = { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message: "You exceeded your maximum allowed provisioned throughput" };
      /** Answers the calls in turn, one answer each: [status, body]. */
      function answers(...list: [number, unknown][]): void {
        let n = 0;
        stub.handle((_req, res) => {
          const [status, body] = list[Math.min(n++, list.length - 1)]!;
          sendDynamoJson(res, status, body);
        });
      }
      const bodies = (from: number) => stub.requests.slice(from).map((r) => JSON.parse(r.body) as { RequestItems: Record<string, unknown> });
      const runStub = (request: unknown, options: Record<string, unknown> = {}) => runResolverRequest(stubClient, request as ResolverRequestDocument, { batchRetryDelay: 0, ...options });

      it("BatchGetItem: the keys left unprocessed are asked again (same projection and read mode), and the retry's items fill their places", async () => {
        const from = stub.requests.length;
        answers([200, { Responses: { posts: [{ id: { S: "a" }, t: { N: "1" } }] }, UnprocessedKeys: { posts: { Keys: [{ id: { S: "b" } }] } } }], [200, { Responses: { posts: [{ id: { S: "b" }, t: { N: "2" } }] } }]);
        const result = await runStub({ operation: "BatchGetItem", tables: { posts: { keys: [toMapValues({ id: "b" }), toMapValues({ id: "a" })], consistentRead: true, projection: { expression: "t" } } } });
        expect(result).to.deep.equal({ data: { posts: [{ t: 2 }, { t: 1 }] }, unprocessedKeys: { posts: [] } });
        const sent = bodies(from);
        expect(sent).to.have.length(2);
        expect(sent[1]!.RequestItems).to.deep.equal({ posts: { Keys: [{ id: { S: "b" } }], ConsistentRead: true, ProjectionExpression: "t, #appsyncKey0", ExpressionAttributeNames: { "#appsyncKey0": "id" } } });
      });

      it("BatchGetItem: a retry that fails gives ctx.error (the service's error) and ctx.result (null in data, the key in unprocessedKeys), as in the tutorial", async () => {
        answers([200, { Responses: { locationReadings: [{ sensorId: { S: "1" }, lat: { N: "47.6" } }] }, UnprocessedKeys: { temperatureReadings: { Keys: [{ sensorId: { S: "1" } }] } } }], [400, throttled]);
        const error = await rejectionOf(
          runStub({ operation: "BatchGetItem", tables: { temperatureReadings: { keys: [toMapValues({ sensorId: "1" })] }, locationReadings: { keys: [toMapValues({ sensorId: "1" })] } } }),
          ResolverError,
        );
        expect(error.type).to.equal("DynamoDB:ProvisionedThroughputExceededException");
        expect(error.message).to.match(/provisioned throughput/);
        expect(error.result).to.deep.equal({
          data: { temperatureReadings: [null], locationReadings: [{ sensorId: "1", lat: 47.6 }] },
          unprocessedKeys: { temperatureReadings: [{ sensorId: "1" }], locationReadings: [] },
        });
      });

      it("BatchPutItem: retries run out, BatchPartiallyProcessed with { data, unprocessedItems } as ctx.result", async () => {
        // The BatchPutItem page contradicts itself: its "Things to remember" say the unprocessed entries come in an
        // `unprocessedKeys` block, while its response structure, its example and the sentence after it name the block
        // `unprocessedItems` (as does the batch tutorial's note). The module follows the structure and the example:
        // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-batch-put-item.html
        const from = stub.requests.length;
        const left = { UnprocessedItems: { authors: [{ PutRequest: { Item: { author_id: { S: "a1" }, author_name: { S: "a1_name" } } } }] } };
        answers([200, left]);
        const error = await rejectionOf(
          runStub(
            { operation: "BatchPutItem", tables: { authors: [toMapValues({ author_id: "a1", author_name: "a1_name" })], posts: [toMapValues({ author_id: "a1", post_id: "p2", post_title: "title" })] } },
            { batchRetries: 1 },
          ),
          ResolverError,
        );
        expect(error.type).to.equal("BatchPartiallyProcessed");
        // The example of the BatchPutItem page, value for value.
        expect(error.result).to.deep.equal({
          data: { authors: [null], posts: [{ author_id: "a1", post_id: "p2", post_title: "title" }] },
          unprocessedItems: { authors: [{ author_id: "a1", author_name: "a1_name" }], posts: [] },
        });
        const sent = bodies(from);
        expect(sent).to.have.length(2);
        expect(sent[1]!.RequestItems).to.deep.equal(left.UnprocessedItems);
      });

      it("BatchDeleteItem: the keys, null where left, and unprocessedKeys; batchRetries 0 makes one call", async () => {
        const from = stub.requests.length;
        answers([200, { UnprocessedItems: { posts: [{ DeleteRequest: { Key: { id: { S: "1" } } } }] } }]);
        const error = await rejectionOf(runStub({ operation: "BatchDeleteItem", tables: { posts: [toMapValues({ id: "1" }), toMapValues({ id: "2" })] } }, { batchRetries: 0 }), ResolverError);
        expect(error.type).to.equal("BatchPartiallyProcessed");
        expect(error.result).to.deep.equal({ data: { posts: [null, { id: "2" }] }, unprocessedKeys: { posts: [{ id: "1" }] } });
        expect(stub.requests.length - from).to.equal(1);
      });

      it("a failure of the first call is the operation's error, with no result", async () => {
        answers([400, throttled]);
        const error = await rejectionOf(runStub({ operation: "BatchPutItem", tables: { posts: [toMapValues({ id: "1" })] } }), ResolverError);
        expect(error.type).to.equal("DynamoDB:ProvisionedThroughputExceededException");
        expect(error.result).to.equal(null);
      });

      it("TransactGetItems cancelled: ctx.result { items: null, cancellationReasons } with message \"None\" where the service gives none", async () => {
        // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-transact-get-items.html
        answers([
          400,
          {
            __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
            message: "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None]",
            CancellationReasons: [{ Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }, { Code: "None" }],
          },
        ]);
        const error = await rejectionOf(runStub({ operation: "TransactGetItems", transactItems: [{ table: "posts", key: toMapValues({ id: "1" }) }, { table: "authors", key: toMapValues({ id: "2" }) }] }), ResolverError);
        expect(error.type).to.equal("DynamoDB:TransactionCanceledException");
        expect(error.result).to.deep.equal({
          items: null,
          cancellationReasons: [
            { type: "TransactionConflict", message: "Transaction is ongoing for the item" },
            { type: "None", message: "None" },
          ],
        });
      });
    });
  });

  describe("TransactGetItems and TransactWriteItems", () => {
    // Success: { keys: [key, ...], cancellationReasons: null } and { items: [item | null, ...], cancellationReasons: null }:
    // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-transact-write-items.html
    // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-transact-get-items.html
    it("writes all four actions and answers with the keys in order", async () => {
      await run({ operation: "PutItem", key: toMapValues({ id: "t1" }), attributeValues: toMapValues({ votes: 1 }) }, { tableName: "posts" });
      await run({ operation: "PutItem", key: toMapValues({ id: "gone" }) }, { tableName: "posts" });
      const result = await run({
        version: "2018-05-29",
        operation: "TransactWriteItems",
        transactItems: [
          { table: "posts", operation: "PutItem", key: toMapValues({ id: "t2" }), attributeValues: toMapValues({ votes: 0 }), condition: { expression: "attribute_not_exists(id)" } },
          { table: "posts", operation: "UpdateItem", key: toMapValues({ id: "t1" }), update: { expression: "ADD #v :one", expressionNames: { "#v": "votes" }, expressionValues: toMapValues({ ":one": 1 }) }, condition: { expression: "#v = :one" } },
          { table: "posts", operation: "DeleteItem", key: toMapValues({ id: "gone" }) },
          { table: "comments", operation: "ConditionCheck", key: toMapValues({ postId: "p1", n: 1 }), condition: { expression: "author = :a", expressionValues: toMapValues({ ":a": "ann" }) } },
        ],
      });
      expect(result).to.deep.equal({ keys: [{ id: "t2" }, { id: "t1" }, { id: "gone" }, { postId: "p1", n: 1 }], cancellationReasons: null });

      const got = await run({
        operation: "TransactGetItems",
        transactItems: [
          { table: "posts", key: toMapValues({ id: "t1" }) },
          { table: "posts", key: toMapValues({ id: "gone" }) },
          { table: "comments", key: toMapValues({ postId: "p1", n: 2 }), projection: { expression: "#t", expressionNames: { "#t": "text" } } },
        ],
      });
      expect(got).to.deep.equal({ items: [{ id: "t1", votes: 2 }, null, { text: "c2" }], cancellationReasons: null });
    });

    it("a failed condition cancels the transaction: DynamoDB:TransactionCanceledException with the reasons (and the item) in data", async () => {
      const error = (await rejectionOf(
        run({
          operation: "TransactWriteItems",
          transactItems: [
            { table: "posts", operation: "PutItem", key: toMapValues({ id: "t3" }) },
            { table: "posts", operation: "ConditionCheck", key: toMapValues({ id: "t1" }), condition: { expression: "votes = :n", expressionValues: toMapValues({ ":n": 99 }) } },
          ],
        }),
      )) as ResolverError;
      // ctx.error is set and ctx.result is { keys: null, cancellationReasons }, one reason per item in request order,
      // `item` where a condition failed (returnValuesOnConditionCheckFailure not false), { type: "None", message: "None" }
      // for the others:
      // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-transact-write-items.html
      // The page's example gives the failed item's type as "ConditionCheckFailed" with "The condition check failed.";
      // this module passes DynamoDB's own code and message through (see docs/appsync.md).
      expect(error).to.be.instanceOf(ResolverError);
      expect(error.type).to.equal("DynamoDB:TransactionCanceledException");
      expect(error.data).to.equal(null);
      const result = error.result as { keys: unknown; cancellationReasons: { type: string; message: string; item?: unknown }[] };
      expect(Object.keys(result)).to.deep.equal(["keys", "cancellationReasons"]);
      expect(result.keys).to.equal(null);
      expect(result.cancellationReasons).to.have.length(2);
      expect(result.cancellationReasons[0]).to.deep.equal({ type: "None", message: "None" });
      expect(result.cancellationReasons[1]).to.include({ type: "ConditionalCheckFailed" });
      expect(result.cancellationReasons[1]!.message).to.be.a("string").and.not.equal("");
      expect(result.cancellationReasons[1]!.item).to.deep.equal({ id: "t1", votes: 2 });
      expect(await run({ operation: "GetItem", key: toMapValues({ id: "t3" }) }, { tableName: "posts" })).to.equal(null);

      const quiet = (await rejectionOf(
        run({ operation: "TransactWriteItems", transactItems: [{ table: "posts", operation: "ConditionCheck", key: toMapValues({ id: "t1" }), condition: { expression: "votes = :n", expressionValues: toMapValues({ ":n": 99 }), returnValuesOnConditionCheckFailure: false } }] }),
      )) as ResolverError;
      expect((quiet.result as { cancellationReasons: object[] }).cancellationReasons[0]).to.not.have.property("item");
    });
  });

  describe("validation", () => {
    it("lists every problem of a Query or Scan with its path, and a foreign nextToken", () => {
      const problems = validateResolverRequest(
        { operation: "Query", query: { expression: "" }, filter: { expression: "a = :v", expressionValues: { ":v": { N: "x" } } }, limit: 0, nextToken: "not-a-token!", select: "COUNT", scanIndexForward: "yes", extra: 1 },
        { tableName: "comments" },
      ).map((p) => p.path);
      expect(problems).to.deep.equal(["request.extra", "request.query.expression", "request.scanIndexForward", "request.filter.expressionValues.:v.N", "request.limit", "request.nextToken", "request.select"]);
      expect(validateResolverRequest({ operation: "Scan", segment: 2, totalSegments: 2 }, { tableName: "t" }).map((p) => p.path)).to.deep.equal(["request.segment"]);
      expect(validateResolverRequest({ operation: "Scan", segment: 0 }, { tableName: "t" }).map((p) => p.path)).to.deep.equal(["request.totalSegments"]);
      expect(validateResolverRequest({ operation: "Query", query: { expression: "k = :v", expressionValues: toMapValues({ ":v": 1 }) }, filter: { expression: "x = :v", expressionValues: toMapValues({ ":v": 2 }) } }, { tableName: "t" }).map((p) => p.path)).to.deep.equal([
        "request.filter.expressionValues.:v",
      ]);
      expect(validateResolverRequest({ ...queryP1, nextToken: null, limit: null }, { tableName: "t" })).to.deep.equal([]);
    });

    it("lists the problems of batches and transactions, refuses them on a versioned data source, and sends nothing", async () => {
      expect(
        validateResolverRequest({ operation: "BatchGetItem", version: "2017-02-28", tables: { posts: { keys: [toMapValues({ id: "a" }), toMapValues({ id: "a" })], consistent: true }, x: { keys: [] } } }, {}).map((p) => p.path),
      ).to.deep.equal(["request.version", "request.tables.x", "request.tables.posts.consistent", "request.tables.posts.keys[1]", "request.tables.x.keys"]);
      const many = Array.from({ length: 26 }, (_, i) => toMapValues({ id: String(i) }));
      expect(validateResolverRequest({ operation: "BatchPutItem", tables: { posts: many } }, {}).map((p) => p.path)).to.deep.equal(["request.tables"]);
      expect(validateResolverRequest({ operation: "BatchDeleteItem", tables: { posts: [toMapValues({ id: "a" })] } }, { versioned: true }).map((p) => p.path)).to.deep.equal(["options.versioned"]);
      expect(
        validateResolverRequest(
          {
            operation: "TransactWriteItems",
            transactItems: [
              { table: "posts", operation: "ConditionCheck", key: toMapValues({ id: "a" }) },
              { table: "posts", operation: "UpdateItem", key: toMapValues({ id: "b" }), condition: { expression: "x", equalsIgnore: [] } },
              { table: "posts", operation: "Upsert", key: toMapValues({ id: "c" }) },
            ],
          },
          {},
        ).map((p) => p.path),
      ).to.deep.equal([
        "request.transactItems[0].condition",
        "request.transactItems[1].update",
        "request.transactItems[1].condition.equalsIgnore",
        "request.transactItems[2].operation",
        "request.transactItems[1].condition.expression",
      ]);
      expect(validateResolverRequest({ operation: "TransactGetItems", transactItems: [] }, {}).map((p) => p.path)).to.deep.equal(["request.transactItems"]);

      const error = (await rejectionOf(run({ operation: "BatchPutItem", tables: {} }))) as ResolverError;
      expect(error.type).to.equal("MappingTemplate");
      expect(error.problems.map((p) => p.path)).to.deep.equal(["request.tables"]);
    });
  });
});
