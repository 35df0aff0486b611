/**
 * `queryAndUpdate`: find candidates with a query, then conditionally update
 * each one by its key, so that of many workers racing for the same items each
 * item goes to exactly one. This is the `system/dynamodb-query-and-update`
 * workflow module (work-queue claiming); see docs/query-and-update.md.
 */
import type { JsonObject, JsonValue } from "../runtime/types.js";
import { GetItem, Query, UpdateItem } from "../generated/dynamodb/operations.js";
import { asServiceError, sendWire, type DynamoDBClientLike, type ServiceErrorLike } from "./client.js";
import { normalizeConfig, type NormalizedConfig, type QueryAndUpdateInput } from "./config.js";
import { placeholdersOf, plainAssignments, type PathStep } from "./expressions.js";
import {
  sameAttributeValue,
  toAttributeValue,
  toPlainItem,
  toWireItem,
  type WireAttributeValue,
  type WireItem,
} from "./json-values.js";
import { keyAttributesOf } from "./key-schema.js";

/** Options that are not part of the module's configuration. */
export interface QueryAndUpdateOptions {
  /** How many updates may be in flight at once. Default 10. */
  concurrency?: number;
  /**
   * Stops finding candidates and starting updates. Updates already sent are
   * allowed to finish, so that no claim is made without being reported.
   */
  signal?: AbortSignal;
}

/** A candidate that was neither updated nor lost to another writer. */
export interface QueryAndUpdateFailure {
  /** The candidate's primary key as plain JSON, or the candidate itself when it had no usable key. */
  key: JsonObject;
  error: Error;
}

/** The module's output `{ updatedItemCount, items }`, plus what else happened. */
export interface QueryAndUpdateOutput {
  /** How many candidates this call updated. */
  updatedItemCount: number;
  /** The updated items as they are now (`ALL_NEW`), plain JSON, in the order the query found them. */
  items: JsonObject[];
  /** How many candidates the query found (at most `query.limit`). */
  candidateCount: number;
  /** Candidates whose condition failed because another writer got there first; not errors. */
  lostRaces: number;
  /**
   * Updates whose response was lost (a reset or timeout) but which, as the
   * item shows, this call did apply; they are counted in `items` too.
   */
  recoveredAmbiguous: number;
  /** Candidates that failed for any other reason, each with its key and error. */
  failures: QueryAndUpdateFailure[];
}

/**
 * Raised when the query fails after some candidates were already updated: the
 * claims made so far are in `output`, so none is lost. (When nothing was
 * updated the query's own error is thrown as it is.)
 */
export class QueryAndUpdateError extends Error {
  override readonly name = "QueryAndUpdateError";
  readonly output: QueryAndUpdateOutput;

  constructor(cause: unknown, output: QueryAndUpdateOutput) {
    super(`queryAndUpdate: the query failed after ${output.updatedItemCount} item(s) were updated: ${String((cause as Error)?.message ?? cause)}`, { cause });
    this.output = output;
  }
}

/**
 * A retried update whose outcome cannot be told from the item: the condition
 * failed on a later attempt, and the update sets no attribute straight from a
 * value, so the item cannot show whether the earlier attempt applied it.
 */
export class AmbiguousUpdateError extends Error {
  override readonly name = "AmbiguousUpdateError";
}

/** `concurrency` when none is given. */
export const DEFAULT_CONCURRENCY = 10;

/**
 * Queries `config.query` for up to `limit` candidates (paging as needed) and
 * applies `config.update` to each by its primary key, under the condition,
 * with `ReturnValues: ALL_NEW`.
 *
 * A failed condition means another writer won the item: it is counted in
 * `lostRaces`, not reported as an error. Other failures are listed with their
 * key in `failures`; the successes are never lost to them.
 *
 * @param client the generated `DynamoDB` client (anything with its raw `send`).
 * @param config the module's configuration, nested or in the merged dotted form.
 * @throws InvalidConfigError listing every problem in `config`, before any request.
 * @throws the query's error when it fails before anything was updated, else `QueryAndUpdateError`.
 */
