/**
 * The operations of the AppSync DynamoDB resolver that read or write more
 * than one item: Query, Scan, BatchGetItem, BatchPutItem, BatchDeleteItem,
 * TransactGetItems and TransactWriteItems. Validation (every problem with
 * its path) and execution, answering as `ctx.result` / `ctx.error` would.
 */
import type { CallOptions } from "../runtime/index.js";
import { fromBase64, toBase64 } from "../runtime/serde.js";
import { ServiceException } from "../runtime/errors.js";
import type { DynamoDBClient } from "../generated/dynamodb/client.js";
import { BatchGetItem, BatchWriteItem, Query, Scan, sendOperation, TransactGetItems, TransactWriteItems } from "../generated/dynamodb/operations.js";
import { call, ResolverError, serviceError, type RequestProblem } from "./errors.js";
import { checkExpression } from "./checks.js";
import { namesOf, valuesOf } from "./expression-checks.js";
import { checkTypedMap, describe, isObject, sameItem, toResultItem, type TypedMap } from "./typed-values.js";

/** `{ expression, expressionNames, expressionValues }`, as in `query` and `filter`. */
export interface CollectionExpression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: TypedMap;
}

/** A projection: attribute paths, with name placeholders. */
export interface ProjectionExpression {
  expression: string;
  expressionNames?: Record<string, string>;
}

export type SelectValue = "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "SPECIFIC_ATTRIBUTES";

interface PageRequestFields {
  version?: "2017-02-28" | "2018-05-29";
  filter?: CollectionExpression;
  index?: string;
  limit?: number | null;
  /** A `nextToken` of an earlier result; `null` starts at the beginning. */
  nextToken?: string | null;
  consistentRead?: boolean;
  select?: SelectValue;
  projection?: ProjectionExpression;
}

export interface QueryRequest extends PageRequestFields {
  operation: "Query";
  query: CollectionExpression;
  scanIndexForward?: boolean;
}

export interface ScanRequest extends PageRequestFields {
  operation: "Scan";
  segment?: number;
  totalSegments?: number;
}

/** What a Query or Scan resolves with, as `ctx.result` holds it. */
export interface PageResult {
  items: Record<string, unknown>[];
  /** Opaque; pass it back as `nextToken` for the next page. `null` on the last page. */
  nextToken: string | null;
  scannedCount: number;
}

export interface BatchGetItemRequest {
  version?: "2018-05-29";
  operation: "BatchGetItem";
  tables: Record<string, { keys: TypedMap[]; consistentRead?: boolean; projection?: ProjectionExpression }>;
}

export interface BatchPutItemRequest {
  version?: "2018-05-29";
  operation: "BatchPutItem";
  tables: Record<string, TypedMap[]>;
}

export interface BatchDeleteItemRequest {
  version?: "2018-05-29";
  operation: "BatchDeleteItem";
  tables: Record<string, TypedMap[]>;
}

/** BatchGetItem's result: per table, the items in the order of the keys (`null` where none came back), and the keys not processed. */
export interface BatchGetItemResult {
  data: Record<string, (Record<string, unknown> | null)[]>;
  unprocessedKeys: Record<string, Record<string, unknown>[]>;
}

/** BatchPutItem's result: per table, the items written in request order (`null` where not written), and the items not processed. */
export interface BatchPutItemResult {
  data: Record<string, (Record<string, unknown> | null)[]>;
  unprocessedItems: Record<string, Record<string, unknown>[]>;
}

/** BatchDeleteItem's result: per table, the keys deleted in request order (`null` where not deleted), and the keys not processed. */
export interface BatchDeleteItemResult {
  data: Record<string, (Record<string, unknown> | null)[]>;
  unprocessedKeys: Record<string, Record<string, unknown>[]>;
}

export interface TransactGetItemsRequest {
  version?: "2018-05-29";
  operation: "TransactGetItems";
  transactItems: { table: string; key: TypedMap; projection?: ProjectionExpression }[];
}

/** A transaction's condition. `returnValuesOnConditionCheckFailure` (default true) puts the item that failed in the cancellation reason. */
export interface TransactCondition extends CollectionExpression {
  returnValuesOnConditionCheckFailure?: boolean;
}

