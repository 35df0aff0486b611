/**
 * Plain JavaScript values to DynamoDB attribute values in wire form.
 *
 * The output is the shape `@aws-sdk/util-dynamodb` produces (`{ S: "x" }`,
 * binaries as bytes), so the two can be compared value for value; the
 * document client uses the same converter with binaries written as base64,
 * which is how the JSON protocol carries blobs.
 *
 * The converter is one `switch` on `typeof` and a few prototype checks, with no
 * per-value allocation besides the result: conversion dominates the CPU cost
 * of a write, and `bench/marshall.ts` holds it to at least twice the
 * throughput of the official library.
 */
import { toBase64 } from "../runtime/serde.js";
import { MarshallError } from "./errors.js";
import { NumberValue } from "./number-value.js";
import { ConversionFailure, MAX_DEPTH, findCycle, formatPath, type PathStep } from "./path.js";
import type { MarshallOptions, WireAttributeValue, WireItem } from "./types.js";

/** Options resolved once; `base64` is how binaries are written (bytes for callers, text for the wire). */
export interface MarshallContext {
  readonly convertEmptyValues: boolean;
  readonly removeUndefinedValues: boolean;
  readonly convertClassInstanceToMap: boolean;
  readonly allowImpreciseNumbers: boolean;
  readonly base64: boolean;
}

/** Resolves options into a context; `base64` makes binaries base64 text, as a JSON request body needs them. */
export function marshallContext(options: MarshallOptions | undefined, base64 = false): MarshallContext {
  return {
    convertEmptyValues: options?.convertEmptyValues === true,
    removeUndefinedValues: options?.removeUndefinedValues === true,
    convertClassInstanceToMap: options?.convertClassInstanceToMap === true,
    allowImpreciseNumbers: options?.allowImpreciseNumbers === true,
    base64,
  };
}

const DEFAULT_CONTEXT = /* @__PURE__ */ marshallContext(undefined);

/**
 * Converts an item (a plain object or a `Map` with string keys) to its
 * attribute values: `{ id: "a", n: 1 }` becomes `{ id: { S: "a" }, n: { N: "1" } }`.
 *
 * @throws MarshallError with the path of the first value that cannot be stored
 *   and what to do about it.
 */
export function marshall(item: object, options?: MarshallOptions): WireItem {
  return marshallItem(item, options === undefined ? DEFAULT_CONTEXT : marshallContext(options), "item");
}

/**
 * Converts one value to its attribute value: `"x"` becomes `{ S: "x" }`,
 * `[1]` becomes `{ L: [{ N: "1" }] }`.
 *
 * @throws MarshallError as `marshall` does.
 */
export function convertToAttr(value: unknown, options?: MarshallOptions): WireAttributeValue {
  return marshallValue(value, options === undefined ? DEFAULT_CONTEXT : marshallContext(options), "value");
}

/** `marshall` with a resolved context; `root` names the value in error paths (e.g. `key`, `item`). */
export function marshallItem(item: object, ctx: MarshallContext, root: string): WireItem {
  if (item === null || typeof item !== "object" || Array.isArray(item) || !isMapLike(item, ctx)) {
    throw new MarshallError(
      "NOT_AN_ITEM",
      root,
      `expected an item as a plain object of attribute names to values, got ${describeType(item)}; use convertToAttr for a single value`,
    );
  }
  try {
    return item instanceof Map ? fromMap(item, ctx, 1) : fromObject(item as Record<string, unknown>, ctx, 1);
  } catch (error) {
    throw publicError(error, root);
  }
}

/** `convertToAttr` with a resolved context. */
export function marshallValue(value: unknown, ctx: MarshallContext, root: string): WireAttributeValue {
  try {
    return toAttr(value, ctx, 0);
  } catch (error) {
    throw publicError(error, root);
  }
}

function isMapLike(value: object, ctx: MarshallContext): boolean {
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null || value instanceof Map) return true;
  return !isSpecialObject(value) && (ctx.convertClassInstanceToMap || isForeignPlainObject(value));
}

function toAttr(value: unknown, ctx: MarshallContext, depth: number): WireAttributeValue {
  switch (typeof value) {
    case "string":
      return value.length === 0 && ctx.convertEmptyValues ? { NULL: true } : { S: value };
    case "number":
      return { N: numberText(value, ctx) };
    case "boolean":
      return { BOOL: value };
    case "object":
      return value === null ? { NULL: true } : objectAttr(value, ctx, depth);
    case "bigint":
      return { N: value.toString() };
    case "undefined":
      throw undefinedFailure();
    default:
      throw new ConversionFailure("UNSUPPORTED_TYPE", `a ${typeof value} cannot be stored in DynamoDB; convert it to a string, number or other supported value first`);
  }
}

