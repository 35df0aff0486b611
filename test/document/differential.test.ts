import { expect } from "chai";
import fc from "fast-check";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createTable } from "../../src/generated/dynamodb/index.js";
import { DynamoDBDocument, type DocumentItem } from "../../src/document/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";

// Values DynamoDB itself accepts: numbers within its range and 38 digits,
// non-empty sets, attribute names of at least one character.
const LIMIT = 10n ** 38n - 1n;
const number = fc.oneof(
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }).filter((n) => n === 0 ? !Object.is(n, -0) : Math.abs(n) > 1e-100),
);
const bigint = fc.bigInt({ min: -LIMIT, max: LIMIT });
const bytes = fc.uint8Array({ minLength: 1, maxLength: 12 });
const name = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== "__proto__");
const set = fc.oneof(
  fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 4 }).map((v) => new Set(v)),
  fc.uniqueArray(number, { minLength: 1, maxLength: 4, selector: String }).map((v) => new Set(v)),
  fc.uniqueArray(bigint, { minLength: 1, maxLength: 4, selector: String }).map((v) => new Set(v)),
  fc.uniqueArray(bytes, { minLength: 1, maxLength: 3, selector: (b) => Buffer.from(b).toString("hex") }).map((v) => new Set(v)),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    number,
    bigint,
    fc.boolean(),
    fc.constant(null),
    bytes,
    set,
    fc.array(tie("any"), { maxLength: 4 }),
    fc.dictionary(name, tie("any"), { maxKeys: 4 }),
  ),
})).any;
const attributes = fc.dictionary(name.filter((k) => k !== "pk" && k !== "sk"), value, { maxKeys: 6 });

describe("differential: dynaport's document client and @aws-sdk/lib-dynamodb read the same data alike", () => {
  let server: DynaliteServer;
  let ours: DynamoDBDocument;
  let official: DynamoDBDocumentClient;
  let items: DocumentItem[];
  const tableName = "differential";

  before(async () => {
    server = await startDynalite();
    ours = new DynamoDBDocument({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    official = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS }));
    // A document client built from a configuration sits on the bare client: table operations are functions.
    await createTable(ours.client, {
      tableName,
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
    items = fc.sample(attributes, { numRuns: 60, seed: 20261121 }).map((attrs, i) => ({ ...attrs, pk: i % 2 === 0 ? "even" : "odd", sk: i }));
    // Half written by each client, so that each reads what the other wrote.
    for (const [i, item] of items.entries()) {
      if (i % 4 < 2) await ours.put({ tableName, item });
      else await official.send(new PutCommand({ TableName: tableName, Item: item }));
    }
  });

  after(async () => {
    await ours.destroy();
    official.destroy();
    await server.close();
  });

  it("get: every item reads the same through both clients", async () => {
    for (const item of items) {
      const key = { pk: item.pk, sk: item.sk };
      const mine = await ours.get({ tableName, key, consistentRead: true });
      const theirs = await official.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      expect(mine.item).to.deep.equal(theirs.Item, `item ${String(item.sk)}`);
    }
  });

  it("query: the same pages, items and last evaluated keys", async () => {
    let mineKey: DocumentItem | undefined;
    let theirsKey: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const mine = await ours.query({
        tableName,
        keyConditionExpression: "pk = :pk AND sk > :min",
        expressionAttributeValues: { ":pk": "even", ":min": 3 },
        limit: 7,
        exclusiveStartKey: mineKey,
      });
      const theirs = await official.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk > :min",
          ExpressionAttributeValues: { ":pk": "even", ":min": 3 },
          Limit: 7,
          ExclusiveStartKey: theirsKey,
        }),
      );
      expect(mine.items).to.deep.equal(theirs.Items);
      expect(mine.count).to.equal(theirs.Count);
      expect(mine.lastEvaluatedKey).to.deep.equal(theirs.LastEvaluatedKey);
      mineKey = mine.lastEvaluatedKey;
      theirsKey = theirs.LastEvaluatedKey;
      pages++;
    } while (mineKey !== undefined);
    expect(pages).to.be.greaterThan(2);
  });

  it("scan and batchGet: the same items", async () => {
    const mine = await ours.scan({ tableName });
    const theirs = await official.send(new ScanCommand({ TableName: tableName }));
    expect(mine.items).to.have.length(items.length);
    expect(mine.items).to.deep.equal(theirs.Items);

    const keys = items.slice(0, 20).map((item) => ({ pk: item.pk, sk: item.sk }));
    const bySk = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.sk) - Number(b.sk);
    const mineBatch = await ours.batchGet({ requestItems: { [tableName]: { keys } } });
    const theirsBatch = await official.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
    expect(mineBatch.responses![tableName]!.sort(bySk)).to.deep.equal(theirsBatch.Responses![tableName]!.sort(bySk));
  });

  it("both read back what was written, up to DynamoDB's number model", async () => {
    const mine = (await ours.scan({ tableName, consistentRead: true })).items!;
    const sorted = mine.sort((a, b) => Number(a.sk) - Number(b.sk));
    expect(sorted).to.deep.equal(items.map(normalize));
  });
});

/** A value as DynamoDB gives it back: safe-range bigints become numbers. */
function normalize(value: unknown): any {
  if (typeof value === "bigint") return value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (value instanceof Set) return new Set([...value].map(normalize));
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
}
