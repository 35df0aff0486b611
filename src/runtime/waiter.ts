/**
 * Waiters: poll an operation until the model's acceptors say the resource
 * reached the wanted state, failed, or time ran out.
 *
 * Generated `waitUntil*` functions are one call to `waitUntil` with the
 * waiter's definition from `waiters-2.json`. The acceptor semantics and the
 * backoff follow the Smithy waiter specification
 * (https://smithy.io/2.0/additional-specs/waiters.html): acceptors are tried
 * in order and the first match decides; an error no acceptor matches fails
 * the wait; delays grow exponentially from `minDelay` to `maxDelay` with
 * jitter and never run past `maxWaitTime`.
 */
import { DynaportError, hasErrorCode, ParamValidationError } from "./errors.js";
import { search } from "./jmespath.js";
import type { CallOptions, JsonValue } from "./types.js";

/** How a waiter ended. */
export type WaiterState = "SUCCESS" | "FAILURE" | "TIMEOUT" | "ABORTED";

/** One acceptor of a waiter, as `waiters-2.json` writes it. */
export interface Acceptor {
  readonly state: "success" | "failure" | "retry";
  readonly matcher: "path" | "pathAll" | "pathAny" | "status" | "error";
  /** JMESPath over the output, for the `path*` matchers. */
  readonly argument?: string;
  /** The value to compare with; for `error`, an error code or `true`/`false` (any error / no error). */
  readonly expected: JsonValue;
}

/** A waiter from the model. */
export interface WaiterDefinition {
  /** The waiter's name in the model, e.g. `TableExists`. */
  readonly name: string;
  /** The operation it polls, e.g. `DescribeTable`. */
  readonly operation: string;
  /** Seconds between attempts in the model: the default `minDelay`. */
  readonly delay: number;
  /** Attempts allowed by the model. */
  readonly maxAttempts: number;
  readonly acceptors: readonly Acceptor[];
}

/** Options of every `waitUntil*` function. Times are in seconds, as in the model and the AWS SDKs. */
export interface WaiterOptions {
  /**
   * Longest time to wait, in seconds. Default: the model's `delay * maxAttempts`
   * (500 s for `TableExists`). When given, it replaces the model's attempt
   * limit too: the wait then ends on time alone, unless `maxAttempts` is also given.
   */
  maxWaitTime?: number;
  /** Shortest pause between attempts, in seconds. Default: the model's `delay`. */
  minDelay?: number;
  /** Longest pause between attempts, in seconds. Default: 120, or `minDelay` when that is larger. */
  maxDelay?: number;
  /** Most attempts, the first included. Default: the model's `maxAttempts` when `maxWaitTime` is not given, else no limit. */
  maxAttempts?: number;
  /** Stops waiting at once, including an attempt in flight. */
  signal?: AbortSignal;
}

/** What a finished wait reports. */
export interface WaiterResult<Output> {
  state: WaiterState;
  /** Why the wait ended: the acceptor that matched, or the limit that was reached. */
  reason: string;
  /** The last successful response, if any. */
  lastResponse?: Output;
  /** The error of the last attempt, if it failed. */
  lastError?: unknown;
  /** Attempts made. */
  attempts: number;
  /** Seconds from the start of the wait to its end. */
  elapsedTime: number;
}

/**
 * Thrown by `waitUntil` when the wait ends in any state but `SUCCESS`. Its
 * `code` is `ERR_WAITER`; `state` says how it ended and `result` carries the
 * last response or error.
 */
export class WaiterError<Output = unknown> extends DynaportError {
  static readonly code = "ERR_WAITER";
  /** `FAILURE`, `TIMEOUT` or `ABORTED`. */
  readonly state: WaiterState;
  readonly result: WaiterResult<Output>;
  constructor(waiter: string, result: WaiterResult<Output>) {
    const message = `Waiter ${waiter} ended in state ${result.state} after ${result.attempts} attempt(s) in ${result.elapsedTime.toFixed(1)} s: ${result.reason}`;
    super("ERR_WAITER", message, result.lastError === undefined ? undefined : { cause: result.lastError });
    this.state = result.state;
    this.result = result;
  }

  // Recognised by code, so that two copies of the package agree (see errors.ts).
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_WAITER", instance);
  }
}

// Smithy's default ceiling for the delay between attempts.
const DEFAULT_MAX_DELAY = 120; // s

/**
 * Polls `operation` until an acceptor of `waiter` reaches `success` and
 * resolves with the result, or throws a `WaiterError` carrying the result
 * when the wait fails, times out or is aborted.
 */
export async function waitUntil<Input, Output>(
  operation: (input: Input, options: CallOptions) => Promise<Output>,
  input: Input,
  waiter: WaiterDefinition,
  options: WaiterOptions = {},
): Promise<WaiterResult<Output>> {
  const result = await waitFor(operation, input, waiter, options);
  if (result.state !== "SUCCESS") throw new WaiterError(waiter.name, result);
  return result;
}

/**
 * Like `waitUntil`, but resolves with the result in every state instead of
 * throwing. Input the client rejects (`ParamValidationError`) is thrown as is.
 */
