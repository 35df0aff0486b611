import { expect } from "chai";
import { marshall as officialMarshall } from "@aws-sdk/util-dynamodb";
import { convertToAttr, convertToNative, marshall, MarshallError, NumberValue, unmarshall } from "../../src/document/index.js";
import type { MarshallOptions, WireAttributeValue } from "../../src/document/index.js";

function failure(fn: () => unknown): MarshallError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(MarshallError);
    return error as MarshallError;
  }
  throw new Error("expected a MarshallError");
}

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

describe("convertToAttr: every type", () => {
  const bytes = new Uint8Array([0, 1, 255]);
  const cases: [string, unknown, WireAttributeValue][] = [
    ["string", "héllo", { S: "héllo" }],
    ["empty string", "", { S: "" }],
    ["integer", 42, { N: "42" }],
    ["negative fraction", -0.5, { N: "-0.5" }],
    ["negative zero", -0, { N: "0" }],
    ["small exponent", 1e-7, { N: "1e-7" }],
    ["MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER, { N: "9007199254740991" }],
    ["bigint beyond 2^53", 2n ** 64n, { N: "18446744073709551616" }],
    ["NumberValue", new NumberValue("1.000000000000000000000000000000000001"), { N: "1.000000000000000000000000000000000001" }],
    ["true", true, { BOOL: true }],
    ["false", false, { BOOL: false }],
    ["null", null, { NULL: true }],
    ["Uint8Array", bytes, { B: bytes }],
    ["Buffer", Buffer.from("hi"), { B: Buffer.from("hi") }],
    ["Int16Array view", new Int16Array([1]), { B: new Uint8Array(new Int16Array([1]).buffer) }],
    ["ArrayBuffer", new Uint8Array([7]).buffer, { B: new Uint8Array([7]) }],
    ["array", [1, "a", null], { L: [{ N: "1" }, { S: "a" }, { NULL: true }] }],
    ["empty array", [], { L: [] }],
    ["plain object", { a: 1, b: { c: "d" } }, { M: { a: { N: "1" }, b: { M: { c: { S: "d" } } } } }],
    ["empty object", {}, { M: {} }],
    ["null-prototype object", Object.assign(Object.create(null), { a: true }), { M: { a: { BOOL: true } } }],
    ["Map", new Map([["k", 1]]), { M: { k: { N: "1" } } }],
    ["Set of strings", new Set(["a", "b"]), { SS: ["a", "b"] }],
    ["Set of numbers", new Set([1, 2.5]), { NS: ["1", "2.5"] }],
    ["Set of bigints", new Set([1n, 2n ** 70n]), { NS: ["1", "1180591620717411303424"] }],
    ["Set of NumberValues", new Set([new NumberValue("3.14")]), { NS: ["3.14"] }],
    ["Set of binaries", new Set([new Uint8Array([1]), new Uint8Array([2])]), { BS: [new Uint8Array([1]), new Uint8Array([2])] }],
    ["boxed string", new String("s"), { S: "s" }],
    ["boxed number", new Number(3), { N: "3" }],
    ["boxed boolean", new Boolean(true), { BOOL: true }],
  ];
  for (const [name, given, want] of cases) {
    it(name, () => {
      expect(convertToAttr(given)).to.deep.equal(want);
    });
  }

  it("nests deeply (900 levels) without a stack overflow", () => {
    const root: Record<string, unknown> = {};
    let cursor = root;
    for (let i = 0; i < 900; i++) {
      const next = {};
      cursor.x = next;
      cursor = next;
    }
    cursor.leaf = 1;
    let av = marshall(root) as unknown as { x?: { M: unknown } };
    let depth = 0;
    while (av.x !== undefined) {
      av = av.x.M as typeof av;
      depth++;
    }
    expect(depth).to.equal(900);
    expect(unmarshall(marshall(root))).to.deep.equal(root);
  });

  it("skips function-valued members, as JSON.stringify does", () => {
    expect(marshall({ a: 1, f: () => 1 })).to.deep.equal({ a: { N: "1" } });
    expect(convertToAttr([1, () => 1])).to.deep.equal({ L: [{ N: "1" }] });
  });

  it("ignores enumerable properties inherited from a polluted Object.prototype", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.injected = "x";
    try {
      expect(marshall({ a: 1 })).to.deep.equal({ a: { N: "1" } });
      expect(unmarshall({ a: { N: "1" } })).to.deep.equal({ a: 1 });
    } finally {
      delete proto.injected;
    }
  });
});