export type TransactWriteItem =
  | { table: string; operation: "PutItem"; key: TypedMap; attributeValues?: TypedMap; condition?: TransactCondition }
  | { table: string; operation: "UpdateItem"; key: TypedMap; update: CollectionExpression; condition?: TransactCondition }
  | { table: string; operation: "DeleteItem"; key: TypedMap; condition?: TransactCondition }
  | { table: string; operation: "ConditionCheck"; key: TypedMap; condition: TransactCondition };

export interface TransactWriteItemsRequest {
  version?: "2018-05-29";
  operation: "TransactWriteItems";
  transactItems: TransactWriteItem[];
}

/** One entry of `cancellationReasons`, in the order of `transactItems`. */
export interface CancellationReason {
  /** The service's code: `None` for an item that did not cause the cancellation, `ConditionalCheckFailed`, ... */
  type: string;
  /** The service's message; the code itself (`"None"`) when the service gives none, as AppSync shows it. */
  message: string;
  /** The item that failed its condition (plain values), when asked for. */
  item?: Record<string, unknown>;
}

export interface TransactGetItemsResult {
  items: (Record<string, unknown> | null)[] | null;
  cancellationReasons: CancellationReason[] | null;
}

export interface TransactWriteItemsResult {
  keys: Record<string, unknown>[] | null;
  cancellationReasons: CancellationReason[] | null;
}

export type CollectionRequest =
  | QueryRequest
  | ScanRequest
  | BatchGetItemRequest
  | BatchPutItemRequest
  | BatchDeleteItemRequest
  | TransactGetItemsRequest
  | TransactWriteItemsRequest;

export const COLLECTION_FIELDS: Record<CollectionRequest["operation"], string[]> = {
  Query: ["version", "operation", "query", "filter", "index", "limit", "nextToken", "scanIndexForward", "consistentRead", "select", "projection"],
  Scan: ["version", "operation", "filter", "index", "limit", "nextToken", "consistentRead", "select", "projection", "segment", "totalSegments"],
  BatchGetItem: ["version", "operation", "tables"],
  BatchPutItem: ["version", "operation", "tables"],
  BatchDeleteItem: ["version", "operation", "tables"],
  TransactGetItems: ["version", "operation", "transactItems"],
  TransactWriteItems: ["version", "operation", "transactItems"],
};

/** Operations whose tables are named in the request, not by `options.tableName`. */
export const MULTI_TABLE = ["BatchGetItem", "BatchPutItem", "BatchDeleteItem", "TransactGetItems", "TransactWriteItems"];
const SELECTS = ["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES"];
const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
const TRANSACT_LIMIT = 100;

// ---------------------------------------------------------------------------
// Validation

function checkBoolean(value: unknown, path: string, problems: RequestProblem[]): void {
  if (value !== undefined && typeof value !== "boolean") problems.push({ path, message: `expected true or false, got ${describe(value)}` });
}

function checkKey(value: unknown, path: string, problems: RequestProblem[]): void {
  if (value === undefined) {
    problems.push({ path, message: "required" });
    return;
  }
  checkTypedMap(value, path, problems);
  if (isObject(value) && (Object.keys(value).length === 0 || Object.keys(value).length > 2)) {
    problems.push({ path, message: `expected the partition key and, for a table with one, the sort key; got ${Object.keys(value).length} attributes` });
  }
}

function checkTableName(name: string, path: string, problems: RequestProblem[]): void {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(name)) problems.push({ path, message: `expected a table name (3 to 255 of letters, digits, _ . -), got ${describe(name)}` });
}

/** Decodes a `nextToken` of this module, or `undefined` if it is not one. */
function decodeToken(token: string): TypedMap | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64(token)));
    if (!isObject(parsed) || Object.keys(parsed).length === 0) return undefined;
    const problems: RequestProblem[] = [];
    checkTypedMap(parsed, "token", problems);
    return problems.length === 0 ? (parsed as TypedMap) : undefined;
  } catch {
    return undefined;
  }
}

function encodeToken(key: Record<string, unknown>): string {
  return toBase64(new TextEncoder().encode(JSON.stringify(key)));
}

/** Pushes the problems of a Query, Scan, batch or transaction document. */
export function checkCollectionRequest(request: Record<string, unknown>, operation: CollectionRequest["operation"], problems: RequestProblem[]): void {
  if (MULTI_TABLE.includes(operation) && request.version !== undefined && request.version !== "2018-05-29") {
    problems.push({ path: "request.version", message: `${operation} needs version 2018-05-29, got ${describe(request.version)}` });
  }
  switch (operation) {
    case "Query":
    case "Scan":
      return checkPage(request, operation, problems);
    case "BatchGetItem":
      return checkBatchGet(request, problems);
    case "BatchPutItem":
    case "BatchDeleteItem":
      return checkBatchWrite(request, operation, problems);
    case "TransactGetItems":
      return checkTransactGet(request, problems);
    case "TransactWriteItems":
      return checkTransactWrite(request, problems);
  }
}

