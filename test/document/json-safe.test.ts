/**
 * `jsonSafe` and the document client's `jsonSafe` option: results as JSON
 * carries them without losing meaning, compared after `JSON.stringify`.
 */
import { expect } from "chai";
import fc from "fast-check";
import { DynamoDBDocument, jsonSafe, jsonSafeNumber, NumberValue, VersionConflictError } from "../../src/index.js";
import { createTable } from "../../src/generated/dynamodb/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";

describe("jsonSafe", () => {
  it("turns sets into arrays, binary into base64, bigints and NumberValues into exact numbers or strings", () => {
    const value = {
      s: "x",
      n: 1.5,
      b: true,
      nul: null,
      tags: new Set(["a", "b"]),
      nums: new Set([1, 2n, new NumberValue("3.25")]),
      bytes: new Uint8Array([104, 105]),
      blobs: new Set([new Uint8Array([0, 255])]),
      small: 42n,
      exactBig: 2n ** 60n,
      big: 12345678901234567891n,
      wrapped: new NumberValue("0.1000000000000000000001"),
      nested: { list: [new Set(["z"]), { deep: 10n ** 30n + 1n }] },
    };
    expect(JSON.stringify(jsonSafe(value))).to.equal(
      JSON.stringify({
        s: "x",
        n: 1.5,
        b: true,
        nul: null,
        tags: ["a", "b"],
        nums: [1, 2, "3.25"],
        bytes: "aGk=",
        blobs: ["AP8="],
        small: 42,
        exactBig: 1152921504606846976,
        big: "12345678901234567891",
        wrapped: "0.1000000000000000000001",
        nested: { list: [["z"], { deep: "1000000000000000000000000000001" }] },
      }),
    );
    // The input is left as it was.
    expect(value.tags).to.be.instanceOf(Set);
  });

  it("keeps a member named __proto__ as data and leaves Dates to their toJSON", () => {
    const input = JSON.parse('{"__proto__": {"a": 1}}') as object;
    const out = jsonSafe(input) as object;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(JSON.stringify(out)).to.equal('{"__proto__":{"a":1}}');
    const when = new Date(0);
    expect(JSON.stringify(jsonSafe({ when }))).to.equal('{"when":"1970-01-01T00:00:00.000Z"}');
  });

  it("jsonSafeNumber: a number when JavaScript writes it back as the same decimal, else the text", () => {
    expect(jsonSafeNumber("12.5")).to.equal(12.5);
    expect(jsonSafeNumber("0.1")).to.equal(0.1);
    expect(jsonSafeNumber("-0")).to.equal(-0);
    expect(jsonSafeNumber("1E+2")).to.equal(100);
    expect(jsonSafeNumber("9007199254740993")).to.equal("9007199254740993");
    expect(jsonSafeNumber("0.12345678901234567891")).to.equal("0.12345678901234567891");
    expect(jsonSafeNumber("1E+125")).to.equal(1e125);
    expect(jsonSafeNumber("1.00000000000000000001E+125")).to.equal("1.00000000000000000001E+125");
    expect(jsonSafeNumber("1E+22")).to.equal(1e22);
  });

  it("never loses a digit: every result parses back to the same decimal value", () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,37}$/), fc.integer({ min: -40, max: 40 }))
      .map(([negative, digits, exponent]) => `${negative ? "-" : ""}${digits}E${exponent}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const safe = jsonSafeNumber(text);
        const back = JSON.parse(JSON.stringify(safe)) as number | string;
        const written = typeof back === "number" ? String(back) : back;
        expect(canonical(written)).to.equal(canonical(text));
      }),
      { numRuns: 500 },
    );
  });
});

/** A decimal as sign, significant digits and exponent. */
function canonical(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const [, sign, int = "", frac = "", exp = "0"] = m;
  const all = int + frac;
  const lead = all.length - all.replace(/^0+/, "").length;
  const digits = all.slice(lead).replace(/0+$/, "");
  if (digits === "") return "0";
  return `${sign}0.${digits}e${int.length - lead + Number(exp)}`;
}

describe("DynamoDBDocument with jsonSafe: true", function () {
  this.timeout(20_000);
  let server: DynaliteServer;
  let docs: DynamoDBDocument;
  const item = {
    id: "a",
    tags: new Set(["x", "y"]),
    photo: new Uint8Array([1, 2, 3]),
    small: 7,
    fraction: new NumberValue("0.5"),
    big: 12345678901234567891n,
    precise: new NumberValue("3.14159265358979323846"),
    list: [new Set([1, 2]), { inner: new Uint8Array([255]) }],
    version: 1,
  };
  const expected = {
    id: "a",
    tags: ["x", "y"],
    photo: "AQID",
    small: 7,
    fraction: 0.5,
    big: "12345678901234567891",
    precise: "3.14159265358979323846",
    list: [[1, 2], { inner: "/w==" }],
    version: 1,
  };

  before(async () => {
    server = await startDynalite();
    docs = new DynamoDBDocument({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS }, { jsonSafe: true });
    await createTable(docs.client, {
      tableName: "safe",
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
    });
    await docs.put({ tableName: "safe", item });
  });

  after(async () => {
    await docs.destroy();
    await server.close();
  });

  it("get, query, scan, batchGet, transactGet return JSON-ready items", async () => {
    const sortSets = (o: unknown) => JSON.parse(JSON.stringify(o), (_k, v) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? [...v].sort() : v));
    const get = await docs.get({ tableName: "safe", key: { id: "a" } });
    expect(JSON.stringify(sortSets(get.item))).to.equal(JSON.stringify(expected));
    const query = await docs.query({ tableName: "safe", keyConditionExpression: "id = :id", expressionAttributeValues: { ":id": "a" } });
    expect(JSON.stringify(sortSets(query.items))).to.equal(JSON.stringify([expected]));
    const scan = await docs.scan({ tableName: "safe" });
    expect(JSON.stringify(sortSets(scan.items))).to.equal(JSON.stringify([expected]));
    const batch = await docs.batchGet({ requestItems: { safe: { keys: [{ id: "a" }] } } });
    expect(JSON.stringify(sortSets(batch.responses))).to.equal(JSON.stringify({ safe: [expected] }));
    const transact = await docs.transactGet({ transactItems: [{ get: { tableName: "safe", key: { id: "a" } } }] });
    expect(JSON.stringify(sortSets(transact.responses))).to.equal(JSON.stringify([{ item: expected }]));
    const paged: unknown[] = [];
    for await (const one of docs.paginateScan({ tableName: "safe" }).items()) paged.push(one);
    expect(JSON.stringify(sortSets(paged))).to.equal(JSON.stringify([expected]));
  });

  it("send returns its wire output in the same form", async () => {
    const out = await docs.send("GetItem", { TableName: "safe", Key: { id: "a" } });
    const { $metadata, ...rest } = out;
    expect($metadata.httpStatusCode).to.equal(200);
    const text = JSON.stringify(rest, (_k, v) => (Array.isArray(v) && v.every((x) => typeof x === "string") ? [...v].sort() : v));
    expect(text).to.equal(JSON.stringify({ Item: expected }));
  });

  it("the items on conflict errors are JSON-ready too", async () => {
    const versioned = new DynamoDBDocument(docs.client, { jsonSafe: true, versionAttribute: "version" });
    const error = await rejectionOf(versioned.put({ tableName: "safe", item: { id: "a" } }), VersionConflictError);
    expect(() => JSON.stringify(error.item)).to.not.throw();
    expect((error.item as Record<string, unknown>).big).to.equal("12345678901234567891");
  });
});
