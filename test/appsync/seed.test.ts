/**
 * The two PutItem examples of AppSync's reference (seed 004), as VTL
 * templates, rendered with real arguments and run against dynalite.
 */
import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { dynamodb, ResolverError, runResolverRequest } from "../../src/appsync/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";

const EXAMPLE_1 = `{ "version" : "2017-02-28", "operation" : "PutItem", "key": { "foo" : $util.dynamodb.toDynamoDBJson($ctx.args.foo), "bar" : $util.dynamodb.toDynamoDBJson($ctx.args.bar) }, "attributeValues" : { "name" : $util.dynamodb.toDynamoDBJson($ctx.args.name), "version" : $util.dynamodb.toDynamoDBJson($ctx.args.version) } }`;

// As printed, the condition reads `$expectedVersion`, a variable the
// template never sets (VTL would render null and no write could succeed);
// the argument it means is `$ctx.args.expectedVersion`, rendered here.
const EXAMPLE_2 = `{ "version" : "2017-02-28", "operation" : "PutItem", "key": { "foo" : $util.dynamodb.toDynamoDBJson($ctx.args.foo), "bar" : $util.dynamodb.toDynamoDBJson($ctx.args.bar) }, "attributeValues" : { "name" : $util.dynamodb.toDynamoDBJson($ctx.args.name), #set( $newVersion = $context.arguments.expectedVersion + 1 ) "version" : $util.dynamodb.toDynamoDBJson($newVersion) }, "condition" : { "expression" : "version = :expectedVersion", "expressionValues" : { ":expectedVersion" : $util.dynamodb.toDynamoDBJson($expectedVersion) } } }`.replace(
  "toDynamoDBJson($expectedVersion)",
  "toDynamoDBJson($ctx.args.expectedVersion)",
);

/** Renders the VTL constructs the two examples use, and nothing else (anything unknown throws). */
function render(template: string, args: Record<string, unknown>): unknown {
  const vars: Record<string, unknown> = {};
  const lookup = (ref: string): unknown => {
    const arg = /^(?:ctx|context)\.(?:args|arguments)\.(\w+)$/.exec(ref);
    if (arg) return args[arg[1]!];
    if (Object.hasOwn(vars, ref)) return vars[ref];
    throw new Error(`render: unknown reference $${ref}`);
  };
  const text = template
    .replace(/#set\(\s*\$(\w+)\s*=\s*\$([\w.]+)\s*\+\s*(\d+)\s*\)/g, (_, name: string, ref: string, n: string) => {
      vars[name] = (lookup(ref) as number) + Number(n);
      return "";
    })
    .replace(/\$util\.dynamodb\.toDynamoDBJson\(\$([\w.]+)\)/g, (_, ref: string) => dynamodb.toDynamoDBJson(lookup(ref)));
  if (/[$#]\w/.test(text.replace(/"[^"]*"/g, ""))) throw new Error(`render: unrendered VTL in ${text}`);
  return JSON.parse(text);
}

describe("appsync: seed 004's PutItem examples against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  const tableName = "things";

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    await client.createTable({
      tableName,
      keySchema: [
        { attributeName: "foo", keyType: "HASH" },
        { attributeName: "bar", keyType: "RANGE" },
      ],
      attributeDefinitions: [
        { attributeName: "foo", attributeType: "S" },
        { attributeName: "bar", attributeType: "S" },
      ],
      billingMode: "PAY_PER_REQUEST",
    });
  });
  after(async () => {
    await client.destroy();
    await server.close();
  });

  const stored = () => runResolverRequest(client, { operation: "GetItem", key: dynamodb.toMapValues({ foo: "f", bar: "b" }), consistentRead: true }, { tableName });
  const put = (template: string, args: Record<string, unknown>) => runResolverRequest(client, render(template, args) as never, { tableName });

  it("renders the examples to the documents AppSync would send", () => {
    expect(render(EXAMPLE_2, { foo: "f", bar: "b", name: "n", expectedVersion: 1 })).to.deep.equal({
      version: "2017-02-28",
      operation: "PutItem",
      key: { foo: { S: "f" }, bar: { S: "b" } },
      attributeValues: { name: { S: "n" }, version: { N: "2" } },
      condition: { expression: "version = :expectedVersion", expressionValues: { ":expectedVersion": { N: "1" } } },
    });
  });

  it("example 1 creates the item, then overwrites it", async () => {
    expect(await put(EXAMPLE_1, { foo: "f", bar: "b", name: "first", version: 1 })).to.deep.equal({ foo: "f", bar: "b", name: "first", version: 1 });
    expect(await stored()).to.deep.equal({ foo: "f", bar: "b", name: "first", version: 1 });
    expect(await put(EXAMPLE_1, { foo: "f", bar: "b", name: "second", version: 1 })).to.deep.equal({ foo: "f", bar: "b", name: "second", version: 1 });
    expect(await stored()).to.deep.equal({ foo: "f", bar: "b", name: "second", version: 1 });
  });

  it("example 2 writes only at the expected version, treats an identical retry as success, and rejects a stale one with the current item", async () => {
    const args = { foo: "f", bar: "b", name: "third", expectedVersion: 1 };
    expect(await put(EXAMPLE_2, args)).to.deep.equal({ foo: "f", bar: "b", name: "third", version: 2 });
    expect(await stored()).to.deep.equal({ foo: "f", bar: "b", name: "third", version: 2 });

    // The same mutation again: the condition fails (version is 2 now), but the item is what it asked for.
    expect(await put(EXAMPLE_2, args)).to.deep.equal({ foo: "f", bar: "b", name: "third", version: 2 });

    // A different write from the same stale version: rejected with the current item, nothing written.
    const error = (await rejectionOf(put(EXAMPLE_2, { ...args, name: "stale" }))) as ResolverError;
    expect(error).to.be.instanceOf(ResolverError);
    expect(error.type).to.equal("DynamoDB:ConditionalCheckFailedException");
    expect(error.data).to.deep.equal({ foo: "f", bar: "b", name: "third", version: 2 });
    expect(await stored()).to.deep.equal({ foo: "f", bar: "b", name: "third", version: 2 });

    // At the current version it goes through.
    expect(await put(EXAMPLE_2, { ...args, name: "fourth", expectedVersion: 2 })).to.deep.equal({ foo: "f", bar: "b", name: "fourth", version: 3 });
  });
});
