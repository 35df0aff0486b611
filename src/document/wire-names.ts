/**
 * Between the typed members the document client takes and returns
 * (`tableName`, `consumedCapacity`) and their wire names (`TableName`,
 * `ConsumedCapacity`), without the generated serializers: outside attribute
 * values (which the document layer converts itself, see `attribute-paths.ts`),
 * what the document client sends and receives is names, strings, numbers and
 * booleans, so one walk that renames members does the work of a serializer
 * per shape.
 *
 * A typed member name is its wire name with the first letter lowered, as the
 * generator names them (`codegen/naming.ts`), for every member of these
 * operations; `WIRE_NAMES` would list any that is not. Two things need the
 * model, written out below: the maps whose keys are data and must be kept as
 * they are (table names in `RequestItems`, attribute names in
 * `ExpressionAttributeNames`, index names in consumed capacity, ...), and the
 * output members that are doubles, which the wire may write as the strings
 * `"NaN"`, `"Infinity"` and `"-Infinity"`. No member of these operations,
 * outside attribute values, is a blob or a timestamp, and no input member is
 * a double.
 *
 * `test/document/wire-names.test.ts` derives all of it from
 * `models/dynamodb/2012-08-10/service-2.json` and the generator's naming
 * function, and fails on any difference.
 */
import { fromWireDouble, type JsonObject, type JsonValue } from "../runtime/index.js";

/** The user-keyed maps of one operation's input and output. */
export interface OperationMaps {
  readonly input: readonly string[];
  readonly output: readonly string[];
}

const NAMES = "ExpressionAttributeNames";
const CAPACITY = ["ConsumedCapacity.GlobalSecondaryIndexes", "ConsumedCapacity.LocalSecondaryIndexes", "ConsumedCapacity.VectorIndexes"];
const CAPACITIES = ["ConsumedCapacity[].GlobalSecondaryIndexes", "ConsumedCapacity[].LocalSecondaryIndexes", "ConsumedCapacity[].VectorIndexes"];

/**
 * For each operation the document client sends, the paths (in the notation of
 * `attribute-paths.ts`: wire member names joined by dots, `*` for every value
 * of a map, `[]` for every element of a list) of the maps whose keys are data,
 * except maps of attribute values.
 */
export const USER_KEYED_MAPS: Readonly<Record<string, OperationMaps>> = {
  BatchExecuteStatement: { input: [], output: CAPACITIES },
  BatchGetItem: { input: ["RequestItems", "RequestItems.*.ExpressionAttributeNames"], output: /* @__PURE__ */ CAPACITIES.concat("Responses", "UnprocessedKeys", "UnprocessedKeys.*.ExpressionAttributeNames") },
  BatchWriteItem: { input: ["RequestItems"], output: /* @__PURE__ */ CAPACITIES.concat("ItemCollectionMetrics", "UnprocessedItems") },
  DeleteItem: { input: ["Expected", NAMES], output: CAPACITY },
  ExecuteStatement: { input: [], output: CAPACITY },
  ExecuteTransaction: { input: [], output: CAPACITIES },
  GetItem: { input: [NAMES], output: CAPACITY },
  PutItem: { input: ["Expected", NAMES], output: CAPACITY },
  Query: { input: [NAMES, "KeyConditions", "QueryFilter"], output: CAPACITY },
  Scan: { input: [NAMES, "ScanFilter"], output: CAPACITY },
  TransactGetItems: { input: ["TransactItems[].Get.ExpressionAttributeNames"], output: CAPACITIES },
  TransactWriteItems: {
    input: [
      "TransactItems[].ConditionCheck.ExpressionAttributeNames",
      "TransactItems[].Delete.ExpressionAttributeNames",
      "TransactItems[].Put.ExpressionAttributeNames",
      "TransactItems[].Update.ExpressionAttributeNames",
    ],
    output: /* @__PURE__ */ CAPACITIES.concat("ItemCollectionMetrics"),
  },
  UpdateItem: { input: ["AttributeUpdates", "Expected", NAMES], output: CAPACITY },
};

