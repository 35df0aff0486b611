/**
 * The plain JavaScript SHA-256 and HMAC of the portable build's signer
 * fallback (`sha256-js.ts`) against node:crypto, and against the FIPS 180-4
 * and RFC 4231 examples.
 */
import { expect } from "chai";
import fc from "fast-check";
import { createHash, createHmac } from "node:crypto";
import { hmacSha256, sha256 } from "../../src/runtime/sha256-js.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("sha256-js: SHA-256 and HMAC in plain JavaScript", () => {
  it("gives the FIPS 180-4 example digests", () => {
    expect(hex(sha256(utf8("")))).to.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256(utf8("abc")))).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).to.equal(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("gives the RFC 4231 HMAC examples, keys shorter and longer than a block", () => {
    const key20 = new Uint8Array(20).fill(0x0b);
    expect(hex(hmacSha256(key20, utf8("Hi There")))).to.equal("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    expect(hex(hmacSha256(utf8("Jefe"), utf8("what do ya want for nothing?")))).to.equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const key131 = new Uint8Array(131).fill(0xaa);
    expect(hex(hmacSha256(key131, utf8("Test Using Larger Than Block-Size Key - Hash Key First")))).to.equal(
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
    );
  });

  it("hashes every length around the block boundaries as node:crypto does", () => {
    for (let length = 0; length <= 200; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(data)), `length ${length}`).to.equal(createHash("sha256").update(data).digest("hex"));
    }
  });

  it("hashes and HMACs random data and keys as node:crypto does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 200 }), (data, key) => {
        expect(hex(sha256(data))).to.equal(createHash("sha256").update(data).digest("hex"));
        expect(hex(hmacSha256(key, data))).to.equal(createHmac("sha256", key).update(data).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });

  it("leaves its input untouched", () => {
    const data = Uint8Array.from([1, 2, 3]);
    const key = Uint8Array.from([4, 5]);
    hmacSha256(key, data);
    expect([...data, ...key]).to.deep.equal([1, 2, 3, 4, 5]);
  });
});
