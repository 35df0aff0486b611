import { expect } from "chai";
import { itemSize, keyString, utf8Length } from "../../src/batch/items.js";

describe("batch item accounting", () => {
  const sizes: [string, Record<string, Record<string, unknown>>, number][] = [
    ["string: name + UTF-8 bytes", { id: { S: "abc" } }, 2 + 3],
    ["multi-byte string", { s: { S: "é€😀" } }, 1 + 2 + 3 + 4],
    ["number: half the significant digits, plus one", { n: { N: "12345" } }, 1 + 4],
    ["number: leading and trailing zeros do not count", { n: { N: "000120.500" } }, 1 + 3],
    ["binary: raw bytes of the base64", { b: { B: Buffer.from("hello").toString("base64") } }, 1 + 5],
    ["bool and null: one byte", { t: { BOOL: true }, z: { NULL: true } }, 1 + 1 + 1 + 1],
    ["string set", { ss: { SS: ["a", "bb"] } }, 2 + 3],
    ["list: 3 bytes + 1 per element", { l: { L: [{ S: "ab" }, { N: "1" }] } }, 1 + 3 + (1 + 2) + (1 + 2)],
    ["map: names count too", { m: { M: { k: { S: "v" } } } }, 1 + 3 + 1 + 1 + 1],
  ];
  for (const [name, item, want] of sizes) {
    it(`itemSize: ${name}`, () => expect(itemSize(item as never)).to.equal(want));
  }

  it("utf8Length agrees with Buffer.byteLength", () => {
    for (const s of ["", "plain", "ünïcödé", "€uro", "😀 emoji 🚀", "\u{10FFFF}", "a\uD800b"]) {
      expect(utf8Length(s), s).to.equal(Buffer.byteLength(s, "utf8"));
    }
  });

  it("keyString: numbers equal by value, attribute order irrelevant", () => {
    const k = (n: string) => keyString({ pk: { S: "a" }, sk: { N: n } });
    expect(k("1")).to.equal(k("1.0"));
    expect(k("1")).to.equal(k("10E-1"));
    expect(k("-0.5")).to.equal(k("-5e-1"));
    expect(k("0")).to.equal(k("0.000"));
    expect(k("1")).to.not.equal(k("2"));
    expect(k("1")).to.not.equal(k("-1"));
    expect(keyString({ a: { S: "x" }, b: { S: "y" } })).to.equal(keyString({ b: { S: "y" }, a: { S: "x" } }));
    // The same text under another type is another key.
    expect(keyString({ pk: { S: "1" } })).to.not.equal(keyString({ pk: { N: "1" } }));
  });

  it("keyString picks the named attributes and reports a missing one", () => {
    expect(keyString({ pk: { S: "a" }, other: { S: "x" } }, ["pk"])).to.equal(keyString({ pk: { S: "a" } }));
    expect(() => keyString({ other: { S: "x" } }, ["pk"])).to.throw(TypeError, /key attribute "pk" is missing \(the item has "other"\)/);
  });
});
