import { expect } from "chai";
import { buildExpressions, expression, type Condition, type UpdateAction } from "../../src/expressions/builder.js";
import { checkExpressions } from "../../src/expressions/check.js";
import { parseExpression } from "../../src/expressions/parse.js";
import type { ValidationProblem } from "../../src/runtime/errors.js";
import { forDocument, forDocumentSend, forQueryAndUpdate, forSend, forTyped } from "../../src/expressions/builder-targets.js";
import { ConditionalCheckFailedException, DynamoDB } from "../../src/generated/dynamodb/index.js";
import { DynamoDBDocument, MarshallError, NumberValue } from "../../src/document/index.js";
import { queryAndUpdate } from "../../src/query-and-update/index.js";
import { createJobTable, loadJobs } from "../../demo/job-table.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";

const x = expression();

describe("expression builder: what it writes", () => {
  it("aliases every name once per request, across all of its expressions", () => {
    const built = buildExpressions({
      keyCondition: x.eq("status", "PENDING"),
      filter: x.attributeExists("claimedBy"),
      condition: x.eq("status", "PENDING"),
      update: [x.set("status", "CLAIMED"), x.set("claimedBy", "w1")],
      projection: ["status", "claimedBy"],
    });
    expect(built).to.deep.equal({
      keyCondition: "#status = :v0",
      filter: "attribute_exists(#claimedBy)",
      condition: "#status = :v0",
      update: "SET #status = :v1, #claimedBy = :v2",
      projection: "#status, #claimedBy",
      names: { "#status": "status", "#claimedBy": "claimedBy" },
      values: { ":v0": "PENDING", ":v1": "CLAIMED", ":v2": "w1" },
    });
  });

  it("gives names that are not plain words placeholders that no plain word can take", () => {
    const awkward = ["a.b", "a-b", "first name", "naïve", "日本", "_0", "_1", "1st", "__proto__", "x".repeat(65)];
    const built = buildExpressions({ projection: [...awkward.map((n) => [n]), "n0", "Status", "status"] });
    const placeholders = built.projection!.split(", ");
    expect(new Set(placeholders).size).to.equal(awkward.length + 3);
    for (const p of placeholders) expect(p).to.match(/^#[A-Za-z0-9_]+$/);
    expect(placeholders.slice(0, awkward.length)).to.deep.equal(awkward.map((_, i) => `#_${i}`));
    expect(placeholders.slice(awkward.length)).to.deep.equal(["#n0", "#Status", "#status"]);
    // Every placeholder resolves to its own name, `__proto__` included.
    expect(Object.getPrototypeOf(built.names)).to.equal(Object.prototype);
    expect(placeholders.map((p) => built.names[p])).to.deep.equal([...awkward, "n0", "Status", "status"]);
  });

  it("reads dotted paths with list indexes, and takes array paths literally", () => {
    const built = buildExpressions({ projection: ["a.b[2][10].c", ["a.b", 0, "c"], "tags[0]"] });
    expect(built.projection).to.equal("#a.#b[2][10].#c, #_0[0].#c, #tags[0]");
    expect(built.names).to.deep.equal({ "#a": "a", "#b": "b", "#c": "c", "#_0": "a.b", "#tags": "tags" });
  });

  it("rejects malformed paths where they are written", () => {
    for (const bad of ["", "a..b", ".a", "a.", "a[x]", "a[-1]", "a[", "[0]", "a]"]) {
      expect(() => x.attributeExists(bad), bad).to.throw(TypeError, /path/);
    }
    expect(() => x.attributeExists([] as never)).to.throw(TypeError, /starts with an attribute name/);
    expect(() => x.attributeExists([0, "a"] as never)).to.throw(TypeError, /starts with an attribute name/);
    expect(() => x.attributeExists(["a", -1])).to.throw(TypeError, /list index/);
    expect(() => x.attributeExists(["a", ""])).to.throw(TypeError, /non-empty/);
    expect(() => x.attributeExists(3 as never)).to.throw(TypeError, /expected an attribute path/);
  });

  it("shares one placeholder between equal scalars and none between other values", () => {
    const list = [1];
    const built = buildExpressions({
      condition: x.and(x.eq("a", 1), x.eq("b", 1), x.eq("c", "1"), x.eq("d", true), x.eq("e", null), x.eq("f", null), x.eq("g", 1n), x.eq("h", list), x.eq("i", list)),
    });
    expect(built.condition).to.equal("#a = :v0 AND #b = :v0 AND #c = :v1 AND #d = :v2 AND #e = :v3 AND #f = :v3 AND #g = :v4 AND #h = :v5 AND #i = :v6");
    expect(built.values).to.deep.equal({ ":v0": 1, ":v1": "1", ":v2": true, ":v3": null, ":v4": 1n, ":v5": [1], ":v6": [1] });
  });

  it("writes every comparator and function", () => {
    const c = (cond: Condition) => buildExpressions({ condition: cond }).condition;
    expect(c(x.ne("a", 1))).to.equal("#a <> :v0");
    expect(c(x.lt("a", 1))).to.equal("#a < :v0");
    expect(c(x.le("a", 1))).to.equal("#a <= :v0");
    expect(c(x.gt("a", 1))).to.equal("#a > :v0");
    expect(c(x.ge("a", 1))).to.equal("#a >= :v0");
    expect(c(x.between("a", 1, 5))).to.equal("#a BETWEEN :v0 AND :v1");
    expect(c(x.isIn("a", [1, 2, 3]))).to.equal("#a IN (:v0, :v1, :v2)");
    expect(c(x.beginsWith("a", "pre"))).to.equal("begins_with(#a, :v0)");
    expect(c(x.contains("a", "sub"))).to.equal("contains(#a, :v0)");
    expect(c(x.attributeExists("a"))).to.equal("attribute_exists(#a)");
    expect(c(x.attributeNotExists("a"))).to.equal("attribute_not_exists(#a)");
    expect(c(x.attributeType("a", "SS"))).to.equal("attribute_type(#a, :v0)");
    expect(c(x.gt(x.size("a"), 3))).to.equal("size(#a) > :v0");
    expect(c(x.eq("a", x.attr("b")))).to.equal("#a = #b");
    expect(c(x.lt("a", x.size("b")))).to.equal("#a < size(#b)");
  });

  it("parenthesizes by precedence: OR inside AND, and whatever NOT negates", () => {
    const [a, b, cc, d] = ["a", "b", "c", "d"].map((n) => x.eq(n, 1));
    const c = (cond: Condition) => buildExpressions({ condition: cond }).condition;
    expect(c(x.and(x.or(a!, b!), x.or(cc!, d!)))).to.equal("(#a = :v0 OR #b = :v0) AND (#c = :v0 OR #d = :v0)");
    expect(c(x.or(x.and(a!, b!), x.and(cc!, d!)))).to.equal("#a = :v0 AND #b = :v0 OR #c = :v0 AND #d = :v0");
    expect(c(x.not(x.or(a!, b!)))).to.equal("NOT (#a = :v0 OR #b = :v0)");
    expect(c(x.and(x.not(a!), b!))).to.equal("NOT (#a = :v0) AND #b = :v0");
    expect(c(x.and(a!, undefined, false, null, b!))).to.equal("#a = :v0 AND #b = :v0");
    expect(c(x.or(a!))).to.equal("#a = :v0");
  });

  it("groups update actions into clauses, whatever order they come in", () => {
    const built = buildExpressions({
      update: [
        x.remove("old"),
        x.add("visits", 1),
        x.set("n", x.plus("n", 1)),
        x.deleteFromSet("tags", new Set(["x"])),
        x.set("m", x.minus(x.ifNotExists("m", 10), "n")),
        x.set("list", x.listAppend(["first"], x.ifNotExists("list", []))),
        x.set("copy", x.attr("n")),
        x.remove(["a.b", 0]),
      ],
    });
    expect(built.update).to.equal(
      "SET #n = #n + :v0, #m = if_not_exists(#m, :v1) - #n, #list = list_append(:v2, if_not_exists(#list, :v3)), #copy = #n " +
        "REMOVE #old, #_0[0] ADD #visits :v0 DELETE #tags :v4",
    );
  });

  it("refuses what DynamoDB would refuse or what cannot be written", () => {
    expect(() => x.isIn("a", [])).to.throw(TypeError, /1 to 100/);
    expect(() => x.isIn("a", Array.from({ length: 101 }, (_, i) => i))).to.throw(TypeError, /1 to 100/);
    expect(() => x.and()).to.throw(TypeError, /at least one/);
    expect(() => x.or(undefined, false)).to.throw(TypeError, /at least one/);
    expect(() => x.and("a = :b" as never)).to.throw(TypeError, /expected a condition/);
    expect(() => x.set("a", undefined)).to.throw(TypeError, /undefined.*remove/);
    expect(() => x.projection()).to.throw(TypeError, /at least one path/);
    expect(() => buildExpressions({ conditon: x.eq("a", 1) } as never)).to.throw(TypeError, /unknown part "conditon"/);
    expect(() => buildExpressions({ update: [] })).to.throw(TypeError, /at least one action/);
    expect(() => buildExpressions({ update: [x.eq("a", 1)] as never })).to.throw(TypeError, /expected actions/);
    expect(() => buildExpressions({ condition: x.set("a", 1) as never })).to.throw(TypeError, /expected a condition/);
    for (const notKey of [x.ne("a", 1), x.or(x.eq("a", 1), x.eq("b", 1)), x.not(x.eq("a", 1)), x.eq(x.size("a"), 1), x.contains("a", "b"), x.and(x.eq("a", 1), x.attributeExists("b"))]) {
      expect(() => buildExpressions({ keyCondition: notKey as never })).to.throw(TypeError, /keyCondition/);
    }
    const key = buildExpressions({ keyCondition: x.and(x.eq("pk", "a"), x.between("sk", 1, 2)) });
    expect(key.keyCondition).to.equal("#pk = :v0 AND #sk BETWEEN :v1 AND :v2");
  });

  it("leaves out skipped parts and empty maps", () => {
    const built = buildExpressions({ condition: undefined, filter: false, update: [x.remove("a")] });
    expect(built).to.deep.equal({ update: "REMOVE #a", names: { "#a": "a" }, values: {} });
    expect(forTyped(built)).to.deep.equal({ updateExpression: "REMOVE #a", expressionAttributeNames: { "#a": "a" } });
    expect(forSend(built)).to.deep.equal({ UpdateExpression: "REMOVE #a", ExpressionAttributeNames: { "#a": "a" } });
    expect(forDocument(built)).to.deep.equal({ updateExpression: "REMOVE #a", expressionAttributeNames: { "#a": "a" } });
    expect(forDocumentSend(built)).to.deep.equal({ UpdateExpression: "REMOVE #a", ExpressionAttributeNames: { "#a": "a" } });
  });
});

describe("expression builder: rendering for each target", () => {
  const bytes = new Uint8Array([104, 105]);
  const built = buildExpressions({
    update: [
      x.set("s", "x"),
      x.set("n", 1.5),
      x.set("big", 2n ** 64n),
      x.set("exact", new NumberValue("0.1000000000000000000001")),
      x.set("bin", bytes),
      x.set("m", { inner: [true, null], __proto__x: "k" }),
      x.add("ss", new Set(["a", "b"])),
      x.add("bs", new Set([bytes])),
    ],
  });

  it("typed methods: camelCase members, typed attribute values", () => {
    const typed = forTyped(built);
    expect(typed.updateExpression).to.equal(built.update);
    expect(typed.expressionAttributeNames).to.deep.equal(built.names);
    expect(typed.expressionAttributeValues).to.deep.equal({
      ":v0": { s: "x" },
      ":v1": { n: "1.5" },
      ":v2": { n: "18446744073709551616" },
      ":v3": { n: "0.1000000000000000000001" },
      ":v4": { b: bytes },
      ":v5": { m: { inner: { l: [{ bool: true }, { null: true }] }, __proto__x: { s: "k" } } },
      ":v6": { ss: ["a", "b"] },
      ":v7": { bs: [bytes] },
    });
  });

  it("raw send: AWS member names, wire attribute values with base64 binaries", () => {
    const wire = forSend(built);
    expect(wire.UpdateExpression).to.equal(built.update);
    expect(wire.ExpressionAttributeValues![":v4"]).to.deep.equal({ B: "aGk=" });
    expect(wire.ExpressionAttributeValues![":v7"]).to.deep.equal({ BS: ["aGk="] });
    expect(wire.ExpressionAttributeValues![":v5"]).to.deep.equal({ M: { inner: { L: [{ BOOL: true }, { NULL: true }] }, __proto__x: { S: "k" } } });
  });

  it("document client and docs.send: the values as given", () => {
    expect(forDocument(built).expressionAttributeValues).to.deep.equal(built.values);
    expect(forDocumentSend(built).ExpressionAttributeValues).to.deep.equal(built.values);
    expect(forDocumentSend(built).UpdateExpression).to.equal(built.update);
  });

  it("a value DynamoDB cannot store fails with its placeholder's path", () => {
    const bad = buildExpressions({ update: x.set("a", { when: new Date(0) }) });
    const err = (() => {
      try {
        forSend(bad);
      } catch (e) {
        return e;
      }
    })() as MarshallError;
    expect(err).to.be.instanceOf(MarshallError);
    expect(err.path).to.equal('ExpressionAttributeValues[":v0"].when');
    expect(() => forTyped(bad)).to.throw(MarshallError, /expressionAttributeValues\[":v0"\]\.when/);
  });

  it("queryAndUpdate: the key condition's values in query, names and the rest in update", () => {
    const claim = buildExpressions({
      keyCondition: x.eq("status", "PENDING"),
      update: [x.set("status", "CLAIMED"), x.set("claimedBy", "w1")],
      condition: x.and(x.eq("status", "PENDING"), x.attributeNotExists("claimedBy")),
    });
    expect(forQueryAndUpdate(claim)).to.deep.equal({
      query: { keyConditionExpression: "#status = :v0", expressionAttributeValues: { ":v0": "PENDING" } },
      update: {
        updateExpression: "SET #status = :v1, #claimedBy = :v2",
        conditionExpression: "#status = :v0 AND attribute_not_exists(#claimedBy)",
        expressionAttributeNames: { "#status": "status", "#claimedBy": "claimedBy" },
        expressionAttributeValues: { ":v0": "PENDING", ":v1": "CLAIMED", ":v2": "w1" },
      },
    });
    expect(() => forQueryAndUpdate(buildExpressions({ update: x.remove("a") }) as never)).to.throw(TypeError, /keyCondition and an update/);
    const withSet = buildExpressions({ keyCondition: x.eq("a", 1), update: x.add("s", new Set(["x"])) });
    expect(() => forQueryAndUpdate(withSet)).to.throw(TypeError, /update\.expressionAttributeValues\[":v1"\].*Set/);
  });
});

describe("expression builder: what it writes passes the checks before the wire", () => {
  // Random requests over reserved words and awkward names; every one must
  // parse, use exactly the placeholders its maps define, and pass the checks
  // the client runs before sending, in wire and typed form.
  let seed = 11;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;
  const NAMES: readonly (string | (string | number)[])[] = ["status", "size", "count", "name", "data", ["a.b"], "a-b", "x y", "naïve", "_0", "Status", "m.inner", "l[2]", ["m", "odd.key"]];
  const scalar = () => pick<unknown>(["s", 1, 2.5, true, null, -3n, new Uint8Array([1, 2])]);
  const leaf = (): Condition => {
    const a = pick(NAMES);
    let b = pick(NAMES);
    while (JSON.stringify(b) === JSON.stringify(a)) b = pick(NAMES);
    switch (random(12)) {
      case 0: return x.eq(a, scalar());
      case 1: return x.ne(a, scalar());
      case 2: return pick([x.lt, x.le, x.gt, x.ge])(a, random(2) ? "text" : 4);
      case 3: return x.between(a, 1, 5);
      case 4: return x.isIn(a, Array.from({ length: 1 + random(4) }, scalar));
      case 5: return x.beginsWith(a, "pre");
      case 6: return x.contains(a, scalar());
      case 7: return x.attributeExists(a);
      case 8: return x.attributeNotExists(a);
      case 9: return x.attributeType(a, pick(["S", "N", "SS", "M", "L", "NULL", "BOOL", "B", "NS", "BS"] as const));
      case 10: return pick([x.lt, x.gt, x.eq])(x.size(a), random(10));
      default: return x.eq(a, x.attr(b));
    }
  };
  const cond = (depth: number): Condition => {
    if (depth === 0 || random(3) === 0) return leaf();
    const k = random(3);
    if (k === 2) return x.not(cond(depth - 1));
    const parts = Array.from({ length: 2 + random(2) }, () => cond(depth - 1));
    return k === 0 ? x.and(...parts) : x.or(...parts);
  };
  const actions = (): UpdateAction[] => {
    // Distinct top-level attributes, so no two actions touch overlapping paths.
    const targets = ["status", "size", "count", "name", "data", ["a.b"], "a-b", "x y", "naïve", "_0", "Status"].filter(() => random(2) === 0);
    if (targets.length === 0) targets.push("status");
    return targets.map((t) => {
      const other = pick(["other", "n", ["o.p"]]);
      switch (random(9)) {
        case 0: return x.set(t, scalar());
        case 1: return x.set(t, x.plus(other, 1));
        case 2: return x.set(t, x.minus(x.ifNotExists(t, 0), other));
        case 3: return x.set(t, x.listAppend(x.ifNotExists(t, []), ["v"]));
        case 4: return x.set(t, x.attr(other));
        case 5: return x.remove(t);
        case 6: return x.add(t, pick<unknown>([1, new Set(["a"]), new Set([2])]));
        case 7: return x.deleteFromSet(t, new Set(["a"]));
        default: return x.set(Array.isArray(t) ? [...t, "deep", 0] : `${t}.deep[0]`, { map: [1, "x"] });
      }
    });
  };

  it("random conditions, updates, filters, key conditions and projections", () => {
    for (let round = 0; round < 300; round++) {
      const built = buildExpressions({
        keyCondition: random(2) ? x.and(x.eq("pk", "p"), pick([x.eq("sk", 1), x.between("sk", 1, 2), x.beginsWith("sk", "a"), x.ge("sk", "b")])) : x.eq("pk", 1),
        filter: random(2) ? cond(3) : undefined,
        condition: random(2) ? cond(3) : undefined,
        update: random(2) ? actions() : undefined,
        projection: random(2) ? NAMES.slice(0, 1 + random(NAMES.length)) : undefined,
      });
      const usedNames = new Set<string>();
      const usedValues = new Set<string>();
      for (const [part, kind] of [["keyCondition", "keyCondition"], ["filter", "condition"], ["condition", "condition"], ["update", "update"], ["projection", "projection"]] as const) {
        const text = built[part];
        if (text === undefined) continue;
        const parsed = parseExpression(kind, text);
        expect(parsed, `${part}: ${text}`).to.have.property("ok", true);
        if (parsed.ok) {
          parsed.expression.names.forEach((n) => usedNames.add(n));
          parsed.expression.values.forEach((v) => usedValues.add(v));
        }
      }
      expect([...usedNames].sort()).to.deep.equal(Object.keys(built.names).sort());
      expect([...usedValues].sort()).to.deep.equal(Object.keys(built.values).sort());

      for (const [form, wire] of [[forSend(built), true], [forTyped(built), false]] as const) {
        const problems: ValidationProblem[] = [];
        checkExpressions(form, problems, wire);
        expect(problems, JSON.stringify(built)).to.deep.equal([]);
      }
    }
  });
});

describe("expression builder against dynalite", function () {
  let server: DynaliteServer;
  let db: DynamoDB;
  let docs: DynamoDBDocument;

  before(async () => {
    server = await startDynalite();
    db = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    docs = new DynamoDBDocument(db);
    await db.createTable({
      tableName: "things",
      keySchema: [
        { attributeName: "pk", keyType: "HASH" },
        { attributeName: "sk", keyType: "RANGE" },
      ],
      attributeDefinitions: [
        { attributeName: "pk", attributeType: "S" },
        { attributeName: "sk", attributeType: "S" },
      ],
      billingMode: "PAY_PER_REQUEST",
    });
  });
  after(async () => {
    await docs.destroy();
    await server.close();
  });

  // Reserved words and names only the aliases make writable.
  const awkward = { status: "open", size: 3, "a.b": "dotted", "a-b": "dashed", "first name": "spaced", naïve: "accent", _0: "underscore", count: 1 };

  it("typed method: reserved words, awkward names, nested paths, and a failing condition", async () => {
    await docs.put({ tableName: "things", item: { pk: "t", sk: "1", ...awkward, address: { city: "Oslo", lines: ["x", "y"] }, tags: ["a"] } });
    const update = buildExpressions({
      condition: x.and(x.eq("status", "open"), x.eq(["a.b"], "dotted"), x.eq("a-b", "dashed"), x.eq("first name", "spaced"), x.eq("naïve", "accent"), x.eq("_0", "underscore")),
      update: [
        x.set("status", "closed"),
        x.set("count", x.plus("count", 41)),
        x.set("address.city", "Bergen"),
        x.set("address.lines[1]", "z"),
        x.set("tags", x.listAppend("tags", ["b", "c"])),
        x.remove(["a.b"]),
        x.add("size", 2),
      ],
    });
    const { attributes } = await db.updateItem({ tableName: "things", key: { pk: { s: "t" }, sk: { s: "1" } }, ...forTyped(update), returnValues: "ALL_NEW" });
    expect(attributes).to.deep.include({
      status: { s: "closed" },
      count: { n: "42" },
      size: { n: "5" },
      address: { m: { city: { s: "Bergen" }, lines: { l: [{ s: "x" }, { s: "z" }] } } },
      tags: { l: [{ s: "a" }, { s: "b" }, { s: "c" }] },
      "a-b": { s: "dashed" },
    });
    expect(attributes).not.to.have.property("a.b");

    // The same condition no longer holds: "a.b" is gone and status is closed.
    const err = await rejectionOf(
      db.updateItem({ tableName: "things", key: { pk: { s: "t" }, sk: { s: "1" } }, ...forTyped(update) }),
      ConditionalCheckFailedException,
    );
    expect(err.message).to.match(/conditional request failed/i);
  });

  it("raw send: query with a key condition, a filter and a projection, binaries in base64", async () => {
    const blob = new Uint8Array([0, 255, 7]);
    for (let i = 0; i < 6; i++) {
      await db.send("PutItem", { TableName: "things", Item: { pk: { S: "q" }, sk: { S: `item#${i}` }, n: { N: String(i) }, blob: { B: i % 2 ? "AP8H" : "AAAA" }, "odd-name": { S: `v${i}` } } });
    }
    const built = buildExpressions({
      keyCondition: x.and(x.eq("pk", "q"), x.beginsWith("sk", "item#")),
      filter: x.and(x.ge("n", 1), x.eq("blob", blob)),
      projection: ["sk", "odd-name"],
    });
    const out = (await db.send("Query", { TableName: "things", ...forSend(built) })) as unknown as { Items: Record<string, unknown>[] };
    expect(out.Items).to.deep.equal([
      { sk: { S: "item#1" }, "odd-name": { S: "v1" } },
      { sk: { S: "item#3" }, "odd-name": { S: "v3" } },
      { sk: { S: "item#5" }, "odd-name": { S: "v5" } },
    ]);
    const between = buildExpressions({ keyCondition: x.and(x.eq("pk", "q"), x.between("sk", "item#2", "item#4")), projection: ["sk"] });
    const ranged = (await db.send("Query", { TableName: "things", ...forSend(between) })) as unknown as { Items: Record<string, unknown>[] };
    expect(ranged.Items.map((i) => i.sk)).to.deep.equal([{ S: "item#2" }, { S: "item#3" }, { S: "item#4" }]);
  });

  it("document client: update with sets, if_not_exists and list_append, then a filtered query", async () => {
    const first = buildExpressions({
      update: [
        x.set("visits", x.plus(x.ifNotExists("visits", 0), 1)),
        x.set("log", x.listAppend(x.ifNotExists("log", []), ["created"])),
        x.add("labels", new Set(["red", "blue"])),
        x.set("big", 2n ** 70n),
      ],
      condition: x.attributeNotExists("pk"),
    });
    const created = await docs.update({ tableName: "things", key: { pk: "d", sk: "1" }, ...forDocument(first), returnValues: "ALL_NEW" });
    expect(created.attributes).to.deep.include({ visits: 1, log: ["created"], labels: new Set(["red", "blue"]), big: 2n ** 70n });

    const second = buildExpressions({
      update: [x.set("visits", x.minus("visits", 5)), x.deleteFromSet("labels", new Set(["red"])), x.set("log", x.listAppend(["first"], "log"))],
      condition: x.and(x.contains("labels", "red"), x.eq(x.size("log"), 1), x.attributeType("labels", "SS")),
    });
    const updated = await docs.update({ tableName: "things", key: { pk: "d", sk: "1" }, ...forDocument(second), returnValues: "ALL_NEW" });
    expect(updated.attributes).to.deep.include({ visits: -4, labels: new Set(["blue"]), log: ["first", "created"] });

    const query = buildExpressions({
      keyCondition: x.eq("pk", "d"),
      filter: x.and(x.lt("visits", 0), x.isIn("visits", [-4, -3]), x.not(x.contains("labels", "red"))),
      projection: ["visits", "log[0]"],
    });
    const { items } = await docs.query({ tableName: "things", ...forDocument(query) });
    expect(items).to.deep.equal([{ visits: -4, log: ["first"] }]);
  });

  it("docs.send: AWS member names with plain values", async () => {
    const built = buildExpressions({
      update: [x.set("status", "sent"), x.remove("size")],
      condition: x.or(x.attributeNotExists("pk"), x.eq("status", "closed")),
    });
    const out = (await docs.send("UpdateItem", { TableName: "things", Key: { pk: "t", sk: "1" }, ...forDocumentSend(built), ReturnValues: "ALL_NEW" })) as unknown as {
      Attributes: Record<string, unknown>;
    };
    expect(out.Attributes.status).to.equal("sent");
    expect(out.Attributes).not.to.have.property("size");
    const scan = (await docs.send("Scan", { TableName: "things", ...forDocumentSend(buildExpressions({ filter: x.eq("status", "sent"), projection: ["pk", "sk"] })) })) as unknown as {
      Items: unknown[];
    };
    expect(scan.Items).to.deep.equal([{ pk: "t", sk: "1" }]);
  });

  it("transactions: each action carries its own expressions and maps", async () => {
    await docs.put({ tableName: "things", item: { pk: "tx", sk: "1", status: "open", count: 1 } });
    await docs.put({ tableName: "things", item: { pk: "tx", sk: "2", status: "locked" } });
    const bump = buildExpressions({ update: x.set("count", x.plus("count", 1)), condition: x.eq("status", "open") });
    const locked = buildExpressions({ condition: x.eq("status", "locked") });
    await db.transactWriteItems({
      transactItems: [
        { update: { tableName: "things", key: { pk: { s: "tx" }, sk: { s: "1" } }, ...forTyped(bump) } },
        { conditionCheck: { tableName: "things", key: { pk: { s: "tx" }, sk: { s: "2" } }, ...forTyped(locked) } },
      ],
    });
    const { item } = await docs.get({ tableName: "things", key: { pk: "tx", sk: "1" } });
    expect(item).to.deep.include({ count: 2 });
  });

  it("queryAndUpdate: the seed's claim, built", async () => {
    await createJobTable(db);
    await loadJobs(db, "JobQueueTable", 7);
    interface Job {
      jobId: string;
      status: "PENDING" | "CLAIMED";
      claimedBy?: string;
    }
    const job = expression<Job>();
    const claim = buildExpressions({
      keyCondition: job.eq("status", "PENDING"),
      update: [job.set("status", "CLAIMED"), job.set("claimedBy", "worker-abc")],
      condition: job.eq("status", "PENDING"),
    });
    const { query, update } = forQueryAndUpdate(claim);
    const out = await queryAndUpdate(db, { query: { tableName: "JobQueueTable", indexName: "StatusGSI", limit: 5, keyAttributes: ["jobId"], ...query }, update });
    expect(out.updatedItemCount).to.equal(5);
    for (const item of out.items) expect(item).to.deep.include({ status: "CLAIMED", claimedBy: "worker-abc" });
    const again = await queryAndUpdate(db, { query: { tableName: "JobQueueTable", indexName: "StatusGSI", limit: 5, keyAttributes: ["jobId"], ...query }, update });
    expect(again.updatedItemCount).to.equal(2);
  });

  it("conditions mean what they say: random AND/OR/NOT trees agree with JavaScript on every item", async () => {
    // Items with small numbers a, b, c (some missing), and the same predicate
    // evaluated by DynamoDB's filter and here.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const items: Record<string, number | string>[] = [];
    for (let i = 0; i < 40; i++) {
      const item: Record<string, number | string> = { pk: "r", sk: String(i).padStart(3, "0") };
      for (const name of ["a", "b", "c"]) if (random(5) > 0) item[name] = random(4);
      items.push(item);
      await docs.put({ tableName: "things", item });
    }
    type Tree = { c: Condition; test: (item: Record<string, unknown>) => boolean };
    const leaf = (): Tree => {
      const name = ["a", "b", "c"][random(3)]!;
      const v = random(4);
      const has = (i: Record<string, unknown>) => typeof i[name] === "number";
      switch (random(7)) {
        case 0:
          return { c: x.eq(name, v), test: (i) => has(i) && i[name] === v };
        case 1:
          return { c: x.ne(name, v), test: (i) => !has(i) || i[name] !== v };
        case 2:
          return { c: x.lt(name, v), test: (i) => has(i) && (i[name] as number) < v };
        case 3:
          return { c: x.ge(name, v), test: (i) => has(i) && (i[name] as number) >= v };
        case 4:
          return { c: x.between(name, v, v + 1), test: (i) => has(i) && (i[name] as number) >= v && (i[name] as number) <= v + 1 };
        case 5:
          return { c: x.isIn(name, [v, (v + 2) % 4]), test: (i) => has(i) && (i[name] === v || i[name] === (v + 2) % 4) };
        default:
          return { c: x.attributeExists(name), test: has };
      }
    };
    const tree = (depth: number): Tree => {
      if (depth === 0 || random(3) === 0) return leaf();
      const kind = random(3);
      if (kind === 2) {
        const inner = tree(depth - 1);
        return { c: x.not(inner.c), test: (i) => !inner.test(i) };
      }
      const parts = Array.from({ length: 2 + random(2) }, () => tree(depth - 1));
      return kind === 0
        ? { c: x.and(...parts.map((p) => p.c)), test: (i) => parts.every((p) => p.test(i)) }
        : { c: x.or(...parts.map((p) => p.c)), test: (i) => parts.some((p) => p.test(i)) };
    };
    for (let round = 0; round < 40; round++) {
      const t = tree(3);
      const built = buildExpressions({ keyCondition: x.eq("pk", "r"), filter: t.c, projection: ["sk"] });
      const { items: found } = await docs.query({ tableName: "things", ...forDocument(built) });
      const expected = items.filter(t.test).map((i) => i.sk);
      expect((found ?? []).map((i) => i.sk), built.filter).to.deep.equal(expected);
    }
  });
});
