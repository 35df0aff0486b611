/**
 * AppSync's `util.dynamodb`: plain values to typed values for request
 * documents, as JavaScript resolvers call them (`dynamodb.toMapValues(args)`),
 * and the `...Json` forms VTL templates render (`toDynamoDBJson`).
 *
 * `toDynamoDB` picks the type from the value: strings `S`, numbers `N`,
 * booleans `BOOL`, `null` `NULL`, arrays `L`, objects `M`. It never makes a
 * set or a binary; `toStringSet`, `toNumberSet`, `toBinarySet` and `toB`
 * (base64 text) do. `undefined` members of an object are left out, as JSON
 * leaves them out; anything else that is not JSON data is a `TypeError`.
 */
import type { TypedMap, TypedValue } from "./typed-values.js";

/** A file in S3, as AppSync stores one in a string attribute. */
export interface S3Object {
  key: string;
  bucket: string;
  region: string;
  version?: string;
}

function fail(what: string, value: unknown, path: string): never {
  const shown = typeof value === "number" ? String(value) : value === undefined ? "undefined" : typeof value;
  throw new TypeError(`util.dynamodb.${what}: ${path}: cannot convert ${shown}`);
}

function number(value: unknown, what: string, path: string): string {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return fail(what, value, path);
}

function convert(value: unknown, path: string, depth: number): TypedValue {
  if (depth > 32) throw new TypeError(`util.dynamodb.toDynamoDB: ${path}: nested more than 32 levels deep`);
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case "string":
      return { S: value };
    case "number":
    case "bigint":
      return { N: number(value, "toDynamoDB", path) };
    case "boolean":
      return { BOOL: value };
    case "object":
      if (Array.isArray(value)) return { L: value.map((member, i) => (member === undefined ? { NULL: true } : convert(member, `${path}[${i}]`, depth + 1))) };
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) return { M: mapValues(value as Record<string, unknown>, path, depth + 1) };
      return fail("toDynamoDB", value, path);
    default:
      return fail("toDynamoDB", value, path);
  }
}

function mapValues(value: Record<string, unknown>, path: string, depth: number): TypedMap {
  const out: TypedMap = {};
  for (const [name, member] of Object.entries(value)) if (member !== undefined) out[name] = convert(member, `${path}.${name}`, depth);
  return out;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) fail(what, value, "value");
  return value;
}

function strings(value: unknown, what: string): string[] {
  return list(value, what).map((member, i) => (typeof member === "string" ? member : fail(what, member, `value[${i}]`)));
}

function toDynamoDB(value: unknown): TypedValue {
  return convert(value, "value", 0);
}
function toMapValues(value: Record<string, unknown>): TypedMap {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail("toMapValues", value, "value");
  return mapValues(value, "value", 0);
}
function toS(value: string): { S: string } {
  return { S: typeof value === "string" ? value : fail("toS", value, "value") };
}
function toN(value: number): { N: string } {
  return { N: number(value, "toN", "value") };
}
function toB(value: string): { B: string } {
  return { B: typeof value === "string" ? value : fail("toB", value, "value") };
}
function toBoolean(value: boolean): { BOOL: boolean } {
  return { BOOL: typeof value === "boolean" ? value : fail("toBoolean", value, "value") };
}
function toNull(): { NULL: true } {
  return { NULL: true };
}
function toList(value: unknown[]): { L: TypedValue[] } {
  return convert(list(value, "toList"), "value", 0) as { L: TypedValue[] };
}
function toMap(value: Record<string, unknown>): { M: TypedMap } {
  return { M: toMapValues(value) };
}
function toStringSet(value: string[]): { SS: string[] } {
  return { SS: strings(value, "toStringSet") };
}
function toNumberSet(value: number[]): { NS: string[] } {
  return { NS: list(value, "toNumberSet").map((member, i) => number(member, "toNumberSet", `value[${i}]`)) };
}
function toBinarySet(value: string[]): { BS: string[] } {
  return { BS: strings(value, "toBinarySet") };
}
function toS3Object(key: string, bucket: string, region: string, version?: string): { S: string } {
  const s3: S3Object = { key: toS(key).S, bucket: toS(bucket).S, region: toS(region).S };
  if (version !== undefined) s3.version = toS(version).S;
  return { S: JSON.stringify({ s3 }) };
}
function fromS3ObjectJson(value: string): S3Object {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new TypeError("util.dynamodb.fromS3ObjectJson: expected the JSON text of an S3 object");
  }
  const s3 = (parsed as { s3?: Record<string, unknown> } | null)?.s3;
  if (s3 === null || typeof s3 !== "object" || typeof s3.key !== "string" || typeof s3.bucket !== "string" || typeof s3.region !== "string") {
    throw new TypeError('util.dynamodb.fromS3ObjectJson: expected { "s3": { "key", "bucket", "region" } }');
  }
  const out: S3Object = { key: s3.key, bucket: s3.bucket, region: s3.region };
  if (typeof s3.version === "string") out.version = s3.version;
  return out;
}

const json =
  <A extends unknown[]>(fn: (...args: A) => unknown) =>
  (...args: A): string =>
    JSON.stringify(fn(...args));

/** AppSync's `util.dynamodb`, for resolvers run with this module. */
export const dynamodb = {
  toDynamoDB,
  toMapValues,
  toS,
  toN,
  toB,
  toBoolean,
  toNull,
  toList,
  toMap,
  toStringSet,
  toNumberSet,
  toBinarySet,
  toS3Object,
  fromS3ObjectJson,
  toDynamoDBJson: /* @__PURE__ */ json(toDynamoDB),
  toMapValuesJson: /* @__PURE__ */ json(toMapValues),
  toStringJson: /* @__PURE__ */ json(toS),
  toNumberJson: /* @__PURE__ */ json(toN),
  toBinaryJson: /* @__PURE__ */ json(toB),
  toBooleanJson: /* @__PURE__ */ json(toBoolean),
  toNullJson: /* @__PURE__ */ json(toNull),
  toListJson: /* @__PURE__ */ json(toList),
  toMapJson: /* @__PURE__ */ json(toMap),
  toStringSetJson: /* @__PURE__ */ json(toStringSet),
  toNumberSetJson: /* @__PURE__ */ json(toNumberSet),
  toBinarySetJson: /* @__PURE__ */ json(toBinarySet),
  toS3ObjectJson: /* @__PURE__ */ json(toS3Object),
};
