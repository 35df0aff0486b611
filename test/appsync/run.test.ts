import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { dynamodb, ResolverError, runResolverRequest, validateResolverRequest, type ResolverRequest } from "../../src/appsync/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";
import { sendDynamoJson, startStubServer, type StubServer } from "../support/stub-server.js";

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

    // Reject: ctx.error of type DynamoDB:ConditionalCheckFailedException; the current value is in the error's data
    // (the VTL page: "a data field in the error section") and in ctx.result (the JS page's response handler reads it):
    // https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-resolver-mapping-template-reference-dynamodb-condition-expressions.html
    it("a failed condition rejects with DynamoDB:ConditionalCheckFailedException and the current item", async () => {
      await run({ operation: "PutItem", key: toMapValues({ id: "c" }), attributeValues: toMapValues({ owner: "ann", n: 1 }) });
      const error = await rejectionOf(
        run({ operation: "UpdateItem", key: toMapValues({ id: "c" }), update: { expression: "SET n = :n", expressionValues: toMapValues({ ":n": 2 }) }, condition: { expression: "#o = :me", expressionNames: { "#o": "owner" }, expressionValues: toMapValues({ ":me": "bob" }) } }),
      );
      expect(error).to.be.instanceOf(ResolverError);
      expect((error as ResolverError).type).to.equal("DynamoDB:ConditionalCheckFailedException");
      expect((error as ResolverError).data).to.deep.equal({ id: "c", owner: "ann", n: 1 });
      expect((error as ResolverError).result).to.deep.equal({ id: "c", owner: "ann", n: 1 });
      expect((error as ResolverError).message).to.match(/conditional request failed/i);
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

    // The Custom strategy, as the condition expressions page describes AppSync's Lambda handler: the payload carries
    // requestMapping and currentValue (typed values); the answer is reject, discard or retry; a retry runs once, its
    // retryMapping holds only attributeValues/update/condition, and if it fails too the Reject strategy applies:
    // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
    describe("Custom strategy", () => {
      const lambdaArn = "arn:aws:lambda:us-east-1:000000000000:function:handler";
      const request = (id: string, n = 6) => ({
        operation: "PutItem",
        key: toMapValues({ id }),
        attributeValues: toMapValues({ n }),
        condition: { expression: "n = :four", expressionValues: toMapValues({ ":four": 4 }), conditionalCheckFailedHandler: { strategy: "Custom", lambdaArn } },
      });

      it("reject: the handler sees the typed current value, and the Reject error follows", async () => {
        await run({ operation: "PutItem", key: toMapValues({ id: "h1" }), attributeValues: toMapValues({ n: 5 }) });
        const seen: unknown[] = [];
        const rejected = (await rejectionOf(
          run(request("h1"), {
            conditionalCheckFailedHandler: (failure: { currentValue: unknown; lambdaArn: string; resolver: unknown; requestMapping: unknown }) => {
              seen.push(failure.currentValue, failure.lambdaArn, failure.resolver, failure.requestMapping);
              return { action: "reject" };
            },
          }),
        )) as ResolverError;
        expect(rejected.type).to.equal("DynamoDB:ConditionalCheckFailedException");
        expect(rejected.data).to.deep.equal({ id: "h1", n: 5 });
        expect(seen).to.deep.equal([{ id: { S: "h1" }, n: { N: "5" } }, lambdaArn, { tableName: "posts" }, request("h1")]);
      });

      it("discard: succeeds with the item as it is, nothing written", async () => {
        await run({ operation: "PutItem", key: toMapValues({ id: "h2" }), attributeValues: toMapValues({ n: 5 }) });
        expect(await run(request("h2"), { conditionalCheckFailedHandler: () => ({ action: "discard" }) })).to.deep.equal({ id: "h2", n: 5 });
        expect(await stored("h2")).to.deep.equal({ id: "h2", n: 5 });
      });

      it("retry: runs once with the new condition; a retry that fails too is rejected without asking again", async () => {
        await run({ operation: "PutItem", key: toMapValues({ id: "h3" }), attributeValues: toMapValues({ n: 5 }) });
        let calls = 0;
        const retried = await run(request("h3"), {
          conditionalCheckFailedHandler: (failure: { currentValue: { n: { N: string } } }) => {
            calls++;
            return { action: "retry", retryMapping: { condition: { expression: "n = :seen", expressionValues: { ":seen": failure.currentValue.n } } } };
          },
        });
        expect(retried).to.deep.equal({ id: "h3", n: 6 });
        expect(await stored("h3")).to.deep.equal({ id: "h3", n: 6 });

        // (request("h3") again would succeed: the item is now the one it asks for.)
        const again = (await rejectionOf(
          run(request("h3", 9), {
            conditionalCheckFailedHandler: () => {
              calls++;
              return { action: "retry", retryMapping: { attributeValues: toMapValues({ n: 7 }), condition: { expression: "n = :no", expressionValues: toMapValues({ ":no": 0 }) } } };
            },
          }),
        )) as ResolverError;
        expect(again.type).to.equal("DynamoDB:ConditionalCheckFailedException");
        expect(again.data).to.deep.equal({ id: "h3", n: 6 });
        expect(calls).to.equal(2);
      });

      it("a retryMapping that changes what AppSync does not let it change is a MappingTemplate error", async () => {
        await run({ operation: "PutItem", key: toMapValues({ id: "h4" }), attributeValues: toMapValues({ n: 5 }) });
        const error = (await rejectionOf(
          run(request("h4"), {
            conditionalCheckFailedHandler: () => ({
              action: "retry",
              retryMapping: { key: toMapValues({ id: "other" }), condition: { expression: "n = :n", expressionValues: toMapValues({ ":n": 5 }), conditionalCheckFailedHandler: { strategy: "Reject" } } },
            }),
          }),
        )) as ResolverError;
        expect(error.type).to.equal("MappingTemplate");
        expect(error.problems.map((p) => p.path)).to.deep.equal(["retryMapping.key", "retryMapping.condition.conditionalCheckFailedHandler"]);
        expect(await stored("h4")).to.deep.equal({ id: "h4", n: 5 });
      });
    });

    it("UpdateItem: AppSync cannot tell the desired item, so an identical retry whose condition now fails is rejected", async () => {
      // "For the UpdateItem operation, the AWS AppSync DynamoDB function does not have enough information to determine
      // if the item currently in DynamoDB matches the expected result, and therefore follows the configured strategy."
      // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
      const update = {
        operation: "UpdateItem",
        key: toMapValues({ id: "u1" }),
        update: { expression: "SET title = :t", expressionValues: toMapValues({ ":t": "one" }) },
        condition: { expression: "attribute_not_exists(title)" },
      };
      expect(await run(update)).to.deep.equal({ id: "u1", title: "one" });
      const error = (await rejectionOf(run(update))) as ResolverError;
      expect(error.type).to.equal("DynamoDB:ConditionalCheckFailedException");
      // The current item is exactly what the update would leave, and it is still a failure (unlike PutItem, below).
      expect(error.data).to.deep.equal({ id: "u1", title: "one" });
      expect(error.result).to.deep.equal({ id: "u1", title: "one" });
      const put = { operation: "PutItem", key: toMapValues({ id: "u2" }), attributeValues: toMapValues({ title: "one" }), condition: { expression: "attribute_not_exists(title)" } };
      expect(await run(put)).to.deep.equal({ id: "u2", title: "one" });
      expect(await run(put)).to.deep.equal({ id: "u2", title: "one" });
    });

    it("service errors keep their name as the type", async () => {
      const error = await rejectionOf(run({ operation: "GetItem", key: toMapValues({ id: "x" }) }, { tableName: "missing" }));
      expect((error as ResolverError).type).to.equal("DynamoDB:ResourceNotFoundException");
    });
  });

  // "When the condition check fails, the AWS AppSync DynamoDB function performs a GetItem DynamoDB request to get the
  // current value of the item from DynamoDB. By default, it uses a strongly consistent read, however this can be
  // configured using the consistentRead field in the condition block":
  // https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
  describe("the read after a failed condition (a stub service, to see the calls)", () => {
    let stub: StubServer;
    let stubClient: DynamoDB;
    before(async () => {
      stub = await startStubServer((req, res) => {
        if (req.headers["x-amz-target"] === "DynamoDB_20120810.GetItem") sendDynamoJson(res, 200, { Item: { id: { S: "s" }, n: { N: "2" } } });
        else sendDynamoJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" });
      });
      stubClient = new DynamoDB({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    });
    after(async () => {
      await stubClient.destroy();
      await stub.close();
    });

    for (const [consistentRead, expected] of [[undefined, true], [false, false]] as const) {
      it(`condition.consistentRead ${String(consistentRead)}: a GetItem with ConsistentRead ${expected}, whose item is the current value`, async () => {
        const from = stub.requests.length;
        const condition = { expression: "n = :one", expressionValues: toMapValues({ ":one": 1 }), ...(consistentRead === undefined ? {} : { consistentRead }) };
        const error = (await rejectionOf(runResolverRequest(stubClient, { operation: "PutItem", key: toMapValues({ id: "s" }), attributeValues: toMapValues({ n: 3 }), condition }, { tableName: "posts" }))) as ResolverError;
        expect(error.data).to.deep.equal({ id: "s", n: 2 });
        const calls = stub.requests.slice(from);
        expect(calls.map((r) => r.headers["x-amz-target"])).to.deep.equal(["DynamoDB_20120810.PutItem", "DynamoDB_20120810.GetItem"]);
        expect(JSON.parse(calls[1]!.body)).to.deep.equal({ TableName: "posts", Key: { id: { S: "s" } }, ConsistentRead: expected });
      });
    }
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
