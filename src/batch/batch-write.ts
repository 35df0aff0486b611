/**
 * `batchWriteAll`: any number of puts and deletes, written through
 * BatchWriteItem within the service's limits, with every request accounted
 * for at the end.
 */
import type { CallOptions, JsonObject } from "../runtime/types.js";
import { keyAttributesOf } from "../query-and-update/key-schema.js";
import { BatchWriteItem } from "../generated/dynamodb/operations.js";
import { sendWire, type DynamoDBClientLike } from "../query-and-update/client.js";
import { itemSize, keyString, MAX_ITEM_BYTES, type AttributeMap } from "./items.js";
import { addCapacity, chunk, runChunks, type BatchRunOptions, type ChunkFailure } from "./run.js";

/** One write in wire form, as BatchWriteItem's `RequestItems` holds it. */
export type WriteRequest = { PutRequest: { Item: AttributeMap } } | { DeleteRequest: { Key: AttributeMap } };

/** Writes per table name: BatchWriteItem's `RequestItems`, without its 25-request limit. */
export type WriteRequests = Record<string, readonly WriteRequest[]>;

/** Options of `batchWriteAll`. */
export interface BatchWriteOptions extends BatchRunOptions {
  /**
   * Key attribute names per table (partition key first). Needed to find
   * duplicate keys among puts; tables not listed are looked up once with
   * DescribeTable and cached per client.
   */
  keyAttributes?: Record<string, readonly string[]>;
  /**
   * Several writes to one key in one call: BatchWriteItem rejects them in one
   * request, and across requests their order is not guaranteed. `"last"`
   * (default) keeps the last one, as writing them in order would leave it,
   * and reports the others as `superseded`; `"error"` throws before sending.
   */
  duplicates?: "last" | "error";
}

/**
 * What happened to every request given to `batchWriteAll` (or, with plain
 * requests, `batchWriteDocuments`). The requests in it are the caller's own
 * objects.
 */
export interface BatchWriteResult<Request = WriteRequest> {
  /** Requests the service confirmed. */
  written: number;
  /** Requests not written: the service kept returning them, or the budget ran out before they were sent. Safe to send again. */
  unprocessed: Record<string, Request[]>;
  /** Requests whose batch failed with an error (or that could never be sent, such as items over 400 KB), grouped by cause. */
  failed: ChunkFailure<Record<string, Request[]>>[];
  /** Earlier writes to a key that a later write in the same call replaced (with `duplicates: "last"`). */
  superseded: Record<string, Request[]>;
  /** BatchWriteItem calls made, retries included. */
  calls: number;
  /** Write capacity units consumed per table, over every call (with `returnConsumedCapacity`). */
  consumedCapacity?: Record<string, number>;
  /** `true` when every request (other than superseded ones) was written. */
  complete: boolean;
}

// BatchWriteItem limits (API Reference): 25 requests and 16 MB per call.
const MAX_REQUESTS = 25;
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

interface Entry {
  table: string;
  key: string;
  request: WriteRequest;
  size: number;
}

/**
 * Writes every request in `requests` with as few BatchWriteItem calls as the
 * limits allow (tables are mixed within a call), `concurrency` calls at a
 * time, re-sending unprocessed items with backoff. Never throws for a
 * request the service refused: the result lists it.
 *
 * @throws TypeError for a malformed request, or a duplicate key with `duplicates: "error"`;
 *   the DescribeTable error when a table's key schema must be looked up and cannot be.
 *   Nothing has been written in either case.
 */