function checkPage(request: Record<string, unknown>, operation: "Query" | "Scan", problems: RequestProblem[]): void {
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  if (operation === "Query") {
    if (request.query === undefined) problems.push({ path: "request.query", message: "required" });
    else checkExpression(request.query, "request.query", problems, names, true, values);
    checkBoolean(request.scanIndexForward, "request.scanIndexForward", problems);
  }
  if (request.filter !== undefined) checkExpression(request.filter, "request.filter", problems, names, true, values);
  if (request.projection !== undefined) checkExpression(request.projection, "request.projection", problems, names, false, values);
  if (request.index !== undefined && (typeof request.index !== "string" || !/^[A-Za-z0-9_.-]{3,255}$/.test(request.index))) {
    problems.push({ path: "request.index", message: `expected an index name, got ${describe(request.index)}` });
  }
  if (request.limit !== undefined && request.limit !== null && !(Number.isInteger(request.limit) && (request.limit as number) >= 1)) {
    problems.push({ path: "request.limit", message: `expected a whole number of at least 1, got ${describe(request.limit)}` });
  }
  if (request.nextToken !== undefined && request.nextToken !== null) {
    if (typeof request.nextToken !== "string" || decodeToken(request.nextToken) === undefined) {
      problems.push({ path: "request.nextToken", message: "expected the nextToken of an earlier result" });
    }
  }
  checkBoolean(request.consistentRead, "request.consistentRead", problems);
  if (request.select !== undefined) {
    if (!SELECTS.includes(request.select as string)) problems.push({ path: "request.select", message: `expected one of ${SELECTS.join(", ")}, got ${describe(request.select)}` });
    else if (request.select === "SPECIFIC_ATTRIBUTES" && request.projection === undefined) problems.push({ path: "request.select", message: "SPECIFIC_ATTRIBUTES needs a projection" });
    else if (request.select !== "SPECIFIC_ATTRIBUTES" && request.projection !== undefined) problems.push({ path: "request.select", message: `${request.select} cannot be combined with a projection` });
    if (request.select === "ALL_PROJECTED_ATTRIBUTES" && request.index === undefined) problems.push({ path: "request.select", message: "ALL_PROJECTED_ATTRIBUTES needs an index" });
  }
  if (operation === "Scan") {
    const { segment, totalSegments } = request;
    if ((segment === undefined) !== (totalSegments === undefined)) {
      problems.push({ path: segment === undefined ? "request.segment" : "request.totalSegments", message: "segment and totalSegments go together" });
    }
    if (totalSegments !== undefined && !(Number.isInteger(totalSegments) && (totalSegments as number) >= 1 && (totalSegments as number) <= 1_000_000)) {
      problems.push({ path: "request.totalSegments", message: `expected a whole number from 1 to 1000000, got ${describe(totalSegments)}` });
    }
    if (segment !== undefined) {
      if (!(Number.isInteger(segment) && (segment as number) >= 0)) problems.push({ path: "request.segment", message: `expected a whole number from 0, got ${describe(segment)}` });
      else if (Number.isInteger(totalSegments) && (segment as number) >= (totalSegments as number)) {
        problems.push({ path: "request.segment", message: `expected less than totalSegments (${totalSegments}), got ${segment}` });
      }
    }
  }
}

function checkTables(request: Record<string, unknown>, problems: RequestProblem[]): Record<string, unknown> | undefined {
  const tables = request.tables;
  if (tables === undefined) {
    problems.push({ path: "request.tables", message: "required" });
    return undefined;
  }
  if (!isObject(tables) || Object.keys(tables).length === 0) {
    problems.push({ path: "request.tables", message: `expected an object of table names to their entries, with at least one table, got ${describe(tables)}` });
    return undefined;
  }
  for (const name of Object.keys(tables)) checkTableName(name, `request.tables.${name}`, problems);
  return tables;
}

