/**
 * Wire helpers for generated serializers: blobs, timestamps, floats and map
 * entries as the AWS JSON protocols encode them.
 *
 * See https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 * ("Shape serialization"): blobs are base64 strings, timestamps default to
 * epoch seconds (fractions allowed), and non-finite floats are the strings
 * `"NaN"`, `"Infinity"` and `"-Infinity"`.
 */
import { JsonReader, JsonReadError } from "./json-reader.js";
import type { BodyReader } from "./response.js";
import type { JsonObject, JsonValue } from "./types.js";
import type { ValidationProblem } from "./errors.js";

// Node's Buffer does base64 natively, several times faster than atob/btoa on
// large items; the fallback keeps the helpers usable where Buffer is absent.
const NodeBuffer: typeof Buffer | undefined = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** Encodes bytes as standard base64 (with padding), the wire form of a blob. */
export function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

/**
 * Decodes a base64 blob into a plain `Uint8Array` (not a `Buffer`, so values
 * compare equal to ones the caller built). Accepts the URL-safe alphabet and
 * missing padding too, as services are lenient in what they send.
 */
export function fromBase64(text: string): Uint8Array {
  if (NodeBuffer) {
    const buf = NodeBuffer.from(text, "base64");
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A `Date` as epoch seconds, keeping milliseconds as a fraction (`1700000000.123`). */
export function toEpochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/**
 * A `Date` as an ISO 8601 string in UTC, for members modeled with
 * `timestampFormat: iso8601`: whole seconds without a fraction
 * (`2000-01-02T20:34:56Z`), milliseconds when there are some
 * (`2000-01-02T20:34:56.123Z`), as the AWS SDKs write them.
 */
export function toIsoTimestamp(date: Date): string {
  const iso = date.toISOString();
  // `toISOString` always ends in `.sssZ`.
  return date.getUTCMilliseconds() === 0 ? `${iso.slice(0, -5)}Z` : iso;
}

/** A `Date` as an RFC 7231 IMF-fixdate, for members modeled with `timestampFormat: rfc822`. */
export function toHttpDate(date: Date): string {
  return date.toUTCString();
}

/**
 * Reads a timestamp whatever form the service chose: epoch seconds as a
 * number or numeric string, or an ISO 8601 / HTTP date string. Some JSON
 * services return ISO strings despite the protocol default, so the reader
 * accepts every form rather than trusting the model's format.
 */
export function parseTimestamp(value: JsonValue): Date {
  if (typeof value === "number") return new Date(Math.round(value * 1000));
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) return new Date(Math.round(Number(trimmed) * 1000));
    return new Date(trimmed);
  }
  return new Date(NaN);
}

/** A float for the wire: finite numbers as themselves, NaN and infinities as the protocol's strings. */
export function toWireDouble(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}

/** A float from the wire: numbers pass through, `"NaN"`/`"Infinity"`/`"-Infinity"` become numbers. */
export function fromWireDouble(value: JsonValue): number {
  return typeof value === "number" ? value : Number(value);
}

/**
 * Sets `object[key] = value` as an own property even for `__proto__`, which a
 * plain assignment would turn into a prototype change (dropping the entry).
 * Map keys come from users and services (a DynamoDB attribute may be named
 * `__proto__`), so every generated map copy goes through here.
 */