export async function batchWriteAll(
  client: DynamoDBClientLike,
  requests: WriteRequests,
  options: BatchWriteOptions = {},
): Promise<BatchWriteResult> {
  // A put's key must be picked out of its item, so tables with puts need
  // their key schema; deletes carry exactly their key.
  const keyNames = new Map<string, readonly string[]>();
  await Promise.all(
    Object.keys(requests).map(async (table) => {
      const known = options.keyAttributes?.[table];
      if (known) keyNames.set(table, [...known].sort());
      else if (requests[table]!.some((r) => "PutRequest" in r)) keyNames.set(table, [...(await keyAttributesOf(client, table, options.signal))].sort());
    }),
  );

  const byKey = new Map<string, Entry>();
  const superseded: Entry[] = [];
  const tooLarge: Entry[] = [];
  for (const table of Object.keys(requests)) {
    for (const request of requests[table]!) {
      const entry = toEntry(table, request, keyNames.get(table));
      const id = `${table}\u0002${entry.key}`;
      const earlier = byKey.get(id);
      if (earlier) {
        if (options.duplicates === "error") throw new TypeError(`batchWriteAll: two writes to one key in table ${table}: ${JSON.stringify(keyOf(request))}`);
        superseded.push(earlier);
        byKey.delete(id); // re-inserted below, so that the kept write takes the later position
      }
      byKey.set(id, entry);
    }
  }
  const entries: Entry[] = [];
  for (const entry of byKey.values()) (entry.size > MAX_ITEM_BYTES ? tooLarge : entries).push(entry);

  const keyFor = (table: string, request: WriteRequest) => toEntry(table, request, keyNames.get(table)).key;
  const capacity: Record<string, number> = Object.create(null);
  const run = await runChunks(
    chunk(entries, MAX_REQUESTS, MAX_REQUEST_BYTES, (e) => e.size),
    async (pending, call) => {
      const output = await sendChunk(client, pending, options.returnConsumedCapacity, call);
      addCapacity(capacity, output.ConsumedCapacity);
      return unprocessedEntries(output, pending, keyFor);
    },
    options,
  );

  const failed = run.failed.map((f) => ({ error: f.error, requests: group(f.requests) }));
  if (tooLarge.length > 0) {
    failed.push({
      error: new RangeError(`item larger than DynamoDB's 400 KB limit (${MAX_ITEM_BYTES} bytes); not sent`),
      requests: group(tooLarge),
    });
  }
  const notWritten = run.unprocessed.length + tooLarge.length + run.failed.reduce((n, f) => n + f.requests.length, 0);
  return {
    written: entries.length + tooLarge.length - notWritten,
    unprocessed: group(run.unprocessed),
    failed,
    superseded: group(superseded),
    calls: run.calls,
    complete: notWritten === 0,
    ...(options.returnConsumedCapacity ? { consumedCapacity: capacity } : {}),
  };
}

function sendChunk(
  client: DynamoDBClientLike,
  pending: Entry[],
  returnConsumedCapacity: string | undefined,
  options: CallOptions,
): Promise<JsonObject> {
  const requestItems: Record<string, WriteRequest[]> = Object.create(null);
  for (const e of pending) (requestItems[e.table] ??= []).push(e.request);
  const input: JsonObject = { RequestItems: requestItems as unknown as JsonObject };
  if (returnConsumedCapacity) input.ReturnConsumedCapacity = returnConsumedCapacity;
  return sendWire(client, BatchWriteItem, input, options);
}

/** The entries the service handed back, as the caller's own requests (matched by table and key). */
function unprocessedEntries(output: JsonObject, pending: Entry[], keyFor: (table: string, request: WriteRequest) => string): Entry[] {
  const unprocessed = output.UnprocessedItems as Record<string, WriteRequest[]> | undefined;
  if (!unprocessed) return [];
  const sent = new Map(pending.map((e) => [`${e.table}\u0002${e.key}`, e]));
  const left: Entry[] = [];
  for (const table of Object.keys(unprocessed)) {
    for (const request of unprocessed[table]!) {
      const key = keyFor(table, request);
      left.push(sent.get(`${table}\u0002${key}`) ?? { table, key, request, size: 0 });
    }
  }
  return left;
}

function toEntry(table: string, request: WriteRequest, keyNames: readonly string[] | undefined): Entry {
  const keyIn = (attributes: AttributeMap, what: string) => {
    try {
      return keyString(attributes, keyNames);
    } catch (error) {
      throw new TypeError(`batchWriteAll: a ${what} for table ${table}: ${(error as Error).message}`);
    }
  };
  if ("PutRequest" in request && request.PutRequest?.Item) {
    const item = request.PutRequest.Item;
    return { table, key: keyIn(item, "PutRequest"), request, size: itemSize(item) };
  }
  if ("DeleteRequest" in request && request.DeleteRequest?.Key) {
    const key = request.DeleteRequest.Key;
    return { table, key: keyIn(key, "DeleteRequest"), request, size: itemSize(key) };
  }
  throw new TypeError(`batchWriteAll: a request for table ${table} is neither {PutRequest: {Item}} nor {DeleteRequest: {Key}}: ${JSON.stringify(request)}`);
}

function keyOf(request: WriteRequest): AttributeMap {
  return "PutRequest" in request ? request.PutRequest.Item : request.DeleteRequest.Key;
}

/** Entries back to `{ table: requests }`, in a prototype-free object (any table name is safe). */
function group(entries: Entry[]): Record<string, WriteRequest[]> {
  const out: Record<string, WriteRequest[]> = Object.create(null);
  for (const e of entries) (out[e.table] ??= []).push(e.request);
  return out;
}
