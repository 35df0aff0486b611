/**
 * What the expression checks cost before the wire (issue 15's target: under
 * 5 µs added to a typical UpdateItem):
 * `npx tsx bench/expressions.ts [--rounds N] [--iterations N]`.
 *
 * The request is a typical UpdateItem: three clauses (SET, REMOVE, ADD), one
 * condition, 4 names, 4 values, in wire form as raw `send` takes it and in
 * the typed form the methods take. The cases, each run `iterations` times
 * per round and reported as the median over rounds of CPU microseconds per
 * call (user + system, `process.cpuUsage`), with wall time beside it:
 *
 * - `checkExpressions wire` / `typed`: the checks alone on the request.
 * - `checkExpressions, distinct texts`: the same, cycling through 1,000
 *   requests whose expressions differ (placeholder names), in case anything
 *   on the way remembers a text it has seen.
 * - `validate wire, checks on` / `off`: the whole UpdateItem input through
 *   the generated validator, `assertValid(..., validateWire_UpdateItemInput,
 *   serviceChecks)`, as raw `send` runs it; `typed` likewise with
 *   `validate_UpdateItemInput`. The on/off pairs run alternately within each
 *   round; "added" is the median over rounds of (on - off), and the ratio the
 *   median of per-round on/off ratios.
 */
import { checkExpressions } from "../src/expressions/check.js";
import { validateWire_UpdateItemInput, validate_UpdateItemInput } from "../src/generated/dynamodb/validate.js";
import type { UpdateItemInput } from "../src/generated/dynamodb/types.js";
import type { ValidationProblem } from "../src/runtime/errors.js";
import { assertValid, type Validator } from "../src/runtime/validate.js";
import { median, pairedRatio } from "./stats.js";

/** The typical UpdateItem, wire form; `n` varies the placeholder names. */
function wireUpdate(n = 0): Record<string, unknown> {
  const s = n === 0 ? "" : String(n);
  return {
    TableName: "jobs",
    Key: { pk: { S: "tenant#7" }, sk: { S: "job#000042" } },
    UpdateExpression: `SET #status${s} = :claimed${s}, #owner${s} = :me${s} REMOVE #lease${s} ADD #attempts${s} :one${s}`,
    ConditionExpression: `#status${s} = :pending${s}`,
    ExpressionAttributeNames: { [`#status${s}`]: "status", [`#owner${s}`]: "owner", [`#attempts${s}`]: "attempts", [`#lease${s}`]: "lease" },
    ExpressionAttributeValues: {
      [`:claimed${s}`]: { S: "CLAIMED" },
      [`:pending${s}`]: { S: "PENDING" },
      [`:me${s}`]: { S: "worker-3f9c2a" },
      [`:one${s}`]: { N: "1" },
    },
    ReturnValues: "ALL_NEW",
  };
}

/** The same request in the typed form the methods take. */
function typedUpdate(): UpdateItemInput {
  return {
    tableName: "jobs",
    key: { pk: { s: "tenant#7" }, sk: { s: "job#000042" } },
    updateExpression: "SET #status = :claimed, #owner = :me REMOVE #lease ADD #attempts :one",
    conditionExpression: "#status = :pending",
    expressionAttributeNames: { "#status": "status", "#owner": "owner", "#attempts": "attempts", "#lease": "lease" },
    expressionAttributeValues: {
      ":claimed": { s: "CLAIMED" },
      ":pending": { s: "PENDING" },
      ":me": { s: "worker-3f9c2a" },
      ":one": { n: "1" },
    },
    returnValues: "ALL_NEW",
  };
}

interface Case {
  name: string;
  run(n: number): void;
}

function cases(): Case[] {
  const wire = wireUpdate();
  const typed = typedUpdate();
  const distinct = Array.from({ length: 1000 }, (_, i) => wireUpdate(i + 1));
  const problems: ValidationProblem[] = [];
  const check = (v: object, isWire: boolean) => {
    checkExpressions(v, problems, isWire);
    if (problems.length > 0) throw new Error(`the bench request is invalid: ${JSON.stringify(problems)}`);
  };
  const wireValidator = validateWire_UpdateItemInput as unknown as Validator<Record<string, unknown>>;
  return [
    { name: "checkExpressions wire", run: (n) => { for (let i = 0; i < n; i++) check(wire, true); } },
    { name: "checkExpressions typed", run: (n) => { for (let i = 0; i < n; i++) check(typed, false); } },
    { name: "checkExpressions, distinct texts", run: (n) => { for (let i = 0; i < n; i++) check(distinct[i % 1000]!, true); } },
    { name: "validate wire, checks on", run: (n) => { for (let i = 0; i < n; i++) assertValid("UpdateItem", wire, wireValidator, true); } },
    { name: "validate wire, checks off", run: (n) => { for (let i = 0; i < n; i++) assertValid("UpdateItem", wire, wireValidator, false); } },
    { name: "validate typed, checks on", run: (n) => { for (let i = 0; i < n; i++) assertValid("updateItem", typed, validate_UpdateItemInput, true); } },
    { name: "validate typed, checks off", run: (n) => { for (let i = 0; i < n; i++) assertValid("updateItem", typed, validate_UpdateItemInput, false); } },
  ];
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

function main(): void {
  const args = process.argv.slice(2);
  const rounds = option(args, "--rounds", 15);
  const iterations = option(args, "--iterations", 20_000);
  const all = cases();
  for (const c of all) c.run(iterations); // warm up: let V8 optimise every path first
  const cpu = new Map<string, number[]>(all.map((c) => [c.name, []]));
  const wall = new Map<string, number[]>(all.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    // Every case once per round, so that on/off pairs share the machine's mood.
    for (const c of all) {
      const start = process.cpuUsage();
      const t0 = performance.now();
      c.run(iterations);
      const elapsed = performance.now() - t0;
      const used = process.cpuUsage(start);
      cpu.get(c.name)!.push((used.user + used.system) / iterations);
      wall.get(c.name)!.push((elapsed * 1000) / iterations);
    }
  }
  const width = Math.max(...all.map((c) => c.name.length));
  console.log(`node ${process.version}, ${rounds} rounds of ${iterations} calls, medians`);
  console.log(`${"case".padEnd(width)}  CPU µs/call  wall µs/call`);
  for (const c of all) {
    console.log(`${c.name.padEnd(width)}  ${median(cpu.get(c.name)!).toFixed(3).padStart(11)}  ${median(wall.get(c.name)!).toFixed(3).padStart(12)}`);
  }
  for (const form of ["wire", "typed"]) {
    const on = wall.get(`validate ${form}, checks on`)!;
    const off = wall.get(`validate ${form}, checks off`)!;
    const added = median(on.map((x, i) => x - off[i]!));
    console.log(`validate ${form}: checks add ${added.toFixed(3)} µs per UpdateItem (wall, median of per-round differences), on/off ${pairedRatio(on, off).toFixed(2)}x`);
  }
}

main();
