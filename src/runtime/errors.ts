/**
 * Every error the runtime throws, in one file.
 *
 * Two families:
 * - `ServiceException`: the service answered with an error document. Generated
 *   clients extend it once per service (`DynamoDBServiceException`) and once per
 *   modeled error shape.
 * - `DynaportError`: everything else (bad input, the network, timeouts, a body
 *   that is not what AWS sends). Each class has a stable `code` string to switch
 *   on, in the style of Node's and undici's errors.
 *
 * `instanceof` works across two copies of this package (an app and a library
 * each bundling their own): every class carries a `Symbol.for` brand that its
 * `Symbol.hasInstance` checks, so the test does not depend on which copy of the
 * class constructed the error.
 */
import type { ResponseMetadata } from "./types.js";

/** Which side is at fault, as the AWS SDKs report it: `client` for 4xx, `server` for 5xx. */
export type Fault = "client" | "server";

const kServiceException = Symbol.for("dynaport.error.ServiceException");
const kDynaportError = Symbol.for("dynaport.error.DynaportError");

/**
 * `instanceof` by brand for the class that owns the brand (the one defining
 * its own `Symbol.hasInstance`), and by prototype chain for subclasses (a
 * generated `ConditionalCheckFailedException` must not match every other
 * service error that happens to carry the base brand).
 *
 * No class body here names its own class: a bundler renames a class whose
 * body refers to itself (esbuild emits `class _X`), and `name` would change.
 */
function brandCheck(cls: Function, brand: symbol, code: string | undefined, instance: unknown): boolean {
  if (!Object.prototype.hasOwnProperty.call(cls, Symbol.hasInstance)) return Function.prototype[Symbol.hasInstance].call(cls, instance);
  if (typeof instance !== "object" || instance === null) return false;
  const value = (instance as Record<symbol, unknown>)[brand];
  return code === undefined ? value !== undefined : value === code;
}

/** What a `ServiceException` is built from; generated subclasses pass these through. */
export interface ServiceExceptionOptions {
  /** The error code, e.g. `ConditionalCheckFailedException`; becomes `name`. */
  name: string;
  message: string;
  $fault: Fault;
  $metadata: ResponseMetadata;
}

/**
 * An error response from an AWS service. `name` is the service's error code, so
 * `err.name === "ResourceNotFoundException"` works without importing classes.
 */
export class ServiceException extends Error {
  /** `client` when the request was at fault (4xx), `server` otherwise. */
  readonly $fault: Fault;
  /** Status, request id, attempts and time spent waiting between them. */
  $metadata: ResponseMetadata;

  constructor(options: ServiceExceptionOptions) {
    super(options.message);
    this.name = options.name;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
    Object.defineProperty(this, kServiceException, { value: true });
  }

  static override [Symbol.hasInstance](instance: unknown): boolean {
    return brandCheck(this, kServiceException, undefined, instance);
  }
}

/** Base of the runtime's own errors: each has a stable `code`. */
export class DynaportError extends Error {
  /** A stable identifier such as `ERR_REQUEST_TIMEOUT`; messages may change, codes do not. */
  readonly code: string;
  /** Attempts and retry delay of the call that failed; filled in when the call gives up. */
  $metadata: ResponseMetadata = { attempts: 0, totalRetryDelay: 0 };

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, kDynaportError, { value: code });
  }

  static override [Symbol.hasInstance](instance: unknown): boolean {
    return brandCheck(this, kDynaportError, undefined, instance);
  }
}

/** `instanceof` for a `DynaportError` subclass: by its code (see `brandCheck`). */
export function hasErrorCode(cls: Function, code: string, instance: unknown): boolean {
  return brandCheck(cls, kDynaportError, code, instance);
}

/** One problem found while validating an operation's input. */
export interface ValidationProblem {
  /** Where in the input, e.g. `key.pk` or `items[2].tableName`; empty for the input itself. */
  path: string;
  /** What is wrong, e.g. `is required` or `length 0 is below the minimum 3`. */
  message: string;
}

/**
 * The input of an operation broke the model's constraints. Thrown before any
 * network I/O, with every problem found rather than only the first.
 */
export class ParamValidationError extends DynaportError {
  static readonly code = "ERR_PARAM_VALIDATION";
  /** The operation whose input was checked, e.g. `updateItem`. */
  readonly operation: string;
  readonly problems: ValidationProblem[];

