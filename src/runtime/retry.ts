/**
 * Retry policy: which failures are worth another attempt, how long to wait,
 * and the budget that keeps an outage from becoming a retry storm.
 *
 * It follows the "standard" retry mode the AWS SDKs share:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
import {
  ChecksumMismatchError,
  ConnectionError,
  ConnectTimeoutError,
  InvalidResponseError,
  RequestTimeoutError,
  ServiceException,
  TruncatedResponseError,
} from "./errors.js";

/** Why an error may be retried; `undefined` means it must not be. */
export type RetryKind = "throttling" | "transient" | "timeout" | "clock-skew";

/**
 * Codes that mean "slow down". DynamoDB's own are
 * ProvisionedThroughputExceededException, RequestLimitExceeded,
 * ThrottlingException and TransactionInProgressException (a transaction with
 * the same token is still running); the rest are shared AWS codes.
 */
const THROTTLING_CODES = new Set([
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "ThrottlingException",
  "TransactionInProgressException",
  "LimitExceededException", // DynamoDB: too many control-plane operations at once
  "Throttling",
  "ThrottledException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "BandwidthLimitExceeded",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);

/** Codes of failures that another attempt may not see. */
const TRANSIENT_CODES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "InternalServerError", "ServiceUnavailable"]);

/** Statuses of failures that another attempt may not see. */
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Codes of a signature rejected because the client's clock is off. AWS sends
 * `InvalidSignatureException` for other signature faults too, so for that one
 * the message must speak of time ("Signature expired: ... is now earlier
 * than ...", "Signature not yet current").
 */
const CLOCK_SKEW_CODES = new Set([
  "RequestTimeTooSkewed",
  "RequestExpired",
  "RequestInTheFuture",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "AuthFailure",
]);
/** Codes that also cover other signature faults: only skew when the message speaks of time. */
const AMBIGUOUS_SKEW_CODES = new Set(["InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"]);
const CLOCK_SKEW_MESSAGE = /expired|not yet current|skew|time|date/i;

/** Sorts an error into a retry kind, or `undefined` for errors never to retry. */
export function classifyError(err: unknown): RetryKind | undefined {
  if (err instanceof ServiceException) {
    const status = err.$metadata.httpStatusCode;
    if (THROTTLING_CODES.has(err.name) || status === 429) return "throttling";
    if (CLOCK_SKEW_CODES.has(err.name) && (!AMBIGUOUS_SKEW_CODES.has(err.name) || CLOCK_SKEW_MESSAGE.test(err.message))) {
      return "clock-skew";
    }
    if (TRANSIENT_CODES.has(err.name) || (status !== undefined && TRANSIENT_STATUSES.has(status))) return "transient";
    return undefined;
  }
  if (err instanceof RequestTimeoutError || err instanceof ConnectTimeoutError) return "timeout";
  if (err instanceof ConnectionError || err instanceof TruncatedResponseError || err instanceof ChecksumMismatchError) {
    return "transient";
  }
  if (err instanceof InvalidResponseError) {
    // An HTML page from a load balancer or proxy: its status tells the story.
    if (err.statusCode === 429) return "throttling";
    if (TRANSIENT_STATUSES.has(err.statusCode)) return "transient";
  }
  return undefined;
}

/** Cost in tokens of one retry, by kind (the standard mode's numbers). */
const RETRY_COST = 5;
const TIMEOUT_RETRY_COST = 10;
/** What a call that succeeded at its first attempt puts back. */
const NO_RETRY_INCREMENT = 1;

/**
 * The retry budget: a token bucket shared by every call of one client. Each
 * retry takes tokens, each success returns some, so when most calls fail the
 * client stops retrying instead of multiplying the load on a struggling
 * service. Clock-skew retries are free: they fix the request, not the service.
 */
export class RetryBudget {
  readonly #capacity: number;
  #available: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
    this.#available = capacity;
  }

  /** Tokens left. */
  get available(): number {
    return this.#available;
  }

  /** Takes the cost of a retry of this kind; returns the cost taken, or `undefined` when the budget is spent. */
  take(kind: RetryKind): number | undefined {
    const cost = kind === "clock-skew" ? 0 : kind === "timeout" ? TIMEOUT_RETRY_COST : RETRY_COST;
    if (cost > this.#available) return undefined;
    this.#available -= cost;
    return cost;
  }

  /** A call succeeded: return the cost of its last retry, or a small increment if it needed none. */
  succeeded(lastRetryCost: number | undefined): void {
    this.#available = Math.min(this.#capacity, this.#available + (lastRetryCost ?? NO_RETRY_INCREMENT));
  }
}

/** Backoff settings, in milliseconds. */
export interface BackoffOptions {
  /** Base for transient errors (100 ms by default). */
  baseDelay: number;
  /** Base for throttling errors (500 ms by default). */
  throttlingBaseDelay: number;
  /** Cap of one sleep (20 s by default). */
  maxDelay: number;
}

/**
 * Full-jitter exponential backoff: a uniformly random delay in
 * [0, min(cap, base * 2^(retry-1))], which spreads out clients that failed
 * together (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * `retry` counts from 1. A server's `Retry-After` hint is honoured when it
 * asks for longer, but never beyond the cap.
 */
export function backoffDelay(
  kind: RetryKind,
  retry: number,
  options: BackoffOptions,
  retryAfter: number | undefined,
  random: () => number = Math.random,
): number {
  if (kind === "clock-skew") return 0;
  const base = kind === "throttling" ? options.throttlingBaseDelay : options.baseDelay;
  const ceiling = Math.min(options.maxDelay, base * 2 ** Math.min(retry - 1, 30));
  const jittered = Math.floor(random() * ceiling);
  return Math.min(options.maxDelay, Math.max(jittered, retryAfter ?? 0));
}

/**
 * The server's requested wait in milliseconds: `x-amz-retry-after` (ms), else
 * `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3).
 */
export function retryAfterFromHeaders(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const amz = headers["x-amz-retry-after"];
  if (amz !== undefined && /^\d+$/.test(amz.trim())) return Number(amz);
  const value = headers["retry-after"]?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
