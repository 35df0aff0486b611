/**
 * The batch helpers with plain values: items and keys as JavaScript objects
 * (`{ pk: "JOB#1", n: 3 }`), marshalled with the document layer's
 * `marshall`, the results unmarshalled. Everything else (splitting, retries,
 * budgets, accounting) is `batchWriteAll` / `batchGetAll`.
 */
import { marshall, unmarshall } from "../document/index.js";
import { readItems } from "../document/read-items.js";
import { unmarshallContext } from "../document/unmarshall.js";
import type { DocumentItem, MarshallOptions, UnmarshallOptions } from "../document/index.js";
import type { DocumentWriteRequest } from "../document/index.js";
import type { DynamoDBClientLike } from "../query-and-update/client.js";
import { runBatchGet, type BatchGetResult } from "./batch-get.js";
import { batchWriteAll, type BatchWriteOptions, type BatchWriteResult, type WriteRequest } from "./batch-write.js";
import type { AttributeMap } from "./items.js";
import type { BatchRunOptions, ChunkFailure } from "./run.js";

/** Options of `batchWriteDocuments`: those of `batchWriteAll`, and how to marshall. */
export interface BatchWriteDocumentsOptions extends BatchWriteOptions {
  marshallOptions?: MarshallOptions;
}

/** What to read from one table, with plain keys. */
export interface DocumentTableKeys {
  keys: readonly DocumentItem[];
  projectionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  consistentRead?: boolean;
}

/** Options of `batchGetDocuments`: those of `batchGetAll`, and how to marshall keys and unmarshall items. */
export interface BatchGetDocumentsOptions extends BatchRunOptions {
  marshallOptions?: MarshallOptions;
  unmarshallOptions?: UnmarshallOptions;
}

/**
 * `batchWriteAll` with plain items and keys (`{ putRequest: { item } }` or
 * `{ deleteRequest: { key } }`, as `DynamoDBDocument.batchWrite` takes them).
 * The result hands back the caller's own request objects.
 *
 * @throws MarshallError for a value that cannot be stored, before anything is sent.
 */
export async function batchWriteDocuments(
  client: DynamoDBClientLike,
  requests: Record<string, readonly DocumentWriteRequest[]>,
  options: BatchWriteDocumentsOptions = {},
): Promise<BatchWriteResult<DocumentWriteRequest>> {
  const { marshallOptions, ...rest } = options;
  const original = new Map<WriteRequest, DocumentWriteRequest>();
  const wire: Record<string, WriteRequest[]> = Object.create(null);
  for (const table of Object.keys(requests)) {
    wire[table] = requests[table]!.map((request) => {
      const converted = toWire(request, table, marshallOptions);
      original.set(converted, request);
      return converted;
    });
  }
  const result = await batchWriteAll(client, wire, rest);
  // A request the service echoed in a form we did not send (never expected)
  // still comes back, as plain values.
  const back = (table: Record<string, WriteRequest[]>) => regroup(table, (r) => original.get(r) ?? fromWire(r));
  return {
    ...result,
    unprocessed: back(result.unprocessed),
    failed: result.failed.map((f) => ({ error: f.error, requests: back(f.requests) })),
    superseded: back(result.superseded),
  };
}

/**
 * `batchGetAll` with plain keys and items. Unprocessed and failed keys are
 * the caller's own key objects.
 *
 * @throws MarshallError for a key that cannot be marshalled, before anything is sent.
 */
export async function batchGetDocuments<Item extends object = DocumentItem>(
  client: DynamoDBClientLike,
  requests: Record<string, DocumentTableKeys>,
  options: BatchGetDocumentsOptions = {},
): Promise<BatchGetResult<Item, DocumentItem>> {
  const { marshallOptions, unmarshallOptions, ...rest } = options;
  const original = new Map<AttributeMap, DocumentItem>();
  const wire: Record<string, { Keys: AttributeMap[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ConsistentRead?: boolean }> =
    Object.create(null);
  for (const table of Object.keys(requests)) {
    const { keys, projectionExpression, expressionAttributeNames, consistentRead } = requests[table]!;
    wire[table] = {
      Keys: keys.map((key) => {
        const converted = marshall(key, marshallOptions) as AttributeMap;
        original.set(converted, key);
        return converted;
      }),
      ...(projectionExpression !== undefined ? { ProjectionExpression: projectionExpression } : {}),
      ...(expressionAttributeNames !== undefined ? { ExpressionAttributeNames: expressionAttributeNames } : {}),
      ...(consistentRead !== undefined ? { ConsistentRead: consistentRead } : {}),
    };
  }
  // Items are read straight into plain values with the answer's text where
  // the client supports it; what stayed JSON is unmarshalled afterwards.
  const ctx = unmarshallContext(unmarshallOptions);
  const { result, read } = await runBatchGet(client, wire, rest, (text) => readItems(text, "Responses", "listByTable", ctx));
  const keysBack = (table: Record<string, AttributeMap[]>) => regroup(table, (k) => original.get(k) ?? unmarshall(k as never, unmarshallOptions));
  const items: Record<string, Item[]> = Object.create(null);
  for (const table of Object.keys(read)) items[table] = read[table] as Item[];
  for (const table of Object.keys(result.items)) (items[table] ??= []).push(...result.items[table]!.map((item) => unmarshall<Item>(item as never, unmarshallOptions)));
  return {
    items,
    unprocessed: keysBack(result.unprocessed),
    failed: result.failed.map((f): ChunkFailure<Record<string, DocumentItem[]>> => ({ error: f.error, requests: keysBack(f.requests) })),
    calls: result.calls,
    complete: result.complete,
    ...(result.consumedCapacity ? { consumedCapacity: result.consumedCapacity } : {}),
  };
}

function toWire(request: DocumentWriteRequest, table: string, options: MarshallOptions | undefined): WriteRequest {
  if (request.putRequest && !request.deleteRequest) return { PutRequest: { Item: marshall(request.putRequest.item, options) as AttributeMap } };
  if (request.deleteRequest && !request.putRequest) return { DeleteRequest: { Key: marshall(request.deleteRequest.key, options) as AttributeMap } };
  throw new TypeError(`batchWriteDocuments: a request for table ${table} needs exactly one of putRequest: { item } and deleteRequest: { key }`);
}

function fromWire(request: WriteRequest): DocumentWriteRequest {
  return "PutRequest" in request
    ? { putRequest: { item: unmarshall(request.PutRequest.Item as never) } }
    : { deleteRequest: { key: unmarshall(request.DeleteRequest.Key as never) } };
}

function regroup<From, To>(byTable: Record<string, From[]>, convert: (value: From) => To): Record<string, To[]> {
  const out: Record<string, To[]> = Object.create(null);
  for (const table of Object.keys(byTable)) out[table] = byTable[table]!.map(convert);
  return out;
}
