import { expect } from "chai";
import fc from "fast-check";
import { JsonReader, JsonReadError, type JsonValue } from "../../src/runtime/index.js";

/** Reads any value through the cursor's structural calls (not `value()`), building what JSON.parse builds. */
function readAny(r: JsonReader): JsonValue {
  if (r.isNull()) return null;
  if (r.isString()) return r.string();
  try {
    return r.number();
  } catch (err) {
    if (!(err instanceof JsonReadError)) throw err;
  }
  try {
    return r.boolean();
  } catch (err) {
    if (!(err instanceof JsonReadError)) throw err;
  }
  try {
    const list: JsonValue[] = [];
    if (r.firstItem()) do list.push(readAny(r));
    while (r.nextItem());
    return list;
  } catch (err) {
    if (!(err instanceof JsonReadError) || !err.message.startsWith("expected an array")) throw err;
  }
  const object: Record<string, JsonValue> = {};
  for (let k = r.firstKey(); k !== undefined; k = r.nextKey()) Object.defineProperty(object, k, { value: readAny(r), enumerable: true, writable: true, configurable: true });
  return object;
}

function readWhole(text: string): JsonValue {
  const r = new JsonReader(text);
  const value = readAny(r);
  r.end();
  return value;
}

function failsAt(text: string, read: (r: JsonReader) => unknown = readAny): JsonReadError {
  const r = new JsonReader(text);
  try {
    read(r);
    r.end();
  } catch (err) {
    expect(err).to.be.instanceOf(JsonReadError);
    expect(err).to.be.instanceOf(SyntaxError);
    return err as JsonReadError;
  }
  throw new Error(`${JSON.stringify(text)} was read without an error`);
}

describe("runtime: JsonReader", () => {
  it("reads what JSON.parse reads, whatever the layout (property-based)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(readWhole(text)).to.deep.equal(JSON.parse(text));
        const r = new JsonReader(text);
        expect(r.value()).to.deep.equal(JSON.parse(text));
        r.end();
      }),
      { numRuns: 500 },
    );
  });

  it("reads strings with every kind of escape, and keys with escapes", () => {
    const value = { 'a"b': 'q"uote \\ back/slash \n\t\r\b\f \u0001 é 😀 \u2028', plain: "x", "k\\ey": ["\"", "\\", "", "a\\"] };
    for (const text of [JSON.stringify(value), JSON.stringify(value).replace("é", "\\u00e9").replace("😀", "\\ud83d\\ude00")]) {
      expect(readWhole(text)).to.deep.equal(JSON.parse(text));
    }
  });

  it("reads numbers exactly as JSON.parse does", () => {
    for (const n of ["0", "-0", "1", "-12.5e-3", "1E+2", "1e400", "123456789012345678901234567890", "0.1", "5e-324"]) {
      expect(Object.is(readWhole(n), JSON.parse(n)), n).to.equal(true);
    }
  });

  it("rejects numbers JSON does not allow", () => {
    for (const text of ["01x", "+1", ".5", "1.", "1e", "-", "0x10", "Infinity", "NaN"]) {
      const r = new JsonReader(text);
      expect(() => {
        r.number();
        r.end();
      }, text).to.throw(JsonReadError);
    }
  });

  it("names what it expected and where", () => {
    expect(failsAt('{"a" 1}').message).to.equal("expected : after an object key at position 5");
    expect(failsAt('{"a":1 "b":2}').position).to.equal(7);
    expect(failsAt("[1 2]").message).to.contain("expected , or ]");
    expect(failsAt('"abc').message).to.contain("unterminated string");
    expect(failsAt('"a\\qb"').message).to.contain("invalid escape");
    expect(failsAt("{} x").message).to.equal("unexpected text after the JSON value at position 3");
    expect(failsAt("", (r) => r.skip()).message).to.contain("unexpected end of JSON");
    expect(failsAt("1", (r) => r.string()).message).to.equal("expected a string at position 0");
    expect(failsAt("[]", (r) => r.firstKey()).message).to.equal("expected an object at position 0");
    expect(failsAt("tru", (r) => r.boolean()).message).to.contain("expected true or false");
  });

  it("isNull reads null only", () => {
    const r = new JsonReader("[null, nul, 1]");
    expect(r.firstItem()).to.equal(true);
    expect(r.isNull()).to.equal(true);
    expect(r.nextItem()).to.equal(true);
    expect(r.isNull()).to.equal(false);
    expect(() => r.skip()).to.throw(JsonReadError);
  });

  it("skips values of every kind, nested, and only values", () => {
    const r = new JsonReader('{"skip": {"a": [1, "}", {"b": null}], "c": true}, "keep": 2}');
    expect(r.firstKey()).to.equal("skip");
    r.skip();
    expect(r.nextKey()).to.equal("keep");
    expect(r.number()).to.equal(2);
    expect(r.nextKey()).to.equal(undefined);
    r.end();
    expect(failsAt("}", (x) => x.skip()).message).to.contain("expected a value");
    expect(failsAt(", 1", (x) => x.skip()).message).to.contain("expected a value");
  });

  it("value() builds nesting deeper than the stack allows, as JSON.parse does", () => {
    const depth = 200_000;
    const text = "[".repeat(depth) + "1" + "]".repeat(depth);
    const r = new JsonReader(`{"deep": ${text}, "after": true}`);
    expect(r.firstKey()).to.equal("deep");
    let value = r.value();
    for (let i = 0; i < depth; i++) value = (value as JsonValue[])[0]!;
    expect(value).to.equal(1);
    expect(r.nextKey()).to.equal("after");
    expect(r.boolean()).to.equal(true);
  });

  it("value() keeps the last of repeated keys, where the first stood, as JSON.parse does", () => {
    const text = '{"a": 1, "b": 2, "a": 3, "__proto__": 4, "__proto__": 5}';
    const value = new JsonReader(text).value() as Record<string, unknown>;
    expect(value).to.deep.equal(JSON.parse(text));
    expect(Object.keys(value)).to.deep.equal(["a", "b", "__proto__"]);
    expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
  });

  it("keeps a __proto__ key an ordinary key, and value() keeps it an own property", () => {
    const text = '{"__proto__": {"x": 1}}';
    const r = new JsonReader(text);
    expect(r.firstKey()).to.equal("__proto__");
    const inner = r.value() as Record<string, unknown>;
    expect(inner).to.deep.equal({ x: 1 });
    expect(new JsonReader(text).value()).to.deep.equal(JSON.parse(text));
    expect(Object.getPrototypeOf(new JsonReader(text).value())).to.equal(Object.prototype);
  });

  it("gives back the same keys from item to item, and tells keys of equal length and ends apart", () => {
    // Keys of the same length with the same first and last characters share
    // a slot of the key cache; each must still read as itself.
    const text = JSON.stringify([{ abcz: 1, adcz: 2 }, { adcz: 3, abcz: 4 }, { "a\\z": 5 }]);
    expect(readWhole(text)).to.deep.equal(JSON.parse(text));
  });
});
