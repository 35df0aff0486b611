/**
 * Built expressions rendered for each way of calling DynamoDB, so that they
 * are spread into a request as they are:
 *
 * | target | members | values |
 * | --- | --- | --- |
 * | typed methods (`db.updateItem`) | `updateExpression`, `expressionAttributeValues` | `{ s: "x" }` |
 * | raw `send` | `UpdateExpression`, `ExpressionAttributeValues` | `{ "S": "x" }` |
 * | document client (`docs.update`) | `updateExpression`, `expressionAttributeValues` | `"x"` |
 * | `docs.send` | `UpdateExpression`, `ExpressionAttributeValues` | `"x"` |
 * | `queryAndUpdate` | its `query` and `update` sections | plain JSON |
 *
 * Empty maps are left out (DynamoDB rejects an empty `ExpressionAttributeNames`).
 * Values are converted by the document layer's `marshall`, with the same
 * errors and paths (`ExpressionAttributeValues[":v0"]: ...`).
 */
import { marshallContext, marshallValue, setMember } from "../document/marshall.js";
import type { MarshallOptions, WireAttributeValue } from "../document/types.js";
import type { AttributeValue } from "../generated/dynamodb/types.js";
import type { JsonObject, JsonValue } from "../runtime/types.js";
import { EXPRESSION_PARTS, type ExpressionPart, type Expressions } from "./builder.js";

/** `"update"` -> `"updateExpression"`. */
type Member<P extends string> = `${P}Expression`;
/** The parts a built value may hold. */
type PartsOf<B> = Extract<keyof B, ExpressionPart>;
/** The parts a built value holds for certain (given in its spec, not possibly skipped). */
type CertainOf<B> = { [P in PartsOf<B>]-?: undefined extends B[P] ? never : P }[PartsOf<B>];
/** The expression members of a target: present for certain where the built value holds the part for certain, so a transaction's `Update` gets its required `updateExpression`. */
type Texts<B, Upper extends boolean> = { [P in PartsOf<B> as Upper extends true ? Capitalize<Member<P>> : Member<P>]?: string } & {
  [P in CertainOf<B> as Upper extends true ? Capitalize<Member<P>> : Member<P>]: string;
};

/** Members of the typed methods' inputs. */
export type TypedExpressions<B = Expressions> = Texts<B, false> & {
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues?: Record<string, AttributeValue>;
};

/** Members of a wire request for raw `send`. */
export type SendExpressions<B = Expressions> = Texts<B, true> & {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, JsonObject>;
};

/** Members of the document client's method inputs. */
export type DocumentExpressions<B = Expressions> = Texts<B, false> & {
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues?: Record<string, unknown>;
};

/** Members of a `docs.send` request. */
export type DocumentSendExpressions<B = Expressions> = Texts<B, true> & {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};

/** The expression members of `queryAndUpdate`'s two sections; add `tableName` (and `indexName`, `limit`, ...) to `query`. */
export interface QueryAndUpdateExpressions {
  query: { keyConditionExpression: string; expressionAttributeValues: Record<string, JsonValue> };
  update: {
    updateExpression: string;
    conditionExpression?: string;
    expressionAttributeNames?: Record<string, string>;
    expressionAttributeValues?: Record<string, JsonValue>;
  };
}

/** The expression texts under `lower` or `Upper` member names, and the names map. */
function members(built: Expressions, upper: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of EXPRESSION_PARTS) {
    const text = (built as Record<string, unknown>)[part];
    if (typeof text === "string") out[upper ? `${part[0]!.toUpperCase()}${part.slice(1)}Expression` : `${part}Expression`] = text;
  }
  if (Object.keys(built.names).length > 0) out[upper ? "ExpressionAttributeNames" : "expressionAttributeNames"] = { ...built.names };
  return out;
}

function convertValues<V>(values: Readonly<Record<string, unknown>>, root: string, convert: (value: unknown, at: string) => V): Record<string, V> | undefined {
  const keys = Object.keys(values);
  if (keys.length === 0) return undefined;
  const out: Record<string, V> = {};
  for (const key of keys) out[key] = convert(values[key], `${root}["${key}"]`);
  return out;
}

/**
 * For the typed methods: `db.updateItem({ tableName, key, ...forTyped(built) })`.
 * Values become typed attribute values (`{ s: "x" }`, `{ b: Uint8Array }`).
 *
 * @throws MarshallError for a value DynamoDB cannot store, with its path.
 */
export function forTyped<B extends Expressions>(built: B, options?: MarshallOptions): TypedExpressions<B> {
  const out = members(built, false);
  const ctx = marshallContext(options, false);
  const values = convertValues(built.values, "expressionAttributeValues", (v, at) => typedValue(marshallValue(v, ctx, at)));
  if (values) out.expressionAttributeValues = values;
  return out as TypedExpressions<B>;
}

