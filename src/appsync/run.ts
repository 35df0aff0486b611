/**
 * `runResolverRequest`: one AppSync DynamoDB resolver request document
 * (`{ operation: "PutItem", key, attributeValues, condition, ... }`), run
 * against a table through the bare client, answering as the resolver's
 * `ctx.result` / `ctx.error` would.
 */
import type { CallOptions } from "../runtime/index.js";
import { ServiceException } from "../runtime/errors.js";
import type { DynamoDBClient } from "../generated/dynamodb/client.js";
import { DeleteItem, GetItem, PutItem, sendOperation, UpdateItem } from "../generated/dynamodb/operations.js";
import { addToSetClause } from "../document/versioning.js";
import { call, invalidRequest, ResolverError, serviceError, type RequestProblem } from "./errors.js";
import { checkTypedMap, describe, isObject, sameItem, toResultItem, type TypedMap, type TypedValue } from "./typed-values.js";
import { checkExpression } from "./checks.js";
import { checkDocumentExpressions, namesOf, valuesOf } from "./expression-checks.js";
import {
  checkCollectionRequest,
  COLLECTION_FIELDS,
  MULTI_TABLE,
  runCollectionRequest,
  type BatchDeleteItemRequest,
  type BatchDeleteItemResult,
  type BatchGetItemRequest,
  type BatchGetItemResult,
  type BatchPutItemRequest,
  type BatchPutItemResult,
  type CollectionRequest,
  type PageResult,
  type QueryRequest,
  type ScanRequest,
  type TransactGetItemsRequest,
  type TransactGetItemsResult,
  type TransactWriteItemsRequest,
  type TransactWriteItemsResult,
} from "./collections.js";

/** The request document's `condition`. */
export interface ResolverCondition {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: TypedMap;
  equalsIgnore?: string[];
  consistentRead?: boolean;
  conditionalCheckFailedHandler?: { strategy: "Reject" } | { strategy: "Custom"; lambdaArn: string };
}

/** An expression with its placeholders, as in `update` and `projection`. */
export interface ResolverExpression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: TypedMap;
}

/** A request document for one item: GetItem, PutItem, UpdateItem or DeleteItem. */
export interface ResolverRequest {
  version?: "2017-02-28" | "2018-05-29";
  operation: "GetItem" | "PutItem" | "UpdateItem" | "DeleteItem";
  key: TypedMap;
  attributeValues?: TypedMap;
  update?: ResolverExpression;
  condition?: ResolverCondition;
  consistentRead?: boolean;
  projection?: { expression: string; expressionNames?: Record<string, string> };
  _version?: number;
}

/** A request document for any operation run here. */
export type ResolverRequestDocument = ResolverRequest | CollectionRequest;

/**
 * What a `Custom` condition handler is given: the parts of AppSync's Lambda
 * payload that this module knows (`requestMapping`, `currentValue`,
 * `resolver.tableName`), plus `lambdaArn`. As in AppSync, `currentValue` is
 * in typed values (`{ "version": { "N": "8" } }`).
 */
export interface ConditionFailure {
  /** The request document that failed. */
  requestMapping: ResolverRequest;
  /** The item as a read after the failure found it (typed values), or `null`. */
  currentValue: TypedMap | null;
  resolver: { tableName: string };
  /** The handler's `lambdaArn`, naming which handler the document asked for. */
  lambdaArn: string;
}

/**
 * A `Custom` handler's answer, as AppSync's Lambda function answers:
 * `reject` (as the `Reject` strategy), `discard` (succeed with the current
 * item), or `retry` once with `retryMapping`: for PutItem
 * `{ attributeValues, condition }`, for UpdateItem `{ update, condition }`,
 * for DeleteItem `{ condition }`; the retry's condition takes no handler.
 */
export type ConditionDecision =
  | { action: "reject" }
  | { action: "discard" }
  | { action: "retry"; retryMapping: Partial<Pick<ResolverRequest, "attributeValues" | "update" | "condition">> };