function objectAttr(value: object, ctx: MarshallContext, depth: number): WireAttributeValue {
  if (depth >= MAX_DEPTH) {
    throw new ConversionFailure("TOO_DEEP", `nested deeper than ${MAX_DEPTH} levels; DynamoDB allows 32`);
  }
  if (Array.isArray(value)) return { L: fromList(value, ctx, depth + 1) };
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return { M: fromObject(value as Record<string, unknown>, ctx, depth + 1) };
  if (value instanceof Uint8Array) return binaryAttr(value, ctx);
  if (value instanceof NumberValue) return { N: value.value };
  if (value instanceof Set) return setAttr(value, ctx);
  if (value instanceof Map) return { M: fromMap(value, ctx, depth + 1) };
  if (ArrayBuffer.isView(value)) return binaryAttr(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), ctx);
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return binaryAttr(new Uint8Array(value), ctx);
  if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt) {
    return toAttr(value.valueOf(), ctx, depth);
  }
  if (isForeignNumberValue(value)) return { N: value.value };
  if (!isSpecialObject(value) && (ctx.convertClassInstanceToMap || isForeignPlainObject(value))) {
    return { M: fromObject(value as Record<string, unknown>, ctx, depth + 1) };
  }
  throw unsupportedObject(value);
}

function fromObject(source: Record<string, unknown>, ctx: MarshallContext, depth: number): WireItem {
  const out: WireItem = {};
  // Own keys only: an enumerable property someone added to Object.prototype
  // must not turn into an attribute of every item.
  const names = Object.keys(source);
  let i = 0;
  try {
    for (; i < names.length; i++) {
      const name = names[i]!;
      const value = source[name];
      if (value === undefined) {
        if (ctx.removeUndefinedValues) continue;
        throw undefinedFailure();
      }
      // Functions are skipped, as JSON.stringify and @aws-sdk/util-dynamodb do,
      // so that objects with methods can still be stored.
      if (typeof value === "function") continue;
      setMember(out, name, toAttr(value, ctx, depth));
    }
  } catch (error) {
    throw addStep(error, names[i]!, source);
  }
  return out;
}

function fromMap(source: Map<unknown, unknown>, ctx: MarshallContext, depth: number): WireItem {
  const out: WireItem = {};
  let name: unknown;
  try {
    for (const [key, value] of source) {
      name = key;
      if (typeof key !== "string") {
        throw new ConversionFailure("UNSUPPORTED_KEY", `a Map key must be a string to become an attribute name, got ${describeType(key)}`);
      }
      if (value === undefined) {
        if (ctx.removeUndefinedValues) continue;
        throw undefinedFailure();
      }
      if (typeof value === "function") continue;
      setMember(out, key, toAttr(value, ctx, depth));
    }
  } catch (error) {
    throw addStep(error, typeof name === "string" ? name : String(name), source);
  }
  return out;
}

function fromList(source: readonly unknown[], ctx: MarshallContext, depth: number): WireAttributeValue[] {
  const out: WireAttributeValue[] = [];
  let i = 0;
  try {
    for (; i < source.length; i++) {
      const value = source[i];
      if (value === undefined) {
        if (ctx.removeUndefinedValues) continue;
        throw undefinedFailure();
      }
      if (typeof value === "function") continue;
      out.push(toAttr(value, ctx, depth));
    }
  } catch (error) {
    throw addStep(error, i, source);
  }
  return out;
}

/**
 * Writes `value` under `name` as an own data property. Plain assignment of
 * `__proto__` would instead replace the result's prototype, letting data from
 * a caller (e.g. parsed JSON) reshape objects; `constructor` and `prototype`
 * are ordinary keys on a plain object and assign safely.
 */
export function setMember(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
}

function numberText(value: number, ctx: MarshallContext): string {
  if (Number.isSafeInteger(value)) return String(value);
  if (!Number.isFinite(value)) {
    throw new ConversionFailure("NOT_FINITE", `${value} is not a number DynamoDB can store; store null or a sentinel value instead`);
  }
  if (!ctx.allowImpreciseNumbers && (value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER)) {
    throw new ConversionFailure(
      "IMPRECISE_NUMBER",
      `${value} is beyond Number.MAX_SAFE_INTEGER, so JavaScript may already have rounded it; ` +
        "pass a bigint or a NumberValue for an exact value, or set allowImpreciseNumbers: true to store it as printed",
    );
  }
  return String(value);
}

function binaryAttr(bytes: Uint8Array, ctx: MarshallContext): WireAttributeValue {
  if (bytes.length === 0 && ctx.convertEmptyValues) return { NULL: true };
  return { B: ctx.base64 ? toBase64(bytes) : bytes };
}

function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

type SetKind = "SS" | "NS" | "BS";

