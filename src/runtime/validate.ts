/**
 * The small checks that generated validators call, one per kind of model
 * constraint: required members, length of strings and blobs, size of lists
 * and maps, numeric range, patterns, and one member per union.
 *
 * Generated code walks the input once and pushes every problem it finds into
 * one list; `assertValid` throws them together as a `ParamValidationError`
 * before anything is signed or sent. The same checks serve the typed form and
 * the wire JSON of raw `send` calls, so they take `unknown` and report a value
 * of the wrong kind (a number where a string belongs) as a problem.
 *
 * Paths cost nothing until something is wrong: a check records a problem at
 * its own member name only, and each enclosing validator prefixes its segment
 * (`.key`, `[2]`, `["#name"]`) to the problems that appeared while it ran
 * (`nest`). Valid input, the common case, builds no path strings at all,
 * which matters for items with hundreds of attributes.
 */
import { ParamValidationError, type ValidationProblem } from "./errors.js";

export { ParamValidationError, type ValidationProblem };

/** A generated validator: checks `value` and records what is wrong, with paths relative to `value`. */
export type Validator<T> = (value: T, problems: ValidationProblem[]) => void;

/**
 * Runs `validator` over an operation's input and throws every problem at
 * once. `operation` prefixes the message: the method name (`updateItem`) for
 * typed calls, the model's name (`UpdateItem`) for wire input given to `send`.
 * Without a validator (a shape with no constraints) it only checks that the
 * input is an object.
 */
export function assertValid<T>(operation: string, input: T, validator?: Validator<T>): void {
  const problems: ValidationProblem[] = [];
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    problems.push({ path: "", message: `the input must be an object, got ${describe(input)}` });
  } else if (validator) {
    validator(input, problems);
  }
  if (problems.length > 0) throw new ParamValidationError(operation, problems);
}

/**
 * Prefixes `segment` to the paths of the problems recorded since index
 * `from`: a member name (`key`), a list index (a number, `[2]`), or, through
 * `nestKey`, a map key. Does nothing when no problem was added.
 */
export function nest(problems: ValidationProblem[], from: number, segment: string | number): void {
  if (problems.length === from) return;
  const head = typeof segment === "number" ? `[${segment}]` : segment;
  for (let i = from; i < problems.length; i++) problems[i]!.path = join(head, problems[i]!.path);
}

/** `nest` for a map entry: the key becomes `["key"]`, quoted so that any key reads unambiguously. */
export function nestKey(problems: ValidationProblem[], from: number, key: string): void {
  if (problems.length === from) return;
  const head = `[${JSON.stringify(key)}]`;
  for (let i = from; i < problems.length; i++) problems[i]!.path = join(head, problems[i]!.path);
}

function join(head: string, rest: string): string {
  if (rest === "") return head;
  return rest.startsWith("[") ? head + rest : `${head}.${rest}`;
}

/** Records that a required member is missing. */
export function missing(problems: ValidationProblem[], name: string): void {
  problems.push({ path: name, message: "is required" });
}

/**
 * Checks the length of a string (in characters) or a blob (in bytes).
 *
 * The model counts Unicode code points, JavaScript counts UTF-16 units; a unit
 * count is never below the code point count, so the minimum is checked on
 * units (never rejects) and the maximum is re-counted in code points before
 * complaining (an emoji is two units but one character to the service).
 */
export function checkLength(
  problems: ValidationProblem[],
  name: string,
  value: unknown,
  min: number | undefined,
  max: number | undefined,
): void {
  if (typeof value === "string") {
    const units = value.length;
    if (min !== undefined && units < min) {
      problems.push({ path: name, message: `length ${codePoints(value)} is below the minimum ${min}` });
    } else if (max !== undefined && units > max) {
      const chars = codePoints(value);
      if (chars > max) problems.push({ path: name, message: `length ${chars} is above the maximum ${max}` });
    }
  } else if (value instanceof Uint8Array) {
    checkBytes(problems, name, value.byteLength, min, max);
  } else {
    problems.push({ path: name, message: `must be a string or Uint8Array, got ${describe(value)}` });
  }
}

