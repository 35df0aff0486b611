/**
 * The data every benchmark client sends and the stub server answers with.
 *
 * All clients put the same item and read the same canned answers, so the only
 * thing that differs between them is the client code. Items are shaped like a
 * real application's (strings, numbers, a string set, a nested map and list, a
 * boolean, a binary), about 600 bytes on the wire each.
 */

/** A DynamoDB attribute value in wire form (`{ "S": "x" }`). */
export type WireValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Record<string, WireValue> }
  | { L: WireValue[] }
  | { NULL: true }
  | { BOOL: boolean };

/** A DynamoDB item in wire form. */
export type WireItem = Record<string, WireValue>;

/** Table every request names; the stub does not look at it. */
export const TABLE = "bench-jobs";

/** The operations measured for throughput. */
export const OPERATIONS = ["GetItem", "PutItem", "UpdateItem", "Query"] as const;
/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** Number of items the stub returns for each Query. */
export const QUERY_ITEMS = 100;

/** The benchmark's item number `i` (partition `tenant#7`, sort key `job#<i>`), in wire form. */
export function wireItem(i: number): WireItem {
  const id = String(i).padStart(6, "0");
  return {
    pk: { S: "tenant#7" },
    sk: { S: `job#${id}` },
    status: { S: i % 3 === 0 ? "DONE" : "PENDING" },
    owner: { S: "worker-3f9c2a" },
    attempts: { N: String(i % 5) },
    priority: { N: "12.5" },
    createdAt: { S: "2026-11-21T09:14:07.512Z" },
    tags: { SS: ["batch", "eu-west-1", "nightly"] },
    payload: {
      M: {
        url: { S: `https://example.com/exports/${id}.csv` },
        bytes: { N: String(1048576 + i) },
        retry: { BOOL: false },
        checksum: { B: "q83vEjRWeJA=" },
        steps: { L: [{ S: "fetch" }, { S: "parse" }, { S: "load" }] },
        note: { NULL: true },
      },
    },
    history: {
      L: [
        { M: { at: { S: "2026-11-21T09:14:07.512Z" }, by: { S: "scheduler" } } },
        { M: { at: { S: "2026-11-21T09:15:12.004Z" }, by: { S: "worker-3f9c2a" } } },
      ],
    },
    active: { BOOL: true },
  };
}

/** The key of item `i`, in wire form. */
export function wireKey(i: number): WireItem {
  return { pk: { S: "tenant#7" }, sk: { S: `job#${String(i).padStart(6, "0")}` } };
}

/**
 * The request bodies, in wire form, that every client sends (each in its own
 * style: typed members, plain values or raw attribute values).
 */
export const WIRE_REQUESTS: Record<Operation, Record<string, unknown>> = {
  GetItem: { TableName: TABLE, Key: wireKey(42) },
  PutItem: { TableName: TABLE, Item: wireItem(42) },
  UpdateItem: {
    TableName: TABLE,
    Key: wireKey(42),
    UpdateExpression: "SET #status = :claimed, #owner = :me ADD #attempts :one",
    ConditionExpression: "#status = :pending",
    ExpressionAttributeNames: { "#status": "status", "#owner": "owner", "#attempts": "attempts" },
    ExpressionAttributeValues: {
      ":claimed": { S: "CLAIMED" },
      ":pending": { S: "PENDING" },
      ":me": { S: "worker-3f9c2a" },
      ":one": { N: "1" },
    },
    ReturnValues: "ALL_NEW",
  },
  Query: {
    TableName: TABLE,
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": "pk" },
    ExpressionAttributeValues: { ":pk": { S: "tenant#7" } },
    Limit: QUERY_ITEMS,
  },
};

/** The canned response body for each operation and target, as the stub sends it. */
export function wireResponses(): Record<string, unknown> {
  const items: WireItem[] = [];
  for (let i = 0; i < QUERY_ITEMS; i++) items.push(wireItem(i));
  const last = items[items.length - 1]!;
  return {
    GetItem: { Item: wireItem(42) },
    PutItem: {},
    UpdateItem: { Attributes: { ...wireItem(42), status: { S: "CLAIMED" }, attempts: { N: "3" } } },
    Query: {
      Count: QUERY_ITEMS,
      ScannedCount: QUERY_ITEMS,
      Items: items,
      LastEvaluatedKey: { pk: last.pk, sk: last.sk },
    },
  };
}

/**
 * Converts a wire value to the generated client's typed form
 * (`{ S: "x" }` -> `{ s: "x" }`, base64 blobs -> `Uint8Array`), as a caller
 * of the typed methods would write it.
 */
export function typedValue(value: WireValue): unknown {
  if ("S" in value) return { s: value.S };
  if ("N" in value) return { n: value.N };
  if ("B" in value) return { b: Buffer.from(value.B, "base64") };
  if ("SS" in value) return { ss: value.SS };
  if ("NS" in value) return { ns: value.NS };
  if ("BS" in value) return { bs: value.BS.map((b) => Buffer.from(b, "base64")) };
  if ("M" in value) return { m: typedItem(value.M) };
  if ("L" in value) return { l: value.L.map(typedValue) };
  if ("NULL" in value) return { null: true };
  return { bool: value.BOOL };
}

/** {@link typedValue} over every attribute of an item. */
export function typedItem(item: Record<string, WireValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) out[name] = typedValue(value);
  return out;
}

/**
 * Converts a wire value to the plain JavaScript value a document-client caller
 * writes (`{ N: "12.5" }` -> `12.5`, `{ SS: [...] }` -> `Set`).
 */
export function plainValue(value: WireValue): unknown {
  if ("S" in value) return value.S;
  if ("N" in value) return Number(value.N);
  if ("B" in value) return new Uint8Array(Buffer.from(value.B, "base64"));
  if ("SS" in value) return new Set(value.SS);
  if ("NS" in value) return new Set(value.NS.map(Number));
  if ("BS" in value) return new Set(value.BS.map((b) => new Uint8Array(Buffer.from(b, "base64"))));
  if ("M" in value) return plainItem(value.M);
  if ("L" in value) return value.L.map(plainValue);
  if ("NULL" in value) return null;
  return value.BOOL;
}

/** {@link plainValue} over every attribute of an item. */
export function plainItem(item: Record<string, WireValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) out[name] = plainValue(value);
  return out;
}
