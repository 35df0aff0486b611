/**
 * Plain values in a form JSON carries without losing meaning, for callers
 * that hand results to something that only speaks JSON (a low-code tool's
 * table widget, an HTTP response): `JSON.stringify` of a `Set` is `{}`, of a
 * `Uint8Array` an index map, and of a `bigint` a `TypeError`.
 */
import { toBase64 } from "../runtime/serde.js";
import { NumberValue, isNumberString, parseDecimal } from "./number-value.js";

/**
 * Converts a plain value (an item, a list of items, a whole result) to one
 * that `JSON.stringify` writes without losing anything:
 *
 * - a `Set` becomes an array of its members (converted);
 * - binary (`Uint8Array` and other array-buffer views, `ArrayBuffer`) becomes
 *   its base64 string, as DynamoDB's JSON carries it;
 * - a `bigint` becomes a number when a JavaScript number holds it exactly,
 *   else its decimal string;
 * - a `NumberValue` becomes its exact decimal string;
 * - a `Map` becomes an object of its entries;
 * - arrays and plain objects are converted member by member; strings,
 *   numbers, booleans and `null` stay as they are, and so do other objects
 *   (a `Date` writes itself with `toJSON`).
 *
 * The input is not modified.
 */
export function jsonSafe(value: unknown): unknown {
  switch (typeof value) {
    case "bigint":
      return safeBigInt(value);
    case "object":
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof NumberValue) return value.value;
  if (ArrayBuffer.isView(value)) return toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof ArrayBuffer) return toBase64(new Uint8Array(value));
  if (value instanceof Set) return Array.from(value, jsonSafe);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) define(out, String(k), jsonSafe(v));
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) define(out, name, jsonSafe((value as Record<string, unknown>)[name]));
  return out;
}

/**
 * A DynamoDB number (its decimal text) as JSON carries it exactly: the
 * JavaScript number when that number writes back as the same decimal value
 * (`"12.5"`, `"0.1"`, `"9007199254740993"` is not one), else the text itself.
 */
export function jsonSafeNumber(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n) || !isNumberString(text)) return text;
  return sameDecimal(text, String(n)) ? n : text;
}

function safeBigInt(value: bigint): number | string {
  const n = Number(value);
  return Number.isFinite(n) && BigInt(n) === value ? n : value.toString();
}

/** Whether two decimal strings denote the same value. */
function sameDecimal(a: string, b: string): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x.digits === "" || y.digits === "") return x.digits === y.digits;
  return x.negative === y.negative && x.digits === y.digits && x.exponent === y.exponent;
}

function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
