/**
 * The conformance scenario: what a user does with the package, written
 * against its public API as a user writes it, with default settings apart
 * from the endpoint, region and credentials. Every runtime test
 * (test/runtimes/) runs this same file on the packed package and checks the
 * result it returns.
 *
 * It never throws: each step is recorded as passed or failed (with the
 * error's name, message and stack), so that a runner shows where and why a
 * runtime fails. A step that fails does not stop the later ones; the first
 * failure is the one to read.
 */
import * as dynaport from "dynaport";
import { buildExpressions, expression, forDocument } from "dynaport/expressions";

const { DynamoDB, DynamoDBDocument, ConditionalCheckFailedException, ParamValidationError } = dynaport;

/** Calls made after the others; more than the default transport's 64-request switch. */
export const MORE_CALLS = 100;

/**
 * Runs the scenario against `endpoint` and returns
 * `{ ok, steps: [{ name, ok, ms, error? }], runtime }`.
 * @param {{ endpoint: string, region?: string, credentials: { accessKeyId: string, secretAccessKey: string }, tableName?: string }} options
 */
export async function runScenario(options) {
  const steps = [];
  const started = Date.now();
  /** Runs one step and records it. */
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      steps.push({ name, ok: true, ms: Date.now() - t0 });
    } catch (err) {
      steps.push({ name, ok: false, ms: Date.now() - t0, error: describeError(err) });
    }
  };

  const config = { region: options.region ?? "us-east-1", endpoint: options.endpoint, credentials: options.credentials };
  const tableName = options.tableName ?? "conformance";
  let db;
  await step("new DynamoDB(config)", () => {
    db = new DynamoDB(config);
  });
  if (!db) return finish(steps, started);

  await step("createTable", async () => {
    const { tableDescription } = await db.createTable({
      tableName,
      attributeDefinitions: [{ attributeName: "pk", attributeType: "S" }],
      keySchema: [{ attributeName: "pk", keyType: "HASH" }],
      billingMode: "PAY_PER_REQUEST",
    });
    equal(tableDescription?.tableName, tableName, "tableDescription.tableName");
  });

  const bytes = Uint8Array.of(0, 1, 2, 127, 128, 253, 254, 255);
  const typedItem = {
    pk: { s: "typed" },
    s: { s: "héllo ✓ 🌍" },
    n: { n: "123.45" },
    b: { b: bytes },
    ss: { ss: ["a", "b", "c"] },
    ns: { ns: ["1", "2.5", "-3"] },
    bs: { bs: [Uint8Array.of(1), Uint8Array.of(2, 3)] },
    m: { m: { inner: { s: "x" }, deep: { m: { n: { n: "1" } } } } },
    l: { l: [{ s: "a" }, { n: "2" }, { bool: false }, { null: true }] },
    nul: { null: true },
    bool: { bool: true },
  };
  await step("typed putItem/getItem of every attribute type", async () => {
    await db.putItem({ tableName, item: typedItem });
    const { item } = await db.getItem({ tableName, key: { pk: { s: "typed" } }, consistentRead: true });
    equal(item?.b?.b instanceof Uint8Array, true, "item.b.b is a Uint8Array");
    equal(typedForm(item), typedForm(typedItem), "item read back");
  });

  await step('raw send("Query", wire JSON)', async () => {
    const out = await db.send("Query", {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: "typed" } },
      ConsistentRead: true,
    });
    equal(out.Count, 1, "Count");
    const [found] = out.Items;
    equal(found.n, { N: "123.45" }, "Items[0].n");
    equal(found.b, { B: "AAECf4D9/v8=" }, "Items[0].b (base64)");
    equal(found.nul, { NULL: true }, "Items[0].nul");
    equal(typeof out.$metadata?.httpStatusCode, "number", "$metadata.httpStatusCode");
  });

  await step("document client put/get with a Set and a Uint8Array", async () => {
    const docs = new DynamoDBDocument(db);
    const item = {
      pk: "doc",
      names: new Set(["ann", "bob"]),
      counts: new Set([1, 2, 3]),
      bytes,
      nested: { list: [1, "two", null, true], when: "2024-01-01" },
    };
    await docs.put({ tableName, item });
    const { item: read } = await docs.get({ tableName, key: { pk: "doc" }, consistentRead: true });
    equal(read?.names instanceof Set, true, "names is a Set");
    equal(read?.counts instanceof Set, true, "counts is a Set");
    equal(read?.bytes instanceof Uint8Array, true, "bytes is a Uint8Array");
    equal(read, item, "document read back");
  });

  await step("failed condition is a ConditionalCheckFailedException", async () => {
    let caught;
    try {
      await db.putItem({ tableName, item: { pk: { s: "typed" } }, conditionExpression: "attribute_not_exists(pk)" });
    } catch (err) {
      caught = err;
    }
    if (caught === undefined) throw new Error("the conditional write succeeded");
    if (!(caught instanceof ConditionalCheckFailedException)) throw new Error(`not a ConditionalCheckFailedException instance: ${describeError(caught).name}: ${describeError(caught).message}`);
    equal(caught.name, "ConditionalCheckFailedException", "err.name");
  });

  await step("an expression mistake is refused before the wire", async () => {
    let caught;
    try {
      await db.updateItem({
        tableName,
        key: { pk: { s: "typed" } },
        updateExpression: "SET status = :s",
        expressionAttributeValues: { ":s": { s: "done" }, ":unused": { n: "1" } },
      });
    } catch (err) {
      caught = err;
    }
    if (!(caught instanceof ParamValidationError)) throw new Error(`not a ParamValidationError: ${caught === undefined ? "the update was sent" : describeError(caught).message}`);
    equal(caught.name, "ParamValidationError", "err.name");
    equal(caught.problems.map((p) => p.path), ["updateExpression", 'expressionAttributeValues[":unused"]'], "problem paths");
  });

  await step("dynaport/expressions: a built update and condition through the document client", async () => {
    const { eq, set, plus, ifNotExists, attributeExists } = expression();
    const built = buildExpressions({
      update: [set("status", "CLAIMED"), set("count", plus(ifNotExists("count", 0), 1))],
      condition: attributeExists("pk"),
    });
    const docs = new DynamoDBDocument(db);
    const { attributes } = await docs.update({ tableName, key: { pk: "doc" }, returnValues: "ALL_NEW", ...forDocument(built) });
    equal([attributes?.status, attributes?.count], ["CLAIMED", 1], "status and count after the update");
    const again = buildExpressions({ update: set("status", "DONE"), condition: eq("status", "PENDING") });
    let caught;
    try {
      await docs.update({ tableName, key: { pk: "doc" }, ...forDocument(again) });
    } catch (err) {
      caught = err;
    }
    if (!(caught instanceof ConditionalCheckFailedException)) throw new Error("the built condition did not stop the update");
  });

  await step(`${MORE_CALLS} more calls (past the default transport's 64-request switch)`, async () => {
    for (let i = 0; i < MORE_CALLS; i++) {
      // Even calls write an item, odd ones read it back.
      const key = `more-${Math.floor(i / 2) % 10}`;
      if (i % 2 === 0) await db.putItem({ tableName, item: { pk: { s: key }, i: { n: String(i) } } });
      else {
        const { item } = await db.getItem({ tableName, key: { pk: { s: key } }, consistentRead: true });
        equal(item?.i, { n: String(i - 1) }, `call ${i}: item.i`);
      }
    }
  });

  // The bare client and one function per operation: what a tree-shaken app uses.
  await step("DynamoDBClient + getItem(client, input)", async () => {
    const client = new dynaport.DynamoDBClient(config);
    try {
      await dynaport.putItem(client, { tableName, item: { pk: { s: "bare" }, b: { b: bytes } } });
      const { item } = await dynaport.getItem(client, { tableName, key: { pk: { s: "bare" } }, consistentRead: true });
      equal(typedForm(item), typedForm({ pk: { s: "bare" }, b: { b: bytes } }), "item read back");
    } finally {
      await client.destroy();
    }
  });

  await step("destroy()", () => db.destroy());
  return finish(steps, started);
}

