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
 * Rejection of `runResolverRequest`.
 *
 * - `DynamoDB:ConditionalCheckFailedException`: the condition failed; `data`
 *   is the current item (plain values), or `null` when there is none.
 * - `ConflictUnhandled`: a versioned write's `_version` is not the stored
 *   one; `data` is the current item.
 * - `DynamoDB:TransactionCanceledException`, `DynamoDB:<ErrorName>`: other
 *   errors of the service, by the service's error name.
 * - `MappingTemplate`: the request document is not valid; `problems` lists
 *   every problem with its path, and nothing was sent.
 */
export class ResolverError extends Error {
  override readonly name = "ResolverError";
  readonly type: string;
  readonly data: unknown;
  readonly problems: readonly RequestProblem[];
  override readonly cause?: unknown;

  constructor(type: string, message: string, data: unknown = null, options: { problems?: readonly RequestProblem[]; cause?: unknown } = {}) {
    super(message);
    this.type = type;
    this.data = data;
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