function checkBatchGet(request: Record<string, unknown>, problems: RequestProblem[]): void {
  const tables = checkTables(request, problems);
  if (tables === undefined) return;
  let count = 0;
  for (const [name, entry] of Object.entries(tables)) {
    const path = `request.tables.${name}`;
    if (!isObject(entry)) {
      problems.push({ path, message: `expected { keys, consistentRead, projection }, got ${describe(entry)}` });
      continue;
    }
    for (const field of Object.keys(entry)) {
      if (!["keys", "consistentRead", "projection"].includes(field)) problems.push({ path: `${path}.${field}`, message: "not a field of a BatchGetItem table" });
    }
    if (!Array.isArray(entry.keys) || entry.keys.length === 0) {
      problems.push({ path: `${path}.keys`, message: `expected a non-empty list of keys, got ${Array.isArray(entry.keys) ? "an empty list" : describe(entry.keys)}` });
    } else {
      count += entry.keys.length;
      const seen = new Set<string>();
      entry.keys.forEach((key: unknown, i: number) => {
        checkKey(key, `${path}.keys[${i}]`, problems);
        const text = canonicalKey(key);
        if (seen.has(text)) problems.push({ path: `${path}.keys[${i}]`, message: "the same key twice; DynamoDB refuses duplicate keys in one batch" });
        seen.add(text);
      });
    }
    checkBoolean(entry.consistentRead, `${path}.consistentRead`, problems);
    if (entry.projection !== undefined) checkExpression(entry.projection, `${path}.projection`, problems, {}, false);
  }
  if (count > BATCH_GET_LIMIT) problems.push({ path: "request.tables", message: `at most ${BATCH_GET_LIMIT} keys in one BatchGetItem, got ${count}` });
}

function checkBatchWrite(request: Record<string, unknown>, operation: "BatchPutItem" | "BatchDeleteItem", problems: RequestProblem[]): void {
  const tables = checkTables(request, problems);
  if (tables === undefined) return;
  let count = 0;
  for (const [name, entries] of Object.entries(tables)) {
    const path = `request.tables.${name}`;
    const what = operation === "BatchPutItem" ? "items" : "keys";
    if (!Array.isArray(entries) || entries.length === 0) {
      problems.push({ path, message: `expected a non-empty list of ${what}, got ${Array.isArray(entries) ? "an empty list" : describe(entries)}` });
      continue;
    }
    count += entries.length;
    const seen = new Set<string>();
    entries.forEach((entry: unknown, i: number) => {
      if (operation === "BatchDeleteItem") {
        checkKey(entry, `${path}[${i}]`, problems);
        const text = canonicalKey(entry);
        if (seen.has(text)) problems.push({ path: `${path}[${i}]`, message: "the same key twice; DynamoDB refuses duplicate keys in one batch" });
        seen.add(text);
      } else {
        checkTypedMap(entry, `${path}[${i}]`, problems);
        if (isObject(entry) && Object.keys(entry).length === 0) problems.push({ path: `${path}[${i}]`, message: "an item needs at least its key" });
      }
    });
  }
  if (count > BATCH_WRITE_LIMIT) problems.push({ path: "request.tables", message: `at most ${BATCH_WRITE_LIMIT} ${operation === "BatchPutItem" ? "items" : "keys"} in one ${operation}, got ${count}` });
}

function checkTransactItems(request: Record<string, unknown>, problems: RequestProblem[]): unknown[] | undefined {
  const items = request.transactItems;
  if (!Array.isArray(items) || items.length === 0) {
    problems.push({ path: "request.transactItems", message: items === undefined ? "required" : `expected a non-empty list, got ${Array.isArray(items) ? "an empty list" : describe(items)}` });
    return undefined;
  }
  if (items.length > TRANSACT_LIMIT) problems.push({ path: "request.transactItems", message: `at most ${TRANSACT_LIMIT} items in one transaction, got ${items.length}` });
  return items;
}

function checkTransactGet(request: Record<string, unknown>, problems: RequestProblem[]): void {
  const items = checkTransactItems(request, problems);
  items?.forEach((item, i) => {
    const path = `request.transactItems[${i}]`;
    if (!isObject(item)) {
      problems.push({ path, message: `expected { table, key, projection }, got ${describe(item)}` });
      return;
    }
    for (const field of Object.keys(item)) if (!["table", "key", "projection"].includes(field)) problems.push({ path: `${path}.${field}`, message: "not a field of a TransactGetItems item" });
    if (typeof item.table !== "string") problems.push({ path: `${path}.table`, message: item.table === undefined ? "required" : `expected a table name, got ${describe(item.table)}` });
    else checkTableName(item.table, `${path}.table`, problems);
    checkKey(item.key, `${path}.key`, problems);
    if (item.projection !== undefined) checkExpression(item.projection, `${path}.projection`, problems, {}, false);
  });
}

