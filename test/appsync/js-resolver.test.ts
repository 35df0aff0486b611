/** The JS resolver of docs/appsync.md, run against dynalite as the guide shows. */
import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { dynamodb as ddb, ResolverError, runResolverRequest, type ResolverRequest } from "../../src/appsync/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";

// --- the resolver, as in the guide (`util` stands in for '@aws-appsync/utils') ---
const util = { dynamodb: ddb, error: (message: string, type: string, data?: unknown) => { throw Object.assign(new Error(message), { type, data }); } };

function request(ctx: { args: { id: string; title: string; expectedVersion?: number } }): ResolverRequest {
  const { id, expectedVersion, ...values } = ctx.args;
  return {
    operation: "PutItem",
    key: util.dynamodb.toMapValues({ id }),
    attributeValues: util.dynamodb.toMapValues({ ...values, version: (expectedVersion ?? 0) + 1 }),
    condition:
      expectedVersion === undefined
        ? { expression: "attribute_not_exists(id)" }
        : { expression: "version = :expected", expressionValues: util.dynamodb.toMapValues({ ":expected": expectedVersion }) },
  };
}

function response(ctx: { result: unknown; error?: { message: string; type: string; data: unknown } }): unknown {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type, ctx.error.data);
  return ctx.result;
}
// --- end of the resolver ---

/** Runs the resolver as AppSync would: request, the data source, response. */
async function resolve(client: DynamoDB, args: { id: string; title: string; expectedVersion?: number }): Promise<unknown> {
  const ctx: { args: typeof args; result: unknown; error?: ResolverError } = { args, result: null };
  try {
    ctx.result = await runResolverRequest(client, request(ctx), { tableName: "posts" });
  } catch (error) {
    if (!(error instanceof ResolverError)) throw error;
    ctx.error = error;
    ctx.result = error.result; // AppSync may set ctx.result next to ctx.error (a failed condition: the current item)
  }
  return response(ctx);
}

describe("appsync: the guide's JS resolver against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    await client.createTable({ tableName: "posts", keySchema: [{ attributeName: "id", keyType: "HASH" }], attributeDefinitions: [{ attributeName: "id", attributeType: "S" }], billingMode: "PAY_PER_REQUEST" });
  });
  after(async () => {
    await client.destroy();
    await server.close();
  });

  it("creates, updates at the expected version, and surfaces a stale write as ctx.error", async () => {
    expect(await resolve(client, { id: "1", title: "draft" })).to.deep.equal({ id: "1", title: "draft", version: 1 });
    expect(await resolve(client, { id: "1", title: "final", expectedVersion: 1 })).to.deep.equal({ id: "1", title: "final", version: 2 });
    try {
      await resolve(client, { id: "1", title: "late", expectedVersion: 1 });
      expect.fail("a stale write resolved");
    } catch (error) {
      expect(error).to.include({ type: "DynamoDB:ConditionalCheckFailedException" });
      expect((error as { data: unknown }).data).to.deep.equal({ id: "1", title: "final", version: 2 });
    }
  });
});
