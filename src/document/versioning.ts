/**
 * Optimistic concurrency with a version attribute, the scheme of the AppSync
 * DynamoDB resolver's `_version` and of the Java SDK's `@DynamoDBVersionAttribute`:
 * every write states the version it read, the service checks it in the same
 * request with a condition expression, and the write stores the next version.
 * A writer that lost the race gets a failed condition, never a silent overwrite.
 */
import { NumberValue } from "./number-value.js";
import type { Version } from "./inputs.js";
import type { WireAttributeValue } from "./types.js";

/** What a versioned write adds to its request. */
export interface VersionPlan {
  /** The version attribute's name. */
  readonly attribute: string;
  /** The version the caller read; `undefined` when it read no item (or no version). */
  readonly expected: Version | NumberValue | undefined;
  /** The version this write stores. */
  readonly next: Version | NumberValue;
  /** The condition to send: the caller's own, if any, AND the version check. */
  readonly conditionExpression: string;
  /** Placeholder for the attribute name, e.g. `#ver`. */
  readonly namePlaceholder: string;
  /** Placeholder for the next version's value, e.g. `:verNext`. */
  readonly nextPlaceholder: string;
  /** Names to add to `ExpressionAttributeNames`. */
  readonly names: Record<string, string>;
  /** Values to add to `ExpressionAttributeValues`, in wire form. */
  readonly values: Record<string, WireAttributeValue>;
}

/**
 * Plans the version check of one write.
 *
 * @param userCondition the caller's own `conditionExpression`, kept and ANDed.
 * @param takenNames the caller's `expressionAttributeNames` keys, which the
 *   placeholders chosen here must not reuse.
 * @param takenValues the caller's `expressionAttributeValues` keys.
 * @param sendsNext whether the request needs the next version as an
 *   expression value (an update's SET); a put writes it into the item, a
 *   delete stores none.
 */
export function planVersion(
  attribute: string,
  expected: unknown,
  userCondition: string | undefined,
  takenNames: object | undefined,
  takenValues: object | undefined,
  sendsNext = true,
): VersionPlan {
  const current = checkVersion(attribute, expected);
  const next = nextVersion(current);
  // Placeholders only have to differ from the caller's: DynamoDB matches them
  // as whole tokens, and any the caller uses must be declared in its own maps.
  const namePlaceholder = fresh("#dynaportVersion", takenNames);
  const expectedPlaceholder = fresh(":dynaportVersion", takenValues);
  const nextPlaceholder = fresh(":dynaportNextVersion", takenValues);
  const check =
    current === undefined ? `attribute_not_exists(${namePlaceholder})` : `${namePlaceholder} = ${expectedPlaceholder}`;
  const values: Record<string, WireAttributeValue> = {};
  if (sendsNext) values[nextPlaceholder] = { N: String(next) };
  if (current !== undefined) values[expectedPlaceholder] = { N: String(current) };
  return {
    attribute,
    expected: current,
    next,
    conditionExpression: userCondition === undefined || userCondition.trim() === "" ? check : `(${userCondition}) AND ${check}`,
    namePlaceholder,
    nextPlaceholder,
    names: { [namePlaceholder]: attribute },
    values,
  };
}

/**
 * Adds `assignment` to the SET clause of an update expression. An update
 * expression may name each clause (SET, REMOVE, ADD, DELETE) only once, so the
 * assignment joins an existing SET rather than starting a second one. `SET` is
 * a reserved word, so outside the clause keyword it can only appear inside a
 * `#placeholder`, a `:placeholder` or a dotted path, which the match excludes.
 */
export function addToSetClause(expression: string | undefined, assignment: string): string {
  if (expression === undefined || expression.trim() === "") return `SET ${assignment}`;
  const match = /(^|[^\w#:.])SET\s+/i.exec(expression);
  if (match === null) return `${expression} SET ${assignment}`;
  const at = match.index + match[0].length;
  return `${expression.slice(0, at)}${assignment}, ${expression.slice(at)}`;
}

/** Whether the stored version (as read back from a failed write) is the one expected. */
export function sameVersion(stored: unknown, expected: Version | NumberValue | undefined): boolean {
  if (expected === undefined) return stored === undefined;
  if (stored === undefined || stored === null) return false;
  return String(stored) === String(expected);
}

function checkVersion(attribute: string, value: unknown): Version | NumberValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "bigint" || value instanceof NumberValue) return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  throw new TypeError(
    `version attribute "${attribute}" must be an integer (number or bigint) or absent for a new item, got ${typeof value === "number" ? value : typeof value}`,
  );
}

function nextVersion(current: Version | NumberValue | undefined): Version | NumberValue {
  if (current === undefined) return 1;
  if (typeof current === "bigint") return current + 1n;
  if (current instanceof NumberValue) return new NumberValue(current.toBigInt() + 1n);
  // Past 2^53 a number cannot count up by one; switch to bigint.
  return Number.isSafeInteger(current + 1) ? current + 1 : BigInt(current) + 1n;
}

function fresh(base: string, taken: object | undefined): string {
  if (taken === undefined || !Object.hasOwn(taken, base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}${i}`;
    if (!Object.hasOwn(taken, candidate)) return candidate;
  }
}
