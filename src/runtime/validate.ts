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
export function assertValid<T>(operation: string, input: T, validator?: Validator<T>, serviceChecks = true): void {
  const problems: ValidationProblem[] = [];
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    problems.push({ path: "", message: `the input must be an object, got ${describe(input)}` });
  } else if (validator) {
    serviceChecksOff = !serviceChecks;
    try {
      validator(input, problems);
    } finally {
      serviceChecksOff = false;
    }
  }
  if (problems.length > 0) throw new ParamValidationError(operation, problems);
}

/**
 * Whether the validator running now should make the checks a service adds
 * beyond its model (DynamoDB's expression checks). A client turns them off
 * with `checkExpressions: false`; `assertValid` records its choice for the
 * length of one synchronous validation, so the generated validators need no
 * extra parameter.
 */
export function serviceChecksOn(): boolean {
  return !serviceChecksOff;
}

let serviceChecksOff = false;

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

/**
 * `nest` for a map entry: a key that is an identifier reads as a member
 * (`Key.team_id`), as the document layer writes its paths; any other key is
 * quoted (`ExpressionAttributeValues[":v"]`) so that it reads unambiguously.
 */
export function nestKey(problems: ValidationProblem[], from: number, key: string): void {
  if (problems.length === from) return;
  const head = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  for (let i = from; i < problems.length; i++) problems[i]!.path = join(head, problems[i]!.path);
}

/**
 * The names of `known` closest to `name`, for "did you mean" hints, compared
 * lower-cased (case alone costs nothing): a name differing only in case is
 * the one answer; else names containing the other (`BatchGetItems` and
 * `BatchGetItem`), then those within an edit distance of a third of the
 * longer name (a swap of two neighbours counting as one edit), nearest first,
 * ties in `known`'s order; at most `max`.
 */
export function closestNames(name: string, known: Iterable<string>, max = 3): string[] {
  const wanted = name.toLowerCase();
  const scored: { name: string; rank: number; distance: number }[] = [];
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    if (lower === wanted) return [candidate];
    const distance = editDistance(wanted, lower);
    const limit = Math.max(1, Math.floor(Math.max(wanted.length, lower.length) / 3));
    const contains = wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower));
    if (contains || distance <= limit) scored.push({ name: candidate, rank: contains ? 0 : 1, distance });
  }
  // Array.prototype.sort is stable: equal ranks keep the table's order.
  return scored
    .sort((a, b) => a.rank - b.rank || a.distance - b.distance)
    .slice(0, max)
    .map((s) => s.name);
}

/**
 * What a client's raw `send` says to an operation name it does not have:
 * `DynamoDB has no operation named "BatchGetItems"; did you mean "BatchGetItem"?`.
 */