export interface ResolverRequestOptions {
  /** The data source's table. Not used (and may be left out) for the batch and transaction operations, whose documents name their tables. */
  tableName?: string;
  /** A versioned data source: `_version` checked, `_version`/`_lastChangedAt` maintained, deletes leave a `_deleted` tombstone. */
  versioned?: boolean;
  /**
   * Versioned deletes only: minutes a tombstone is kept, written as `_ttl`
   * (epoch seconds) for the table's TTL to act on. `0` deletes the item
   * outright. Unset, no `_ttl` is written.
   */
  tombstoneTtlMinutes?: number;
  /** Stands in for the Lambda function of `conditionalCheckFailedHandler: { strategy: "Custom" }`. */
  conditionalCheckFailedHandler?: (failure: ConditionFailure) => ConditionDecision | Promise<ConditionDecision>;
  /**
   * Batches only: how many more calls are made for entries DynamoDB left
   * unprocessed (AppSync retries them itself). Default 2; `0` makes one call.
   */
  batchRetries?: number;
  /** Batches only: milliseconds before the first retry, doubled for each next one. Default 50. */
  batchRetryDelay?: number;
  /** The clock for `_lastChangedAt` (milliseconds). Default `Date.now`. */
  now?: () => number;
  /** Passed to each call (abort signal, timeouts). */
  callOptions?: CallOptions;
}

const OPERATIONS = ["GetItem", "PutItem", "UpdateItem", "DeleteItem"] as const;
const VERSIONS = ["2017-02-28", "2018-05-29"];
const FIELDS: Record<string, string[]> = {
  GetItem: ["version", "operation", "key", "consistentRead", "projection"],
  PutItem: ["version", "operation", "key", "attributeValues", "condition", "_version", "customPartitionKey", "populateIndexFields"],
  UpdateItem: ["version", "operation", "key", "update", "condition", "_version", "customPartitionKey", "populateIndexFields"],
  DeleteItem: ["version", "operation", "key", "condition", "_version", "customPartitionKey", "populateIndexFields"],
};
/** Operations of the AppSync resolver that this module does not run yet. */
const NOT_YET = ["Sync"];
/** AppSync does not run these with conflict detection (a versioned data source). */
const UNVERSIONED = ["BatchPutItem", "BatchDeleteItem", "TransactWriteItems"];

/** What `validateResolverRequest` checks beyond the document's structure. */
export interface ResolverValidationOptions {
  /**
   * DynamoDB's expression checks on the document's expressions (grammar,
   * reserved words, placeholders defined and used, ...). Default true;
   * `runResolverRequest` follows the client's `checkExpressions` option.
   */
  checkExpressions?: boolean;
}

/**
 * Lists every problem of `request` (with `options`), each with its path.
 * An empty list means `runResolverRequest` will send it.
 */
export function validateResolverRequest(request: unknown, options: ResolverRequestOptions, checks: ResolverValidationOptions = {}): RequestProblem[] {
  const problems = structuralProblems(request, options);
  if (checks.checkExpressions !== false && isObject(request) && isKnownOperation(request.operation)) {
    checkDocumentExpressions(request, isObject(options) && options.versioned === true, problems);
  }
  return problems;
}

function isKnownOperation(operation: unknown): boolean {
  return typeof operation === "string" && (Object.hasOwn(COLLECTION_FIELDS, operation) || (OPERATIONS as readonly string[]).includes(operation));
}

