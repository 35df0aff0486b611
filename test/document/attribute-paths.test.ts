/**
 * The table of where wire inputs, outputs and errors hold attribute values
 * (`src/document/attribute-paths.ts`) against the model: every member path
 * whose shape is `AttributeValue`, a list of it or a map to it, derived here
 * from `models/dynamodb/2012-08-10/service-2.json`. A model update that adds
 * or moves one fails this test until the table follows.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { convertPaths, ERROR_PATHS, OPERATION_PATHS } from "../../src/document/attribute-paths.js";
import { operations } from "../../src/generated/dynamodb/index.js";

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  value?: { shape: string };
  exception?: boolean;
}
const ROOT = resolve(import.meta.dirname, "../..");
const model = JSON.parse(readFileSync(join(ROOT, "models/dynamodb/2012-08-10/service-2.json"), "utf8")) as {
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, Shape>;
};

/** Every path to an attribute value under `shape`, in the table's notation. */
function pathsOf(shape: string, path = "", seen: ReadonlySet<string> = new Set()): string[] {
  if (shape === "AttributeValue") return [`${path}:value`];
  if (seen.has(shape)) return [];
  const s = model.shapes[shape]!;
  const inner = new Set([...seen, shape]);
  switch (s.type) {
    case "structure":
      return Object.entries(s.members ?? {}).flatMap(([name, m]) => pathsOf(m.shape, path === "" ? name : `${path}.${name}`, inner));
    case "list":
      return s.member!.shape === "AttributeValue" ? [`${path}[]:value`] : pathsOf(s.member!.shape, `${path}[]`, inner);
    case "map":
      return s.value!.shape === "AttributeValue" ? [`${path}:item`] : pathsOf(s.value!.shape, `${path}.*`, inner);
    default:
      return [];
  }
}

describe("attribute-value paths: the table matches the model", () => {
  it("lists every operation whose input or output holds attribute values, with exactly the model's paths", () => {
    const derived: Record<string, { input: string[]; output: string[] }> = {};
    for (const [name, op] of Object.entries(model.operations)) {
      const input = op.input ? pathsOf(op.input.shape) : [];
      const output = op.output ? pathsOf(op.output.shape) : [];
      if (input.length + output.length > 0) derived[name] = { input: input.sort(), output: output.sort() };
    }
    const table = Object.fromEntries(
      Object.entries(OPERATION_PATHS).map(([name, p]) => [name, { input: [...p.input].sort(), output: [...p.output].sort() }]),
    );
    expect(table).to.deep.equal(derived);
    // The item operations are all there, so this is not vacuous.
    for (const name of ["GetItem", "PutItem", "Query", "BatchWriteItem", "TransactWriteItems", "ExecuteStatement", "ExecuteTransaction", "BatchExecuteStatement"]) {
      expect(OPERATION_PATHS, name).to.have.property(name);
    }
  });

  it("names only operations the generated client has", () => {
    for (const name of Object.keys(OPERATION_PATHS)) expect(operations, name).to.have.property(name);
  });

  it("lists the modeled errors that carry items, with the model's paths", () => {
    const derived: Record<string, string[]> = {};
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (!shape.exception) continue;
      const paths = pathsOf(name);
      if (paths.length > 0) derived[name] = paths.sort();
    }
    expect(Object.fromEntries(Object.entries(ERROR_PATHS).map(([k, v]) => [k, [...v].sort()]))).to.deep.equal(derived);
  });
});

describe("convertPaths", () => {
  const mark = (value: unknown, target: string, path: string) => ({ [target]: value, at: path });

  it("converts what each path leads to, with its wire path, and copies only the containers on the way", () => {
    const shared = { untouched: true };
    const input = {
      RequestItems: { users: [{ PutRequest: { Item: { a: 1 } } }, { DeleteRequest: { Key: { a: 2 } } }] },
      ReturnConsumedCapacity: "TOTAL",
      Other: shared,
    };
    const before = structuredClone(input);
    const out = convertPaths(input, OPERATION_PATHS.BatchWriteItem!.input, mark);
    expect(out).to.deep.equal({
      RequestItems: {
        users: [
          { PutRequest: { Item: { item: { a: 1 }, at: "RequestItems.users[0].PutRequest.Item" } } },
          { DeleteRequest: { Key: { item: { a: 2 }, at: "RequestItems.users[1].DeleteRequest.Key" } } },
        ],
      },
      ReturnConsumedCapacity: "TOTAL",
      Other: shared,
    });
    expect(input).to.deep.equal(before);
    expect(out.Other).to.equal(shared);
  });

  it("converts single values, and leaves missing members, nulls and wrong kinds for validation", () => {
    const out = convertPaths({ Parameters: ["a", 1], Expected: { x: { Value: 5, AttributeValueList: [1, 2] } } }, [
      ...OPERATION_PATHS.ExecuteStatement!.input,
      ...OPERATION_PATHS.PutItem!.input,
    ], mark);
    expect(out).to.deep.equal({
      Parameters: [{ value: "a", at: "Parameters[0]" }, { value: 1, at: "Parameters[1]" }],
      Expected: {
        x: { Value: { value: 5, at: "Expected.x.Value" }, AttributeValueList: [{ value: 1, at: "Expected.x.AttributeValueList[0]" }, { value: 2, at: "Expected.x.AttributeValueList[1]" }] },
      },
    });
    const odd = { Key: null, RequestItems: "x", TransactItems: [null, 3] };
    expect(convertPaths(odd, [...OPERATION_PATHS.GetItem!.input, ...OPERATION_PATHS.BatchGetItem!.input, ...OPERATION_PATHS.TransactGetItems!.input], mark)).to.deep.equal(odd);
  });

  it("keeps a member named __proto__ as data", () => {
    const input = JSON.parse('{"Key": {"__proto__": 1}, "__proto__": {"x": 1}}') as object;
    const out = convertPaths(input, ["Key:item"], (value) => ({ converted: value })) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(Object.keys(out)).to.deep.equal(["Key", "__proto__"]);
  });
});