export async function waitFor<Input, Output>(
  operation: (input: Input, options: CallOptions) => Promise<Output>,
  input: Input,
  waiter: WaiterDefinition,
  options: WaiterOptions = {},
): Promise<WaiterResult<Output>> {
  const minDelay = options.minDelay ?? waiter.delay;
  const maxDelay = options.maxDelay ?? Math.max(DEFAULT_MAX_DELAY, minDelay);
  const maxWaitTime = options.maxWaitTime ?? waiter.delay * waiter.maxAttempts;
  // An explicit time budget is the caller's limit; the model's attempt count
  // (sized for its own delay) must not cut it short.
  const maxAttempts = options.maxAttempts ?? (options.maxWaitTime === undefined ? waiter.maxAttempts : Infinity);
  if (!(minDelay >= 0) || !(maxDelay >= minDelay)) {
    throw new RangeError(`Waiter ${waiter.name}: need 0 <= minDelay (${minDelay}) <= maxDelay (${maxDelay}), in seconds`);
  }
  if (!(maxWaitTime > 0)) throw new RangeError(`Waiter ${waiter.name}: maxWaitTime must be a positive number of seconds, got ${maxWaitTime}`);
  if (!(maxAttempts >= 1)) throw new RangeError(`Waiter ${waiter.name}: maxAttempts must be at least 1, got ${maxAttempts}`);

  const { signal } = options;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let attempts = 0;
  let lastResponse: Output | undefined;
  let lastError: unknown;
  const end = (state: WaiterState, reason: string): WaiterResult<Output> => {
    const result: WaiterResult<Output> = { state, reason, attempts, elapsedTime: elapsed() };
    if (lastResponse !== undefined) result.lastResponse = lastResponse;
    if (lastError !== undefined) result.lastError = lastError;
    return result;
  };
  const aborted = () => {
    lastError = signal?.reason;
    return end("ABORTED", "the signal was aborted");
  };

  for (;;) {
    if (signal?.aborted) return aborted();
    attempts++;
    let output: Output | undefined;
    let error: unknown;
    let failed = false;
    try {
      output = await operation(input, signal ? { signal } : {});
      lastResponse = output;
      lastError = undefined;
    } catch (err) {
      if (signal?.aborted) return aborted();
      // Invalid input fails before any request and would fail every attempt
      // alike: it is the caller's bug, not a state of the resource.
      if (err instanceof ParamValidationError) throw err;
      failed = true;
      error = lastError = err;
    }

    const match = failed ? matchError(waiter.acceptors, error) : matchOutput(waiter.acceptors, output);
    if (match?.state === "success") return end("SUCCESS", describe(match));
    if (match?.state === "failure") return end("FAILURE", describe(match));
    if (!match && failed) return end("FAILURE", `${waiter.operation} failed with an error no acceptor expects: ${errorCode(error) ?? String(error)}`);

    if (attempts >= maxAttempts) return end("TIMEOUT", `reached maxAttempts (${maxAttempts})`);
    const remaining = maxWaitTime - elapsed();
    if (remaining <= 0) return end("TIMEOUT", `reached maxWaitTime (${maxWaitTime} s)`);
    // The last pause ends exactly at the deadline so that one final attempt
    // still sees the state at maxWaitTime instead of giving up early.
    const delay = Math.min(backoffDelay(attempts, minDelay, maxDelay), remaining);
    if (!(await sleep(delay * 1000, signal))) return aborted();
  }
}

/**
 * Seconds to sleep after attempt `attempt` (1-based): exponential from
 * `minDelay`, capped at `maxDelay`, then a uniform draw in
 * `[minDelay, that]` (Smithy's "full jitter above the minimum"). The ceiling
 * on the exponent keeps `2 ** n` from overflowing on long waits.
 */
export function backoffDelay(attempt: number, minDelay: number, maxDelay: number, random = Math.random): number {
  // A zero minimum means "poll without pausing"; equal bounds leave nothing to draw.
  if (minDelay === 0 || maxDelay === minDelay) return minDelay;
  const ceiling = Math.log(maxDelay / minDelay) / Math.log(2) + 1;
  const upper = attempt > ceiling ? maxDelay : Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
  return minDelay + random() * (upper - minDelay);
}

function matchOutput(acceptors: readonly Acceptor[], output: unknown): Acceptor | undefined {
  for (const acceptor of acceptors) {
    switch (acceptor.matcher) {
      case "path":
        if (equals(search(acceptor.argument ?? "@", output), acceptor.expected)) return acceptor;
        break;
      case "pathAll": {
        const values = search(acceptor.argument ?? "@", output);
        if (Array.isArray(values) && values.length > 0 && values.every((v) => equals(v, acceptor.expected))) return acceptor;
        break;
      }
      case "pathAny": {
        const values = search(acceptor.argument ?? "@", output);
        if (Array.isArray(values) && values.some((v) => equals(v, acceptor.expected))) return acceptor;
        break;
      }
      case "status":
        if (statusOf(output) === acceptor.expected) return acceptor;
        break;
      case "error":
        // `error: false` means "the call succeeded".
        if (acceptor.expected === false) return acceptor;
        break;
    }
  }
  return undefined;
}

function matchError(acceptors: readonly Acceptor[], error: unknown): Acceptor | undefined {
  for (const acceptor of acceptors) {
    if (acceptor.matcher === "error") {
      if (acceptor.expected === true || (typeof acceptor.expected === "string" && errorCode(error) === acceptor.expected)) return acceptor;
    } else if (acceptor.matcher === "status") {
      if (statusOf(error) === acceptor.expected) return acceptor;
    }
  }
  return undefined;
}

/** The modeled error code: service exceptions are named after their shape. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (typeof name === "string" && name !== "Error") return name;
  return typeof code === "string" ? code : undefined;
}

function statusOf(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function equals(actual: JsonValue, expected: JsonValue): boolean {
  // Expected values in the models are scalars; compare structurally anyway.
  return actual === expected || (typeof expected === "object" && JSON.stringify(actual) === JSON.stringify(expected));
}

function describe(acceptor: Acceptor): string {
  const where = acceptor.argument === undefined ? "" : ` ${acceptor.argument}`;
  return `acceptor ${acceptor.matcher}${where} == ${JSON.stringify(acceptor.expected)} -> ${acceptor.state}`;
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
