/**
 * marshall / unmarshall throughput, dynaport vs @aws-sdk/util-dynamodb, side
 * by side on the same items in one process.
 *
 *   npx tsx bench/marshall.ts            # default: 5 runs of ~1 s per case and library
 *   RUNS=9 MS=2000 npx tsx bench/marshall.ts
 *
 * Prints the median operations per second of each library per shape and the
 * ratio (dynaport / official; above 1 means dynaport is faster). Unmarshall
 * runs twice: on attribute values built by the official SDK, and on the same
 * values parsed from JSON, as they arrive in a response ("unm. (JSON)").
 *
 * Time is this process's CPU time (user + system, which includes the garbage
 * collector's helper threads), not wall time: the machines this runs on are
 * shared, and CPU time is what the conversion costs whoever else is running.
 * Each sample runs for about a second, because short samples flatter code
 * that allocates a lot: its garbage-collection bill arrives later.
 */
import { marshall as officialMarshall, unmarshall as officialUnmarshall } from "@aws-sdk/util-dynamodb";
import { marshall } from "../src/document/marshall.js";
import { unmarshall } from "../src/document/unmarshall.js";
import type { WireItem } from "../src/document/types.js";

const RUNS = Number(process.env.RUNS ?? 5);
const MS = Number(process.env.MS ?? 1000);

function smallFlat(i: number) {
  return { pk: `USER#${i}`, sk: "PROFILE", name: "Ada Lovelace", age: 36, active: true, score: 12.5, email: "ada@example.com", nothing: null };
}

function nested(i: number) {
  return {
    pk: `ORDER#${i}`,
    customer: { id: i, name: "Grace", address: { street: "1 Main St", city: "Arlington", zip: "22201", geo: { lat: 38.88, lon: -77.1 } } },
    lines: [
      { sku: "A-1", qty: 2, price: 9.99, tags: ["new", "promo"] },
      { sku: "B-7", qty: 1, price: 120, tags: [] },
      { sku: "C-3", qty: 5, price: 0.5, tags: ["bulk"] },
    ],
    labels: new Set(["gift", "express"]),
    totals: { net: 145.48, tax: 11.64, gross: 157.12 },
  };
}

function wide(i: number) {
  const item: Record<string, unknown> = { pk: `WIDE#${i}` };
  for (let a = 0; a < 100; a++) item[`attr${a}`] = a % 3 === 0 ? `value-${a}` : a % 3 === 1 ? a * 1.25 : a % 2 === 0;
  return item;
}

function numberList(i: number) {
  const values: number[] = [];
  for (let k = 0; k < 200; k++) values.push(k % 2 === 0 ? k * 1000 + i : k / 8);
  return { pk: `SERIES#${i}`, values };
}

const shapes: [string, (i: number) => Record<string, unknown>][] = [
  ["small flat (8 attrs)", smallFlat],
  ["nested (maps, lists, set)", nested],
  ["wide (100 attrs)", wide],
  ["list of 200 numbers", numberList],
];

function cpuMilliseconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Operations per CPU second of `fn` over the item pool, for about `MS` milliseconds of CPU time. */
function measure<T>(pool: T[], fn: (item: T) => unknown): number {
  let ops = 0;
  let sink = 0;
  const start = cpuMilliseconds();
  let now = start;
  while (now - start < MS) {
    for (let i = 0; i < pool.length; i++) {
      if (fn(pool[i]!) !== undefined) sink++;
    }
    ops += pool.length;
    now = cpuMilliseconds();
  }
  if (sink !== ops) throw new Error("unexpected undefined result");
  return (ops / (now - start)) * 1000;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function format(opsPerSecond: number): string {
  return opsPerSecond >= 1e6 ? `${(opsPerSecond / 1e6).toFixed(2)} M/s` : `${(opsPerSecond / 1e3).toFixed(1)} k/s`;
}

type Case = { shape: string; op: string; ours: () => number; theirs: () => number };
const cases: Case[] = [];
for (const [shape, make] of shapes) {
  const plain = Array.from({ length: 256 }, (_, i) => make(i));
  // Attribute values as the official SDK builds them (objects filled key by
  // key, which V8 keeps as hash tables once they pass a dozen members), and
  // as JSON.parse builds them from a response body (compact objects).
  const built = plain.map((item) => officialMarshall(item)) as WireItem[];
  const parsed = built.map((item) => JSON.parse(JSON.stringify(item)) as WireItem);
  cases.push({ shape, op: "marshall", ours: () => measure(plain, (item) => marshall(item)), theirs: () => measure(plain, (item) => officialMarshall(item)) });
  cases.push({ shape, op: "unmarshall", ours: () => measure(built, (item) => unmarshall(item)), theirs: () => measure(built, (item) => officialUnmarshall(item as never)) });
  cases.push({ shape, op: "unm. (JSON)", ours: () => measure(parsed, (item) => unmarshall(item)), theirs: () => measure(parsed, (item) => officialUnmarshall(item as never)) });
}

console.log(`node ${process.version}, ${RUNS} runs x ${MS} ms CPU each, medians of operations (items) per CPU second`);
console.log("shape".padEnd(28) + "op".padEnd(12) + "dynaport".padStart(12) + "official".padStart(12) + "ratio".padStart(8));
const ratios: number[] = [];
for (const c of cases) {
  const ours: number[] = [];
  const theirs: number[] = [];
  // One unrecorded round to reach optimized code, then interleave the two
  // so that drift in the machine's speed hits both alike.
  c.ours();
  c.theirs();
  for (let run = 0; run < RUNS; run++) {
    ours.push(c.ours());
    theirs.push(c.theirs());
  }
  const ratio = median(ours) / median(theirs);
  ratios.push(ratio);
  console.log(c.shape.padEnd(28) + c.op.padEnd(12) + format(median(ours)).padStart(12) + format(median(theirs)).padStart(12) + `${ratio.toFixed(2)}x`.padStart(8));
}
console.log(`lowest ratio ${Math.min(...ratios).toFixed(2)}x`);