export function setEntry<T>(object: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** A fresh idempotency token (a v4 UUID), filled in when the caller leaves a `idempotencyToken` member unset. */
export function idempotencyToken(): string {
  // Web Crypto is global in Node 20 and every browser, so no Node import is needed.
  return globalThis.crypto.randomUUID();
}

/**
 * `object[key]` only when it is the object's own property. Generated readers
 * use it for wire names that every object inherits (`constructor`,
 * `toString`), which a plain read would find on `Object.prototype`.
 */
export function ownValue(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A timestamp read straight from response text, in any form {@link parseTimestamp} accepts. */
export function readTimestamp(r: JsonReader): Date {
  return parseTimestamp(r.isString() ? r.string() : r.number());
}

/** A float read straight from response text, as {@link fromWireDouble} reads it. */
export function readDouble(r: JsonReader): number {
  return r.isString() ? Number(r.string()) : r.number();
}

/**
 * The body reader of an output that has a text reader `read` (`rd_X`) and a
 * JSON deserializer `fallback` (`de_X`). Text laid out as the reader expects
 * (every response the service sends) is read in one pass; anything else (a
 * member of an unexpected type, a null inside a list) is parsed as JSON and
 * deserialized as every other output is, so both ways give the same result.
 * Text that is not JSON at all throws a `SyntaxError`.
 */
export function textReader<T>(read: (r: JsonReader) => T, fallback: (wire: JsonObject) => T): BodyReader<T> {
  return (text) => {
    try {
      const r = new JsonReader(text);
      const output = read(r);
      r.end();
      return output;
    } catch (err) {
      // A RangeError: nested deeper than the stack allows.
      if (!(err instanceof JsonReadError || err instanceof RangeError)) throw err;
    }
    return fromJson(text, fallback);
  };
}

/**
 * The body reader of raw calls (`send`) whose output holds unions: the JSON
 * that `JSON.parse` would give, built by `JsonReader.value()`, which reads
 * item-heavy bodies faster. Text that is not a JSON object throws a
 * `SyntaxError`.
 */
export const readWireJson: BodyReader<JsonObject> = (text) => {
  const r = new JsonReader(text);
  const wire = r.value();
  r.end();
  return expectObject(wire);
};

/** The value, when it is a JSON object; a response body must be one. */
function expectObject(value: unknown): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new JsonReadError("expected a JSON object", 0);
  return value as JsonObject;
}

/**
 * The body reader of an output read through its JSON: `deserialize` (`de_X`)
 * of the parsed text. Text that is not a JSON object, or holds a value the
 * deserializer cannot take (a blob that is not text), throws a `SyntaxError`,
 * which the client reports as an `InvalidResponseError`.
 */
export function jsonReader<T>(deserialize: (wire: JsonObject) => T): BodyReader<T> {
  return (text) => fromJson(text, deserialize);
}

function fromJson<T>(text: string, deserialize: (wire: JsonObject) => T): T {
  const wire = expectObject(JSON.parse(text));
  try {
    return deserialize(wire);
  } catch (err) {
    throw new JsonReadError(`the body does not fit the output: ${(err as Error).message}`, undefined, { cause: err });
  }
}

/** One DNS label (RFC 1123): letters, digits and hyphens, 1 to 63 long, not starting or ending with a hyphen. */
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * Checks an input member bound to a label of the operation's host prefix (a
 * model `endpoint.hostPrefix` such as `{AccountId}.data-`, the member marked
 * `hostLabel`): its value becomes part of the request's host name, so it must
 * be one DNS label. Generated validators call it beside the shape's own
 * checks, so the problem is listed with the others before anything is sent.
 * A missing value is reported only when `optional` (a required member's
 * absence is reported by the required check already).
 */
export function checkHostLabel(problems: ValidationProblem[], name: string, value: unknown, optional = false): void {
  if (value === undefined || value === null) {
    if (optional) problems.push({ path: name, message: "is required: it is a label of the request's host name" });
    return;
  }
  if (typeof value !== "string") {
    problems.push({ path: name, message: `must be a string, got ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}` });
    return;
  }
  if (HOST_LABEL.test(value)) return;
  const why =
    value.length === 0
      ? "it is empty"
      : value.length > 63
        ? `it is ${value.length} characters long`
        : value.startsWith("-") || value.endsWith("-")
          ? "it starts or ends with a hyphen"
          : value.includes(".")
            ? "it contains a dot"
            : "it contains a character other than a letter, digit or hyphen";
  problems.push({
    path: name,
    message: `must be a valid host label (1 to 63 letters, digits and hyphens, not starting or ending with a hyphen), as it becomes part of the request's host name; ${why}`,
  });
}

/**
 * Fills the `{Label}`s of a host prefix template from `input` (wire JSON keyed
 * as the template names them): `hostPrefixFor("{AccountId}.data-", { AccountId: "123" })`
 * is `"123.data-"`. A template without labels comes back as it is. Callers
 * validate the labels first ({@link checkHostLabel}).
 */
export function hostPrefixFor(template: string | undefined, input: JsonObject): string | undefined {
  if (template === undefined || !template.includes("{")) return template;
  return template.replace(/\{([^{}]+)\}/g, (_, label: string) => String(ownValue(input, label)));
}