function setAttr(source: Set<unknown>, ctx: MarshallContext): WireAttributeValue {
  let kind: SetKind | undefined;
  const texts: string[] = [];
  const bytes: Uint8Array[] = [];
  let i = 0;
  try {
    for (const member of source) {
      if (member === undefined) {
        if (ctx.removeUndefinedValues) continue;
        throw undefinedFailure();
      }
      let memberKind: SetKind;
      if (typeof member === "string") {
        memberKind = "SS";
        texts.push(member);
      } else if (typeof member === "number") {
        memberKind = "NS";
        texts.push(numberText(member, ctx));
      } else if (typeof member === "bigint") {
        memberKind = "NS";
        texts.push(member.toString());
      } else if (member instanceof NumberValue || isForeignNumberValue(member)) {
        memberKind = "NS";
        texts.push(member.value);
      } else {
        const asBinary = asBytes(member);
        if (asBinary === undefined) {
          throw new ConversionFailure(
            "UNSUPPORTED_SET_MEMBER",
            `a Set can hold only strings, numbers (number, bigint, NumberValue) or binaries, got ${describeType(member)}; use an array to store a list of other values`,
          );
        }
        memberKind = "BS";
        bytes.push(asBinary);
        texts.push(toBase64(asBinary));
      }
      if (kind !== undefined && kind !== memberKind) {
        throw new ConversionFailure("MIXED_SET", `a Set must hold one type: found ${label(kind)} and ${label(memberKind)}; use an array to store mixed values`);
      }
      kind = memberKind;
      i++;
    }
  } catch (error) {
    throw addStep(error, i, source);
  }
  if (kind === undefined) {
    if (ctx.convertEmptyValues) return { NULL: true };
    throw new ConversionFailure("EMPTY_SET", "DynamoDB does not store empty sets; leave the attribute out, or set convertEmptyValues: true to store NULL");
  }
  // A JavaScript Set compares by identity, DynamoDB by value: 1 and 1n, or
  // two arrays with equal bytes, are one member to the service, which rejects
  // the request as "Input collection contains duplicates".
  if (new Set(texts).size !== texts.length) {
    throw new ConversionFailure("DUPLICATE_SET_MEMBER", `the Set holds equal ${label(kind)} members that DynamoDB would see as duplicates; remove the duplicates first`);
  }
  if (kind === "SS") return { SS: texts };
  if (kind === "NS") return { NS: texts };
  return { BS: ctx.base64 ? texts : bytes };
}

function label(kind: SetKind): string {
  return kind === "SS" ? "strings" : kind === "NS" ? "numbers" : "binaries";
}

/**
 * A `NumberValue` from `@aws-sdk/lib-dynamodb` (or another copy of this
 * package): an object whose class is named `NumberValue` with a string
 * `value`. Accepted so that values read with either library can be written
 * with this one.
 */
function isForeignNumberValue(value: unknown): value is { value: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { constructor?: { name?: unknown } }).constructor?.name === "NumberValue" &&
    typeof (value as { value?: unknown }).value === "string"
  );
}

// A plain object made in another realm (a vm context, an iframe) has that
// realm's Object.prototype; its constructor is still named "Object".
function isForeignPlainObject(value: object): boolean {
  return (value as { constructor?: { name?: unknown } }).constructor?.name === "Object";
}

// Objects that are never treated as maps, even with convertClassInstanceToMap,
// because a map of their enumerable properties (usually none) would silently
// lose the data.
function isSpecialObject(value: object): boolean {
  return value instanceof Date || value instanceof RegExp || value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet;
}

function unsupportedObject(value: object): ConversionFailure {
  if (value instanceof Date) {
    return new ConversionFailure("UNSUPPORTED_TYPE", "DynamoDB has no date type; store date.toISOString() (sorts as text) or date.getTime() (a number)");
  }
  if (isSpecialObject(value)) {
    return new ConversionFailure("UNSUPPORTED_TYPE", `${describeType(value)} cannot be stored in DynamoDB; convert it to a supported value first`);
  }
  return new ConversionFailure(
    "CLASS_INSTANCE",
    `${describeType(value)} is not a plain object; convert it first, or set convertClassInstanceToMap: true to store its own enumerable properties as a map`,
  );
}

function undefinedFailure(): ConversionFailure {
  return new ConversionFailure(
    "UNDEFINED_VALUE",
    "undefined cannot be stored in DynamoDB; leave the attribute out, or set removeUndefinedValues: true to drop undefined values from maps, lists and sets",
  );
}

/** Short description of a value's type for messages, without printing its content. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? `an instance of ${name}` : "an object";
}

/** Adds the step a failure passed through; other errors (e.g. from a throwing getter) pass unchanged. */
export function addStep(error: unknown, step: PathStep, container: unknown): unknown {
  if (error instanceof ConversionFailure) {
    error.steps.push(step);
    if (error.code === "TOO_DEEP") error.containers.push(container);
  }
  return error;
}

/** Turns an internal failure into the public error, telling a cycle apart from deep nesting. */
export function publicError(error: unknown, root: string): unknown {
  if (!(error instanceof ConversionFailure)) return error;
  const steps = error.steps.slice().reverse();
  if (error.code === "TOO_DEEP") {
    // containers[i] is the object reached by the first i steps.
    const cycle = findCycle(error.containers.slice().reverse());
    if (cycle !== undefined) {
      const from = formatPath(root, steps.slice(0, cycle[0]));
      const to = formatPath(root, steps.slice(0, cycle[1]));
      return new MarshallError("CYCLE", to, `refers back to ${from} (a circular reference); DynamoDB stores trees, so break the cycle before writing`);
    }
  }
  return new MarshallError(error.code, formatPath(root, steps), error.problem);
}
