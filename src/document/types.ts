/**
 * Value types of the plain-value layer: DynamoDB attribute values in their wire
 * form, and the plain JavaScript values they convert to and from.
 */
import type { NumberValue } from "./number-value.js";

/**
 * An attribute value in the wire form of the DynamoDB API (`{ "S": "x" }`),
 * the same shape `@aws-sdk/util-dynamodb` produces. Binary members hold bytes
 * when built by `marshall` and base64 text when they come straight off the wire;
 * `unmarshall` accepts both.
 */
export type WireAttributeValue =
  | { S: string }
  | { N: string }
  | { B: Uint8Array | string }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: (Uint8Array | string)[] }
  | { L: WireAttributeValue[] }
  | { M: Record<string, WireAttributeValue> };

/** An item (or key) in wire form: attribute name to attribute value. */
export type WireItem = Record<string, WireAttributeValue>;

/** A plain JavaScript value that `unmarshall` can return. */
export type NativeValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | NumberValue
  | Uint8Array
  | NativeValue[]
  | { [name: string]: NativeValue }
  | Set<string>
  | Set<number | bigint | NumberValue>
  | Set<Uint8Array>
  // `wrapNumbers` given as a function may return any type.
  | unknown;

/** An item (or key) as plain values: attribute name to value. */
export type DocumentItem = Record<string, NativeValue>;

/** Options for `marshall` and `convertToAttr`, named as in `@aws-sdk/util-dynamodb`. */
export interface MarshallOptions {
  /**
   * Store `""`, empty binaries and empty sets as `{ NULL: true }` instead of
   * sending them as they are (empty sets are rejected by DynamoDB, empty strings
   * are only rejected in key attributes).
   */
  convertEmptyValues?: boolean;
  /** Drop `undefined` from maps, lists and sets instead of throwing. */
  removeUndefinedValues?: boolean;
  /** Store instances of classes (other than the supported types) as maps of their own enumerable properties. */
  convertClassInstanceToMap?: boolean;
  /**
   * Write numbers outside `Number.MIN_SAFE_INTEGER..MAX_SAFE_INTEGER` as they
   * print, accepting that JavaScript may already have rounded them. Off by
   * default: use a `bigint` or a `NumberValue` for exact large numbers.
   */
  allowImpreciseNumbers?: boolean;
}

/** Options for `unmarshall` and `convertToNative`, named as in `@aws-sdk/util-dynamodb`. */
export interface UnmarshallOptions {
  /**
   * `true` returns every number as a `NumberValue` holding the exact string; a
   * function receives the string and returns whatever the caller wants
   * (e.g. a decimal library's type). Unset, numbers become `number`, or
   * `bigint` for integers beyond the safe range.
   */
  wrapNumbers?: boolean | ((value: string) => unknown);
  /**
   * Return a non-integer that a `number` cannot hold exactly (more than about
   * 15 significant digits) as the nearest `number` instead of throwing.
   */
  allowImpreciseNumbers?: boolean;
}