describe("marshall options", () => {
  const cases: [string, unknown, MarshallOptions, WireAttributeValue][] = [
    ["removeUndefinedValues in a map", { a: undefined, b: 1 }, { removeUndefinedValues: true }, { M: { b: { N: "1" } } }],
    ["removeUndefinedValues in a list", [undefined, 1], { removeUndefinedValues: true }, { L: [{ N: "1" }] }],
    ["removeUndefinedValues in a set", new Set([undefined, "a"]), { removeUndefinedValues: true }, { SS: ["a"] }],
    ["convertEmptyValues: empty string", "", { convertEmptyValues: true }, { NULL: true }],
    ["convertEmptyValues: empty binary", new Uint8Array(0), { convertEmptyValues: true }, { NULL: true }],
    ["convertEmptyValues: empty set", new Set(), { convertEmptyValues: true }, { NULL: true }],
    ["convertEmptyValues keeps empty lists and maps", { l: [], m: {} }, { convertEmptyValues: true }, { M: { l: { L: [] }, m: { M: {} } } }],
    ["convertClassInstanceToMap", new Point(3, 4), { convertClassInstanceToMap: true }, { M: { x: { N: "3" }, y: { N: "4" } } }],
    ["allowImpreciseNumbers", 2 ** 60, { allowImpreciseNumbers: true }, { N: "1152921504606847000" }],
    ["allowImpreciseNumbers with 1e21", 1e21, { allowImpreciseNumbers: true }, { N: "1e+21" }],
  ];
  for (const [name, given, options, want] of cases) {
    it(name, () => {
      expect(convertToAttr(given, options)).to.deep.equal(want);
      // The official library agrees wherever both define the behaviour.
      expect(officialMarshall(given as never, { ...options, convertTopLevelContainer: true })).to.deep.equal(want);
    });
  }
});

