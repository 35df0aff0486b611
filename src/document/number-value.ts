/**
 * A DynamoDB number kept as its exact decimal string.
 *
 * DynamoDB numbers carry up to 38 significant digits and exponents from -130
 * to +125 (see "Number" under "Data types" in the DynamoDB Developer Guide);
 * a JavaScript `number` carries about 15–17. `NumberValue` lets a caller read
 * and write such numbers without rounding: `unmarshall(item, { wrapNumbers: true })`
 * returns every number as one, and `marshall` writes one back as `{ N: value }`
 * unchanged.
 */
export class NumberValue {
  /** The number in DynamoDB's decimal syntax, exactly as stored or given. */
  readonly value: string;

  /**
   * @param value a decimal string (`"12.50"`, `"-1E+30"`), a bigint, or a
   *   number that JavaScript holds exactly (a safe integer or a finite
   *   non-integer); anything else throws, because it would already be imprecise.
   */
  constructor(value: string | number | bigint) {
    if (typeof value === "string") {
      if (!isNumberString(value)) {
        throw new TypeError(`NumberValue: ${JSON.stringify(value)} is not a decimal number; write digits with an optional sign, point and exponent, like "-12.5E+3"`);
      }
      this.value = value;
    } else if (typeof value === "bigint") {
      this.value = value.toString();
    } else if (typeof value === "number") {
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
        throw new RangeError(`NumberValue: ${value} is not a number JavaScript holds exactly; pass it as a string or a bigint instead`);
      }
      this.value = String(value);
    } else {
      throw new TypeError(`NumberValue: expected a string, number or bigint, got ${typeof value}`);
    }
  }

  /** Same as `new NumberValue(value)`. */
  static from(value: string | number | bigint): NumberValue {
    // `this`, not the class by name: a bundler renames a class whose body names it.
    return new this(value);
  }

  /** The wire form, `{ N: value }`. */
  toAttributeValue(): { N: string } {
    return { N: this.value };
  }

  /** The value as a bigint; throws a `RangeError` when it has a fractional part. */
  toBigInt(): bigint {
    const exact = decimalToBigInt(this.value);
    if (exact === undefined) throw new RangeError(`NumberValue: ${this.value} has a fractional part and cannot become a bigint`);
    return exact;
  }

  /** The nearest JavaScript number; may round, which is the caller's explicit choice here. */
  toNumber(): number {
    return Number(this.value);
  }

  /** The exact decimal string. */
  toString(): string {
    return this.value;
  }

  /** JSON output keeps the exact digits as a string. */
  toJSON(): string {
    return this.value;
  }
}

// DynamoDB's number syntax: optional minus, digits with an optional point,
// optional exponent. Leading `+`, hex, `Infinity` and blanks are not numbers here
// even though `Number()` would accept them.
const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether `text` is a decimal number in the syntax DynamoDB reads and writes. */
export function isNumberString(text: string): boolean {
  return NUMBER_SYNTAX.test(text);
}

/** A decimal number split into sign, significant digits and a power of ten. */
export interface Decimal {
  negative: boolean;
  /** Significant digits with no leading or trailing zeros; `""` for zero. */
  digits: string;
  /** The value is `digits × 10^exponent`. */
  exponent: number;
}

/** Splits a string already known to match the number syntax. */
export function parseDecimal(text: string): Decimal {
  let i = 0;
  let negative = false;
  if (text[0] === "-" || text[0] === "+") {
    negative = text[0] === "-";
    i = 1;
  }
  let mantissa = "";
  let fractionLength = 0;
  let seenPoint = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === ".") seenPoint = true;
    else if (c === "e" || c === "E") break;
    else {
      mantissa += c;
      if (seenPoint) fractionLength++;
    }
  }
  const exponentPart = i < text.length ? Number(text.slice(i + 1)) : 0;
  let start = 0;
  while (start < mantissa.length && mantissa.charCodeAt(start) === 48) start++;
  let end = mantissa.length;
  while (end > start && mantissa.charCodeAt(end - 1) === 48) end--;
  const digits = mantissa.slice(start, end);
  return { negative, digits, exponent: exponentPart - fractionLength + (mantissa.length - end) };
}

/** The exact integer a decimal string denotes, or `undefined` when it has a fractional part. */
export function decimalToBigInt(text: string): bigint | undefined {
  const { negative, digits, exponent } = parseDecimal(text);
  if (digits === "") return 0n;
  if (exponent < 0) return undefined;
  const magnitude = BigInt(digits) * 10n ** BigInt(exponent);
  return negative ? -magnitude : magnitude;
}