export async function queryAndUpdate(
  client: DynamoDBClientLike,
  config: QueryAndUpdateInput,
  options: QueryAndUpdateOptions = {},
): Promise<QueryAndUpdateOutput> {
  const normalized = normalizeConfig(config);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`queryAndUpdate: concurrency must be a whole number of at least 1, got ${concurrency}`);
  const { signal } = options;
  const plan = planRequests(normalized);
  const keyAttributes = normalized.query.keyAttributes ?? (await keyAttributesOf(client, normalized.query.tableName, signal));

  const found: { order: number; item: JsonObject }[] = [];
  const output: QueryAndUpdateOutput = { updatedItemCount: 0, items: [], candidateCount: 0, lostRaces: 0, recoveredAmbiguous: 0, failures: [] };
  const seen = new Set<string>();
  let order = 0;

  const candidates = queryCandidates(client, plan.query, normalized.query.limit, signal);
  let queryError: unknown;
  const worker = async () => {
    for (;;) {
      let next: IteratorResult<WireItem>;
      try {
        if (signal?.aborted) throw signal.reason;
        next = await candidates.next();
      } catch (error) {
        queryError ??= error;
        return;
      }
      if (next.done) return;
      const candidate = next.value;
      const position = order++;
      const key = keyOf(candidate, keyAttributes);
      if (key instanceof Error) {
        output.failures.push({ key: toPlainItem(candidate), error: key });
        continue;
      }
      // An index can return an item twice if it moved while we paged.
      const id = JSON.stringify(key);
      if (seen.has(id)) continue;
      seen.add(id);
      output.candidateCount++;
      const outcome = await updateOne(client, plan, key);
      if (outcome.kind === "updated") {
        found.push({ order: position, item: toPlainItem(outcome.item) });
        if (outcome.recovered) output.recoveredAmbiguous++;
      } else if (outcome.kind === "lost") {
        output.lostRaces++;
      } else {
        output.failures.push({ key: toPlainItem(key), error: outcome.error });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  found.sort((a, b) => a.order - b.order);
  output.items = found.map((f) => f.item);
  output.updatedItemCount = output.items.length;
  if (queryError !== undefined) {
    if (output.updatedItemCount === 0 && output.failures.length === 0) throw queryError;
    throw new QueryAndUpdateError(queryError, output);
  }
  return output;
}

/** Wire requests prepared once per call, each with exactly its own placeholders. */
interface RequestPlan {
  query: JsonObject;
  /** The UpdateItem input without its `Key`. */
  update: JsonObject;
  /** What the update writes straight from values, to recognise our own write in an item. */
  writes: { path: PathStep[]; value: WireAttributeValue }[];
  tableName: string;
}

function planRequests(config: NormalizedConfig): RequestPlan {
  const { query, update } = config;
  const names = update.expressionAttributeNames;
  const pick = (used: string[], from: Record<string, JsonValue>, fallback: Record<string, JsonValue>, wire: boolean) => {
    const out: JsonObject = {};
    for (const p of used) {
      const value = p in from ? from[p]! : fallback[p]!;
      out[p] = wire ? toAttributeValue(value, p) : value;
    }
    return out;
  };

  const q = placeholdersOf(query.keyConditionExpression);
  const queryInput: JsonObject = { TableName: query.tableName, KeyConditionExpression: query.keyConditionExpression };
  if (query.indexName !== undefined) queryInput.IndexName = query.indexName;
  if (q.names.length) queryInput.ExpressionAttributeNames = pick(q.names, names, {}, false);
  if (q.values.length) queryInput.ExpressionAttributeValues = pick(q.values, query.expressionAttributeValues, update.expressionAttributeValues, true);

  const u = placeholdersOf(update.updateExpression, update.conditionExpression);
  const updateInput: JsonObject = {
    TableName: query.tableName,
    UpdateExpression: update.updateExpression,
    ReturnValues: "ALL_NEW",
    // On a failed condition the service returns the item as it is, at no
    // extra read cost; that is how a retried claim recognises its own write.
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
  };
  if (update.conditionExpression !== undefined) updateInput.ConditionExpression = update.conditionExpression;
  if (u.names.length) updateInput.ExpressionAttributeNames = pick(u.names, names, {}, false);
  if (u.values.length) updateInput.ExpressionAttributeValues = pick(u.values, update.expressionAttributeValues, query.expressionAttributeValues, true);

  const values = updateInput.ExpressionAttributeValues as Record<string, WireAttributeValue> | undefined;
  const writes: RequestPlan["writes"] = [];
  for (const { path, value: placeholder } of plainAssignments(update.updateExpression, names)) {
    const value = values?.[placeholder];
    if (value) writes.push({ path, value });
  }
  return { query: queryInput, update: updateInput, writes, tableName: query.tableName };
}

/** Yields candidates page by page until `limit` were found or the index is exhausted. */
async function* queryCandidates(client: DynamoDBClientLike, input: JsonObject, limit: number, signal?: AbortSignal): AsyncGenerator<WireItem> {
  let found = 0;
  let startKey: JsonValue | undefined;
  do {
    // Ask only for what is still missing, so the last page reads no more than needed.
    const page = await sendWire(client, Query, { ...input, Limit: limit - found, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }, { signal });
    for (const item of (page.Items ?? []) as WireItem[]) {
      if (found >= limit) return;
      found++;
      yield item;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && found < limit);
}

function keyOf(item: WireItem, keyAttributes: string[]): WireItem | Error {
  const key: WireItem = {};
  for (const name of keyAttributes) {
    const value = item[name];
    if (value === undefined) return new Error(`candidate has no key attribute "${name}"; check query.keyAttributes`);
    key[name] = value;
  }
  return key;
}

type Outcome = { kind: "updated"; item: WireItem; recovered: boolean } | { kind: "lost" } | { kind: "failed"; error: Error };

async function updateOne(client: DynamoDBClientLike, plan: RequestPlan, key: WireItem): Promise<Outcome> {
  try {
    const out = await sendWire(client, UpdateItem, { ...plan.update, Key: key });
    return { kind: "updated", item: (out.Attributes ?? {}) as WireItem, recovered: false };
  } catch (thrown) {
    const error = asServiceError(thrown);
    if (error.name === "ConditionalCheckFailedException") return conditionFailed(client, plan, key, error);
    if (isAmbiguous(error)) return resolveByReading(client, plan, key, thrown);
    return { kind: "failed", error: toError(thrown) };
  }
}

/**
 * The condition failed. On the first attempt that means another writer won.
 * On a retry it may mean our own earlier attempt won and its response was
 * lost: the item then holds exactly what this update writes. See
 * docs/query-and-update.md for why that test is sound.
 */
async function conditionFailed(client: DynamoDBClientLike, plan: RequestPlan, key: WireItem, error: ServiceErrorLike): Promise<Outcome> {
  const attempts = error.$metadata?.attempts;
  const retried = attempts === undefined || attempts > 1;
  if (!retried) return { kind: "lost" };
  if (plan.writes.length === 0) {
    return {
      kind: "failed",
      error: new AmbiguousUpdateError(
        "the update was retried and its condition then failed, but it sets no attribute straight from a value, so the item cannot show whether the first attempt applied it",
      ),
    };
  }
  // DynamoDB hands the item back with the error (ALL_OLD). Servers that
  // ignore ReturnValuesOnConditionCheckFailure (dynalite, older DynamoDB
  // Local) do not, so read it: a cost paid only on this rare path.
  const returned = error.item ?? error.Item;
  let item: WireItem | undefined;
  if (returned !== undefined) item = toWireItem(returned);
  else {
    try {
      item = (await sendWire(client, GetItem, { TableName: plan.tableName, Key: key, ConsistentRead: true })).Item as WireItem | undefined;
    } catch (readError) {
      return { kind: "failed", error: new AmbiguousUpdateError("the update was retried and its condition then failed, and reading the item to tell whose write it holds failed too", { cause: readError }) };
    }
  }
  return item !== undefined && holdsOurWrite(item, plan) ? { kind: "updated", item, recovered: true } : { kind: "lost" };
}

/**
 * Every attempt failed without an answer (a timeout, a reset, a 5xx): the
 * service may or may not have applied the update. A strongly consistent read
 * settles it the same way a failed condition does.
 */
async function resolveByReading(client: DynamoDBClientLike, plan: RequestPlan, key: WireItem, thrown: unknown): Promise<Outcome> {
  if (plan.writes.length > 0) {
    try {
      const got = await sendWire(client, GetItem, { TableName: plan.tableName, Key: key, ConsistentRead: true });
      const item = got.Item as WireItem | undefined;
      if (item && holdsOurWrite(item, plan)) return { kind: "updated", item, recovered: true };
    } catch {
      // Unreadable too: report the update's own error below.
    }
  }
  return { kind: "failed", error: toError(thrown) };
}

function holdsOurWrite(item: WireItem, plan: RequestPlan): boolean {
  return plan.writes.every(({ path, value }) => {
    const current = at(item, path);
    return current !== undefined && sameAttributeValue(current, value);
  });
}

function at(item: WireItem, path: PathStep[]): WireAttributeValue | undefined {
  let current: WireAttributeValue | undefined = { M: item };
  for (const step of path) {
    if (current === undefined) return undefined;
    current = "name" in step ? (current.M as WireItem | undefined)?.[step.name] : (current.L as WireAttributeValue[] | undefined)?.[step.index];
  }
  return current;
}

/** No answer, or a server-side fault: the request may have been applied. */
function isAmbiguous(error: ServiceErrorLike): boolean {
  // Rejected before anything was sent.
  if (error.code === "ERR_PARAM_VALIDATION" || error.code === "ERR_CONFIG" || error.name === "ParamValidationError") return false;
  const status = error.$metadata?.httpStatusCode;
  return status === undefined ? error.$fault !== "client" : status >= 500;
}

function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