describe("marshall errors say what to do and where", () => {
  const cases: [string, () => unknown, string, string, RegExp][] = [
    ["undefined in a map", () => marshall({ a: { b: undefined } }), "UNDEFINED_VALUE", "item.a.b", /removeUndefinedValues: true/],
    ["undefined in a list", () => marshall({ tags: ["a", undefined] }), "UNDEFINED_VALUE", "item.tags[1]", /removeUndefinedValues/],
    ["undefined at the top", () => convertToAttr(undefined), "UNDEFINED_VALUE", "value", /removeUndefinedValues/],
    ["NaN", () => marshall({ n: NaN }), "NOT_FINITE", "item.n", /NaN is not a number DynamoDB can store/],
    ["Infinity", () => marshall({ n: -Infinity }), "NOT_FINITE", "item.n", /-Infinity/],
    ["2^53 + 1 as a number", () => marshall({ n: 2 ** 53 + 2 }), "IMPRECISE_NUMBER", "item.n", /pass a bigint or a NumberValue.*allowImpreciseNumbers/],
    ["-(2^53)", () => marshall({ n: -(2 ** 53) }), "IMPRECISE_NUMBER", "item.n", /bigint/],
    ["class instance", () => marshall({ p: new Point(1, 2) }), "CLASS_INSTANCE", "item.p", /instance of Point.*convertClassInstanceToMap: true/],
    ["Date", () => marshall({ when: new Date(0) }), "UNSUPPORTED_TYPE", "item.when", /toISOString\(\)/],
    ["Date even with convertClassInstanceToMap", () => marshall({ when: new Date(0) }, { convertClassInstanceToMap: true }), "UNSUPPORTED_TYPE", "item.when", /no date type/],
    ["symbol", () => marshall({ s: Symbol("x") }), "UNSUPPORTED_TYPE", "item.s", /a symbol cannot be stored/],
    ["empty set", () => marshall({ s: new Set() }), "EMPTY_SET", "item.s", /convertEmptyValues: true/],
    ["mixed set", () => marshall({ s: new Set(["a", 1]) }), "MIXED_SET", "item.s[1]", /strings and numbers/],
    ["set of objects", () => marshall({ s: new Set([{}]) }), "UNSUPPORTED_SET_MEMBER", "item.s[0]", /use an array/],
    ["set with values equal to DynamoDB", () => marshall({ s: new Set([1, 1n]) }), "DUPLICATE_SET_MEMBER", "item.s", /duplicates/],
    ["set of equal binaries", () => marshall({ s: new Set([new Uint8Array([1]), new Uint8Array([1])]) }), "DUPLICATE_SET_MEMBER", "item.s", /duplicates/],
    ["Map with a non-string key", () => marshall({ m: new Map([[1, "a"]]) }), "UNSUPPORTED_KEY", "item.m[\"1\"]", /must be a string/],
    ["odd keys are quoted in paths", () => marshall({ "a b": { "c.d": [undefined] } }), "UNDEFINED_VALUE", 'item["a b"]["c.d"][0]', /undefined/],
    ["an array is not an item", () => marshall([1] as unknown as object), "NOT_AN_ITEM", "item", /use convertToAttr/],
  ];
  for (const [name, fn, code, path, message] of cases) {
    it(name, () => {
      const error = failure(fn);
      expect(error.code).to.equal(code);
      expect(error.path).to.equal(path);
      expect(error.message).to.match(message);
      expect(error.message.startsWith(`${path}: `)).to.equal(true);
    });
  }

  it("detects a cycle through maps and names both ends", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = { inner: [a] };
    const error = failure(() => marshall({ root: a }));
    expect(error.code).to.equal("CYCLE");
    expect(error.path).to.equal("item.root.self.inner[0]");
    expect(error.message).to.contain("refers back to item.root");
  });

  it("detects a cycle through a list that contains itself", () => {
    const list: unknown[] = [1];
    list.push(list);
    const error = failure(() => convertToAttr(list));
    expect(error.code).to.equal("CYCLE");
    expect(error.path).to.equal("value[1]");
    expect(error.message).to.contain("refers back to value");
  });

  it("tells deep nesting apart from a cycle", () => {
    let value: unknown = "leaf";
    for (let i = 0; i < 1500; i++) value = [value];
    const error = failure(() => convertToAttr(value));
    expect(error.code).to.equal("TOO_DEEP");
    expect(error.message).to.match(/DynamoDB allows 32/);
  });

  it("passes errors thrown by getters through unchanged", () => {
    const item = {
      get boom(): string {
        throw new RangeError("from a getter");
      },
    };
    expect(() => marshall(item)).to.throw(RangeError, "from a getter");
  });
});

