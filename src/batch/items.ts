/**
 * What the batch helpers need to know about wire-form items: their size as
 * DynamoDB counts it, and a canonical string for a key so that duplicates
 * are found.
 */
import type { JsonObject, JsonValue } from "../runtime/types.js";

/** An item or key in wire form: `{ "pk": { "S": "a" }, "n": { "N": "1" } }`. */
export type AttributeMap = { [name: string]: JsonObject };

/** DynamoDB's maximum item size, names included (400 KB). */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * The size of an item as DynamoDB counts it against the 400 KB limit
 * (Developer Guide, "Item sizes and formats"): attribute names and strings in
 * UTF-8 bytes, numbers about one byte per two significant digits plus one,
 * binaries in raw bytes, booleans and nulls one byte, lists and maps three
 * bytes plus one per element on top of their contents. An estimate for
 * splitting and rejecting early; the service has the final word.
 */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const name in item) if (Object.hasOwn(item, name)) size += utf8Length(name) + valueSize(item[name]!);
  return size;
}

function valueSize(value: JsonObject): number {
  for (const type in value) {
    if (!Object.hasOwn(value, type)) continue;
    const v = value[type] as JsonValue;
    switch (type) {
      case "S":
        return utf8Length(v as string);
      case "N":
        return numberSize(v as string);
      case "B":
        return base64Bytes(v as string);
      case "BOOL":
      case "NULL":
        return 1;
      case "SS":
        return (v as string[]).reduce((n, s) => n + utf8Length(s), 0);
      case "NS":
        return (v as string[]).reduce((n, s) => n + numberSize(s), 0);
      case "BS":
        return (v as string[]).reduce((n, s) => n + base64Bytes(s), 0);
      case "L":
        return (v as JsonObject[]).reduce((n, e) => n + 1 + valueSize(e), 3);
      case "M": {
        let size = 3;
        const map = v as AttributeMap;
        for (const name in map) if (Object.hasOwn(map, name)) size += 1 + utf8Length(name) + valueSize(map[name]!);
        return size;
      }
    }
  }
  return 0;
}

function numberSize(n: string): number {
  const digits = n.replace(/[eE].*$/, "").replace(/[^0-9]/g, "").replace(/^0+/, "").replace(/0+$/, "");
  return Math.ceil(digits.length / 2) + 1;
}

function base64Bytes(b64: string): number {
  const padding = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - padding;
}

/** UTF-8 byte length without encoding the string. */
export function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      // A surrogate pair is 4 bytes for 2 UTF-16 units.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * A string equal for two keys exactly when DynamoDB sees the same key.
 * Numbers are compared by value (`1`, `1.0` and `10E-1` are one key), which
 * is how the service compares them.
 */
export function keyString(key: AttributeMap, names?: readonly string[]): string {
  const attributes = names ?? Object.keys(key).sort();
  let out = "";
  for (const name of attributes) {
    const value = key[name];
    if (value === undefined) {
      throw new TypeError(`key attribute ${JSON.stringify(name)} is missing (the item has ${Object.keys(key).map((k) => JSON.stringify(k)).join(", ") || "no attributes"})`);
    }
    const type = Object.keys(value)[0];
    const raw = type === undefined ? "" : value[type];
    out += `${name}\u0000${type}\u0000${type === "N" ? canonicalNumber(String(raw)) : String(raw)}\u0001`;
  }
  return out;
}

function canonicalNumber(n: string): string {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(n);
  if (!m) return n;
  const fraction = m[3] ?? "";
  let digits = (m[2] + fraction).replace(/^0+/, "");
  let exponent = Number(m[4] ?? 0) - fraction.length;
  if (digits === "") return "0";
  const trimmed = digits.replace(/0+$/, "");
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  return `${m[1] === "-" ? "-" : ""}${digits}e${exponent}`;
}