/** The problems of the document's shape, its values and its options. */
function structuralProblems(request: unknown, options: ResolverRequestOptions): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const multiTable = isObject(request) && MULTI_TABLE.includes(request.operation as string);
  if (!isObject(options) || (!multiTable && (typeof options.tableName !== "string" || options.tableName === ""))) {
    problems.push({ path: "options.tableName", message: "expected the table's name" });
  }
  if (isObject(options) && options.tombstoneTtlMinutes !== undefined && !(Number.isInteger(options.tombstoneTtlMinutes) && (options.tombstoneTtlMinutes as number) >= 0)) {
    problems.push({ path: "options.tombstoneTtlMinutes", message: `expected a whole number of minutes, got ${describe(options.tombstoneTtlMinutes)}` });
  }
  for (const name of ["batchRetries", "batchRetryDelay"] as const) {
    const value = isObject(options) ? options[name] : undefined;
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      problems.push({ path: `options.${name}`, message: `expected a whole number from 0, got ${describe(value)}` });
    }
  }
  if (!isObject(request)) {
    problems.push({ path: "request", message: `expected a request document object, got ${describe(request)}` });
    return problems;
  }
  if (request.version !== undefined && !VERSIONS.includes(request.version as string)) {
    problems.push({ path: "request.version", message: `expected ${VERSIONS.join(" or ")}, got ${describe(request.version)}` });
  }
  const operation = request.operation;
  if (typeof operation === "string" && Object.hasOwn(COLLECTION_FIELDS, operation)) {
    const op = operation as CollectionRequest["operation"];
    for (const field of Object.keys(request)) {
      if (!COLLECTION_FIELDS[op].includes(field)) problems.push({ path: `request.${field}`, message: `not a field of a ${operation} request` });
    }
    if (UNVERSIONED.includes(op) && isObject(options) && options.versioned === true) {
      problems.push({ path: "options.versioned", message: `AppSync does not run ${operation} on a data source with conflict detection` });
    }
    checkCollectionRequest(request, op, problems);
    return problems;
  }
  if (typeof operation !== "string" || !(OPERATIONS as readonly string[]).includes(operation)) {
    const later = typeof operation === "string" && NOT_YET.includes(operation);
    problems.push({
      path: "request.operation",
      message: later ? `${operation} is an AppSync operation this module does not run yet` : `expected one of ${[...OPERATIONS, ...Object.keys(COLLECTION_FIELDS)].join(", ")}, got ${describe(operation)}`,
    });
    return problems;
  }
  for (const field of Object.keys(request)) {
    if (!FIELDS[operation]!.includes(field)) problems.push({ path: `request.${field}`, message: `not a field of a ${operation} request` });
  }
  if (request.key === undefined) problems.push({ path: "request.key", message: "required" });
  else {
    checkTypedMap(request.key, "request.key", problems);
    if (isObject(request.key) && (Object.keys(request.key).length === 0 || Object.keys(request.key).length > 2)) {
      problems.push({ path: "request.key", message: `expected the partition key and, for a table with one, the sort key; got ${Object.keys(request.key).length} attributes` });
    }
  }
  if (request.attributeValues !== undefined) checkTypedMap(request.attributeValues, "request.attributeValues", problems);
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  if (operation === "UpdateItem") {
    if (request.update === undefined) problems.push({ path: "request.update", message: "required" });
    else checkExpression(request.update, "request.update", problems, names, true, values);
  }
  if (operation === "GetItem") {
    if (request.consistentRead !== undefined && typeof request.consistentRead !== "boolean") {
      problems.push({ path: "request.consistentRead", message: `expected true or false, got ${describe(request.consistentRead)}` });
    }
    if (request.projection !== undefined) checkExpression(request.projection, "request.projection", problems, names, false);
  }
  if (request.condition !== undefined) checkCondition(request.condition, problems, names, values, options);
  if (request._version !== undefined && !(typeof request._version === "number" && Number.isInteger(request._version) && request._version >= 0)) {
    problems.push({ path: "request._version", message: `expected a whole number, got ${describe(request._version)}` });
  }
  return problems;
}

function checkCondition(condition: unknown, problems: RequestProblem[], names: Record<string, string>, values: Record<string, string>, options: ResolverRequestOptions): void {
  const path = "request.condition";
  checkExpression(condition, path, problems, names, true, values);
  if (!isObject(condition)) return;
  if (condition.equalsIgnore !== undefined && !(Array.isArray(condition.equalsIgnore) && condition.equalsIgnore.every((n) => typeof n === "string"))) {
    problems.push({ path: `${path}.equalsIgnore`, message: `expected a list of attribute names, got ${describe(condition.equalsIgnore)}` });
  }
  if (condition.consistentRead !== undefined && typeof condition.consistentRead !== "boolean") {
    problems.push({ path: `${path}.consistentRead`, message: `expected true or false, got ${describe(condition.consistentRead)}` });
  }
  const handler = condition.conditionalCheckFailedHandler;
  if (handler === undefined) return;
  const at = `${path}.conditionalCheckFailedHandler`;
  if (!isObject(handler) || (handler.strategy !== "Reject" && handler.strategy !== "Custom")) {
    problems.push({ path: `${at}.strategy`, message: `expected "Reject" or "Custom", got ${describe(isObject(handler) ? handler.strategy : handler)}` });
    return;
  }
  if (handler.strategy === "Custom") {
    if (typeof handler.lambdaArn !== "string" || handler.lambdaArn === "") problems.push({ path: `${at}.lambdaArn`, message: "required for the Custom strategy" });
    if (typeof options?.conditionalCheckFailedHandler !== "function") {
      problems.push({ path: "options.conditionalCheckFailedHandler", message: "the Custom strategy needs a function standing in for its Lambda function" });
    }
  }
}