const TRANSACT_WRITE_FIELDS: Record<string, string[]> = {
  PutItem: ["table", "operation", "key", "attributeValues", "condition"],
  UpdateItem: ["table", "operation", "key", "update", "condition"],
  DeleteItem: ["table", "operation", "key", "condition"],
  ConditionCheck: ["table", "operation", "key", "condition"],
};

function checkTransactWrite(request: Record<string, unknown>, problems: RequestProblem[]): void {
  const items = checkTransactItems(request, problems);
  items?.forEach((item, i) => {
    const path = `request.transactItems[${i}]`;
    if (!isObject(item)) {
      problems.push({ path, message: `expected { table, operation, key, ... }, got ${describe(item)}` });
      return;
    }
    const fields = TRANSACT_WRITE_FIELDS[item.operation as string];
    if (fields === undefined) {
      problems.push({ path: `${path}.operation`, message: `expected one of ${Object.keys(TRANSACT_WRITE_FIELDS).join(", ")}, got ${describe(item.operation)}` });
      return;
    }
    for (const field of Object.keys(item)) if (!fields.includes(field)) problems.push({ path: `${path}.${field}`, message: `not a field of a transaction's ${item.operation}` });
    if (typeof item.table !== "string") problems.push({ path: `${path}.table`, message: item.table === undefined ? "required" : `expected a table name, got ${describe(item.table)}` });
    else checkTableName(item.table, `${path}.table`, problems);
    checkKey(item.key, `${path}.key`, problems);
    if (item.attributeValues !== undefined) checkTypedMap(item.attributeValues, `${path}.attributeValues`, problems);
    const names: Record<string, string> = {};
    const values: Record<string, string> = {};
    if (item.operation === "UpdateItem") {
      if (item.update === undefined) problems.push({ path: `${path}.update`, message: "required" });
      else checkExpression(item.update, `${path}.update`, problems, names, true, values);
    }
    if (item.condition === undefined) {
      if (item.operation === "ConditionCheck") problems.push({ path: `${path}.condition`, message: "required for a ConditionCheck" });
    } else {
      checkExpression(item.condition, `${path}.condition`, problems, names, true, values);
      if (isObject(item.condition)) {
        for (const field of Object.keys(item.condition)) {
          if (!["expression", "expressionNames", "expressionValues", "returnValuesOnConditionCheckFailure"].includes(field)) {
            problems.push({ path: `${path}.condition.${field}`, message: "not a field of a transaction's condition" });
          }
        }
        checkBoolean(item.condition.returnValuesOnConditionCheckFailure, `${path}.condition.returnValuesOnConditionCheckFailure`, problems);
      }
    }
  });
}

/** A key's text, the same for the same attributes in any order. */
function canonicalKey(key: unknown): string {
  if (!isObject(key)) return JSON.stringify(key);
  return JSON.stringify(Object.keys(key).sort().map((name) => [name, key[name]]));
}

// ---------------------------------------------------------------------------
// Execution

export interface CollectionOptions {
  tableName?: string;
  callOptions?: CallOptions;
  /** Batches: further calls for unprocessed entries. Default 2. */
  batchRetries?: number;
  /** Batches: milliseconds before the first retry, doubled for each next one. Default 50. */
  batchRetryDelay?: number;
}

type Wire = Record<string, unknown>;

function withPlaceholders(wire: Wire, names: Record<string, string>, values: Record<string, unknown>): Wire {
  if (Object.keys(names).length > 0) wire.ExpressionAttributeNames = names;
  if (Object.keys(values).length > 0) wire.ExpressionAttributeValues = values;
  return wire;
}

/** Runs a request that `checkCollectionRequest` found valid. */
export async function runCollectionRequest(client: DynamoDBClient, request: CollectionRequest, options: CollectionOptions): Promise<unknown> {
  switch (request.operation) {
    case "Query":
    case "Scan":
      return page(client, request, options);
    case "BatchGetItem":
      return batchGet(client, request, options);
    case "BatchPutItem":
    case "BatchDeleteItem":
      return batchWrite(client, request, options);
    case "TransactGetItems":
      return transactGet(client, request, options);
    case "TransactWriteItems":
      return transactWrite(client, request, options);
  }
}

