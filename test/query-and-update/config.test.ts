import { expect } from "chai";
import { InvalidConfigError, normalizeConfig } from "../../src/query-and-update/index.js";
import { placeholdersOf, plainAssignments } from "../../src/query-and-update/expressions.js";
import { sameAttributeValue, toAttributeValue, toPlainItem, toWireItem } from "../../src/query-and-update/json-values.js";

/** A configuration that is valid, as in the seed's table of parameters. */
const valid = () => ({
  query: {
    tableName: "JobQueueTable",
    indexName: "StatusGSI",
    keyConditionExpression: "#status = :status",
    expressionAttributeValues: { ":status": "PENDING" },
  },
  update: {
    updateExpression: "SET #status = :newStatus",
    conditionExpression: "#status = :status",
    expressionAttributeNames: { "#status": "status" },
    expressionAttributeValues: { ":newStatus": "CLAIMED", ":status": "PENDING" },
  },
});

function problemsOf(config: unknown): { path: string; message: string }[] {
  try {
    normalizeConfig(config);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidConfigError);
    expect((error as Error).message).to.match(/^queryAndUpdate: invalid configuration: /);
    return [...(error as InvalidConfigError).problems];
  }
  throw new Error("expected the configuration to be rejected");
}

describe("queryAndUpdate configuration", () => {
  it("applies the default limit of 100 and empty maps", () => {
    const config = valid();
    delete (config.update as { expressionAttributeValues?: unknown }).expressionAttributeValues;
    config.update.conditionExpression = "attribute_exists(#status)";
    config.update.updateExpression = "REMOVE #status";
    const normalized = normalizeConfig(config);
    expect(normalized.query.limit).to.equal(100);
    expect(normalized.update.expressionAttributeValues).to.deep.equal({});
  });

  it("merges dotted keys into nested sections, and placeholder maps entry by entry", () => {
    const normalized = normalizeConfig({
      query: { tableName: "T", keyConditionExpression: "pk = :pk" },
      "query.expressionAttributeValues": { ":pk": "a" },
      "query.limit": 5,
      "update.updateExpression": "SET #s = :s, #by = :by",
      "update.expressionAttributeNames": { "#s": "status" },
      "update.expressionAttributeNames.#by": "claimedBy",
      update: { expressionAttributeValues: { ":s": "CLAIMED" } },
      "update.expressionAttributeValues": { ":by": "w1" },
    });
    expect(normalized.query).to.deep.equal({ tableName: "T", keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": "a" }, limit: 5 });
    expect(normalized.update.expressionAttributeNames).to.deep.equal({ "#s": "status", "#by": "claimedBy" });
    expect(normalized.update.expressionAttributeValues).to.deep.equal({ ":s": "CLAIMED", ":by": "w1" });
  });

  it("accepts the same value given both nested and dotted", () => {
    const config = { ...valid(), "query.tableName": "JobQueueTable" };
    expect(normalizeConfig(config).query.tableName).to.equal("JobQueueTable");
  });

  // [what is wrong, how to break a valid config, the problems expected (path, message pattern)]
  const cases: [string, (c: Record<string, any>) => void, [string, RegExp][]][] = [
    ["missing tableName", (c) => delete c.query.tableName, [["query.tableName", /is required/]]],
    ["empty tableName", (c) => (c.query.tableName = " "), [["query.tableName", /must not be empty/]]],
    ["tableName not a string", (c) => (c.query.tableName = 42), [["query.tableName", /expected a string, got the number 42/]]],
    ["missing keyConditionExpression", (c) => delete c.query.keyConditionExpression, [["query.keyConditionExpression", /is required/]]],
    ["missing query values", (c) => delete c.query.expressionAttributeValues, [["query.expressionAttributeValues", /is required/]]],
    ["query values an array", (c) => (c.query.expressionAttributeValues = [":status"]), [["query.expressionAttributeValues", /expected an object .* got an array/]]],
    ["limit a string", (c) => (c.query.limit = "5"), [["query.limit", /whole number of at least 1, got the string "5"/]]],
    ["limit zero", (c) => (c.query.limit = 0), [["query.limit", /at least 1, got the number 0/]]],
    ["limit fractional", (c) => (c.query.limit = 2.5), [["query.limit", /whole number/]]],
    ["keyAttributes a string", (c) => (c.query.keyAttributes = "jobId"), [["query.keyAttributes", /expected an array of attribute names/]]],
    ["keyAttributes empty", (c) => (c.query.keyAttributes = []), [["query.keyAttributes", /1 or 2 attributes/]]],
    ["keyAttributes three", (c) => (c.query.keyAttributes = ["a", "b", "c"]), [["query.keyAttributes", /1 or 2 attributes/]]],
    ["keyAttributes repeated", (c) => (c.query.keyAttributes = ["a", "a"]), [["query.keyAttributes", /twice/]]],
    ["indexName not a string", (c) => (c.query.indexName = true), [["query.indexName", /expected a string, got a boolean/]]],
    ["missing updateExpression", (c) => delete c.update.updateExpression, [["update.updateExpression", /is required/]]],
    ["conditionExpression not a string", (c) => (c.update.conditionExpression = { "#status": "x" }), [["update.conditionExpression", /expected a string, got an object/]]],
    ["names not strings", (c) => (c.update.expressionAttributeNames["#status"] = 1), [["update.expressionAttributeNames.#status", /expected an attribute name/]]],
    ["name key without #", (c) => (c.update.expressionAttributeNames.status = "status"), [["update.expressionAttributeNames.status", /"#" followed by/]]],
    ["value key without :", (c) => (c.update.expressionAttributeValues.newStatus = "x"), [["update.expressionAttributeValues.newStatus", /":" followed by/]]],
    ["a value JSON cannot hold", (c) => (c.update.expressionAttributeValues[":newStatus"] = { at: new Date(0) }), [["update.expressionAttributeValues.:newStatus.at", /plain JSON value, got a Date/]]],
    ["NaN", (c) => (c.update.expressionAttributeValues[":newStatus"] = [1, NaN]), [["update.expressionAttributeValues.:newStatus[1]", /NaN is not a number/]]],
    ["unknown parameter (typo)", (c) => (c.query.tablename = "x"), [["query.tablename", /unknown parameter; query takes tableName, keyAttributes/]]],
    ["unknown update parameter", (c) => (c.update.returnValues = "ALL_OLD"), [["update.returnValues", /unknown parameter/]]],
    ["unknown top-level key", (c) => (c.querry = {}), [["querry", /unknown parameter; expected "query" and "update"/]]],
    ["section not an object", (c) => (c.update = "SET x = :y"), [["update", /expected an object, got the string/], ["update.updateExpression", /is required/]]],
    ["unknown dotted parameter", (c) => (c["update.conditon"] = "x"), [["update.conditon", /unknown parameter/]]],
    ["dotted key with an empty part", (c) => (c["query..limit"] = 5), [["query..limit", /malformed dotted key/]]],
    ["dotted key ending in a dot", (c) => (c["query."] = 5), [["query.", /malformed dotted key/]]],
    ["dotted key starting with a dot", (c) => (c[".tableName"] = "T"), [[".tableName", /malformed dotted key/]]],
    ["dotted key too deep", (c) => (c["update.expressionAttributeValues.:a.b"] = 1), [["update.expressionAttributeValues.:a.b", /malformed dotted key/]]],
    ["dotted key into a non-map", (c) => (c["query.limit.max"] = 5), [["query.limit.max", /is not a map/]]],
    ["dotted key with an unknown section", (c) => (c["jobs.tableName"] = "T"), [["jobs.tableName", /unknown section "jobs"/]]],
    ["given twice, differently", (c) => (c["query.tableName"] = "Other"), [["query.tableName", /given twice with different values/]]],
    ["a name placeholder not defined", (c) => (c.query.keyConditionExpression = "#state = :status"), [["query.keyConditionExpression", /uses #state, not defined in update.expressionAttributeNames/]]],
    ["a value placeholder not defined", (c) => (c.update.updateExpression = "SET #status = :claimed"), [["update.updateExpression", /uses :claimed, not defined in update.expressionAttributeValues/]]],
  ];
  for (const [what, breakIt, expected] of cases) {
    it(`rejects ${what}`, () => {
      const config: Record<string, any> = valid();
      breakIt(config);
      const problems = problemsOf(config);
      for (const [path, message] of expected) {
        expect(problems.some((p) => p.path === path && message.test(p.message)), `${path} ${message} in ${JSON.stringify(problems)}`).to.equal(true);
      }
    });
  }

  it("lists every problem at once", () => {
    const problems = problemsOf({
      query: { limit: -1, tablename: "x" },
      update: { updateExpression: "SET #a = :b" },
      "update.nope": 1,
    });
    expect(problems.map((p) => p.path)).to.have.members([
      "query.limit",
      "query.tablename",
      "query.tableName",
      "query.keyConditionExpression",
      "query.expressionAttributeValues",
      "update.nope",
      "update.updateExpression", // uses #a, undefined
      "update.updateExpression", // uses :b, undefined
    ]);
    // One message carries them all, each with its path.
    try {
      normalizeConfig({ query: {}, update: {} });
    } catch (error) {
      expect((error as Error).message).to.equal(
        "queryAndUpdate: invalid configuration: query.tableName: is required (string); query.keyConditionExpression: is required (string); " +
          "query.expressionAttributeValues: is required (an object); update.updateExpression: is required (string)",
      );
    }
  });

  it("treats __proto__ as a key like any other", () => {
    const config = JSON.parse(
      '{"query": {"__proto__": {"tableName": "Sneaky"}, "keyConditionExpression": "pk = :pk", "expressionAttributeValues": {":pk": "a"}},' +
        '"update": {"updateExpression": "SET v = :v", "expressionAttributeValues": {":v": {"__proto__": {"polluted": true}}}}}',
    );
    const problems = problemsOf(config);
    expect(problems.map((p) => p.path)).to.have.members(["query.__proto__", "query.tableName"]);
    delete config.query.__proto__;
    config.query.tableName = "T";
    const normalized = normalizeConfig(config);
    const value = toAttributeValue(normalized.update.expressionAttributeValues[":v"]!) as { M: Record<string, unknown> };
    expect(Object.keys(value.M)).to.deep.equal(["__proto__"]);
    expect(Object.getPrototypeOf(value.M)).to.equal(Object.prototype);
    expect(Object.keys(toPlainItem({ __proto__x: { S: "a" }, ...JSON.parse('{"__proto__": {"S": "b"}}') }))).to.deep.equal(["__proto__x", "__proto__"]);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("rejects a configuration that is not an object", () => {
    expect(problemsOf(null)).to.deep.equal([{ path: "(config)", message: "expected an object, got null" }]);
    expect(problemsOf([])).to.deep.equal([{ path: "(config)", message: "expected an object, got an array" }]);
  });
});

describe("expression analysis", () => {
  it("finds each placeholder once, across expressions", () => {
    expect(placeholdersOf("SET #a.#b[0] = :v, #c = if_not_exists(#c, :zero) + :one", "#a = :v AND attribute_not_exists(#_x1)", undefined)).to.deep.equal({
      names: ["#a", "#b", "#c", "#_x1"],
      values: [":v", ":zero", ":one"],
    });
  });

  it("finds the SET actions that assign a value placeholder as is, their paths resolved", () => {
    const names = { "#status": "status", "#n": "n", "#l": "l", "#by": "by", "#x": "x", "#c": "c" };
    expect(plainAssignments("SET #status = :claimed, #n = #n + :one, #l = list_append(#l, :items), #by=:me REMOVE #x ADD #c :one", names)).to.deep.equal([
      { path: [{ name: "status" }], value: ":claimed" },
      { path: [{ name: "by" }], value: ":me" },
    ]);
    expect(plainAssignments("remove #lease set #lease.#at[2] = :t, settled = :yes", { "#lease": "lease", "#at": "at" })).to.deep.equal([
      { path: [{ name: "lease" }, { name: "at" }, { index: 2 }], value: ":t" },
      { path: [{ name: "settled" }], value: ":yes" },
    ]);
    expect(plainAssignments("ADD #count :one", { "#count": "count" })).to.deep.equal([]);
  });

  it("resolves document paths through the names map", () => {
    expect(plainAssignments("SET #a.b[2][0].#c = :v", { "#a": "lease", "#c": "by.dot" })).to.deep.equal([
      { path: [{ name: "lease" }, { name: "b" }, { index: 2 }, { index: 0 }, { name: "by.dot" }], value: ":v" },
    ]);
    // A placeholder the names map lacks: nothing is predicted for that path.
    expect(plainAssignments("SET #missing = :v, known = :w", {})).to.deep.equal([{ path: [{ name: "known" }], value: ":w" }]);
  });
});

describe("plain JSON values", () => {
  it("round-trips JSON through attribute values", () => {
    const plain = { s: "x", n: -1.5, t: true, z: null, l: [1, "a", [false]], m: { deep: { deeper: "" } } };
    const wire = toAttributeValue(plain);
    expect(wire).to.deep.equal({
      M: {
        s: { S: "x" },
        n: { N: "-1.5" },
        t: { BOOL: true },
        z: { NULL: true },
        l: { L: [{ N: "1" }, { S: "a" }, { L: [{ BOOL: false }] }] },
        m: { M: { deep: { M: { deeper: { S: "" } } } } },
      },
    });
    expect(toPlainItem((wire as { M: never }).M)).to.deep.equal(plain);
  });

  it("keeps sets as arrays, binaries as base64 and big integers exact", () => {
    expect(toPlainItem({ ss: { SS: ["a", "b"] }, ns: { NS: ["1", "2.5"] }, b: { B: "AAE=" }, bs: { BS: ["AA=="] }, big: { N: "123456789012345678901" } })).to.deep.equal({
      ss: ["a", "b"],
      ns: [1, 2.5],
      b: "AAE=",
      bs: ["AA=="],
      big: "123456789012345678901",
    });
  });

  it("writes a number as a JavaScript number only when that number holds the stored decimal", () => {
    expect(toPlainItem({ a: { N: "0.1" }, b: { N: "1e3" }, c: { N: "0.12345678901234567890123" }, d: { N: "-9007199254740993" }, e: { N: "12.50" } })).to.deep.equal({
      a: 0.1,
      b: 1000,
      c: "0.12345678901234567890123",
      d: "-9007199254740993",
      e: 12.5,
    });
  });

  it("reads the generated client's typed form", () => {
    expect(toWireItem({ a: { s: "x" }, b: { b: new Uint8Array([0, 1]) }, n: { null: true }, m: { m: { k: { bool: true } } }, l: { l: [{ n: "1" }] } })).to.deep.equal({
      a: { S: "x" },
      b: { B: "AAE=" },
      n: { NULL: true },
      m: { M: { k: { BOOL: true } } },
      l: { L: [{ N: "1" }] },
    });
  });

  it("compares numbers by value and sets regardless of order", () => {
    expect(sameAttributeValue({ N: "1.50" }, { N: "1.5" })).to.equal(true);
    expect(sameAttributeValue({ N: "1e3" }, { N: "1000" })).to.equal(true);
    expect(sameAttributeValue({ N: "12345678901234567890123" }, { N: "12345678901234567890124" })).to.equal(false);
    expect(sameAttributeValue({ SS: ["a", "b"] }, { SS: ["b", "a"] })).to.equal(true);
    expect(sameAttributeValue({ S: "1" }, { N: "1" })).to.equal(false);
    expect(sameAttributeValue({ M: { a: { S: "x" } } }, { M: { a: { S: "x" }, b: { S: "y" } } })).to.equal(false);
  });
});
