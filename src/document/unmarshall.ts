/**
 * DynamoDB attribute values in wire form to plain JavaScript values.
 *
 * Accepts both the objects `@aws-sdk/util-dynamodb` works with (binaries as
 * bytes) and the JSON the service sends (binaries as base64 text), so the
 * document client converts each response exactly once.
 */
import { fromBase64 } from "../runtime/serde.js";
import { MarshallError } from "./errors.js";
import { addStep, describeType, publicError, setMember } from "./marshall.js";
import { NumberValue, isNumberString, parseDecimal, type Decimal } from "./number-value.js";
import { ConversionFailure, MAX_DEPTH } from "./path.js";
import type { DocumentItem, NativeValue, UnmarshallOptions, WireAttributeValue } from "./types.js";

/** Options resolved once. */
export interface UnmarshallContext {
  readonly wrapNumbers: false | true | ((value: string) => unknown);
  readonly allowImpreciseNumbers: boolean;
}

/** Resolves options into a context. */
export function unmarshallContext(options: UnmarshallOptions | undefined): UnmarshallContext {
  const wrap = options?.wrapNumbers;
  return {
    wrapNumbers: typeof wrap === "function" ? wrap : wrap === true,
    allowImpreciseNumbers: options?.allowImpreciseNumbers === true,
  };
}

const DEFAULT_CONTEXT = /* @__PURE__ */ unmarshallContext(undefined);

/**
 * Converts an item's attribute values to plain values:
 * `{ id: { S: "a" }, n: { N: "1" } }` becomes `{ id: "a", n: 1 }`.
 *
 * Numbers become `number` when that is exact, `bigint` for integers beyond
 * `Number.MAX_SAFE_INTEGER`, and throw for a fraction with more digits than a
 * `number` holds unless `wrapNumbers` (exact) or `allowImpreciseNumbers`
 * (rounded) is set. Sets become `Set`s, binaries `Uint8Array`s.
 *
 * @throws MarshallError naming the path of a malformed or imprecise value.
 */
export function unmarshall<T extends object = DocumentItem>(item: Record<string, WireAttributeValue>, options?: UnmarshallOptions): T {
  return unmarshallItem(item, options === undefined ? DEFAULT_CONTEXT : unmarshallContext(options), "item") as T;
}

/**
 * Converts one attribute value: `{ S: "x" }` becomes `"x"`.
 *
 * @throws MarshallError as `unmarshall` does.
 */
export function convertToNative(value: WireAttributeValue, options?: UnmarshallOptions): NativeValue {
  const ctx = options === undefined ? DEFAULT_CONTEXT : unmarshallContext(options);
  try {
    return toNative(value, ctx, 0);
  } catch (error) {
    throw publicError(error, "value");
  }
}

/** `unmarshall` with a resolved context; `root` names the item in error paths. */
export function unmarshallItem(item: Record<string, WireAttributeValue>, ctx: UnmarshallContext, root: string): DocumentItem {
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw new MarshallError("NOT_AN_ITEM", root, `expected an item as an object of attribute names to attribute values, got ${describeType(item)}`);
  }
  try {
    return fromWireMap(item, ctx, 1);
  } catch (error) {
    throw publicError(error, root);
  }
}

/** `convertToNative` with a resolved context; `root` names the value in error paths. */
export function unmarshallValue(value: WireAttributeValue, ctx: UnmarshallContext, root: string): NativeValue {
  try {
    return toNative(value, ctx, 0);
  } catch (error) {
    throw publicError(error, root);
  }
}

function toNative(av: WireAttributeValue, ctx: UnmarshallContext, depth: number): NativeValue {
  // An attribute value has exactly one member, named for its type. Probing
  // the common types first (S, N, M, L) in that order beats reading the member
  // name with for-in or Object.entries, which allocates.
  if (typeof av !== "object" || av === null) return unknownType(av);
  const v = av as Partial<Record<string, unknown>>;
  let value = v.S;
  if (value !== undefined) {
    if (typeof value !== "string") throw malformed(`S must be a string, got ${describeType(value)}`);
    return value;
  }
  if ((value = v.N) !== undefined) return toNumber(value, ctx);
  if ((value = v.M) !== undefined) {
    if (depth >= MAX_DEPTH) throw tooDeep();
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformed(`M must be an object, got ${describeType(value)}`);
    return fromWireMap(value as Record<string, WireAttributeValue>, ctx, depth + 1);
  }
  if ((value = v.L) !== undefined) {
    if (depth >= MAX_DEPTH) throw tooDeep();
    if (!Array.isArray(value)) throw malformed(`L must be an array, got ${describeType(value)}`);
    return fromWireList(value, ctx, depth + 1);
  }
  if ((value = v.BOOL) !== undefined) {
    if (typeof value !== "boolean") throw malformed(`BOOL must be a boolean, got ${describeType(value)}`);
    return value;
  }
  if (v.NULL !== undefined) return null;
  if ((value = v.SS) !== undefined) return new Set(memberArray(value, "SS").map(expectString));
  if ((value = v.NS) !== undefined) return new Set(memberArray(value, "NS").map((member) => toNumber(member, ctx)));
  if ((value = v.B) !== undefined) return toBytes(value);
  if ((value = v.BS) !== undefined) return new Set(memberArray(value, "BS").map(toBytes));
  return unknownType(av);
}