async function page(client: DynamoDBClient, request: QueryRequest | ScanRequest, options: CollectionOptions): Promise<PageResult> {
  const wire: Wire = { TableName: options.tableName };
  const query = request.operation === "Query" ? request.query : undefined;
  if (query) wire.KeyConditionExpression = query.expression;
  if (request.filter) wire.FilterExpression = request.filter.expression;
  if (request.projection) wire.ProjectionExpression = request.projection.expression;
  if (request.index !== undefined) wire.IndexName = request.index;
  if (request.limit !== undefined && request.limit !== null) wire.Limit = request.limit;
  if (request.nextToken !== undefined && request.nextToken !== null) wire.ExclusiveStartKey = decodeToken(request.nextToken);
  if (request.consistentRead !== undefined) wire.ConsistentRead = request.consistentRead;
  if (request.select !== undefined) wire.Select = request.select;
  if (request.operation === "Query" && request.scanIndexForward !== undefined) wire.ScanIndexForward = request.scanIndexForward;
  if (request.operation === "Scan" && request.totalSegments !== undefined) {
    wire.Segment = request.segment;
    wire.TotalSegments = request.totalSegments;
  }
  withPlaceholders(wire, namesOf(query, request.filter, request.projection), valuesOf(query, request.filter));
  const output = await call(() =>
    request.operation === "Query" ? sendOperation(client, Query, wire as never, options.callOptions) : sendOperation(client, Scan, wire as never, options.callOptions),
  );
  const items = ((output.Items ?? []) as Record<string, unknown>[]).map(toResultItem);
  const last = output.LastEvaluatedKey as Record<string, unknown> | undefined;
  return { items, nextToken: isObject(last) && Object.keys(last).length > 0 ? encodeToken(last) : null, scannedCount: Number(output.ScannedCount ?? items.length) };
}

/**
 * A projection that also returns the key attributes, so that each item can
 * be matched to its key; the attributes it added, to take off again.
 */
function projectionWithKey(projection: ProjectionExpression, keyNames: string[]): { expression: string; names: Record<string, string>; added: string[] } {
  const names = { ...(projection.expressionNames ?? {}) };
  const present = new Set(projection.expression.split(",").map((part) => part.trim()).map((part) => names[part] ?? part));
  const added = keyNames.filter((name) => !present.has(name));
  const parts = [projection.expression];
  added.forEach((name, i) => {
    let placeholder = `#appsyncKey${i}`;
    for (let n = 2; placeholder in names; n++) placeholder = `#appsyncKey${i}_${n}`;
    names[placeholder] = name;
    parts.push(placeholder);
  });
  return { expression: parts.join(", "), names, added };
}

function keyOf(item: Record<string, unknown>, keyNames: string[]): Record<string, unknown> {
  const key: Record<string, unknown> = {};
  for (const name of keyNames) key[name] = item[name];
  return key;
}

function tablesResult<T>(names: string[], fill: () => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const name of names) out[name] = fill();
  return out;
}

/**
 * The calls of one batch: the first, then retries of what DynamoDB left
 * unprocessed, as AppSync retries them. Stops when nothing is left, when
 * the retries run out, or when a retry fails (a failure of the first call
 * is the operation's error). `send` returns what is still unprocessed.
 */
