/**
 * fast-check arbitraries shared by the property tests: typed attribute
 * values (as the generated client takes them) and plain values (as the
 * document layer takes them).
 */
import fc from "fast-check";
import type { AttributeValue } from "../../src/generated/dynamodb/types.js";

/** Typed attribute values of every kind, nested a few levels. */
export const typedAttributeValue: fc.Arbitrary<AttributeValue> = fc.letrec<{ attributeValue: AttributeValue }>((tie) => ({
  attributeValue: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string().map((s) => ({ s })),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ n: String(n) })),
    fc.uint8Array({ maxLength: 16 }).map((b) => ({ b })),
    fc.array(fc.string(), { minLength: 1, maxLength: 3 }).map((ss) => ({ ss })),
    fc.array(fc.integer().map(String), { minLength: 1, maxLength: 3 }).map((ns) => ({ ns })),
    fc.array(fc.uint8Array({ maxLength: 4 }), { minLength: 1, maxLength: 3 }).map((bs) => ({ bs })),
    fc.boolean().map((bool) => ({ bool })),
    fc.constant({ null: true }),
    fc.dictionary(fc.string(), tie("attributeValue"), { maxKeys: 3 }).map((m) => ({ m })),
    fc.array(tie("attributeValue"), { maxLength: 3 }).map((l) => ({ l })),
  ),
})).attributeValue;

/** Numbers JavaScript holds exactly; -0 is left out because DynamoDB has no negative zero. */
export const safeNumber = fc.oneof(
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }).filter((n) => !Object.is(n, -0)),
);

const bytes = fc.uint8Array({ maxLength: 16 });

function uniqueSet<T>(arb: fc.Arbitrary<T>, key: (value: T) => string): fc.Arbitrary<Set<T>> {
  return fc.uniqueArray(arb, { minLength: 1, maxLength: 6, selector: key }).map((values) => new Set(values));
}

const sets = fc.oneof(
  uniqueSet(fc.string(), (s) => s),
  uniqueSet(safeNumber, String),
  uniqueSet(fc.bigInt(), String),
  uniqueSet(bytes, (b) => Buffer.from(b).toString("hex")),
);

/** Plain values the document layer and `@aws-sdk/util-dynamodb` accept; `hostileKeys` adds `__proto__` and friends as map keys. */
export function plainValue(hostileKeys: boolean) {
  const key = hostileKeys ? fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "prototype", "toString")) : fc.string().filter((k) => k !== "__proto__");
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.string(),
      safeNumber,
      fc.bigInt(),
      fc.boolean(),
      fc.constant(null),
      bytes,
      sets,
      fc.array(tie("value"), { maxLength: 5 }),
      tie("map"),
    ),
    map: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  }));
}