/** The result every runner reports. */
function finish(steps, started) {
  return { ok: steps.every((s) => s.ok), ms: Date.now() - started, steps };
}

/** The parts of an error worth reporting, whatever was thrown. */
export function describeError(err) {
  if (err instanceof Error || (err && typeof err === "object" && "message" in err)) {
    return { name: String(err.name), message: String(err.message), stack: String(err.stack ?? "").split("\n").slice(0, 8).join("\n") };
  }
  return { name: typeof err, message: String(err) };
}

/** Throws unless `actual` and `expected` have the same canonical form. */
function equal(actual, expected, what) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** JSON with bytes, sets and bigints spelled out, and set members sorted. */
function canonical(value) {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Uint8Array) return { $bytes: Array.from(v) };
    if (v instanceof Set) return { $set: [...v].map((m) => canonical(m)).sort() };
    if (typeof v === "bigint") return { $bigint: String(v) };
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)));
    return v;
  });
}

/** A typed item with its set members in a fixed order (DynamoDB keeps no order in sets). */
function typedForm(item) {
  if (!item || typeof item !== "object") return item;
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typedValue(value)]));
}

/** One typed attribute value, as `typedForm` compares it. */
function typedValue(value) {
  if (!value || typeof value !== "object") return value;
  for (const set of ["ss", "ns", "bs"]) {
    if (Array.isArray(value[set])) return { [set]: value[set].map((m) => canonical(m)).sort() };
  }
  if (value.m) return { m: typedForm(value.m) };
  if (Array.isArray(value.l)) return { l: value.l.map(typedValue) };
  return value;
}
