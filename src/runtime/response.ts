/**
 * Reading an AWS JSON response: the CRC32 check, the JSON body, and error
 * documents turned into exceptions.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization
 */
import { crc32 } from "./crc32.js";
import { ChecksumMismatchError, InvalidResponseError, ServiceException, type Fault } from "./errors.js";
import type { HttpResponse, JsonObject, ResponseMetadata } from "./types.js";

/** What the runtime knows about an error response when it asks the generated factory for an exception. */
export interface ErrorContext {
  /** The service's message (`message` or `Message`), or a description of the status. */
  message: string;
  /** `client` for 4xx, `server` for 5xx. */
  fault: Fault;
  $metadata: ResponseMetadata;
}

/**
 * Builds the exception for an error code: generated clients map modeled codes
 * to their classes and anything else to the service's base exception.
 */
export type ErrorFactory = (code: string, body: JsonObject, context: ErrorContext) => ServiceException;

/** A modeled exception class: built from the error document and what the runtime read around it. */
export type ErrorClass = new (body: JsonObject, context: ErrorContext) => ServiceException;

/**
 * The exceptions one operation's model lists, by the error code that
 * selects each (`{ ResourceNotFoundException, ... }`). Generated operation
 * functions pass their own to `call`, so that a bundle holds only the
 * classes of the operations it calls; a code not in it goes to the client's
 * `ErrorFactory`.
 */
export type ModeledErrors = { readonly [code: string]: ErrorClass };

/**
 * The exception classes of `modeled` as raw `send` throws them: each built
 * without its typed members, carrying instead the error document's members
 * under their wire names and in wire form (`err.Item`, `err.CancellationReasons`),
 * as raw outputs carry theirs. Only the protocol's own fields are left out
 * (`__type`, `code`, `message`, `Message`: the code and the message are the
 * error's `name` and `message`), and nothing the error already has
 * (`name`, `$metadata`, ...) is overwritten. `instanceof`, `name`, `$fault`
 * and `$metadata` are the typed path's. Tables are converted once each.
 *
 * Only generated raw sends use this, so a bundle of typed operations holds none of it.
 */
export function wireErrors(modeled: ModeledErrors | undefined): ModeledErrors | undefined {
  if (modeled === undefined) return undefined;
  let table = wireTables.get(modeled);
  if (table === undefined) {
    const built: { [code: string]: ErrorClass } = {};
    for (const code of Object.keys(modeled)) built[code] = wireClass(modeled[code]!);
    wireTables.set(modeled, (table = built));
  }
  return table;
}

const wireTables = /* @__PURE__ */ new WeakMap<ModeledErrors, ModeledErrors>();

/** Protocol fields of an error document, which are no modeled members. */
function isProtocolField(key: string): boolean {
  return key === "__type" || key === "code" || key === "message" || key === "Message";
}

function wireClass(Class: ErrorClass): ErrorClass {
  // Called with `new` by `parseResponse`: a function that returns an object gives that object.
  return function (body: JsonObject, context: ErrorContext): ServiceException {
    const error = new Class({}, context);
    for (const key of Object.keys(body)) {
      if (isProtocolField(key) || key in error) continue;
      Object.defineProperty(error, key, { value: body[key], enumerable: true, writable: true, configurable: true });
    }
    return error;
  } as unknown as ErrorClass;
}

/** An `ErrorFactory` for services without generated exceptions: a `ServiceException` named by the code. */
export const defaultErrorFactory: ErrorFactory = (code, _body, context) =>
  new ServiceException({ name: code, message: context.message, $fault: context.fault, $metadata: context.$metadata });

const decoder = new TextDecoder();

/**
 * Turns the text of a successful response into its output, instead of
 * `JSON.parse`. A `SyntaxError` it throws (`JsonReadError` is one) means the
 * body is not the expected JSON and becomes an `InvalidResponseError`; any
 * other error reaches the caller as it is.
 */
export type BodyReader<T> = (text: string) => T;

/**
 * Checks and decodes one response: the output for 2xx, else throws the
 * exception `errors` builds for the error document (or an
 * `InvalidResponseError` when the body is not one). `read`, when given,
 * reads a successful body in place of `JSON.parse`. `modeled`, when given,
 * builds the exception of a code it lists; other codes go to `errors`.
 */
