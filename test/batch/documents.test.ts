import { expect } from "chai";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { batchGetDocuments, batchWriteDocuments } from "../../src/batch/index.js";
import { MarshallError } from "../../src/document/index.js";
import type { RawDynamoDBClient } from "../../src/query-and-update/client.js";
import type { JsonObject } from "../../src/runtime/types.js";

// The plain-value batch helpers: the same loop as the wire ones, with items
// and keys as JavaScript values and the caller's own objects handed back.
describe("plain-value batch helpers against dynalite", function () {
  this.timeout(60_000);
  let server: DynaliteServer;
  let db: DynamoDB;

  before(async () => {
    server = await startDynalite();
    db = new DynamoDB({ region: "us-east-1", endpoint: server.endpoint, credentials: TEST_CREDENTIALS });
    await db.createTable({
      tableName: "Jobs",
      attributeDefinitions: [
        { attributeName: "pk", attributeType: "S" },
        { attributeName: "n", attributeType: "N" },
      ],
      keySchema: [
        { attributeName: "pk", keyType: "HASH" },
        { attributeName: "n", keyType: "RANGE" },
      ],
      billingMode: "PAY_PER_REQUEST",
    });
  });

  after(async () => {
    await db.destroy();
    await server.close();
  });

  const job = (i: number) => ({ pk: `JOB#${i % 10}`, n: i, big: 2n ** 64n + BigInt(i), tags: new Set(["a", `t${i}`]), meta: { ok: i % 2 === 0, list: [i, null] } });

  it("writes 1,200 plain items and reads them back as plain values, bigints exact", async () => {
    const items = Array.from({ length: 1200 }, (_, i) => job(i));
    const written = await batchWriteDocuments(db, { Jobs: items.map((item) => ({ putRequest: { item } })) });
    expect(written).to.deep.include({ written: 1200, complete: true, calls: 48 });

    const read = await batchGetDocuments<ReturnType<typeof job>>(db, { Jobs: { keys: items.map(({ pk, n }) => ({ pk, n })), consistentRead: true } });
    expect(read.complete).to.equal(true);
    expect(read.items.Jobs).to.have.length(1200);
    const sample = read.items.Jobs!.find((item) => item.n === 777)!;
    expect(sample).to.deep.equal(job(777));
    expect(typeof sample.big).to.equal("bigint");
  });

  it("reads items in one pass when the client takes a body reader, and the same items when it does not", async () => {
    const items = Array.from({ length: 150 }, (_, i) => job(5000 + i));
    await batchWriteDocuments(db, { Jobs: items.map((item) => ({ putRequest: { item } })) });
    const keys = items.map(({ pk, n }) => ({ pk, n }));
    let readers = 0;
    const forwarding: RawDynamoDBClient = {
      send: (op, input, options, read) => {
        if (read) readers++;
        return db.send(op as never, input, options, read);
      },
    };
    const ignoring: RawDynamoDBClient = { send: (op, input, options) => db.send(op as never, input, options) };
    const byN = (a: { n: number }, b: { n: number }) => a.n - b.n;
    const viaText = await batchGetDocuments<ReturnType<typeof job>>(forwarding, { Jobs: { keys, consistentRead: true } });
    const viaJson = await batchGetDocuments<ReturnType<typeof job>>(ignoring, { Jobs: { keys, consistentRead: true } });
    expect(readers).to.equal(2); // 150 keys: two BatchGetItem calls
    expect(viaText.items.Jobs!.sort(byN)).to.deep.equal(items);
    expect(viaJson.items.Jobs!.sort(byN)).to.deep.equal(items);
  });

  it("hands back the caller's own requests and keys when the service holds some back", async () => {
    const real: RawDynamoDBClient["send"] = (op, input, options) => db.send(op as never, input, options);
    const client: RawDynamoDBClient = {
      async send(op, input, options) {
        if (op === "BatchWriteItem") {
          const [first, ...rest] = (input.RequestItems as Record<string, JsonObject[]>).Jobs!;
          const out = rest.length ? await real(op, { RequestItems: { Jobs: rest } }, options) : {};
          return { ...out, UnprocessedItems: { Jobs: [JSON.parse(JSON.stringify(first))] } };
        }
        if (op === "BatchGetItem") {
          const table = (input.RequestItems as Record<string, { Keys: JsonObject[] }>).Jobs!;
          const [first, ...rest] = table.Keys;
          const out = rest.length ? await real(op, { RequestItems: { Jobs: { ...table, Keys: rest } } }, options) : {};
          return { ...out, UnprocessedKeys: { Jobs: { Keys: [JSON.parse(JSON.stringify(first))] } } };
        }
        return real(op, input, options);
      },
    };
    const requests = [0, 1, 2].map((i) => ({ putRequest: { item: { pk: "HELD", n: i } } }));
    const written = await batchWriteDocuments(client, { Jobs: requests }, { keyAttributes: { Jobs: ["pk", "n"] }, maxAttempts: 2, baseDelay: 1 });
    expect(written.written).to.equal(2);
    expect(written.unprocessed.Jobs).to.have.length(1);
    expect(written.unprocessed.Jobs![0]).to.equal(requests[0]);

    const keys = [{ pk: "JOB#1", n: 1 }, { pk: "JOB#2", n: 2 }];
    const read = await batchGetDocuments(client, { Jobs: { keys } }, { maxAttempts: 2, baseDelay: 1 });
    expect(read.items.Jobs).to.have.length(1);
    expect(read.unprocessed.Jobs![0]).to.equal(keys[0]);
  });

  it("refuses values it cannot store before sending anything", async () => {
    let sent = 0;
    const client: RawDynamoDBClient = { send: async () => (sent++, {}) };
    const error = await batchWriteDocuments(client, { Jobs: [{ putRequest: { item: { pk: "x", n: 1, missing: undefined } } }] }, { keyAttributes: { Jobs: ["pk", "n"] } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(MarshallError);
    expect(sent).to.equal(0);
  });
});
