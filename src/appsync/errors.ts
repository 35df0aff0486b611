/**
 * The error a resolver request rejects with: what an AppSync resolver's
 * `ctx.error` would hold (`type`, `message`, `data`), as an `Error`.
 */

import { ServiceException } from "../runtime/errors.js";

/** One problem found while validating a request document. */
export interface RequestProblem {
  /** Where in the request document, e.g. `request.key.id`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Rejection of `runResolverRequest`: what the resolver's `ctx.error` would
 * hold (`type`, `message`, `data`) and, in `result`, what AppSync leaves in
 * `ctx.result` next to it (AppSync sets both in some cases).
 *
 * - `DynamoDB:ConditionalCheckFailedException`: the condition failed; `data`
 *   and `result` are the current item (plain values), or `null` when there
 *   is none.
 * - `ConflictUnhandled`: a versioned write's `_version` is not the stored
 *   one; `data` is the current item.
 * - `DynamoDB:TransactionCanceledException`: `result` is
 *   `{ keys: null, cancellationReasons }` (`{ items: null, ... }` for
 *   TransactGetItems).
 * - A partly processed batch: `result` is the batch result (`data` per table
 *   and the unprocessed entries); `type` is the service error that stopped
 *   the retries (`DynamoDB:ProvisionedThroughputExceededException`, ...), or
 *   `BatchPartiallyProcessed` when the retries ran out.
 * - `DynamoDB:<ErrorName>`: other errors of the service, by their name.
 * - `MappingTemplate`: the request document is not valid; `problems` lists
 *   every problem with its path, and nothing was sent.
 */
export class ResolverError extends Error {
  override readonly name = "ResolverError";
  readonly type: string;
  readonly data: unknown;
  /** What `ctx.result` holds alongside this error; `null` when AppSync leaves no result. */
  readonly result: unknown;
  readonly problems: readonly RequestProblem[];
  override readonly cause?: unknown;

  constructor(type: string, message: string, data: unknown = null, options: { problems?: readonly RequestProblem[]; cause?: unknown; result?: unknown } = {}) {
    super(message);
    this.type = type;
    this.data = data;
    this.result = options.result ?? null;
    this.problems = options.problems ?? [];
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** The `MappingTemplate` error listing every problem. */
export function invalidRequest(problems: readonly RequestProblem[]): ResolverError {
  const lines = problems.map((p) => `${p.path}: ${p.message}`);
  return new ResolverError("MappingTemplate", `invalid resolver request (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${lines.join("\n  ")}`, null, {
    problems,
  });
}

/** Runs one call of the client, giving its service errors as `ctx.error` types them. */
export async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw serviceError(error);
  }
}

/** A service error as `ctx.error` types it (`DynamoDB:<name>`); anything else (a network failure) unchanged. */
export function serviceError(error: unknown): unknown {
  if (error instanceof ServiceException) return new ResolverError(`DynamoDB:${error.name}`, error.message, null, { cause: error });
  return error;
}
