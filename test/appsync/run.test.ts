import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { dynamodb, ResolverError, runResolverRequest, validateResolverRequest, type ResolverRequest } from "../../src/appsync/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";

const { toMapValues } = dynamodb;

describe("appsync: runResolverRequest against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  let sent = 0;

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    for (const [tableName, keys] of [
      ["things", ["foo", "bar"]],
      ["posts", ["id"]],
    ] as const) {
      await client.createTable({
        tableName,
        keySchema: keys.map((attributeName, i) => ({ attributeName, keyType: i === 0 ? ("HASH" as const) : ("RANGE" as const) })),
        attributeDefinitions: keys.map((attributeName) => ({ attributeName, attributeType: "S" as const })),
        billingMode: "PAY_PER_REQUEST",
      });
    }
  });
  after(async () => {
    await client.destroy();
    await server.close();
  });

  const run = (request: unknown, options: Record<string, unknown> = {}) => {
    sent++;
    return runResolverRequest(client, request as ResolverRequest, { tableName: "posts", ...options });
  };
  const stored = async (id: string) => run({ operation: "GetItem", key: toMapValues({ id }), consistentRead: true });

  describe("GetItem, PutItem, UpdateItem, DeleteItem", () => {
    it("puts, gets with AppSync's result conversions, updates and deletes", async () => {
      const put = await run({
        version: "2018-05-29",
        operation: "PutItem",
        key: toMapValues({ id: "a" }),
        attributeValues: {
          ...toMapValues({ title: "first", views: 3, ratio: 0.5, draft: false, gone: null, meta: { tags: ["x"] } }),
          tags: dynamodb.toStringSet(["b", "a"]),
          scores: dynamodb.toNumberSet([2, 1]),
          blob: dynamodb.toB("AAEC"),
        },
      });
      const expected = { id: "a", title: "first", views: 3, ratio: 0.5, draft: false, gone: null, meta: { tags: ["x"] }, tags: ["b", "a"], scores: [2, 1], blob: "AAEC" };
      expect(put).to.deep.equal(expected);
      const got = (await stored("a"))!;
      expect({ ...got, tags: (got.tags as string[]).sort(), scores: (got.scores as number[]).sort() }).to.deep.equal({ ...expected, tags: ["a", "b"], scores: [1, 2] });

      const projected = await run({ operation: "GetItem", key: toMapValues({ id: "a" }), projection: { expression: "#t, #v", expressionNames: { "#t": "title", "#v": "views" } } });
      expect(projected).to.deep.equal({ title: "first", views: 3 });

      const updated = await run({
        operation: "UpdateItem",
        key: toMapValues({ id: "a" }),
        update: { expression: "SET #t = :t ADD #v :one REMOVE gone", expressionNames: { "#t": "title", "#v": "views" }, expressionValues: toMapValues({ ":t": "second", ":one": 1 }) },
        condition: { expression: "#v = :three", expressionValues: toMapValues({ ":three": 3 }) },
      });
      expect(updated).to.include({ id: "a", title: "second", views: 4 });
      expect(updated).to.not.have.property("gone");

      const deleted = await run({ operation: "DeleteItem", key: toMapValues({ id: "a" }), condition: { expression: "attribute_exists(id)" } });
      expect(deleted).to.include({ id: "a", title: "second" });
      expect(await stored("a")).to.equal(null);
      expect(await run({ operation: "DeleteItem", key: toMapValues({ id: "a" }) })).to.equal(null);
    });

    it("a failed condition rejects with DynamoDB:ConditionalCheckFailedException and the current item", async () => {
      await run({ operation: "PutItem", key: toMapValues({ id: "c" }), attributeValues: toMapValues({ owner: "ann", n: 1 }) });
      const error = await rejectionOf(
        run({ operation: "UpdateItem", key: toMapValues({ id: "c" }), update: { expression: "SET n = :n", expressionValues: toMapValues({ ":n": 2 }) }, condition: { expression: "#o = :me", expressionNames: { "#o": "owner" }, expressionValues: toMapValues({ ":me": "bob" }) } }),
      );
      expect(error).to.be.instanceOf(ResolverError);
      expect((error as ResolverError).type).to.equal("DynamoDB:ConditionalCheckFailedException");
      expect((error as ResolverError).data).to.deep.equal({ id: "c", owner: "ann", n: 1 });
      expect(await stored("c")).to.deep.equal({ id: "c", owner: "ann", n: 1 });
    });

    it("a failed condition whose current item is the desired item succeeds, ignoring equalsIgnore", async () => {
      const request = {
        operation: "PutItem",
        key: toMapValues({ id: "r" }),
        attributeValues: toMapValues({ title: "t", savedAt: 1 }),
        condition: { expression: "attribute_not_exists(id)", equalsIgnore: ["savedAt"] },
      };
      expect(await run(request)).to.deep.equal({ id: "r", title: "t", savedAt: 1 });
      // Same item: success, answering with the current item.
      expect(await run(request)).to.deep.equal({ id: "r", title: "t", savedAt: 1 });
      // Differs only in an ignored attribute: still success, and the stored item is unchanged.
      expect(await run({ ...request, attributeValues: toMapValues({ title: "t", savedAt: 2 }) })).to.deep.equal({ id: "r", title: "t", savedAt: 1 });
      // Differs elsewhere: rejected.
      const error = await rejectionOf(run({ ...request, attributeValues: toMapValues({ title: "other", savedAt: 1 }) }));
      expect((error as ResolverError).type).to.equal("DynamoDB:ConditionalCheckFailedException");
      expect((error as ResolverError).data).to.deep.equal({ id: "r", title: "t", savedAt: 1 });
      // A delete's desired item is no item: deleting what is already gone succeeds.
      expect(await run({ operation: "DeleteItem", key: toMapValues({ id: "never" }), condition: { expression: "attribute_exists(id)" } })).to.equal(null);
    });

    it("Custom strategy: the caller's function rejects, or retries with a new condition", async () => {
      await run({ operation: "PutItem", key: toMapValues({ id: "h" }), attributeValues: toMapValues({ n: 5 }) });
      const seen: unknown[] = [];
      const handler = "arn:aws:lambda:us-east-1:000000000000:function:handler";
      const request = {
        operation: "PutItem",
        key: toMapValues({ id: "h" }),
        attributeValues: toMapValues({ n: 6 }),
        condition: { expression: "n = :four", expressionValues: toMapValues({ ":four": 4 }), conditionalCheckFailedHandler: { strategy: "Custom", lambdaArn: handler } },
      };
      const rejected = await rejectionOf(
        run(request, {
          conditionalCheckFailedHandler: (failure: { currentValue: unknown; lambdaArn: string }) => {
            seen.push(failure.currentValue, failure.lambdaArn);
            return { action: "reject" };
          },
        }),
      );
      expect((rejected as ResolverError).type).to.equal("DynamoDB:ConditionalCheckFailedException");
      expect(seen).to.deep.equal([{ id: "h", n: 5 }, handler]);

      const retried = await run(request, {
        conditionalCheckFailedHandler: (failure: { currentValue: { n: number } }) => ({
          action: "retry",
          retryMapping: { condition: { expression: "n = :seen", expressionValues: toMapValues({ ":seen": failure.currentValue.n }) } },
        }),
      });
      expect(retried).to.deep.equal({ id: "h", n: 6 });
      expect(await stored("h")).to.deep.equal({ id: "h", n: 6 });
    });

    it("service errors keep their name as the type", async () => {
      const error = await rejectionOf(run({ operation: "GetItem", key: toMapValues({ id: "x" }) }, { tableName: "missing" }));
      expect((error as ResolverError).type).to.equal("DynamoDB:ResourceNotFoundException");
    });
  });

  describe("validation", () => {
    it("lists every problem with its path and sends nothing", async () => {
      const before = sent;
      const request = {
        version: "2019-01-01",
        operation: "UpdateItem",
        key: { id: { S: 1 }, other: { X: "y" } },
        attributeValues: toMapValues({ a: 1 }),
        condition: { expressionValues: { ":v": { N: "abc" } }, equalsIgnore: "v", conditionalCheckFailedHandler: { strategy: "Custom" } },
        _version: 1.5,
      };
      const error = (await rejectionOf(runResolverRequest(client, request as never, { tableName: "" }))) as ResolverError;
      expect(error).to.be.instanceOf(ResolverError);
      expect(error.type).to.equal("MappingTemplate");
      expect(error.problems.map((p) => p.path)).to.deep.equal([
        "options.tableName",
        "request.version",
        "request.attributeValues",
        "request.key.id.S",
        "request.key.other",
        "request.update",
        "request.condition.expression",
        "request.condition.expressionValues.:v.N",
        "request.condition.equalsIgnore",
        "request.condition.conditionalCheckFailedHandler.lambdaArn",
        "options.conditionalCheckFailedHandler",
        "request._version",
      ]);
      expect(error.message).to.contain("request.key.id.S: expected a string, got 1");
      expect(sent - before).to.equal(0);
    });

    it("names operations not run yet, and accepts what it runs", () => {
      expect(validateResolverRequest({ operation: "Sync" }, { tableName: "t" })[0]!.message).to.match(/does not run yet/);
      expect(validateResolverRequest({ operation: "PutItem", key: toMapValues({ id: "1" }) }, { tableName: "t" })).to.deep.equal([]);
    });
  });

  describe("versioned data sources", () => {
    const v = { versioned: true, now: () => 1_700_000_000_000 };

    it("creates at _version 1, writes only at the stored version, and a stale one is ConflictUnhandled with the current item", async () => {
      const created = await run({ operation: "PutItem", key: toMapValues({ id: "v" }), attributeValues: toMapValues({ title: "one" }) }, v);
      expect(created).to.deep.equal({ id: "v", title: "one", _version: 1, _lastChangedAt: 1_700_000_000_000 });

      const updated = await run(
        { operation: "UpdateItem", key: toMapValues({ id: "v" }), update: { expression: "SET title = :t", expressionValues: toMapValues({ ":t": "two" }) }, _version: 1 },
        { ...v, now: () => 1_700_000_000_500 },
      );
      expect(updated).to.deep.equal({ id: "v", title: "two", _version: 2, _lastChangedAt: 1_700_000_000_500 });

      const put = await run({ operation: "PutItem", key: toMapValues({ id: "v" }), attributeValues: toMapValues({ title: "three" }), _version: 2 }, v);
      expect(put).to.include({ title: "three", _version: 3 });

      const stale = (await rejectionOf(run({ operation: "PutItem", key: toMapValues({ id: "v" }), attributeValues: toMapValues({ title: "lost" }), _version: 2 }, v))) as ResolverError;
      expect(stale.type).to.equal("ConflictUnhandled");
      expect(stale.data).to.deep.equal({ id: "v", title: "three", _version: 3, _lastChangedAt: 1_700_000_000_000 });
      const recreate = (await rejectionOf(run({ operation: "PutItem", key: toMapValues({ id: "v" }), attributeValues: toMapValues({ title: "lost" }) }, v))) as ResolverError;
      expect(recreate.type).to.equal("ConflictUnhandled");
      expect((await stored("v"))!.title).to.equal("three");
    });

    it("the caller's condition still applies at the right version", async () => {
      const error = (await rejectionOf(
        run({ operation: "UpdateItem", key: toMapValues({ id: "v" }), update: { expression: "SET title = :t", expressionValues: toMapValues({ ":t": "x" }) }, condition: { expression: "title = :no", expressionValues: toMapValues({ ":no": "no" }) }, _version: 3 }, v),
      )) as ResolverError;
      expect(error.type).to.equal("DynamoDB:ConditionalCheckFailedException");
      expect(error.data).to.include({ title: "three", _version: 3 });
    });

    it("a delete leaves a _deleted tombstone at the next version, with _ttl when asked; a stale delete is a conflict", async () => {
      const stale = (await rejectionOf(run({ operation: "DeleteItem", key: toMapValues({ id: "v" }), _version: 1 }, v))) as ResolverError;
      expect(stale.type).to.equal("ConflictUnhandled");
      const tomb = await run({ operation: "DeleteItem", key: toMapValues({ id: "v" }), _version: 3 }, { ...v, tombstoneTtlMinutes: 60 });
      expect(tomb).to.deep.equal({ id: "v", title: "three", _version: 4, _lastChangedAt: 1_700_000_000_000, _deleted: true, _ttl: 1_700_000_000 + 3600 });
      expect(await stored("v")).to.deep.equal(tomb);

      await run({ operation: "PutItem", key: toMapValues({ id: "w" }) }, v);
      expect(await run({ operation: "DeleteItem", key: toMapValues({ id: "w" }), _version: 1 }, { ...v, tombstoneTtlMinutes: 0 })).to.deep.include({ id: "w", _version: 1 });
      expect(await stored("w")).to.equal(null);
    });

    it("_version is ignored on a data source that is not versioned", async () => {
      expect(await run({ operation: "PutItem", key: toMapValues({ id: "u" }), _version: 7 })).to.deep.equal({ id: "u" });
    });
  });
});