async function runBatch<P>(first: P, send: (pending: P) => Promise<P | undefined>, options: CollectionOptions): Promise<{ pending: P | undefined; failure?: unknown }> {
  let pending: P | undefined = first;
  const retries = options.batchRetries ?? 2;
  for (let attempt = 0; pending !== undefined; attempt++) {
    if (attempt > 0) {
      if (attempt > retries) break;
      await sleep((options.batchRetryDelay ?? 50) * 2 ** (attempt - 1));
    }
    try {
      pending = await send(pending);
    } catch (error) {
      if (attempt === 0 || !(error instanceof ServiceException)) throw serviceError(error);
      return { pending, failure: error };
    }
  }
  return { pending };
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A batch left partly processed: AppSync sets `ctx.error` and still gives the
 * result, so the rejection carries both (`result` is `ctx.result`).
 */
function partialBatch(result: unknown, left: number, failure: unknown): ResolverError {
  if (failure instanceof ServiceException) {
    return new ResolverError(`DynamoDB:${failure.name}`, failure.message, null, { cause: failure, result });
  }
  return new ResolverError("BatchPartiallyProcessed", `${left} entr${left === 1 ? "y was" : "ies were"} left unprocessed after the retries`, null, { result });
}

function countLeft(lists: Record<string, unknown[]>): number {
  return Object.values(lists).reduce((n, list) => n + list.length, 0);
}

async function batchGet(client: DynamoDBClient, request: BatchGetItemRequest, options: CollectionOptions): Promise<BatchGetItemResult> {
  const requestItems: Record<string, Wire> = {};
  const added: Record<string, string[]> = {};
  const tableNames = Object.keys(request.tables);
  for (const [table, entry] of Object.entries(request.tables)) {
    const wire: Wire = { Keys: entry.keys };
    if (entry.consistentRead !== undefined) wire.ConsistentRead = entry.consistentRead;
    if (entry.projection !== undefined) {
      const keyNames = [...new Set(entry.keys.flatMap((key) => Object.keys(key)))];
      const projection = projectionWithKey(entry.projection, keyNames);
      wire.ProjectionExpression = projection.expression;
      wire.ExpressionAttributeNames = projection.names;
      added[table] = projection.added;
    }
    requestItems[table] = wire;
  }
  const found: Record<string, Record<string, unknown>[]> = tablesResult(tableNames, () => []);
  const { pending, failure } = await runBatch<Record<string, Wire>>(
    requestItems,
    async (items) => {
      const output = await sendOperation(client, BatchGetItem, { RequestItems: items } as never, options.callOptions);
      for (const [table, list] of Object.entries((output.Responses ?? {}) as Record<string, Record<string, unknown>[]>)) found[table]?.push(...list);
      // Retries ask again with the table's own projection and read mode, for the keys left.
      const next: Record<string, Wire> = {};
      for (const [table, left] of Object.entries((output.UnprocessedKeys ?? {}) as Record<string, { Keys?: Record<string, unknown>[] }>)) {
        if (requestItems[table] !== undefined && (left.Keys?.length ?? 0) > 0) next[table] = { ...requestItems[table], Keys: left.Keys };
      }
      return Object.keys(next).length > 0 ? next : undefined;
    },
    options,
  );
  const result: BatchGetItemResult = { data: tablesResult(tableNames, () => []), unprocessedKeys: tablesResult(tableNames, () => []) };
  for (const [table, entry] of Object.entries(request.tables)) {
    const left = (pending?.[table]?.Keys ?? []) as Record<string, unknown>[];
    for (const key of entry.keys) {
      const keyNames = Object.keys(key);
      if (left.some((k) => sameItem(k, key))) {
        result.data[table]!.push(null);
        result.unprocessedKeys[table]!.push(toResultItem(key));
        continue;
      }
      const item = found[table]!.find((candidate) => sameItem(keyOf(candidate, keyNames), key));
      if (item === undefined) {
        result.data[table]!.push(null);
        continue;
      }
      const plain = toResultItem(item);
      for (const name of added[table] ?? []) delete plain[name];
      result.data[table]!.push(plain);
    }
  }
  const unprocessed = countLeft(result.unprocessedKeys);
  if (unprocessed > 0) throw partialBatch(result, unprocessed, failure);
  return result;
}

type WriteRequests = Record<string, { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } }[]>;

async function batchWrite(client: DynamoDBClient, request: BatchPutItemRequest | BatchDeleteItemRequest, options: CollectionOptions): Promise<BatchPutItemResult | BatchDeleteItemResult> {
  const put = request.operation === "BatchPutItem";
  const requestItems: WriteRequests = {};
  const tableNames = Object.keys(request.tables);
  for (const [table, entries] of Object.entries(request.tables)) {
    requestItems[table] = entries.map((entry) => (put ? { PutRequest: { Item: entry } } : { DeleteRequest: { Key: entry } }));
  }
  const { pending, failure } = await runBatch<WriteRequests>(
    requestItems,
    async (items) => {
      const output = await sendOperation(client, BatchWriteItem, { RequestItems: items } as never, options.callOptions);
      const next = Object.fromEntries(Object.entries((output.UnprocessedItems ?? {}) as WriteRequests).filter(([, list]) => list.length > 0));
      return Object.keys(next).length > 0 ? next : undefined;
    },
    options,
  );
  const data: Record<string, (Record<string, unknown> | null)[]> = tablesResult(tableNames, () => []);
  const left: Record<string, Record<string, unknown>[]> = tablesResult(tableNames, () => []);
  for (const [table, entries] of Object.entries(request.tables)) {
    const still = (pending?.[table] ?? []).map((w) => (put ? w.PutRequest?.Item : w.DeleteRequest?.Key)).filter(isObject);
    for (const entry of entries) {
      if (still.some((p) => sameItem(p, entry))) {
        data[table]!.push(null);
        left[table]!.push(toResultItem(entry));
      } else data[table]!.push(toResultItem(entry));
    }
  }
  const result = put ? { data, unprocessedItems: left } : { data, unprocessedKeys: left };
  const unprocessed = countLeft(left);
  if (unprocessed > 0) throw partialBatch(result, unprocessed, failure);
  return result;
}