export function parseResponse<T = JsonObject>(
  operation: string,
  response: HttpResponse,
  errors: ErrorFactory,
  attempts: number,
  totalRetryDelay: number,
  read?: BodyReader<T>,
  modeled?: ModeledErrors,
): T {
  const { statusCode, headers, body } = response;
  const requestId = requestIdOf(headers);

  // DynamoDB's CRC32 covers the bytes as sent; a content-encoded body was
  // transformed (and maybe decoded by the transport), so it cannot be checked.
  const expectedCrc = headers["x-amz-crc32"];
  const encoding = headers["content-encoding"];
  if (expectedCrc !== undefined && (encoding === undefined || encoding === "identity")) {
    const expected = Number(expectedCrc);
    const actual = crc32(body);
    if (expected !== actual) {
      throw new ChecksumMismatchError(
        `${operation}: the response body's CRC32 ${actual} does not match x-amz-crc32 ${expectedCrc} (request id ${requestId ?? "none"})`,
        expected,
        actual,
      );
    }
  }

  const text = body.length === 0 ? "" : decoder.decode(body);
  if (read !== undefined && statusCode >= 200 && statusCode < 300) {
    try {
      return read(text === "" ? "{}" : text);
    } catch (err) {
      if (err instanceof SyntaxError) throw new InvalidResponseError(operation, statusCode, requestId, describeBody(headers, text), err);
      throw err;
    }
  }
  let parsed: unknown;
  let parseError: unknown;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      parseError = err;
    }
  } else {
    parsed = {};
  }
  const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);

  if (statusCode >= 200 && statusCode < 300) {
    if (!isObject) throw new InvalidResponseError(operation, statusCode, requestId, describeBody(headers, text), parseError);
    return parsed as T;
  }

  const doc = isObject ? (parsed as JsonObject) : undefined;
  const headerCode = headers["x-amzn-errortype"];
  const rawCode = headerCode ?? stringField(doc, "__type") ?? stringField(doc, "code");
  if (doc === undefined || (rawCode === undefined && !isAwsJsonError(doc))) {
    // A body that is not an AWS error document: an HTML page from a proxy
    // or load balancer, or garbage. Say what arrived instead of a SyntaxError.
    const err = new InvalidResponseError(operation, statusCode, requestId, describeBody(headers, text), parseError);
    err.$metadata = metadataOf(response, attempts, totalRetryDelay);
    throw err;
  }
  const code = sanitizeErrorCode(rawCode ?? "") || `UnknownError`;
  const message = stringField(doc, "message") ?? stringField(doc, "Message") ?? `${code} (HTTP ${statusCode})`;
  const context: ErrorContext = { message, fault: statusCode >= 500 ? "server" : "client", $metadata: metadataOf(response, attempts, totalRetryDelay) };
  const Modeled = modeled !== undefined && Object.hasOwn(modeled, code) ? modeled[code] : undefined;
  throw Modeled !== undefined ? new Modeled(doc, context) : errors(code, doc, context);
}

/**
 * The error code without its namespace or trailing URL:
 * `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` and
 * `ValidationException:http://internal.amazon.com/coral/...` both lose the
 * extra, per the awsJson1_0 error rules
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization).
 */
export function sanitizeErrorCode(raw: string): string {
  let code = raw;
  const colon = code.indexOf(":");
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.lastIndexOf("#");
  if (hash >= 0) code = code.slice(hash + 1);
  return code.trim();
}

/** `x-amzn-requestid`, or S3-style `x-amz-request-id`. */
export function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers["x-amzn-requestid"] ?? headers["x-amz-request-id"];
}

/** `$metadata` of an exchange that got this response. */
export function metadataOf(response: HttpResponse, attempts: number, totalRetryDelay: number): ResponseMetadata {
  const $metadata: ResponseMetadata = { httpStatusCode: response.statusCode, requestId: requestIdOf(response.headers), attempts, totalRetryDelay };
  const extended = response.headers["x-amz-id-2"];
  if (extended !== undefined) $metadata.extendedRequestId = extended;
  return $metadata;
}

function stringField(doc: JsonObject | undefined, name: string): string | undefined {
  const value = doc?.[name];
  return typeof value === "string" ? value : undefined;
}

/** An error document without a code still counts if it has the protocol's message field. */
function isAwsJsonError(doc: JsonObject): boolean {
  return typeof doc["message"] === "string" || typeof doc["Message"] === "string";
}

function describeBody(headers: Record<string, string>, text: string): string {
  const type = headers["content-type"] ?? "no content type";
  if (text === "") return `an empty body (${type})`;
  const excerpt = text.length > 120 ? `${text.slice(0, 120)}...` : text;
  return `a body that is not AWS JSON (${type}): ${JSON.stringify(excerpt)}`;
}