/**
 * Runs one request document against `options.tableName`.
 *
 * Resolves with what the resolver's `ctx.result` would hold: the item (plain
 * values: numbers, lists for sets, base64 text for binaries), or `null` for
 * a GetItem that finds nothing and a DeleteItem of no item. Rejects with a
 * `ResolverError` as the resolver's `ctx.error`; an invalid document
 * rejects with every problem and sends nothing.
 */
export function runResolverRequest(client: DynamoDBClient, request: QueryRequest | ScanRequest, options: ResolverRequestOptions): Promise<PageResult>;
export function runResolverRequest(client: DynamoDBClient, request: BatchGetItemRequest, options: ResolverRequestOptions): Promise<BatchGetItemResult>;
export function runResolverRequest(client: DynamoDBClient, request: BatchPutItemRequest, options: ResolverRequestOptions): Promise<BatchPutItemResult>;
export function runResolverRequest(client: DynamoDBClient, request: BatchDeleteItemRequest, options: ResolverRequestOptions): Promise<BatchDeleteItemResult>;
export function runResolverRequest(client: DynamoDBClient, request: TransactGetItemsRequest, options: ResolverRequestOptions): Promise<TransactGetItemsResult>;
export function runResolverRequest(client: DynamoDBClient, request: TransactWriteItemsRequest, options: ResolverRequestOptions): Promise<TransactWriteItemsResult>;
export function runResolverRequest(client: DynamoDBClient, request: ResolverRequest, options: ResolverRequestOptions): Promise<Record<string, unknown> | null>;
export function runResolverRequest(client: DynamoDBClient, request: ResolverRequestDocument, options: ResolverRequestOptions): Promise<unknown>;
export async function runResolverRequest(client: DynamoDBClient, request: ResolverRequestDocument, options: ResolverRequestOptions): Promise<unknown> {
  const checks: ResolverValidationOptions = { checkExpressions: client.config.checkExpressions };
  const problems = validateResolverRequest(request, options, checks);
  if (problems.length > 0) throw invalidRequest(problems);
  if (Object.hasOwn(COLLECTION_FIELDS, request.operation)) return runCollectionRequest(client, request as CollectionRequest, options);
  return runItemRequest(client, request as ResolverRequest, options, checks);
}

/** The fields a `Custom` handler's `retryMapping` may replace, per operation (AppSync's list). */
const RETRY_FIELDS: Record<string, string[]> = {
  PutItem: ["attributeValues", "condition"],
  UpdateItem: ["update", "condition"],
  DeleteItem: ["condition"],
};

async function runItemRequest(client: DynamoDBClient, request: ResolverRequest, options: ResolverRequestOptions, checks: ResolverValidationOptions): Promise<Record<string, unknown> | null> {
  if (request.operation === "GetItem") return getItem(client, request, options);
  const first = await write(client, request, options);
  if (first.ok) return first.result;
  const handler = request.condition?.conditionalCheckFailedHandler;
  if (handler?.strategy !== "Custom") throw conditionFailed(first);
  const decision = await options.conditionalCheckFailedHandler!({
    requestMapping: request,
    currentValue: first.current,
    resolver: { tableName: options.tableName! },
    lambdaArn: handler.lambdaArn,
  });
  if (isObject(decision) && decision.action === "reject") throw conditionFailed(first);
  if (isObject(decision) && decision.action === "discard") return first.current === null ? null : toResultItem(first.current);
  if (!isObject(decision) || decision.action !== "retry" || !isObject(decision.retryMapping)) {
    throw new ResolverError("MappingTemplate", `the Custom condition handler answered ${describe(decision)}; expected { action: "reject" }, { action: "discard" } or { action: "retry", retryMapping }`);
  }
  const retry = retryRequest(request, decision.retryMapping, options, checks);
  // One retry; if its condition fails too, the Reject strategy applies.
  const second = await write(client, retry, options);
  if (second.ok) return second.result;
  throw conditionFailed(second);
}