/** The wire names of the output members of these operations that are doubles or lists of doubles. */
export const DOUBLE_MEMBERS: readonly string[] = [
  "CapacityUnits",
  "ReadCapacityUnits",
  "SizeEstimateRangeGB",
  "VectorSearchRequestBytes",
  "VectorWriteRequestBytes",
  "WriteCapacityUnits",
];

/** Typed member names whose wire name is not the typed name with its first letter raised: none in these operations. */
export const WIRE_NAMES: Readonly<Record<string, string>> = {};

/**
 * Typed members to wire JSON: each member renamed, `null` and `undefined`
 * members left out, and the keys of user-keyed maps (`maps`, from
 * `USER_KEYED_MAPS`) kept. `at` is the wire path of `value` within the
 * operation's input when it is not the input itself (`TransactItems[].Put`).
 */
export function typedToWire(value: object, maps: readonly string[], at = ""): JsonObject {
  return convertObject(value as Record<string, unknown>, maps, at, true) as JsonObject;
}

/** Wire JSON to typed members: the reverse of `typedToWire`, with doubles read as numbers. */
export function wireToTyped<T = Record<string, unknown>>(value: JsonObject, maps: readonly string[], at = ""): T {
  return convertObject(value, maps, at, false) as T;
}

/** The wire name of a typed member. */
function wireName(name: string): string {
  return Object.prototype.hasOwnProperty.call(WIRE_NAMES, name) ? WIRE_NAMES[name]! : name.charAt(0).toUpperCase() + name.slice(1);
}

/** The typed name of a wire member. */
function typedName(name: string): string {
  for (const typed of Object.keys(WIRE_NAMES)) if (WIRE_NAMES[typed] === name) return typed;
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function convertObject(value: Record<string, unknown>, maps: readonly string[], at: string, toWire: boolean): Record<string, unknown> {
  const keyed = maps.includes(at);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member == null) continue;
    const name = keyed ? key : toWire ? wireName(key) : typedName(key);
    const wire = toWire ? name : key;
    const path = keyed ? `${at}.*` : at === "" ? wire : `${at}.${wire}`;
    const double = !toWire && !keyed && DOUBLE_MEMBERS.includes(wire);
    // Map keys are data: a key named `__proto__` must stay an own member.
    Object.defineProperty(out, name, { value: convertValue(member, maps, path, toWire, double), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function convertValue(value: unknown, maps: readonly string[], at: string, toWire: boolean, double: boolean): unknown {
  if (Array.isArray(value)) return value.map((element) => convertValue(element, maps, `${at}[]`, toWire, double));
  if (value !== null && typeof value === "object") return convertObject(value as Record<string, unknown>, maps, at, toWire);
  return double && value != null ? fromWireDouble(value as JsonValue) : value;
}

/** The members of a typed attribute value; each wire tag is the same name in capitals (`null` -> `NULL`). */
const VALUE_TAGS = ["s", "n", "b", "ss", "ns", "bs", "m", "l", "null", "bool"] as const;

/**
 * A typed attribute value (`{ s: "x" }`, `{ m: { ... } }`, as the typed
 * errors hold them) in wire form, with binaries left as bytes (the document
 * layer's reader takes them so) but copied, so the result shares no memory
 * with the typed value.
 */
export function typedValueToWire(value: object): JsonObject {
  const typed = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const tag of VALUE_TAGS) {
    const member = typed[tag];
    if (member == null) continue;
    out[tag.toUpperCase()] =
      tag === "m" ? typedMapToWire(member as Record<string, object>)
      : tag === "l" ? (member as object[]).map(typedValueToWire)
      : tag === "b" ? new Uint8Array(member as Uint8Array)
      : tag === "bs" ? (member as Uint8Array[]).map((bytes) => new Uint8Array(bytes))
      : member;
  }
  return out as JsonObject;
}

/** A map of attribute names to typed attribute values (an item) in wire form; a name such as `__proto__` stays an own member. */
export function typedMapToWire(map: Record<string, object>): JsonObject {
  const out: JsonObject = {};
  for (const name of Object.keys(map)) {
    Object.defineProperty(out, name, { value: typedValueToWire(map[name]!), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