function unknownType(av: unknown): never {
  if (typeof av !== "object" || av === null) throw malformed(`expected an attribute value like { "S": "x" }, got ${describeType(av)}`);
  const tags = Object.keys(av);
  if (tags.length === 0) throw malformed('attribute value has no member; expected one like { "S": "x" }');
  throw malformed(`unknown attribute value type ${JSON.stringify(tags[0])}; expected one of S, N, B, BOOL, NULL, M, L, SS, NS, BS`);
}

function fromWireMap(source: Record<string, WireAttributeValue>, ctx: UnmarshallContext, depth: number): DocumentItem {
  const out: DocumentItem = {};
  // Own keys only, so an enumerable property planted on Object.prototype never reads as an attribute.
  const names = Object.keys(source);
  let i = 0;
  try {
    for (; i < names.length; i++) {
      const name = names[i]!;
      const value = toNative(source[name]!, ctx, depth);
      if (name === "__proto__") setMember(out, name, value);
      else out[name] = value;
    }
  } catch (error) {
    throw addStep(error, names[i]!, source);
  }
  return out;
}

function fromWireList(source: WireAttributeValue[], ctx: UnmarshallContext, depth: number): NativeValue[] {
  const out: NativeValue[] = new Array(source.length);
  let i = 0;
  try {
    for (; i < source.length; i++) out[i] = toNative(source[i]!, ctx, depth);
  } catch (error) {
    throw addStep(error, i, source);
  }
  return out;
}

const MAX_SAFE = 9007199254740991; // Number.MAX_SAFE_INTEGER, as a literal so that bundlers can drop it

export function toNumber(text: unknown, ctx: UnmarshallContext): unknown {
  if (typeof text !== "string") throw malformed(`N must be a string of digits, got ${describeType(text)}`);
  const wrap = ctx.wrapNumbers;
  if (wrap !== false) {
    if (wrap === true) return new NumberValue(text);
    return wrap(text);
  }
  // Fast path, for numbers of up to 15 characters without an exponent: read
  // the digits as an integer m (exact: below 10^15 < 2^53) and divide by
  // 10^f for f fraction digits (exact too). One IEEE division of exact
  // operands rounds correctly, so this is exactly what Number(text) gives
  // (Clinger's fast path) at a fraction of its cost, and it accepts nothing
  // that is not DynamoDB's number syntax. Everything else, exponents
  // included, takes the careful path.
  const length = text.length;
  if (length <= 15) {
    let i = text.charCodeAt(0) === 45 ? 1 : 0;
    const negative = i === 1;
    let mantissa = 0;
    let fraction = -1;
    let digits = 0;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 46 && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
    }
    if (i === length && digits > 0 && fraction !== 0) {
      const magnitude = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
      return negative ? -magnitude : magnitude;
    }
  }
  return exactNumber(text, +text, ctx);
}

// 10^0 .. 10^15, every one exactly representable as a double.
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The careful path: longer numbers, exponents, and anything unusual. */
function exactNumber(text: string, n: number, ctx: UnmarshallContext): number | bigint {
  if (!isNumberString(text)) throw malformed(`N must be a decimal number, got ${JSON.stringify(text)}`);
  const decimal = parseDecimal(text);
  if (decimal.digits === "") return n; // zero, keeping the sign of "-0" as Number() does
  if (decimal.exponent >= 0) {
    // An integer: exact as a number inside the safe range, else a bigint
    // (beyond 2^53 a number cannot tell neighbouring integers apart).
    if (n <= MAX_SAFE && n >= -MAX_SAFE) return n;
    const magnitude = BigInt(decimal.digits) * 10n ** BigInt(decimal.exponent);
    return decimal.negative ? -magnitude : magnitude;
  }
  // A fraction: exact when the shortest text that reads back as `n` names the
  // same decimal, e.g. "0.1" (n prints as "0.1") but not "0.12345678901234567891".
  if (n !== 0 && Number.isFinite(n) && (decimal.digits.length <= 15 || sameDecimal(decimal, parseDecimal(String(n))))) return n;
  if (ctx.allowImpreciseNumbers) return n;
  throw new ConversionFailure(
    "IMPRECISE_NUMBER",
    `${text} has more significant digits than a JavaScript number holds; set wrapNumbers: true to read it exactly as a NumberValue, ` +
      "or allowImpreciseNumbers: true to accept the nearest number",
  );
}

function sameDecimal(a: Decimal, b: Decimal): boolean {
  return a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;
}

export function toBytes(value: unknown): Uint8Array {
  if (typeof value === "string") {
    // A copy: where Node's Buffer decodes, the bytes sit in its shared pool,
    // and `result.buffer` must hold only these.
    return fromBase64(value).slice();
  }
  if (value instanceof Uint8Array) return value;
  throw malformed(`B must be base64 text or a Uint8Array, got ${describeType(value)}`);
}

function expectString(value: unknown): string {
  if (typeof value !== "string") throw malformed(`SS members must be strings, got ${describeType(value)}`);
  return value;
}

function memberArray(value: unknown, tag: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(`${tag} must be an array, got ${describeType(value)}`);
  return value;
}

function malformed(problem: string): ConversionFailure {
  return new ConversionFailure("MALFORMED_ATTRIBUTE_VALUE", problem);
}

function tooDeep(): ConversionFailure {
  return new ConversionFailure("TOO_DEEP", `nested deeper than ${MAX_DEPTH} levels; DynamoDB allows 32`);
}