describe("unmarshall: every type", () => {
  const cases: [string, WireAttributeValue, unknown][] = [
    ["S", { S: "x" }, "x"],
    ["N integer", { N: "42" }, 42],
    ["N fraction", { N: "-0.125" }, -0.125],
    ["BOOL", { BOOL: false }, false],
    ["NULL", { NULL: true }, null],
    ["B as bytes", { B: new Uint8Array([1, 2]) }, new Uint8Array([1, 2])],
    ["B as base64 from the wire", { B: "AQL/" }, new Uint8Array([1, 2, 255])],
    ["SS", { SS: ["a", "b"] }, new Set(["a", "b"])],
    ["NS", { NS: ["1", "2.5", "18446744073709551616"] }, new Set([1, 2.5, 18446744073709551616n])],
    ["BS", { BS: ["AQ==", new Uint8Array([2])] }, new Set([new Uint8Array([1]), new Uint8Array([2])])],
    ["L", { L: [{ S: "a" }, { L: [] }] }, ["a", []]],
    ["M", { M: { a: { M: { b: { NULL: true } } } } }, { a: { b: null } }],
  ];
  for (const [name, given, want] of cases) {
    it(name, () => {
      expect(convertToNative(given)).to.deep.equal(want);
    });
  }

  it("decodes base64 into a Uint8Array that owns its bytes", () => {
    const bytes = convertToNative({ B: "AQID" }) as Uint8Array;
    expect(bytes.buffer.byteLength).to.equal(3);
    expect(Buffer.isBuffer(bytes)).to.equal(false);
  });

  const malformed: [string, unknown, RegExp][] = [
    ["unknown type", { X: "1" }, /unknown attribute value type "X"/],
    ["no member", {}, /no member/],
    ["S not a string", { S: 1 }, /S must be a string/],
    ["N not a number", { N: "abc" }, /N must be a decimal number/],
    ["N in hex", { N: "0x1F" }, /N must be a decimal number/],
    ["N Infinity", { N: "Infinity" }, /N must be a decimal number/],
    ["N with blanks", { N: " 1" }, /N must be a decimal number/],
    ["L not an array", { L: {} }, /L must be an array/],
    ["not an object", "S", /expected an attribute value/],
    ["null", null, /expected an attribute value/],
  ];
  it("rejects null inside a list, naming its index", () => {
    const error = failure(() => unmarshall({ list: { L: [{ S: "ok" }, null as never] } }));
    expect(error.path).to.equal("item.list[1]");
    expect(error.message).to.match(/expected an attribute value/);
  });

  for (const [name, given, message] of malformed) {
    it(`rejects ${name} with its path`, () => {
      const error = failure(() => unmarshall({ outer: { M: { inner: given as WireAttributeValue } } }));
      expect(error.code).to.equal("MALFORMED_ATTRIBUTE_VALUE");
      expect(error.path).to.equal("item.outer.inner");
      expect(error.message).to.match(message);
    });
  }
});