/**
 * For raw `send`, in wire JSON: `db.send("UpdateItem", { TableName, Key, ...forSend(built) })`.
 * Binaries become base64 text, as the JSON protocol carries them.
 *
 * @throws MarshallError for a value DynamoDB cannot store, with its path.
 */
export function forSend<B extends Expressions>(built: B, options?: MarshallOptions): SendExpressions<B> {
  const out = members(built, true);
  const ctx = marshallContext(options, true);
  const values = convertValues(built.values, "ExpressionAttributeValues", (v, at) => marshallValue(v, ctx, at));
  if (values) out.ExpressionAttributeValues = values;
  return out as SendExpressions<B>;
}

/** For the document client's methods, values as they are: `docs.update({ tableName, key, ...forDocument(built) })`. */
export function forDocument<B extends Expressions>(built: B): DocumentExpressions<B> {
  const out = members(built, false);
  if (Object.keys(built.values).length > 0) out.expressionAttributeValues = { ...built.values };
  return out as DocumentExpressions<B>;
}

/** For `docs.send`, AWS member names with the values as they are: `docs.send("Query", { TableName, ...forDocumentSend(built) })`. */
export function forDocumentSend<B extends Expressions>(built: B): DocumentSendExpressions<B> {
  const out = members(built, true);
  if (Object.keys(built.values).length > 0) out.ExpressionAttributeValues = { ...built.values };
  return out as DocumentSendExpressions<B>;
}

// A value placeholder as written by buildExpressions.
const VALUE_PLACEHOLDER = /:[A-Za-z0-9_]+/g;

/**
 * For `queryAndUpdate`: its config takes the key condition's values in
 * `query`, every name and the update's and condition's values in `update`.
 *
 * ```ts
 * const { query, update } = forQueryAndUpdate(built);
 * await queryAndUpdate(db, { query: { tableName: "Jobs", indexName: "StatusGSI", ...query }, update });
 * ```
 *
 * @throws TypeError when the key condition or the update is missing, or a
 *   value is not plain JSON (the helper's configuration is a JSON document).
 */
export function forQueryAndUpdate(
  built: Expressions<"keyCondition" | "update" | "condition"> & { readonly keyCondition: string; readonly update: string },
): QueryAndUpdateExpressions {
  const { keyCondition, update, condition } = built as { keyCondition?: string; update?: string; condition?: string };
  if (keyCondition === undefined || update === undefined) {
    throw new TypeError("forQueryAndUpdate: the expressions need a keyCondition and an update (and usually a condition)");
  }
  const json = (placeholders: Iterable<string>, section: string): Record<string, JsonValue> => {
    const out: Record<string, JsonValue> = {};
    for (const key of placeholders) setMember(out, key, jsonValue(built.values[key], `${section}.expressionAttributeValues["${key}"]`));
    return out;
  };
  const used = (...texts: (string | undefined)[]) => new Set(texts.flatMap((t) => t?.match(VALUE_PLACEHOLDER) ?? []));
  const result: QueryAndUpdateExpressions = {
    query: { keyConditionExpression: keyCondition, expressionAttributeValues: json(used(keyCondition), "query") },
    update: { updateExpression: update },
  };
  if (condition !== undefined) result.update.conditionExpression = condition;
  if (Object.keys(built.names).length > 0) result.update.expressionAttributeNames = { ...built.names };
  const updateValues = used(update, condition);
  if (updateValues.size > 0) result.update.expressionAttributeValues = json(updateValues, "update");
  return result;
}

/** Checks that a value is plain JSON that round-trips (no sets, bigints, binaries or undefined). */
function jsonValue(value: unknown, at: string): JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value)) return value;
      break;
    case "object": {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((v, i) => jsonValue(v, `${at}[${i}]`));
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) break;
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(value)) setMember(out, key, jsonValue((value as Record<string, unknown>)[key], `${at}.${key}`));
      return out;
    }
  }
  throw new TypeError(`${at}: queryAndUpdate takes plain JSON values (strings, numbers, booleans, null, arrays, objects), got ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value !== "object" || value === null) return `a ${typeof value}`;
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name ? `an instance of ${name}` : "an object";
}

/** A wire attribute value (binaries as bytes) in the typed form: each tag in lower case, maps and lists converted inside. */
function typedValue(value: WireAttributeValue): AttributeValue {
  const [tag] = Object.keys(value) as (keyof WireAttributeValue)[];
  const inner = (value as Record<string, unknown>)[tag!];
  if (tag === "M") {
    const map: Record<string, AttributeValue> = {};
    for (const [name, member] of Object.entries(inner as Record<string, WireAttributeValue>)) setMember(map, name, typedValue(member));
    return { m: map };
  }
  if (tag === "L") return { l: (inner as WireAttributeValue[]).map(typedValue) };
  return { [String(tag).toLowerCase()]: inner } as AttributeValue;
}
