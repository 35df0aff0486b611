/**
 * Primary key attribute names from `DescribeTable`, fetched once per table and
 * client. The seed module calls it "less efficient" than naming
 * `keyAttributes`; caching makes it one request per table for the life of the
 * client, and concurrent first calls share that one request.
 */
import { DescribeTable } from "../generated/dynamodb/operations.js";
import { sendWire, type DynamoDBClientLike } from "./client.js";

// Keyed by the client so the cache dies with it, and two clients (two
// accounts or endpoints) never share an answer for the same table name.
const cache = /* @__PURE__ */ new WeakMap<DynamoDBClientLike, Map<string, Promise<string[]>>>();

/**
 * The table's key attribute names, partition key first. `signal` abandons
 * this caller's wait only: the shared request carries on for the others.
 */
export function keyAttributesOf(client: DynamoDBClientLike, tableName: string, signal?: AbortSignal): Promise<string[]> {
  let tables = cache.get(client);
  if (!tables) cache.set(client, (tables = new Map()));
  let pending = tables.get(tableName);
  if (!pending) {
    pending = describeKeySchema(client, tableName);
    tables.set(tableName, pending);
    // A failure is not cached: the next call asks again.
    pending.catch(() => tables.get(tableName) === pending && tables.delete(tableName));
  }
  return signal ? untilAborted(pending, signal) : pending;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

async function describeKeySchema(client: DynamoDBClientLike, tableName: string): Promise<string[]> {
  const out = await sendWire(client, DescribeTable, { TableName: tableName });
  const table = out.Table as { KeySchema?: { AttributeName: string; KeyType: string }[] } | undefined;
  const schema = table?.KeySchema ?? [];
  const hash = schema.find((k) => k.KeyType === "HASH");
  const range = schema.find((k) => k.KeyType === "RANGE");
  if (!hash) throw new Error(`DescribeTable(${tableName}) returned no partition key in KeySchema`);
  return range ? [hash.AttributeName, range.AttributeName] : [hash.AttributeName];
}

/** Forgets cached key schemas (all of a client's, or one table's), e.g. after recreating a table. */
export function forgetKeySchema(client: DynamoDBClientLike, tableName?: string): void {
  if (tableName === undefined) cache.delete(client);
  else cache.get(client)?.delete(tableName);
}