describe("numbers never lose precision silently", () => {
  const exact: [string, unknown][] = [
    ["9007199254740991", 9007199254740991],
    ["-9007199254740991", -9007199254740991],
    ["9007199254740992", 9007199254740992n],
    ["9007199254740993", 9007199254740993n],
    ["-9007199254740993", -9007199254740993n],
    ["1E+2", 100],
    ["1e+21", 10n ** 21n],
    ["1.5E+30", 15n * 10n ** 29n],
    ["-1.2E+125", -12n * 10n ** 124n],
    ["1E-130", 1e-130],
    ["100.00", 100],
    ["0.1", 0.1],
    ["0.30000000000000004", 0.30000000000000004],
    ["123456789.12345678", 123456789.12345678],
    ["0", 0],
    ["-0", -0],
    ["+7", 7],
    ["00012", 12],
    ["12345678901234567890123456789012345678", 12345678901234567890123456789012345678n],
  ];
  for (const [text, want] of exact) {
    it(`reads ${text} exactly`, () => {
      const got = convertToNative({ N: text });
      expect(typeof got).to.equal(typeof want);
      expect(Object.is(got, want) || got === want).to.equal(true, `${String(got)} !== ${String(want)}`);
    });
  }

  for (const text of ["0.12345678901234567891", "3.14159265358979323846264338327950288", "9007199254740993.5", "1.5E-400"]) {
    it(`refuses to round ${text} unless asked`, () => {
      const error = failure(() => unmarshall({ pi: { N: text } }));
      expect(error.code).to.equal("IMPRECISE_NUMBER");
      expect(error.path).to.equal("item.pi");
      expect(error.message).to.match(/wrapNumbers: true.*allowImpreciseNumbers: true/);
      expect(unmarshall({ pi: { N: text } }, { allowImpreciseNumbers: true }).pi).to.equal(Number(text));
      const wrapped = unmarshall({ pi: { N: text } }, { wrapNumbers: true }).pi;
      expect(wrapped).to.be.instanceOf(NumberValue);
      expect(String(wrapped)).to.equal(text);
    });
  }

  it("wrapNumbers keeps every number's exact text, and round-trips it", () => {
    const item = { a: { N: "1.10" }, s: { NS: ["1E+2", "-0.000001"] } };
    const plain = unmarshall(item, { wrapNumbers: true });
    expect((plain.a as NumberValue).value).to.equal("1.10");
    expect([...(plain.s as Set<NumberValue>)].map(String)).to.deep.equal(["1E+2", "-0.000001"]);
    expect(marshall(plain)).to.deep.equal(item);
  });

  it("wrapNumbers as a function receives the text", () => {
    const plain = unmarshall({ a: { N: "12.50" }, l: { L: [{ N: "3" }] } }, { wrapNumbers: (text) => `#${text}` });
    expect(plain).to.deep.equal({ a: "#12.50", l: ["#3"] });
  });

  it("bigints beyond 2^53 round-trip", () => {
    const big = 2n ** 100n + 1n;
    expect(unmarshall(marshall({ big })).big).to.equal(big);
  });

  it("NumberValue validates its text and converts", () => {
    expect(() => new NumberValue("1,5")).to.throw(TypeError, /not a decimal number/);
    expect(() => new NumberValue(2 ** 60)).to.throw(RangeError, /string or a bigint/);
    expect(() => new NumberValue(NaN)).to.throw(RangeError);
    expect(new NumberValue("1.5E+3").toBigInt()).to.equal(1500n);
    expect(() => new NumberValue("1.5").toBigInt()).to.throw(RangeError, /fractional/);
    expect(new NumberValue(12n).toNumber()).to.equal(12);
    expect(JSON.stringify({ n: new NumberValue("1.10") })).to.equal('{"n":"1.10"}');
  });
});

describe("hostile keys never change a prototype", () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.prototype).to.not.have.own.property("polluted");
  });

  it("__proto__ from the service stays an own attribute", () => {
    const wire = JSON.parse('{"__proto__": {"M": {"polluted": {"S": "yes"}}}, "a": {"M": {"__proto__": {"S": "x"}}}}');
    const plain = unmarshall(wire);
    expect(Object.getPrototypeOf(plain)).to.equal(Object.prototype);
    expect(Object.keys(plain)).to.deep.equal(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(plain, "__proto__")!.value).to.deep.equal({ polluted: "yes" });
    expect((plain as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.getOwnPropertyDescriptor(plain.a as object, "__proto__")!.value).to.equal("x");
  });

  it("__proto__, constructor and prototype from the caller marshal as attributes", () => {
    const item = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "prototype": 3}');
    const wire = marshall(item);
    expect(Object.getPrototypeOf(wire)).to.equal(Object.prototype);
    expect(Object.keys(wire)).to.deep.equal(["__proto__", "constructor", "prototype"]);
    expect(Object.getOwnPropertyDescriptor(wire, "__proto__")!.value).to.deep.equal({ M: { polluted: { N: "1" } } });
    const back = unmarshall(wire);
    expect(Object.keys(back)).to.deep.equal(["__proto__", "constructor", "prototype"]);
    expect(JSON.stringify(back)).to.equal(JSON.stringify(item));
  });

  it("a Map key __proto__ is an own attribute too", () => {
    const wire = marshall(new Map([["__proto__", { polluted: true }]]));
    expect(Object.keys(wire)).to.deep.equal(["__proto__"]);
    expect(Object.getPrototypeOf(wire)).to.equal(Object.prototype);
  });
});
