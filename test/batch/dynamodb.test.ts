import { expect } from "chai";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { DynamoDB, DynamoDBClient } from "../../src/generated/dynamodb/index.js";
import { batchGetDocuments, batchWriteDocuments } from "../../src/batch/documents.js";
import { batchGetAll, batchWriteAll, keyString, type AttributeMap, type WriteRequest } from "../../src/batch/index.js";
import type { RawDynamoDBClient } from "../../src/query-and-update/client.js";
import type { CallOptions, JsonObject } from "../../src/runtime/types.js";

// The batch helpers on dynalite, with thousands of items, and through
// wrappers around the real client that make the service hold back part of a
// batch (as DynamoDB does under throttling) or fail a batch outright.

type Send = RawDynamoDBClient["send"];

/** A client whose `send` goes through `intercept`, which may call the real one. */
function wrap(db: DynamoDB, intercept: (op: string, input: JsonObject, real: Send, options?: CallOptions) => Promise<JsonObject>) {
  const real: Send = (op, input, options) => db.send(op as never, input, options);
  const calls: { op: string; input: JsonObject }[] = [];
  const client: RawDynamoDBClient = {
    send: (op, input, options) => {
      calls.push({ op, input });
      return intercept(op, input, real, options);
    },
  };
  return { client, calls };
}

const put = (pk: string, extra: AttributeMap = {}): WriteRequest => ({ PutRequest: { Item: { pk: { S: pk }, ...extra } } });
const key = (pk: string): AttributeMap => ({ pk: { S: pk } });