  constructor(operation: string, problems: ValidationProblem[]) {
    // `key is required; tableName: length 0 is below the minimum 1`: a
    // message that reads on from its path ("is ...") follows it directly.
    const list = problems
      .map((p) => (!p.path ? p.message : p.message.startsWith("is ") ? `${p.path} ${p.message}` : `${p.path}: ${p.message}`))
      .join("; ");
    super("ERR_PARAM_VALIDATION", `${operation}: ${list}`);
    this.operation = operation;
    this.problems = problems;
  }

  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_PARAM_VALIDATION", instance);
  }
}

/** The configuration cannot work, e.g. a `maxAttempts` below 1. */
export class ConfigError extends DynaportError {
  static readonly code = "ERR_CONFIG";
  constructor(message: string) {
    super("ERR_CONFIG", message);
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_CONFIG", instance);
  }
}

/**
 * No connection could be made or it broke before a response arrived: refused,
 * reset, DNS failure. `syscallCode` keeps the underlying code (`ECONNRESET`,
 * `ENOTFOUND`, `UND_ERR_SOCKET`, ...).
 */
export class ConnectionError extends DynaportError {
  static readonly code = "ERR_CONNECTION";
  readonly syscallCode: string | undefined;
  constructor(message: string, syscallCode: string | undefined, cause?: unknown) {
    super("ERR_CONNECTION", message, { cause });
    this.syscallCode = syscallCode;
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_CONNECTION", instance);
  }
}

/** No connection was established within `connectTimeout`. */
export class ConnectTimeoutError extends DynaportError {
  static readonly code = "ERR_CONNECT_TIMEOUT";
  constructor(message: string, cause?: unknown) {
    super("ERR_CONNECT_TIMEOUT", message, { cause });
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_CONNECT_TIMEOUT", instance);
  }
}

/** One attempt took longer than `requestTimeout` (from sending to the last byte of the response). */
export class RequestTimeoutError extends DynaportError {
  static readonly code = "ERR_REQUEST_TIMEOUT";
  constructor(message: string) {
    super("ERR_REQUEST_TIMEOUT", message);
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_REQUEST_TIMEOUT", instance);
  }
}

/** The response ended before its `content-length` was reached: the connection was cut mid-body. */
export class TruncatedResponseError extends DynaportError {
  static readonly code = "ERR_RESPONSE_TRUNCATED";
  constructor(message: string, cause?: unknown) {
    super("ERR_RESPONSE_TRUNCATED", message, { cause });
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_RESPONSE_TRUNCATED", instance);
  }
}

/** The body's CRC32 does not match the `x-amz-crc32` header: it was damaged in transit. */
export class ChecksumMismatchError extends DynaportError {
  static readonly code = "ERR_CRC32_MISMATCH";
  readonly expected: number;
  readonly actual: number;
  constructor(message: string, expected: number, actual: number) {
    super("ERR_CRC32_MISMATCH", message);
    this.expected = expected;
    this.actual = actual;
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_CRC32_MISMATCH", instance);
  }
}

/**
 * The response is not an AWS JSON document: an HTML page from a proxy, a
 * truncated or garbled body. Carries what is known about the exchange.
 */
export class InvalidResponseError extends DynaportError {
  static readonly code = "ERR_INVALID_RESPONSE";
  readonly operation: string;
  readonly statusCode: number;
  readonly requestId: string | undefined;
  constructor(operation: string, statusCode: number, requestId: string | undefined, detail: string, cause?: unknown) {
    super(
      "ERR_INVALID_RESPONSE",
      `${operation}: HTTP ${statusCode} with ${detail} (request id ${requestId ?? "none"})`,
      { cause },
    );
    this.operation = operation;
    this.statusCode = statusCode;
    this.requestId = requestId;
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_INVALID_RESPONSE", instance);
  }
}

/** The client (or the transport it uses) was destroyed; it cannot send any more requests. */
export class ClientClosedError extends DynaportError {
  static readonly code = "ERR_CLIENT_CLOSED";
  constructor(message = "The client was destroyed and cannot send requests", cause?: unknown) {
    super("ERR_CLIENT_CLOSED", message, { cause });
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_CLIENT_CLOSED", instance);
  }
}

/**
 * The caller's `AbortSignal` fired. `name` is `AbortError` like the DOM's, so
 * code written for `fetch` recognises it; `cause` is the signal's reason.
 */
export class AbortError extends DynaportError {
  static readonly code = "ERR_ABORTED";
  constructor(message = "The operation was aborted", cause?: unknown) {
    super("ERR_ABORTED", message, { cause });
    this.name = "AbortError";
  }
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_ABORTED", instance);
  }
}
