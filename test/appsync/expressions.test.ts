import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { dynamodb, ResolverError, runResolverRequest, validateResolverRequest, type ResolverRequestDocument } from "../../src/appsync/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";

const { toMapValues } = dynamodb;

describe("appsync: DynamoDB's expression checks, in the document's terms, before anything is sent", () => {
  let server: DynaliteServer;
  /** Forwards to dynalite and records each call, to count what was sent. */
  let proxy: StubServer;
  let client: DynamoDB;
  let unchecked: DynamoDB;

  before(async () => {
    server = await startDynalite();
    proxy = await startStubServer(async (req, res) => {
      const answer = await fetch(server.endpoint + req.path, {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "connection", "content-length", "transfer-encoding"].includes(name))),
        body: req.body,
      });
      const text = await answer.text();
      const headers: Record<string, string | number> = { "content-type": answer.headers.get("content-type") ?? "application/x-amz-json-1.0", "content-length": Buffer.byteLength(text) };
      const crc = answer.headers.get("x-amz-crc32");
      if (crc !== null) headers["x-amz-crc32"] = crc;
      res.writeHead(answer.status, headers);
      res.end(text);
    });
    client = new DynamoDB({ endpoint: proxy.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    unchecked = new DynamoDB({ endpoint: proxy.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, checkExpressions: false });
    await client.createTable({
      tableName: "posts",
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
    });
  });
  after(async () => {
    await client.destroy();
    await unchecked.destroy();
    await proxy.close();
    await server.close();
  });

  /** The operations sent while `action` ran (X-Amz-Target without the service prefix). */
  async function sentDuring(action: () => Promise<unknown>): Promise<{ sent: string[]; outcome: unknown }> {
    const from = proxy.requests.length;
    let outcome: unknown;
    try {
      outcome = await action();
    } catch (error) {
      outcome = error;
    }
    return { sent: proxy.requests.slice(from).map((r) => (r.headers["x-amz-target"] ?? "").split(".").at(-1)!), outcome };
  }

  /** Runs `request`, expecting the MappingTemplate error and nothing sent; answers its problems. */
  async function refused(request: unknown, options: Record<string, unknown> = { tableName: "posts" }): Promise<{ path: string; message: string }[]> {
    const { sent, outcome } = await sentDuring(() => runResolverRequest(client, request as ResolverRequestDocument, options));
    expect(outcome).to.be.instanceOf(ResolverError);
    const error = outcome as ResolverError;
    expect(error.type).to.equal("MappingTemplate");
    expect(sent).to.deep.equal([]);
    // The same problems without a client.
    expect(validateResolverRequest(request, options)).to.deep.equal(error.problems);
    return error.problems.map((p) => ({ path: p.path, message: p.message }));
  }

  it("PutItem: a reserved word in condition.expression, with the offset in the document's expression; fixed, it is sent", async () => {
    const request = {
      operation: "PutItem",
      key: toMapValues({ id: "p1" }),
      attributeValues: toMapValues({ status: "draft" }),
      condition: { expression: "attribute_not_exists(id) OR status = :s", expressionValues: toMapValues({ ":s": "draft" }) },
    };
    const problems = await refused(request);
    expect(problems).to.deep.equal([
      { path: "request.condition.expression", message: '"status" is a reserved word; write #status and map it in expressionNames (offset 28)' },
    ]);
    const error = (await rejectionOf(runResolverRequest(client, request as never, { tableName: "posts" }))) as ResolverError;
    expect(error.message).to.contain('request.condition.expression: "status" is a reserved word');

    const fixed = { ...request, condition: { ...request.condition, expression: "attribute_not_exists(id) OR #status = :s", expressionNames: { "#status": "status" } } };
    const { sent, outcome } = await sentDuring(() => runResolverRequest(client, fixed as never, { tableName: "posts" }));
    expect(sent).to.deep.equal(["PutItem"]);
    expect(outcome).to.deep.equal({ id: "p1", status: "draft" });
  });

  it("UpdateItem: a placeholder update.expression uses and no block defines, and one update.expressionValues defines and nothing uses", async () => {
    const problems = await refused({
      operation: "UpdateItem",
      key: toMapValues({ id: "u1" }),
      update: { expression: "SET title = :t, #v = :v", expressionValues: toMapValues({ ":t": "x", ":unused": 1 }) },
      // Placeholders are shared: the condition's #v serves the update.
      condition: { expression: "attribute_exists(id)", expressionNames: { "#v": "views" } },
    });
    expect(problems).to.deep.equal([
      { path: "request.update.expressionValues.:unused", message: "is not used by any expression; remove it" },
      { path: "request.update.expression", message: "uses :v (offset 21), which expressionValues does not define" },
    ]);
  });

  it("UpdateItem on a versioned data source: writing _version is refused; the module's own placeholders never collide with the document's", async () => {
    const problems = await refused(
      {
        operation: "UpdateItem",
        key: toMapValues({ id: "v1" }),
        update: { expression: "SET title = :t, #v = :v", expressionNames: { "#v": "_version" }, expressionValues: toMapValues({ ":t": "x", ":v": 5 }) },
      },
      { tableName: "posts", versioned: true },
    );
    expect(problems).to.deep.equal([{ path: "request.update.expression", message: "writes _version (offset 16), which a versioned data source maintains; leave it out" }]);

    // The document uses the names the module would pick first: they are renamed on the module's side, not reported.
    const options = { tableName: "posts", versioned: true, now: () => 1_700_000_000_000 };
    await runResolverRequest(client, { operation: "PutItem", key: toMapValues({ id: "v1" }), attributeValues: toMapValues({ title: "a" }) }, options);
    const { sent, outcome } = await sentDuring(() =>
      runResolverRequest(
        client,
        {
          operation: "UpdateItem",
          key: toMapValues({ id: "v1" }),
          update: { expression: "SET #appsyncVersion = :appsyncNextVersion", expressionNames: { "#appsyncVersion": "title" }, expressionValues: toMapValues({ ":appsyncNextVersion": "b" }) },
          condition: { expression: "#appsyncVersion = :appsyncExpectedVersion", expressionValues: toMapValues({ ":appsyncExpectedVersion": "a" }) },
          _version: 1,
        },
        options,
      ),
    );
    expect(sent).to.deep.equal(["UpdateItem"]);
    expect(outcome).to.deep.equal({ id: "v1", title: "b", _version: 2, _lastChangedAt: 1_700_000_000_000 });
  });

  it("Query: a bad filter is reported at request.filter.expression; query and filter share placeholders", async () => {
    const query = { expression: "id = :id", expressionValues: toMapValues({ ":id": "p1" }) };
    const problems = await refused({ operation: "Query", query, filter: { expression: "#s = :id AND", expressionNames: { "#s": "status" } } });
    expect(problems).to.deep.equal([{ path: "request.filter.expression", message: "syntax error at offset 12, near the end: expected a path, :value or function call" }]);
    expect(await refused({ operation: "Query", query, projection: { expression: "id, name" } })).to.deep.equal([
      { path: "request.projection.expression", message: '"name" is a reserved word; write #name and map it in expressionNames (offset 4)' },
    ]);

    const { sent, outcome } = await sentDuring(() =>
      runResolverRequest(client, { operation: "Query", query, filter: { expression: "#s <> :id", expressionNames: { "#s": "status" } } }, { tableName: "posts" }),
    );
    expect(sent).to.deep.equal(["Query"]);
    expect(outcome).to.deep.equal({ items: [{ id: "p1", status: "draft" }], nextToken: null, scannedCount: 1 });
  });

  it("TransactWriteItems: problems of one item carry its index, names and values placed at the block that defines them", async () => {
    const problems = await refused(
      {
        operation: "TransactWriteItems",
        transactItems: [
          { table: "posts", operation: "PutItem", key: toMapValues({ id: "t1" }), condition: { expression: "attribute_not_exists(id)" } },
          {
            table: "posts",
            operation: "UpdateItem",
            key: toMapValues({ id: "t2" }),
            update: { expression: "SET #n = :n", expressionNames: { "#n": "votes" }, expressionValues: toMapValues({ ":n": 1 }) },
            condition: { expression: "size > :n", expressionNames: { "#unused": "x" } },
          },
        ],
      },
      {},
    );
    expect(problems).to.deep.equal([
      { path: "request.transactItems[1].condition.expression", message: '"size" is a reserved word; write #size and map it in expressionNames (offset 0)' },
      { path: "request.transactItems[1].condition.expressionNames.#unused", message: "is not used by any expression; remove it" },
    ]);
  });

  it("BatchGetItem and TransactGetItems: projections checked per table and per item", async () => {
    expect(
      await refused({ operation: "BatchGetItem", tables: { posts: { keys: [toMapValues({ id: "p1" })], projection: { expression: "#t", expressionNames: { "#t": "title", "#x": "x" } } } } }, {}),
    ).to.deep.equal([{ path: "request.tables.posts.projection.expressionNames.#x", message: "is not used by any expression; remove it" }]);
    // The module adds the key attributes to a batch projection; a path inside one would overlap them.
    expect(await refused({ operation: "BatchGetItem", tables: { posts: { keys: [toMapValues({ id: "p1" })], projection: { expression: "title, #k.part", expressionNames: { "#k": "id" } } } } }, {})).to.deep.equal([
      { path: "request.tables.posts.projection.expression", message: "projects a part of the key attribute id (offset 7), which holds a string, number or binary; project id itself" },
    ]);
    const { sent, outcome } = await sentDuring(() =>
      runResolverRequest(client, { operation: "BatchGetItem", tables: { posts: { keys: [toMapValues({ id: "p1" })], projection: { expression: "#s", expressionNames: { "#s": "status" } } } } }, {}),
    );
    expect(sent).to.deep.equal(["BatchGetItem"]);
    expect(outcome).to.deep.equal({ data: { posts: [{ status: "draft" }] }, unprocessedKeys: { posts: [] } });
    expect(await refused({ operation: "TransactGetItems", transactItems: [{ table: "posts", key: toMapValues({ id: "p1" }), projection: { expression: "a, a" } }] }, {})).to.deep.equal([
      { path: "request.transactItems[0].projection.expression", message: "the paths a and a (offset 3) overlap; write each part of an item once" },
    ]);
  });

  it("a problem the structural checks already report is not reported twice", () => {
    const problems = validateResolverRequest(
      { operation: "Query", query: { expression: "" }, filter: { expression: "a = :v", expressionValues: { ":v": { N: "x" } } } },
      { tableName: "posts" },
    );
    expect(problems.map((p) => p.path)).to.deep.equal(["request.query.expression", "request.filter.expressionValues.:v.N"]);
  });

  it("checkExpressions: false on the client: the document is sent as it is, and the service answers", async () => {
    const request = {
      operation: "PutItem",
      key: toMapValues({ id: "off" }),
      attributeValues: toMapValues({ status: "x" }),
      condition: { expression: "attribute_not_exists(id) OR status = :s", expressionValues: toMapValues({ ":s": "x" }) },
    };
    expect(validateResolverRequest(request, { tableName: "posts" }, { checkExpressions: false })).to.deep.equal([]);
    const { sent, outcome } = await sentDuring(() => runResolverRequest(unchecked, request as never, { tableName: "posts" }));
    expect(sent).to.deep.equal(["PutItem"]);
    expect(outcome).to.be.instanceOf(ResolverError);
    expect((outcome as ResolverError).type).to.equal("DynamoDB:ValidationException");
    expect((outcome as ResolverError).message).to.match(/reserved keyword/i);
  });
});