/**
 * Checks the size of a blob written as base64 on the wire (raw `send`), in
 * decoded bytes, without decoding: every 4 characters carry 3 bytes, and
 * each trailing `=` (or each character missing from the last group) carries
 * one byte fewer. Whitespace is not part of the blob, as in `atob`.
 */
export function checkBase64Length(
  problems: ValidationProblem[],
  name: string,
  value: unknown,
  min: number | undefined,
  max: number | undefined,
): void {
  if (typeof value !== "string") {
    problems.push({ path: name, message: `must be a base64 string, got ${describe(value)}` });
    return;
  }
  const text = /\s/.test(value) ? value.replace(/\s+/g, "") : value;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */) end--;
  checkBytes(problems, name, Math.floor((end * 3) / 4), min, max);
}

function checkBytes(problems: ValidationProblem[], name: string, bytes: number, min: number | undefined, max: number | undefined): void {
  if (min !== undefined && bytes < min) {
    problems.push({ path: name, message: `size ${bytes} bytes is below the minimum ${min}` });
  } else if (max !== undefined && bytes > max) {
    problems.push({ path: name, message: `size ${bytes} bytes is above the maximum ${max}` });
  }
}

/** Checks the number of elements of a list or entries of a map. */
export function checkSize(
  problems: ValidationProblem[],
  name: string,
  value: unknown,
  min: number | undefined,
  max: number | undefined,
): void {
  if (value === null || typeof value !== "object") {
    problems.push({ path: name, message: `must be a list or map, got ${describe(value)}` });
    return;
  }
  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (min !== undefined && size < min) {
    problems.push({ path: name, message: `has ${size} ${size === 1 ? "entry" : "entries"}, below the minimum ${min}` });
  } else if (max !== undefined && size > max) {
    problems.push({ path: name, message: `has ${size} entries, above the maximum ${max}` });
  }
}

/** Checks that a number lies within the model's `min`/`max` (inclusive). */
export function checkRange(problems: ValidationProblem[], name: string, value: unknown, min: number | undefined, max: number | undefined): void {
  if (typeof value !== "number") {
    problems.push({ path: name, message: `must be a number, got ${describe(value)}` });
  } else if (min !== undefined && value < min) {
    problems.push({ path: name, message: `value ${value} is below the minimum ${min}` });
  } else if (max !== undefined && value > max) {
    problems.push({ path: name, message: `value ${value} is above the maximum ${max}` });
  }
}

/**
 * Checks a string against a model pattern. The generator only emits patterns
 * that mean the same in JavaScript as in the model (see
 * `codegen/patterns.ts`), and, as Smithy's `@pattern` specifies, the match is
 * not implicitly anchored: models anchor explicitly where they mean it.
 */
export function checkPattern(problems: ValidationProblem[], name: string, value: unknown, pattern: RegExp): void {
  if (typeof value === "string" && !pattern.test(value)) {
    problems.push({ path: name, message: `does not match the pattern ${pattern.source}` });
  }
}

/**
 * Checks that a union (a structure with `"union": true`) has at most one
 * member set. Zero is not reported: a raw input may set a member added to the
 * service after this client was generated, which the typed form cannot see.
 */
export function checkUnion(problems: ValidationProblem[], value: object): void {
  // Every attribute value of every item passes here: count without
  // allocating, and list the members only when there is a problem.
  const record = value as Record<string, unknown>;
  let count = 0;
  for (const k in record) if (record[k] != null && Object.hasOwn(record, k) && ++count > 1) break;
  if (count > 1) {
    const set = Object.keys(record).filter((k) => record[k] != null);
    problems.push({ path: "", message: `sets ${set.join(", ")}, but only one member of a union may be set` });
  }
}

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
