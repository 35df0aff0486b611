import { expect } from "chai";
import fc from "fast-check";
import { marshall as officialMarshall, unmarshall as officialUnmarshall } from "@aws-sdk/util-dynamodb";
import { convertToAttr, convertToNative, marshall, NumberValue, unmarshall } from "../../src/document/index.js";
import type { WireItem } from "../../src/document/index.js";
import { plainValue, safeNumber } from "../support/arbitraries.js";

const RUNS = 300;

/** What a value reads back as: bigints inside the safe range become numbers, as DynamoDB keeps no distinction. */
function expectedBack(value: unknown): unknown {
  if (typeof value === "bigint") return value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (value instanceof Set) return new Set([...value].map(expectedBack));
  if (Array.isArray(value)) return value.map(expectedBack);
  if (value instanceof Uint8Array || value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: expectedBack((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  return out;
}

describe("marshalling properties (fast-check)", () => {
  it("unmarshall(marshall(x)) gives x back", () => {
    fc.assert(
      fc.property(plainValue(true).map, (item) => {
        expect(unmarshall(marshall(item))).to.deep.equal(expectedBack(item));
      }),
      { numRuns: RUNS },
    );
  });

  it("single values round-trip through convertToAttr/convertToNative", () => {
    fc.assert(
      fc.property(plainValue(true).value, (value) => {
        expect(convertToNative(convertToAttr(value))).to.deep.equal(expectedBack(value));
      }),
      { numRuns: RUNS },
    );
  });

  it("marshall gives exactly what @aws-sdk/util-dynamodb gives", () => {
    fc.assert(
      fc.property(plainValue(false).map, (item) => {
        expect(marshall(item)).to.deep.equal(officialMarshall(item));
      }),
      { numRuns: RUNS },
    );
  });

  it("unmarshall gives exactly what @aws-sdk/util-dynamodb gives", () => {
    fc.assert(
      fc.property(plainValue(false).map, (item) => {
        const wire = officialMarshall(item);
        expect(unmarshall(wire as WireItem)).to.deep.equal(officialUnmarshall(wire));
      }),
      { numRuns: RUNS },
    );
  });

  it("options agree with @aws-sdk/util-dynamodb on values with undefined and empties", () => {
    const loose = fc.dictionary(
      fc.string().filter((k) => k !== "__proto__"),
      fc.oneof(fc.constant(undefined), fc.constant(""), fc.constant(new Set()), fc.array(fc.oneof(fc.constant(undefined), fc.integer()), { maxLength: 3 }), fc.string()),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(loose, (item) => {
        const options = { removeUndefinedValues: true, convertEmptyValues: true };
        expect(marshall(item, options)).to.deep.equal(officialMarshall(item, options));
      }),
      { numRuns: RUNS },
    );
  });

  it("short decimals read exactly as Number() reads them", () => {
    const short = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,14}$/), fc.nat({ max: 14 }))
      .map(([negative, digits, point]) => {
        const at = Math.min(point, digits.length);
        const body = at === 0 ? digits : `${digits.slice(0, at)}.${digits.slice(at) || "0"}`;
        return `${negative ? "-" : ""}${body}`.slice(0, 15);
      })
      .filter((text) => /^-?\d+(\.\d+)?$/.test(text));
    fc.assert(
      fc.property(short, (text) => {
        expect(Object.is(convertToNative({ N: text }), Number(text))).to.equal(true, text);
      }),
      { numRuns: 2000 },
    );
  });

  it("any decimal DynamoDB can store reads back exactly, as a number, bigint or NumberValue", () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,37}$/), fc.integer({ min: -120, max: 80 }))
      .map(([negative, digits, exponent]) => `${negative ? "-" : ""}${digits}E${exponent >= 0 ? "+" : ""}${exponent}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const wrapped = unmarshall({ n: { N: text } }, { wrapNumbers: true }).n as NumberValue;
        expect(wrapped.value).to.equal(text);
        let plain: unknown;
        try {
          plain = unmarshall({ n: { N: text } }).n;
        } catch (error) {
          // Only a fraction with more digits than a double holds may refuse.
          expect((error as { code?: string }).code).to.equal("IMPRECISE_NUMBER");
          expect(text.replace(/^-/, "").split("E")[0]!.length).to.be.greaterThan(15);
          return;
        }
        // Whatever came back denotes the same decimal: compare as exact rationals.
        expect(sameDecimal(String(plain), text)).to.equal(true, `${text} read as ${String(plain)}`);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Whether two decimal strings denote the same value, compared exactly with bigints. */
function sameDecimal(a: string, b: string): boolean {
  const [am, ae] = scaled(a);
  const [bm, be] = scaled(b);
  const e = Math.min(ae, be);
  return am * 10n ** BigInt(ae - e) === bm * 10n ** BigInt(be - e);
}

function scaled(text: string): [bigint, number] {
  const match = /^(-?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const digits = `${match[2]}${match[3]}` || "0";
  const mantissa = BigInt(digits) * (match[1] === "-" ? -1n : 1n);
  return [mantissa, Number(match[4] ?? 0) - match[3]!.length];
}
