/**
 * Plain JSON <-> DynamoDB attribute values, for a helper whose configuration
 * and output are JSON documents (a workflow step's state).
 *
 * The document layer (`src/document/`) converts richer JavaScript values
 * (`Set`, `bigint`, `Uint8Array`); here both directions must stay inside JSON,
 * so sets come back as arrays, binaries as base64 strings, and numbers as the
 * document layer's `jsonSafe` writes them: a JavaScript number where it holds
 * the stored decimal exactly, else the exact decimal string (`jsonSafeNumber`).
 */
import { jsonSafeNumber } from "../document/json-safe.js";
import { toBase64 } from "../runtime/serde.js";
import type { JsonObject, JsonValue } from "../runtime/types.js";

/** One attribute value as it crosses the wire (`{"S": "a"}`, `{"N": "1"}`, ...). */
export type WireAttributeValue = { [type: string]: JsonValue };
/** An item or key as it crosses the wire. */
export type WireItem = { [attribute: string]: WireAttributeValue };

/** Converts one plain JSON value into its attribute value. Throws on values JSON cannot hold. */
export function toAttributeValue(value: JsonValue, path = "value"): WireAttributeValue {
  switch (typeof value) {
    case "string":
      return { S: value };
    case "boolean":
      return { BOOL: value };
    case "number":
      // NaN and Infinity are not JSON and DynamoDB's N type cannot hold them.
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a number DynamoDB can store`);
      return { N: String(value) };
    case "object": {
      if (value === null) return { NULL: true };
      if (Array.isArray(value)) return { L: value.map((v, i) => toAttributeValue(v, `${path}[${i}]`)) };
      const map: JsonObject = {};
      for (const [k, v] of Object.entries(value)) put(map, k, toAttributeValue(v, `${path}.${k}`));
      return { M: map };
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} is not a JSON value`);
  }
}

/** Converts a wire item into a plain JSON object. */
export function toPlainItem(item: WireItem): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(item)) put(out, name, toPlainValue(value));
  return out;
}

/** Converts one wire attribute value into plain JSON. */
export function toPlainValue(value: WireAttributeValue): JsonValue {
  if ("S" in value) return value.S as string;
  if ("N" in value) return jsonSafeNumber(value.N as string);
  if ("BOOL" in value) return value.BOOL as boolean;
  if ("NULL" in value) return null;
  if ("M" in value) return toPlainItem(value.M as WireItem);
  if ("L" in value) return (value.L as WireAttributeValue[]).map(toPlainValue);
  if ("SS" in value) return value.SS as string[];
  if ("NS" in value) return (value.NS as string[]).map(jsonSafeNumber);
  if ("B" in value) return value.B as string; // already base64 on the wire
  if ("BS" in value) return value.BS as string[];
  throw new TypeError(`unknown attribute value type ${Object.keys(value).join(", ") || "(empty)"}`);
}

/**
 * Converts an attribute value in the generated client's typed form
 * (`{ s: "a" }`, `{ b: Uint8Array }`, `{ null: true }`) to the wire form, and
 * passes a wire-form value through. Modeled error members such as
 * `ConditionalCheckFailedException.item` arrive in the typed form.
 */
export function toWireAttributeValue(value: unknown): WireAttributeValue {
  if (value === null || typeof value !== "object") throw new TypeError("an attribute value must be an object");
  const v = value as Record<string, unknown>;
  if ("s" in v) return { S: v.s as string };
  if ("n" in v) return { N: v.n as string };
  if ("bool" in v) return { BOOL: v.bool as boolean };
  if ("null" in v) return { NULL: true };
  if ("b" in v) return { B: base64(v.b) };
  if ("ss" in v) return { SS: v.ss as string[] };
  if ("ns" in v) return { NS: v.ns as string[] };
  if ("bs" in v) return { BS: (v.bs as unknown[]).map(base64) };
  if ("m" in v) return { M: toWireItem(v.m) };
  if ("l" in v) return { L: (v.l as unknown[]).map(toWireAttributeValue) };
  return v as WireAttributeValue;
}

/** `toWireAttributeValue` over every attribute of an item. */
export function toWireItem(item: unknown): WireItem {
  const out: WireItem = {};
  for (const [name, value] of Object.entries(item as Record<string, unknown>)) put(out, name, toWireAttributeValue(value));
  return out;
}

/**
 * Sets an own property even for the key `__proto__`, which plain assignment
 * would turn into a prototype change: an attribute of that name, from the
 * caller or the service, stays data.
 */
function put<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function base64(bytes: unknown): string {
  if (typeof bytes === "string") return bytes;
  return toBase64(bytes as Uint8Array);
}

/**
 * Whether two wire attribute values hold the same data: numbers compare by
 * value (`"1.0"` equals `"1"`), sets regardless of order.
 */
export function sameAttributeValue(a: WireAttributeValue, b: WireAttributeValue): boolean {
  const [ta] = Object.keys(a);
  const [tb] = Object.keys(b);
  if (ta === undefined || ta !== tb) return false;
  const x = a[ta];
  const y = b[ta];
  switch (ta) {
    case "N":
      return sameNumber(x as string, y as string);
    case "SS":
    case "BS":
      return sameSet(x as string[], y as string[], (p, q) => p === q);
    case "NS":
      return sameSet(x as string[], y as string[], sameNumber);
    case "L": {
      const l = x as WireAttributeValue[];
      const r = y as WireAttributeValue[];
      return l.length === r.length && l.every((v, i) => sameAttributeValue(v, r[i]!));
    }
    case "M": {
      const l = x as WireItem;
      const r = y as WireItem;
      const keys = Object.keys(l);
      return keys.length === Object.keys(r).length && keys.every((k) => k in r && sameAttributeValue(l[k]!, r[k]!));
    }
    default:
      return x === y;
  }
}

function sameNumber(a: string, b: string): boolean {
  if (a === b) return true;
  // Beyond 15 significant digits Number() may merge distinct values; compare
  // such numbers by their canonical decimal text instead.
  return canonicalDecimal(a) === canonicalDecimal(b);
}

/** `"-001.500e1"` -> `"-0.15e2"`: the value as 0.DIGITS x 10^EXPONENT, without redundant zeros. */
function canonicalDecimal(text: string): string {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m) return text;
  const [, sign, int = "", frac = "", exp = "0"] = m;
  const all = int + frac;
  const leadingZeros = all.length - all.replace(/^0+/, "").length;
  const digits = all.slice(leadingZeros).replace(/0+$/, "");
  if (digits === "") return "0";
  return `${sign === "-" ? "-" : ""}0.${digits}e${int.length - leadingZeros + Number(exp)}`;
}

function sameSet(a: string[], b: string[], same: (p: string, q: string) => boolean): boolean {
  return a.length === b.length && a.every((p) => b.some((q) => same(p, q)));
}