describe("batch helpers against dynalite", function () {
  this.timeout(60_000);
  let server: DynaliteServer;
  let db: DynamoDB;

  before(async () => {
    server = await startDynalite();
    db = new DynamoDB({ region: "us-east-1", endpoint: server.endpoint, credentials: TEST_CREDENTIALS });
    for (const [tableName, range] of [["Simple", false], ["Composite", true], ["Held", false], ["Errors", false]] as const) {
      await db.createTable({
        tableName,
        attributeDefinitions: [{ attributeName: "pk", attributeType: "S" }, ...(range ? [{ attributeName: "sk", attributeType: "N" as const }] : [])],
        keySchema: [{ attributeName: "pk", keyType: "HASH" }, ...(range ? [{ attributeName: "sk", keyType: "RANGE" as const }] : [])],
        billingMode: "PAY_PER_REQUEST",
      });
    }
  });

  after(async () => {
    await db.destroy();
    await server.close();
  });

  async function count(tableName: string): Promise<number> {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send("Scan", { TableName: tableName, Select: "COUNT", ...(start ? { ExclusiveStartKey: start as JsonObject } : {}) });
      total += page.Count as number;
      start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start);
    return total;
  }

  it("writes 3,000 items to two tables, then reads all 3,000 back", async () => {
    const simple = Array.from({ length: 1500 }, (_, i) => put(`s${i}`, { n: { N: String(i) }, payload: { S: "x".repeat(200) } }));
    const composite = Array.from({ length: 1500 }, (_, i) => ({
      PutRequest: { Item: { pk: { S: `c${i % 30}` }, sk: { N: String(i) }, tags: { SS: ["a", `t${i}`] } } },
    }));
    const { client, calls } = wrap(db, (op, input, real, options) => real(op, input, options));
    const written = await batchWriteAll(client, { Simple: simple, Composite: composite }, { concurrency: 8 });
    expect(written).to.deep.include({ written: 3000, calls: 120, complete: true });
    expect(Object.keys(written.unprocessed)).to.deep.equal([]);
    expect(written.failed).to.deep.equal([]);
    // Key schemas were looked up once per table with puts.
    expect(calls.filter((c) => c.op === "DescribeTable").map((c) => c.input.TableName).sort()).to.deep.equal(["Composite", "Simple"]);
    expect(calls.filter((c) => c.op === "BatchWriteItem").every((c) => Object.values(c.input.RequestItems as object).flat().length <= 25)).to.equal(true);
    expect(await count("Simple")).to.equal(1500);
    expect(await count("Composite")).to.equal(1500);

    const read = await batchGetAll(client, {
      Simple: { Keys: simple.map((_, i) => key(`s${i}`)), ProjectionExpression: "pk, n" },
      Composite: { Keys: composite.map((r) => ({ pk: r.PutRequest.Item.pk, sk: r.PutRequest.Item.sk })), ConsistentRead: true },
    });
    expect(read.complete).to.equal(true);
    expect(read.calls).to.equal(30);
    expect(read.items.Simple).to.have.length(1500);
    expect(read.items.Composite).to.have.length(1500);
    const first = read.items.Simple!.find((item) => item.pk!.S === "s7");
    expect(first).to.deep.equal({ pk: { S: "s7" }, n: { N: "7" } });
    const batchGets = calls.filter((c) => c.op === "BatchGetItem");
    expect(batchGets.every((c) => Object.values(c.input.RequestItems as Record<string, { Keys: unknown[] }>).reduce((n, t) => n + t.Keys.length, 0) <= 100)).to.equal(true);
    expect((batchGets[0]!.input.RequestItems as Record<string, JsonObject>).Simple!.ProjectionExpression).to.equal("pk, n");
  });

  it("takes the bare DynamoDBClient, sending through the operations' descriptors", async () => {
    const bare = new DynamoDBClient({ region: "us-east-1", endpoint: server.endpoint, credentials: TEST_CREDENTIALS });
    try {
      const written = await batchWriteAll(bare, { Simple: [put("bare-1"), put("bare-2")] });
      expect(written.unprocessed).to.deep.equal({});
      const read = await batchGetAll(bare, { Simple: { Keys: [key("bare-1"), key("bare-2")] } });
      expect(read.items.Simple!.map((item) => item.pk!.S).sort()).to.deep.equal(["bare-1", "bare-2"]);
      await batchWriteDocuments(bare, { Simple: [{ putRequest: { item: { pk: "bare-3", n: 3 } } }] });
      const docs = await batchGetDocuments(bare, { Simple: { keys: [{ pk: "bare-3" }] } });
      expect(docs.items.Simple).to.deep.equal([{ pk: "bare-3", n: 3 }]);
    } finally {
      await bare.destroy();
    }
  });

  it("sums the consumed capacity of every call per table when asked", async () => {
    const written = await batchWriteAll(db, { Simple: Array.from({ length: 30 }, (_, i) => put(`cap${i}`)) }, { keyAttributes: { Simple: ["pk"] }, returnConsumedCapacity: "TOTAL" });
    expect(written.calls).to.equal(2);
    expect(written.consumedCapacity).to.deep.equal({ Simple: 30 });
    const read = await batchGetAll(db, { Simple: { Keys: Array.from({ length: 30 }, (_, i) => key(`cap${i}`)), ConsistentRead: true } }, { returnConsumedCapacity: "TOTAL" });
    expect(read.consumedCapacity).to.deep.equal({ Simple: 30 });
    expect((await batchWriteAll(db, { Simple: [put("cap0")] }, { keyAttributes: { Simple: ["pk"] } })).consumedCapacity).to.equal(undefined);
  });

  it("keeps the last of several writes to one key and reports the others as superseded", async () => {
    const first = put("dup", { v: { N: "1" } });
    const second = put("dup", { v: { N: "2" } });
    const result = await batchWriteAll(db, { Simple: [first, put("other"), second] }, { keyAttributes: { Simple: ["pk"] } });
    expect(result).to.deep.include({ written: 2, complete: true });
    expect(result.superseded.Simple).to.deep.equal([first]);
    const item = await db.send("GetItem", { TableName: "Simple", Key: key("dup") });
    expect(item.Item).to.deep.equal({ pk: { S: "dup" }, v: { N: "2" } });
    // Numbers are the same key whatever their spelling.
    await batchWriteAll(db, { Composite: [{ DeleteRequest: { Key: { pk: { S: "c1" }, sk: { N: "1" } } } }, { DeleteRequest: { Key: { pk: { S: "c1" }, sk: { N: "1.0" } } } }] }).then((r) => {
      expect(r.superseded.Composite).to.have.length(1);
      expect(r.complete).to.equal(true);
    });
  });

  it("rejects duplicate keys before sending with duplicates: \"error\"", async () => {
    const { client, calls } = wrap(db, (op, input, real, options) => real(op, input, options));
    const error = await batchWriteAll(client, { Simple: [put("d1"), put("d1")] }, { duplicates: "error", keyAttributes: { Simple: ["pk"] } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message).to.match(/two writes to one key in table Simple/);
    expect(calls).to.have.length(0);
  });

  it("rejects a put without its key, and a request that is neither put nor delete, before sending", async () => {
    const { client, calls } = wrap(db, (op, input, real, options) => real(op, input, options));
    const missing = await batchWriteAll(client, { Simple: [put("ok"), { PutRequest: { Item: { other: { S: "x" } } } }] }, { keyAttributes: { Simple: ["pk"] } }).catch((e: unknown) => e);
    expect((missing as Error).message).to.equal('batchWriteAll: a PutRequest for table Simple: key attribute "pk" is missing (the item has "other")');
    const malformed = await batchWriteAll(client, { Simple: [{ Put: {} } as never] }, { keyAttributes: { Simple: ["pk"] } }).catch((e: unknown) => e);
    expect(malformed).to.be.instanceOf(TypeError);
    expect((malformed as Error).message).to.match(/neither \{PutRequest: \{Item\}\} nor \{DeleteRequest: \{Key\}\}/);
    expect(calls).to.have.length(0);
  });

  it("reads a key listed twice once, and leaves missing keys out", async () => {
    const result = await batchGetAll(db, { Simple: { Keys: [key("s1"), key("s1"), key("missing")] } });
    expect(result.complete).to.equal(true);
    expect(result.items.Simple!.map((item) => item.pk!.S)).to.deep.equal(["s1"]);
  });

  it("reports an item over 400 KB as failed without sending it, and writes the rest", async () => {
    const huge = put("huge", { blob: { S: "x".repeat(401 * 1024) } });
    const result = await batchWriteAll(db, { Simple: [huge, put("small")] }, { keyAttributes: { Simple: ["pk"] } });
    expect(result.written).to.equal(1);
    expect(result.complete).to.equal(false);
    expect(result.failed).to.have.length(1);
    expect((result.failed[0]!.error as Error).message).to.match(/400 KB/);
    expect(result.failed[0]!.requests.Simple).to.deep.equal([huge]);
  });

  it("re-sends UnprocessedItems with backoff until everything is written", async () => {
    // The "service" holds back the last 5 requests of every call, for the
    // first three times it sees each key.
    const seen = new Map<string, number>();
    const { client, calls } = wrap(db, async (op, input, real, options) => {
      if (op !== "BatchWriteItem") return real(op, input, options);
      const requests = (input.RequestItems as Record<string, WriteRequest[]>).Held!;
      const held = requests.slice(-5).filter((r) => {
        const pk = (r as { PutRequest: { Item: AttributeMap } }).PutRequest.Item.pk!.S as string;
        seen.set(pk, (seen.get(pk) ?? 0) + 1);
        return seen.get(pk)! <= 3;
      });
      const sent = requests.filter((r) => !held.includes(r));
      const out = sent.length ? await real(op, { RequestItems: { Held: sent } } as unknown as JsonObject, options) : {};
      return held.length ? { ...out, UnprocessedItems: { Held: JSON.parse(JSON.stringify(held)) } } : out;
    });
    const requests = Array.from({ length: 1000 }, (_, i) => put(`h${i}`));
    const result = await batchWriteAll(client, { Held: requests }, { keyAttributes: { Held: ["pk"] }, baseDelay: 1, maxDelay: 5 });
    expect(result).to.deep.include({ written: 1000, complete: true });
    expect(result.calls).to.equal(40 * 4); // each chunk: the first send and three re-sends of its last five
    expect(calls.filter((c) => c.op === "BatchWriteItem")).to.have.length(160);
    expect(await count("Held")).to.equal(1000);
  });

  it("reports exactly the requests still held back when the attempt budget runs out", async () => {
    const stubborn = (pk: string) => /7$/.test(pk); // every key ending in 7 is never processed
    const { client } = wrap(db, async (op, input, real, options) => {
      const requests = (input.RequestItems as Record<string, WriteRequest[]>).Errors!;
      const pkOf = (r: WriteRequest) => ("PutRequest" in r ? r.PutRequest.Item : r.DeleteRequest.Key).pk!.S as string;
      const held = requests.filter((r) => stubborn(pkOf(r)));
      const sent = requests.filter((r) => !stubborn(pkOf(r)));
      const out = sent.length ? await real(op, { RequestItems: { Errors: sent } } as unknown as JsonObject, options) : {};
      return held.length ? { ...out, UnprocessedItems: { Errors: JSON.parse(JSON.stringify(held)) } } : out;
    });
    const requests = Array.from({ length: 300 }, (_, i) => put(`e${i}`));
    const result = await batchWriteAll(client, { Errors: requests }, { keyAttributes: { Errors: ["pk"] }, maxAttempts: 3, baseDelay: 1 });
    const expected = requests.filter((r) => stubborn((r as { PutRequest: { Item: AttributeMap } }).PutRequest.Item.pk!.S as string));
    expect(result.complete).to.equal(false);
    expect(result.written).to.equal(270);
    // The caller's own objects come back, not copies.
    expect(result.unprocessed.Errors).to.have.members(expected);
    expect(result.unprocessed.Errors).to.have.length(30);
    expect(await count("Errors")).to.equal(270);
  });

  it("keeps other chunks' results when one chunk fails, and reports the failed chunk's requests", async () => {
    const { client } = wrap(db, async (op, input, real, options) => {
      const requests = Object.values(input.RequestItems as Record<string, WriteRequest[]>).flat();
      if (requests.some((r) => "PutRequest" in r && r.PutRequest.Item.pk!.S === "bad")) {
        throw Object.assign(new Error("One or more parameter values were invalid"), { name: "ValidationException" });
      }
      return real(op, input, options);
    });
    const requests = Array.from({ length: 100 }, (_, i) => put(i === 60 ? "bad" : `f${i}`));
    const result = await batchWriteAll(client, { Simple: requests }, { keyAttributes: { Simple: ["pk"] } });
    expect(result.written).to.equal(75);
    expect(result.failed).to.have.length(1);
    expect((result.failed[0]!.error as Error).name).to.equal("ValidationException");
    expect(result.failed[0]!.requests.Simple).to.deep.equal(requests.slice(50, 75));
  });

  it("retries a throttled chunk within the budget", async () => {
    let throttles = 2;
    const { client } = wrap(db, async (op, input, real, options) => {
      if (throttles-- > 0) throw Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" });
      return real(op, input, options);
    });
    const result = await batchWriteAll(client, { Simple: [put("t1"), put("t2")] }, { keyAttributes: { Simple: ["pk"] }, baseDelay: 1 });
    expect(result).to.deep.include({ written: 2, complete: true, calls: 3 });
  });

  it("never has more calls in flight than the concurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    const { client } = wrap(db, async (op, input, real, options) => {
      peak = Math.max(peak, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await real(op, input, options);
      } finally {
        inFlight--;
      }
    });
    const result = await batchWriteAll(client, { Simple: Array.from({ length: 500 }, (_, i) => put(`p${i}`)) }, { keyAttributes: { Simple: ["pk"] }, concurrency: 3 });
    expect(result.complete).to.equal(true);
    expect(peak).to.equal(3);
  });

  it("reports what was never sent when the time budget runs out", async () => {
    const { client } = wrap(db, async (op, input, real, options) => {
      await new Promise((r) => setTimeout(r, 60));
      return real(op, input, options);
    });
    const requests = Array.from({ length: 250 }, (_, i) => put(`m${i}`));
    const result = await batchWriteAll(client, { Simple: requests }, { keyAttributes: { Simple: ["pk"] }, concurrency: 1, maxDuration: 100 });
    expect(result.complete).to.equal(false);
    expect(result.calls).to.be.within(1, 3);
    const unprocessed = result.unprocessed.Simple!;
    expect(result.written + unprocessed.length).to.equal(250);
    expect(unprocessed).to.deep.equal(requests.slice(result.written));
  });

  it("stops sending on abort and accounts for every request", async () => {
    const controller = new AbortController();
    const { client } = wrap(db, async (op, input, real, options) => {
      const out = await real(op, input, options);
      controller.abort();
      return out;
    });
    const requests = Array.from({ length: 100 }, (_, i) => put(`a${i}`));
    const result = await batchWriteAll(client, { Simple: requests }, { keyAttributes: { Simple: ["pk"] }, concurrency: 1, signal: controller.signal });
    expect(result.written).to.equal(25);
    expect(result.unprocessed.Simple).to.deep.equal(requests.slice(25));
  });

  it("re-sends UnprocessedKeys until every key is read, and reports the stubborn ones exactly", async () => {
    const keys = Array.from({ length: 450 }, (_, i) => key(`s${i}`));
    const holdOnce = new Set<string>();
    const never = new Set(["s13", "s260", "s449"]);
    const { client } = wrap(db, async (op, input, real, options) => {
      const table = (input.RequestItems as Record<string, { Keys: AttributeMap[] }>).Simple!;
      const pkOf = (k: AttributeMap) => k.pk!.S as string;
      const held = table.Keys.filter((k) => never.has(pkOf(k)) || (Number(pkOf(k).slice(1)) % 4 === 0 && !holdOnce.has(pkOf(k)) && holdOnce.add(pkOf(k))));
      const asked = table.Keys.filter((k) => !held.includes(k));
      const out = asked.length ? await real(op, { RequestItems: { Simple: { ...table, Keys: asked } } } as unknown as JsonObject, options) : {};
      return held.length ? { ...out, UnprocessedKeys: { Simple: { ...table, Keys: JSON.parse(JSON.stringify(held)) } } } : out;
    });
    const result = await batchGetAll(client, { Simple: { Keys: keys } }, { maxAttempts: 4, baseDelay: 1 });
    expect(result.complete).to.equal(false);
    expect(result.items.Simple).to.have.length(447);
    expect(result.unprocessed.Simple!.map((k) => k.pk!.S).sort()).to.deep.equal([...never].sort());
    expect(result.failed).to.deep.equal([]);
    const ids = new Set(result.items.Simple!.map((item) => keyString({ pk: item.pk! })));
    expect(ids.size).to.equal(447);
  });
});
