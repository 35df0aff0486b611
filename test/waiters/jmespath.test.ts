import { expect } from "chai";
import { search, parse, isTruthy, JmesPathError } from "../../src/runtime/jmespath.js";

// Expected values were checked against the reference Python implementation
// (jmespath 1.1.0, the one botocore evaluates its waiters with).
const kinesisFailure =
  "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)";
const ecsStable = "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";

const cases: [string, string, unknown, unknown][] = [
  ["field path", "Table.TableStatus", { Table: { TableStatus: "ACTIVE" } }, "ACTIVE"],
  ["missing field is null", "Table.TableStatus", {}, null],
  ["field of null", "a.b.c", { a: { b: null } }, null],
  ["flatten projection drops nulls", "D[].S", { D: [{ S: "ACTIVE" }, { S: "X" }, {}] }, ["ACTIVE", "X"]],
  ["nested flatten", "Reservations[].Instances[].State.Name", { Reservations: [{ Instances: [{ State: { Name: "a" } }, { State: { Name: "b" } }] }, { Instances: [{ State: { Name: "c" } }] }] }, ["a", "b", "c"]],
  ["value projection", "V.*.S", { V: { x: { S: "S" }, y: { S: "F" } } }, ["S", "F"]],
  ["kinesis failure: all failed", kinesisFailure, { KinesisDataStreamDestinations: [{ DestinationStatus: "DISABLED" }, { DestinationStatus: "ENABLE_FAILED" }] }, true],
  ["kinesis failure: one active", kinesisFailure, { KinesisDataStreamDestinations: [{ DestinationStatus: "DISABLED" }, { DestinationStatus: "ACTIVE" }] }, false],
  ["kinesis failure: none", kinesisFailure, { KinesisDataStreamDestinations: [] }, false],
  ["negated filter, unstable", ecsStable, { services: [{ deployments: [1], runningCount: 2, desiredCount: 2 }, { deployments: [1, 2], runningCount: 2, desiredCount: 2 }] }, false],
  ["negated filter, stable", ecsStable, { services: [{ deployments: [1], runningCount: 2, desiredCount: 2 }] }, true],
  ["or with raw string", "length(Output || '') > `0`", {}, false],
  ["or takes the left", "length(Output || '') > `0`", { Output: "abc" }, true],
  ["and of !=", "status != 'CANCELLING' && status != 'CANCELLED'", { status: "RUNNING" }, true],
  ["negative index fallback", "NextMarker || Contents[-1].Key", { Contents: [{ Key: "a" }, { Key: "b" }] }, "b"],
  ["negative index", "S.Shards[-1].ShardId", { S: { Shards: [{ ShardId: "1" }, { ShardId: "2" }] } }, "2"],
  ["index out of range", "a[5]", { a: [1] }, null],
  ["slice", "a[1:3]", { a: [0, 1, 2, 3, 4] }, [1, 2]],
  ["reverse slice", "a[::-1]", { a: [0, 1, 2, 3, 4] }, [4, 3, 2, 1, 0]],
  ["tail slice", "a[-2:]", { a: [0, 1, 2, 3, 4] }, [3, 4]],
  ["wildcard index", "a[*].b", { a: [{ b: 1 }, { c: 2 }, { b: 3 }] }, [1, 3]],
  ["pipe stops projection", "a[*].b | [0]", { a: [{ b: 1 }, { c: 2 }, { b: 3 }] }, 1],
  ["multi-select list", "a[].[b, c]", { a: [{ b: 1, c: 2 }, { b: 3 }] }, [[1, 2], [3, null]]],
  ["multi-select hash", "a[].{x: b, y: c}", { a: [{ b: 1, c: 2 }, { b: 3 }] }, [{ x: 1, y: 2 }, { x: 3, y: null }]],
  ["double flatten", "a[][]", { a: [[1, [2]], [3]] }, [1, 2, 3]],
  ["filter with number", "a[?b > `1`].b", { a: [{ b: 1 }, { b: 2 }, { b: 3 }] }, [2, 3]],
  ["contains on a list", "contains(a, `2`)", { a: [1, 2] }, true],
  ["contains on a string", "contains('foobar', 'oba')", {}, true],
  ["quoted identifier", '"quoted key".x', { "quoted key": { x: 5 } }, 5],
  ["not of empty list", "!a", { a: [] }, true],
  ["legacy bare literal", "`foo`", {}, "foo"],
  ["length of current", "a[?b == `true`] | length(@)", { a: [{ b: true }, { b: false }] }, 1],
  ["value projection then index", "foo.*.bar[0]", { foo: { x: { bar: [1] }, y: { bar: [2] } } }, [1, 2]],
  ["top-level index", "[0]", [5, 6], 5],
  ["max", "max(a)", { a: [3, 9, 2] }, 9],
  ["ordering of a number and a string is null", "a < b", { a: 1, b: "x" }, null],
  ["strings are ordered", "a < b && b >= 'x'", { a: "ACTIVE", b: "x" }, true],
  ["ordering of lists is null", "a < b", { a: [1], b: [2] }, null],
  ["function names are fields too", "a.length", { a: { length: 3 } }, 3],
  ["raw string escapes", "'it\\'s \\\\ \\n'", {}, "it's \\\\ \\n"],
  ["deep equality", "a == `{\"x\": [1]}`", { a: { x: [1] } }, true],
];

describe("JMESPath subset", () => {
  for (const [name, expression, data, want] of cases) {
    it(`${name}: ${expression}`, () => {
      expect(search(expression, data)).to.deep.equal(want);
    });
  }

  it("never reads through the prototype", () => {
    expect(search("constructor", {})).to.equal(null);
    expect(search("__proto__.polluted", JSON.parse('{"__proto__": {"polluted": 1}}'))).to.equal(1);
    expect(search("toString", { a: 1 })).to.equal(null);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("follows JMESPath truthiness", () => {
    for (const falsy of [null, false, "", [], {}]) expect(isTruthy(falsy), JSON.stringify(falsy)).to.equal(false);
    for (const truthy of [0, "a", [0], { a: null }, true]) expect(isTruthy(truthy), JSON.stringify(truthy)).to.equal(true);
  });

  const errors: [string, RegExp][] = [
    ["a.", /unexpected 'eof'/],
    ["a[?b == 1", /unexpected character|expected/],
    ["'open", /unterminated raw string/],
    ["a $ b", /unexpected character/],
    ["unknown_fn(a)", /unknown function/],
    ["length(a, b)", /takes 1 argument/],
    ["length(`1`)", /invalid argument type/],
    ["a[1:2:0]", /slice step of 0/],
  ];
  for (const [expression, message] of errors) {
    it(`rejects ${expression}`, () => {
      expect(() => search(expression, { a: 1 })).to.throw(JmesPathError, message);
    });
  }

  it("records where each field is, for renaming tools", () => {
    const ast = parse('A.B[?"C" == `1`]');
    expect(ast).to.deep.include({ type: "filterProjection" });
    const fields: { name: string; start: number; end: number }[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      const n = node as { type?: string; name?: string; start?: number; end?: number };
      if (n.type === "field") fields.push({ name: n.name!, start: n.start!, end: n.end! });
      for (const child of Object.values(node)) walk(child);
    };
    walk(ast);
    expect(fields).to.deep.equal([
      { name: "A", start: 0, end: 1 },
      { name: "B", start: 2, end: 3 },
      { name: "C", start: 5, end: 8 },
    ]);
  });
});
