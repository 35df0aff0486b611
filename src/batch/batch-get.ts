/**
 * `batchGetAll`: any number of keys, read through BatchGetItem within the
 * service's limits, with every key accounted for at the end.
 */
import type { CallOptions, JsonObject } from "../runtime/types.js";
import { BatchGetItem } from "../generated/dynamodb/operations.js";
import { sendWire, type DynamoDBClientLike } from "../query-and-update/client.js";
import { keyString, type AttributeMap } from "./items.js";
import { addCapacity, chunk, runChunks, type BatchRunOptions, type ChunkFailure } from "./run.js";

/** What to read from one table: BatchGetItem's `KeysAndAttributes`, without its 100-key limit. */
export interface TableKeys {
  Keys: readonly AttributeMap[];
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ConsistentRead?: boolean;
}

/** Keys per table name: BatchGetItem's `RequestItems`, without its limits. */
export type GetRequests = Record<string, TableKeys>;

/**
 * What happened to every key given to `batchGetAll` (or, with plain values,
 * `batchGetDocuments`). The keys in it are the caller's own objects.
 */
export interface BatchGetResult<Item = AttributeMap, Key = AttributeMap> {
  /** Items found, per table, in no particular order (BatchGetItem does not keep one). Keys with no item are simply absent. */
  items: Record<string, Item[]>;
  /** Keys not read: the service kept returning them, or the budget ran out before they were sent. */
  unprocessed: Record<string, Key[]>;
  /** Keys whose batch failed with an error, grouped by cause. */
  failed: ChunkFailure<Record<string, Key[]>>[];
  /** BatchGetItem calls made, retries included. */
  calls: number;
  /** Read capacity units consumed per table, over every call (with `returnConsumedCapacity`). */
  consumedCapacity?: Record<string, number>;
  /** `true` when every key was read (found or not). */
  complete: boolean;
}

// BatchGetItem limit (API Reference): 100 keys per call. The 16 MB limit is
// on the response, and the service answers it with UnprocessedKeys.
const MAX_KEYS = 100;

interface Entry {
  table: string;
  id: string;
  key: AttributeMap;
}

/**
 * Reads every key in `requests` with as few BatchGetItem calls as the limits
 * allow, `concurrency` calls at a time, re-sending unprocessed keys with
 * backoff. A key listed twice is read once (the service rejects duplicates
 * in one call).
 */
export async function batchGetAll(
  client: DynamoDBClientLike,
  requests: GetRequests,
  options: BatchRunOptions = {},
): Promise<BatchGetResult> {
  return (await runBatchGet(client, requests, options)).result;
}

/**
 * Reads a BatchGetItem body with its `Responses` (items by table) already
 * converted: the rest of the output as JSON, and `items` undefined when the
 * reader gave up and the items stayed JSON.
 */
export type ResponsesReader = (text: string) => { wire: JsonObject; items: unknown };

/**
 * `batchGetAll`, with the items of every answer that `read` could convert
 * while reading the text kept apart in `read`: `result.items` then holds
 * only the items still in wire form.
 */
export async function runBatchGet(
  client: DynamoDBClientLike,
  requests: GetRequests,
  options: BatchRunOptions,
  readResponses?: ResponsesReader,
): Promise<{ result: BatchGetResult; read: Record<string, unknown[]> }> {
  const entries: Entry[] = [];
  for (const table of Object.keys(requests)) {
    const seen = new Set<string>();
    for (const key of requests[table]!.Keys) {
      const id = keyString(key);
      if (seen.has(id)) continue;
      seen.add(id);
      entries.push({ table, id, key });
    }
  }

  const items: Record<string, AttributeMap[]> = Object.create(null);
  const read: Record<string, unknown[]> = Object.create(null);
  const capacity: Record<string, number> = Object.create(null);
  const run = await runChunks(
    chunk(entries, MAX_KEYS, Infinity, () => 0),
    (pending, call) => sendChunk(client, requests, pending, { items, read, capacity, readResponses }, options.returnConsumedCapacity, call),
    options,
  );
  const notRead = run.unprocessed.length + run.failed.reduce((n, f) => n + f.requests.length, 0);
  const result: BatchGetResult = {
    items,
    unprocessed: group(run.unprocessed),
    failed: run.failed.map((f) => ({ error: f.error, requests: group(f.requests) })),
    calls: run.calls,
    complete: notRead === 0,
    ...(options.returnConsumedCapacity ? { consumedCapacity: capacity } : {}),
  };
  return { result, read };
}

/** Where `sendChunk` puts what each answer brings. */
interface Collected {
  /** Items in wire form, by table. */
  items: Record<string, AttributeMap[]>;
  /** Items `readResponses` converted while reading, by table. */
  read: Record<string, unknown[]>;
  capacity: Record<string, number>;
  readResponses: ResponsesReader | undefined;
}

async function sendChunk(
  client: DynamoDBClientLike,
  requests: GetRequests,
  pending: Entry[],
  collected: Collected,
  returnConsumedCapacity: string | undefined,
  options: CallOptions,
): Promise<Entry[]> {
  const requestItems: Record<string, TableKeys & { Keys: AttributeMap[] }> = Object.create(null);
  for (const e of pending) {
    let table = requestItems[e.table];
    if (!table) {
      const { Keys: _all, ...rest } = requests[e.table]!;
      table = requestItems[e.table] = { ...rest, Keys: [] };
    }
    table.Keys.push(e.key);
  }
  const input: JsonObject = { RequestItems: requestItems as unknown as JsonObject };
  if (returnConsumedCapacity) input.ReturnConsumedCapacity = returnConsumedCapacity;
  const { items, read, capacity, readResponses } = collected;
  let converted: unknown;
  const reader = readResponses && ((text: string) => {
    const answer = readResponses(text);
    converted = answer.items;
    return answer.wire;
  });
  const output = await sendWire(client, BatchGetItem, input, options, reader);
  addCapacity(capacity, output.ConsumedCapacity);

  if (converted != null) {
    const tables = converted as Record<string, unknown[]>;
    for (const table of Object.keys(tables)) (read[table] ??= []).push(...tables[table]!);
  }
  const responses = output.Responses as Record<string, AttributeMap[]> | undefined;
  if (responses) for (const table of Object.keys(responses)) (items[table] ??= []).push(...responses[table]!);

  const unprocessed = output.UnprocessedKeys as Record<string, { Keys: AttributeMap[] }> | undefined;
  if (!unprocessed) return [];
  const sent = new Map(pending.map((e) => [`${e.table}\u0002${e.id}`, e]));
  const left: Entry[] = [];
  for (const table of Object.keys(unprocessed)) {
    for (const key of unprocessed[table]!.Keys) {
      const id = keyString(key);
      left.push(sent.get(`${table}\u0002${id}`) ?? { table, id, key });
    }
  }
  return left;
}

/** Entries back to `{ table: keys }`, in a prototype-free object. */
function group(entries: Entry[]): Record<string, AttributeMap[]> {
  const out: Record<string, AttributeMap[]> = Object.create(null);
  for (const e of entries) (out[e.table] ??= []).push(e.key);
  return out;
}