/** The cancellation reasons of a `TransactionCanceledException`, as `ctx.result.cancellationReasons` holds them. */
function cancellationReasons(error: unknown): CancellationReason[] {
  const raw = (error as { CancellationReasons?: unknown }).CancellationReasons;
  if (!Array.isArray(raw)) return [];
  return raw.map((reason) => {
    const r = isObject(reason) ? reason : {};
    const type = typeof r.Code === "string" ? r.Code : "None";
    const out: CancellationReason = { type, message: typeof r.Message === "string" ? r.Message : type };
    if (isObject(r.Item)) out.item = toResultItem(r.Item);
    return out;
  });
}

function isCancellation(error: unknown): error is ServiceException {
  return error instanceof ServiceException && error.name === "TransactionCanceledException";
}

async function transactGet(client: DynamoDBClient, request: TransactGetItemsRequest, options: CollectionOptions): Promise<TransactGetItemsResult> {
  const items = request.transactItems.map((item) => {
    const get: Wire = { TableName: item.table, Key: item.key };
    if (item.projection !== undefined) {
      get.ProjectionExpression = item.projection.expression;
      withPlaceholders(get, namesOf(item.projection), {});
    }
    return { Get: get };
  });
  let output: Record<string, unknown>;
  try {
    output = (await sendOperation(client, TransactGetItems, { TransactItems: items } as never, options.callOptions)) as Record<string, unknown>;
  } catch (error) {
    if (isCancellation(error)) {
      throw new ResolverError(`DynamoDB:${error.name}`, error.message, null, { cause: error, result: { items: null, cancellationReasons: cancellationReasons(error) } });
    }
    throw serviceError(error);
  }
  const responses = (output.Responses ?? []) as { Item?: Record<string, unknown> }[];
  return { items: request.transactItems.map((_, i) => (isObject(responses[i]?.Item) ? toResultItem(responses[i]!.Item!) : null)), cancellationReasons: null };
}

async function transactWrite(client: DynamoDBClient, request: TransactWriteItemsRequest, options: CollectionOptions): Promise<TransactWriteItemsResult> {
  const actions = request.transactItems.map((item) => {
    const wire: Wire = { TableName: item.table };
    const condition = item.condition;
    const update = item.operation === "UpdateItem" ? item.update : undefined;
    let kind: string;
    switch (item.operation) {
      case "PutItem":
        kind = "Put";
        wire.Item = { ...(item.attributeValues ?? {}), ...item.key };
        break;
      case "UpdateItem":
        kind = "Update";
        wire.Key = item.key;
        wire.UpdateExpression = item.update.expression;
        break;
      case "DeleteItem":
        kind = "Delete";
        wire.Key = item.key;
        break;
      default:
        kind = "ConditionCheck";
        wire.Key = item.key;
    }
    if (condition !== undefined) {
      wire.ConditionExpression = condition.expression;
      if (condition.returnValuesOnConditionCheckFailure !== false) wire.ReturnValuesOnConditionCheckFailure = "ALL_OLD";
    }
    withPlaceholders(wire, namesOf(update, condition), valuesOf(update, condition));
    return { [kind]: wire };
  });
  try {
    await sendOperation(client, TransactWriteItems, { TransactItems: actions } as never, options.callOptions);
  } catch (error) {
    if (isCancellation(error)) {
      throw new ResolverError(`DynamoDB:${error.name}`, error.message, null, { cause: error, result: { keys: null, cancellationReasons: cancellationReasons(error) } });
    }
    throw serviceError(error);
  }
  return { keys: request.transactItems.map((item) => toResultItem(item.key)), cancellationReasons: null };
}
