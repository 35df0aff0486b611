/**
 * AppSync's typed values (DynamoDB attribute values as JSON, `{ "S": "x" }`):
 * validation with paths, conversion to the plain values a resolver's
 * `ctx.result` holds, and comparison.
 */
import { toBase64 } from "../runtime/serde.js";
import { unmarshall } from "../document/unmarshall.js";
import type { WireAttributeValue } from "../document/types.js";
import type { RequestProblem } from "./errors.js";

/** A typed value, as in a request document. */
export type TypedValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { L: TypedValue[] }
  | { M: TypedMap };

/** Attribute names to typed values: a `key`, `attributeValues`, `expressionValues`. */
export type TypedMap = { [name: string]: TypedValue };

const TYPES = ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"] as const;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Pushes a problem for every malformed part of `value`. */
export function checkTypedValue(value: unknown, path: string, problems: RequestProblem[], depth = 0): void {
  if (depth > 32) {
    problems.push({ path, message: "nested more than 32 levels deep" });
    return;
  }
  if (!isObject(value)) {
    problems.push({ path, message: `expected a typed value such as { "S": "text" }, got ${describe(value)}` });
    return;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(TYPES as readonly string[]).includes(keys[0]!)) {
    problems.push({ path, message: `expected exactly one of ${TYPES.join(", ")} as the type, got ${keys.length === 0 ? "no key" : keys.map((k) => JSON.stringify(k)).join(", ")}` });
    return;
  }
  const type = keys[0]!;
  const inner = value[type];
  const at = `${path}.${type}`;
  switch (type) {
    case "S":
      if (typeof inner !== "string") problems.push({ path: at, message: `expected a string, got ${describe(inner)}` });
      break;
    case "N":
      if (typeof inner !== "string" || !NUMBER.test(inner)) problems.push({ path: at, message: `expected a number as a string, such as "42", got ${describe(inner)}` });
      break;
    case "B":
      if (typeof inner !== "string" || !BASE64.test(inner) || inner.length % 4 !== 0) problems.push({ path: at, message: `expected base64 text, got ${describe(inner)}` });
      break;
    case "BOOL":
      if (typeof inner !== "boolean") problems.push({ path: at, message: `expected true or false, got ${describe(inner)}` });
      break;
    case "NULL":
      if (inner !== true) problems.push({ path: at, message: `expected true, got ${describe(inner)}` });
      break;
    case "SS":
    case "NS":
    case "BS": {
      if (!Array.isArray(inner) || inner.length === 0) {
        problems.push({ path: at, message: `expected a non-empty list, got ${Array.isArray(inner) ? "an empty list" : describe(inner)}` });
        break;
      }
      const seen = new Set<string>();
      inner.forEach((member, i) => {
        const ok = typeof member === "string" && (type === "SS" || (type === "NS" ? NUMBER.test(member) : BASE64.test(member) && member.length % 4 === 0));
        if (!ok) problems.push({ path: `${at}[${i}]`, message: `expected ${type === "SS" ? "a string" : type === "NS" ? "a number as a string" : "base64 text"}, got ${describe(member)}` });
        else if (seen.has(type === "NS" ? String(Number(member)) : member)) problems.push({ path: `${at}[${i}]`, message: `duplicate set member ${JSON.stringify(member)}` });
        else seen.add(type === "NS" ? String(Number(member)) : member);
      });
      break;
    }
    case "L":
      if (!Array.isArray(inner)) problems.push({ path: at, message: `expected a list, got ${describe(inner)}` });
      else inner.forEach((member, i) => checkTypedValue(member, `${at}[${i}]`, problems, depth + 1));
      break;
    case "M":
      checkTypedMap(inner, at, problems, depth + 1);
      break;
  }
}

/** Pushes a problem for every malformed entry of a map of typed values. */
export function checkTypedMap(value: unknown, path: string, problems: RequestProblem[], depth = 0): void {
  if (!isObject(value)) {
    problems.push({ path, message: `expected an object of names to typed values, got ${describe(value)}` });
    return;
  }
  for (const [name, member] of Object.entries(value)) checkTypedValue(member, `${path}.${name}`, problems, depth);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "object" ? "an object" : typeof value;
}

/**
 * An item as `ctx.result` holds it: numbers as numbers, sets as lists,
 * binaries as base64 text, `NULL` as `null`.
 */
export function toResultItem(item: Record<string, unknown>): Record<string, unknown> {
  const plain = unmarshall(item as Record<string, WireAttributeValue>, { wrapNumbers: (text) => Number(text) });
  return toJsonLike(plain) as Record<string, unknown>;
}

/** The result form of one value. */
function toJsonLike(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(toJsonLike);
  if (value instanceof Uint8Array) return toBase64(value);
  if (Array.isArray(value)) return value.map(toJsonLike);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonLike(v);
    return out;
  }
  return value;
}

/**
 * Whether two items hold the same values, but for the attributes in
 * `ignore`: numbers compared by value, sets regardless of order.
 */
export function sameItem(a: Record<string, unknown> | null, b: Record<string, unknown> | null, ignore: readonly string[] = []): boolean {
  if (a === null || b === null) return a === b;
  const names = (item: Record<string, unknown>) => Object.keys(item).filter((name) => !ignore.includes(name)).sort();
  const an = names(a);
  const bn = names(b);
  return an.length === bn.length && an.every((name, i) => name === bn[i] && sameValue(a[name], b[name]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  const [ta] = Object.keys(a);
  const [tb] = Object.keys(b);
  if (ta !== tb || ta === undefined) return false;
  const x = a[ta];
  const y = b[ta];
  switch (ta) {
    case "N":
      return Number(x) === Number(y);
    case "SS":
    case "BS":
    case "NS": {
      const norm = (list: unknown) => (list as string[]).map((m) => (ta === "NS" ? String(Number(m)) : m)).sort();
      const xs = norm(x);
      const ys = norm(y);
      return xs.length === ys.length && xs.every((m, i) => m === ys[i]);
    }
    case "L": {
      const xs = x as unknown[];
      const ys = y as unknown[];
      return xs.length === ys.length && xs.every((m, i) => sameValue(m, ys[i]));
    }
    case "M":
      return sameItem(x as Record<string, unknown>, y as Record<string, unknown>);
    default:
      return x === y;
  }
}