export function unknownOperationMessage(client: string, operation: unknown, known: readonly string[]): string {
  const named = `${client} has no operation named ${typeof operation === "string" ? JSON.stringify(operation) : String(operation)}`;
  const near = typeof operation === "string" ? closestNames(operation, known).map((n) => JSON.stringify(n)) : [];
  if (near.length === 0) return `${named} (operations go by their names in the AWS API reference, e.g. ${JSON.stringify(known[0] ?? "")})`;
  const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(", ")} or ${near.at(-1)}`;
  return `${named}; did you mean ${list}?`;
}

/** Edit distance with transpositions (optimal string alignment): insert, delete, substitute or swap neighbours. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    const above = rows[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row[j] = d;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

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
  if (typeof value !== "object" || Array.isArray(value)) {
    // A JavaScript caller's plain value: its characters or indexes are no members.
    problems.push({ path: "", message: `must be an object that sets one member, got ${kind(value)}` });
    return;
  }
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

/** Checks that a structure or map written as wire JSON is an object; returns whether to walk it. */
export function isWireObject(problems: ValidationProblem[], value: unknown): boolean {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return true;
  problems.push({ path: "", message: `expected an object, got ${kind(value)}` });
  return false;
}

/** Checks that a list written as wire JSON is an array; returns whether to walk it. */
export function isWireList(problems: ValidationProblem[], value: unknown): boolean {
  if (Array.isArray(value)) return true;
  problems.push({ path: "", message: `expected a list, got ${kind(value)}` });
  return false;
}

/**
 * Checks a union written as wire JSON (raw `send`), given the model's
 * `members` by their wire names, and returns whether the value is an object
 * whose members are worth walking.
 *
 * A plain value where the union belongs (a string, number, boolean, array or
 * null, or an object none of whose members is the union's) is reported with
 * the members wanted; `example`, when given, shows the value in the union's
 * form instead (DynamoDB's attribute values, see `attributeValueExample`).
 * Three cases stay the service's call, as before: an empty object, a single
 * unknown member named in the style of the union's own (`{"V": ...}` beside
 * `S`, `N`, ...: a member added to the service after this client was
 * generated), and several members (reported as a union setting more than one).
 */
export function checkWireUnion(
  problems: ValidationProblem[],
  value: unknown,
  members: readonly string[],
  example?: (value: unknown) => string,
): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problems.push({ path: "", message: notAUnion(value, members, example) });
    return false;
  }
  // The common case, one known member, allocates nothing.
  const record = value as Record<string, unknown>;
  let count = 0;
  let first = "";
  for (const k in record) {
    if (record[k] == null || !Object.hasOwn(record, k)) continue;
    if (count++ === 0) first = k;
    else break;
  }
  if (count === 0 || (count === 1 && members.includes(first))) return true;
  const set = Object.keys(record).filter((k) => record[k] != null);
  if (set.some((k) => members.includes(k))) {
    problems.push({ path: "", message: `sets ${set.join(", ")}, but only one member of a union may be set` });
    return true;
  }
  if (count > 1) {
    // No member of the union among several: a plain object.
    problems.push({ path: "", message: notAUnion(value, members, example) });
    return false;
  }
  const lower = first.toLowerCase();
  const cased = members.find((m) => m.toLowerCase() === lower);
  if (cased !== undefined) {
    const wanted = example ? `such as ${example({ [cased]: record[first] })}` : `one of ${members.join(", ")}`;
    problems.push({ path: "", message: `expected ${example ? "an attribute value " : ""}${wanted}: member names are case-sensitive, and ${JSON.stringify(first)} is not ${cased}` });
    return false;
  }
  if (sameStyle(first, members)) return true;
  problems.push({ path: "", message: notAUnion(value, members, example) });
  return false;
}

function notAUnion(value: unknown, members: readonly string[], example: ((value: unknown) => string) | undefined): string {
  if (example) return `expected an attribute value such as ${example(value)}, got ${kind(value)}; plain values go through DynamoDBDocument.send`;
  return `expected one of ${members.join(", ")}, got ${kind(value)}`;
}

/** Whether `key` is named as the union's members are (all capitals, PascalCase or camelCase), so it may be a newer one. */
function sameStyle(key: string, members: readonly string[]): boolean {
  const style = (name: string) => (/^[A-Z][A-Z0-9_]*$/.test(name) ? "upper" : /^[A-Z]/.test(name) ? "pascal" : /^[a-z]/.test(name) ? "camel" : "other");
  const styles = new Set(members.map(style));
  const own = style(key);
  // An acronym (`URL`) is a PascalCase name too.
  return styles.has(own) || (own === "upper" && styles.has("pascal"));
}

/**
 * A DynamoDB attribute value written for `value`, as the DocumentClient
 * marshalls plain values (a string `{"S": ...}`, a number `{"N": ...}`, an
 * array `{"L": [...]}`, an object `{"M": {...}}`), shortened to stay
 * readable in an error message. An object that already names a type member
 * (`{"S": ...}`, from a case fix) is shown as that member.
 */
export function attributeValueExample(value: unknown): string {
  return example(value, 0);
}

const TYPES = /* @__PURE__ */ new Set(["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]);

function example(value: unknown, depth: number): string {
  if (depth > 2) return "...";
  if (value === null || value === undefined) return `{"NULL": true}`;
  switch (typeof value) {
    case "string":
      return `{"S": ${JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}...` : value)}}`;
    case "number":
    case "bigint":
      return `{"N": "${String(value)}"}`;
    case "boolean":
      return `{"BOOL": ${value}}`;
    case "object": {
      if (value instanceof Uint8Array) return `{"B": "..."}`;
      if (Array.isArray(value)) return `{"L": [${value.length === 0 ? "" : example(value[0], depth + 1)}${value.length > 1 ? ", ..." : ""}]}`;
      const keys = Object.keys(value);
      const record = value as Record<string, unknown>;
      if (keys.length === 1 && TYPES.has(keys[0]!)) return `{${JSON.stringify(keys[0])}: ${short(record[keys[0]!])}}`;
      if (keys.length === 0) return `{"M": {}}`;
      return `{"M": {${JSON.stringify(keys[0])}: ${example(record[keys[0]!], depth + 1)}${keys.length > 1 ? ", ..." : ""}}}`;
    }
    default:
      return `{"S": "..."}`;
  }
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "...";
  return text.length > 32 ? `${text.slice(0, 32)}...` : text;
}

/** A value's kind with its article, as messages name what was found: `a string`, `an array`, `null`. */
function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "a Uint8Array";
  const type = typeof value;
  return type === "object" ? "an object" : `a${type === "undefined" ? "n" : ""} ${type}`;
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