/** The request a `retry` answer asks for, validated; AppSync allows only the same operation on the same key. */
function retryRequest(request: ResolverRequest, retryMapping: Record<string, unknown>, options: ResolverRequestOptions, checks: ResolverValidationOptions): ResolverRequest {
  const problems: RequestProblem[] = [];
  const allowed = RETRY_FIELDS[request.operation]!;
  for (const field of Object.keys(retryMapping)) {
    if (!allowed.includes(field)) problems.push({ path: `retryMapping.${field}`, message: `a ${request.operation} retry may replace only ${allowed.join(", ")}` });
  }
  if (isObject(retryMapping.condition) && retryMapping.condition.conditionalCheckFailedHandler !== undefined) {
    problems.push({ path: "retryMapping.condition.conditionalCheckFailedHandler", message: "a retry's condition takes no handler" });
  }
  const retry = { ...request, ...retryMapping } as ResolverRequest;
  problems.push(...validateResolverRequest(retry, options, checks));
  if (problems.length > 0) throw invalidRequest(problems);
  return retry;
}

/** The `Reject` strategy's error: the service's message, the current item in `data` and in `result`. */
function conditionFailed(outcome: Extract<WriteOutcome, { ok: false }>): ResolverError {
  const plain = outcome.current === null ? null : toResultItem(outcome.current);
  const message = outcome.error instanceof Error ? outcome.error.message : "The conditional request failed";
  return new ResolverError("DynamoDB:ConditionalCheckFailedException", message, plain, { cause: outcome.error, result: plain });
}

async function getItem(client: DynamoDBClient, request: ResolverRequest, options: ResolverRequestOptions): Promise<Record<string, unknown> | null> {
  const wire: Record<string, unknown> = { TableName: options.tableName, Key: request.key };
  if (request.consistentRead !== undefined) wire.ConsistentRead = request.consistentRead;
  if (request.projection !== undefined) {
    wire.ProjectionExpression = request.projection.expression;
    if (request.projection.expressionNames && Object.keys(request.projection.expressionNames).length > 0) wire.ExpressionAttributeNames = request.projection.expressionNames;
  }
  const output = await call(() => sendOperation(client, GetItem, wire as never, options.callOptions));
  return isObject(output.Item) ? toResultItem(output.Item) : null;
}

type WriteOutcome =
  | { ok: true; result: Record<string, unknown> | null }
  /** The condition failed; `current` is the item a read found afterwards (typed values). */
  | { ok: false; current: TypedMap | null; error: unknown };

/** Placeholders for the request's expressions, plus ones of this module's own that they do not use. */
class Placeholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, TypedValue> = {};
  add(expression: ResolverExpression | undefined): void {
    if (expression === undefined) return;
    // The merge the expression checks see (expression-checks.ts).
    Object.assign(this.names, namesOf(expression));
    Object.assign(this.values, valuesOf(expression));
  }
  name(base: string, attribute: string): string {
    let placeholder = `#${base}`;
    for (let i = 2; placeholder in this.names; i++) placeholder = `#${base}${i}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }
  value(base: string, value: TypedValue): string {
    let placeholder = `:${base}`;
    for (let i = 2; placeholder in this.values; i++) placeholder = `:${base}${i}`;
    this.values[placeholder] = value;
    return placeholder;
  }
  applyTo(wire: Record<string, unknown>): void {
    if (Object.keys(this.names).length > 0) wire.ExpressionAttributeNames = this.names;
    if (Object.keys(this.values).length > 0) wire.ExpressionAttributeValues = this.values;
  }
}

function versionOf(item: Record<string, unknown> | null): number | undefined {
  const value = item?._version;
  return isObject(value) && typeof value.N === "string" ? Number(value.N) : undefined;
}

function andConditions(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present.map((p) => `(${p})`).join(" AND ");
}

/** One attempt at a PutItem, UpdateItem or DeleteItem. */
async function write(client: DynamoDBClient, request: ResolverRequest, options: ResolverRequestOptions): Promise<WriteOutcome> {
  const versioned = options.versioned === true;
  const expected = versioned ? request._version : undefined;
  const now = (options.now ?? Date.now)();
  const placeholders = new Placeholders();
  placeholders.add(request.update);
  placeholders.add(request.condition);
  let versionCondition: string | undefined;
  let versionAssignments = (): string[] => [];
  if (versioned) {
    const v = placeholders.name("appsyncVersion", "_version");
    versionCondition = expected === undefined ? `attribute_not_exists(${v})` : `${v} = ${placeholders.value("appsyncExpectedVersion", { N: String(expected) })}`;
    // Registered only by the writes that use them: DynamoDB refuses unused placeholders.
    versionAssignments = () => {
      const next = placeholders.value("appsyncNextVersion", { N: String((expected ?? 0) + 1) });
      const changed = placeholders.value("appsyncLastChangedAt", { N: String(now) });
      return [`${v} = ${next}`, `${placeholders.name("appsyncLastChangedAt", "_lastChangedAt")} = ${changed}`];
    };
  }
  const condition = andConditions(request.condition?.expression, versionCondition);
  const wire: Record<string, unknown> = { TableName: options.tableName, Key: request.key };
  let operation: typeof PutItem | typeof UpdateItem | typeof DeleteItem;
  /** The item the write means to leave, where it is known without the current item. */
  let desired: Record<string, unknown> | null | undefined;
  switch (request.operation) {
    case "PutItem": {
      operation = PutItem;
      delete wire.Key;
      const item: TypedMap = { ...(request.attributeValues ?? {}), ...request.key };
      if (versioned) {
        item._version = { N: String((expected ?? 0) + 1) };
        item._lastChangedAt = { N: String(now) };
      }
      wire.Item = item;
      desired = item;
      break;
    }
    case "UpdateItem":
      operation = UpdateItem;
      wire.UpdateExpression = versioned ? addToSetClause(request.update!.expression, versionAssignments().join(", ")) : request.update!.expression;
      wire.ReturnValues = "ALL_NEW";
      desired = undefined;
      break;
    default: {
      desired = null;
      if (versioned && options.tombstoneTtlMinutes !== 0) {
        operation = UpdateItem;
        const assignments = [...versionAssignments(), `${placeholders.name("appsyncDeleted", "_deleted")} = ${placeholders.value("appsyncTrue", { BOOL: true })}`];
        if (options.tombstoneTtlMinutes !== undefined) {
          const ttl = Math.floor(now / 1000) + options.tombstoneTtlMinutes * 60;
          assignments.push(`${placeholders.name("appsyncTtl", "_ttl")} = ${placeholders.value("appsyncTtl", { N: String(ttl) })}`);
        }
        wire.UpdateExpression = `SET ${assignments.join(", ")}`;
        wire.ReturnValues = "ALL_NEW";
        desired = undefined;
      } else {
        operation = DeleteItem;
        wire.ReturnValues = "ALL_OLD";
      }
    }
  }
  if (condition !== undefined) wire.ConditionExpression = condition;
  placeholders.applyTo(wire);
  try {
    const output = await sendOperation(client, operation, wire as never, options.callOptions);
    if (operation === PutItem) return { ok: true, result: toResultItem(wire.Item as Record<string, unknown>) };
    return { ok: true, result: isObject(output.Attributes) ? toResultItem(output.Attributes) : null };
  } catch (error) {
    if (!(error instanceof ServiceException) || error.name !== "ConditionalCheckFailedException") throw serviceError(error);
    // As AppSync does: a GetItem for the current value, strongly consistent unless the condition says otherwise.
    const current = await readCurrent(client, request, options);
    const plain = current === null ? null : toResultItem(current);
    if (versioned && versionOf(current) !== expected) {
      throw new ResolverError("ConflictUnhandled", "Conflict resolver rejects mutation.", plain, { cause: error });
    }
    if (desired !== undefined && sameItem(current, desired, request.condition?.equalsIgnore ?? [])) return { ok: true, result: plain };
    return { ok: false, current, error };
  }
}

/** The item after a failed condition, read as AppSync reads it (`condition.consistentRead`, default true). */
async function readCurrent(client: DynamoDBClient, request: ResolverRequest, options: ResolverRequestOptions): Promise<TypedMap | null> {
  const wire = { TableName: options.tableName, Key: request.key, ConsistentRead: request.condition?.consistentRead ?? true };
  const output = await call(() => sendOperation(client, GetItem, wire as never, options.callOptions));
  return isObject(output.Item) ? (output.Item as TypedMap) : null;
}
