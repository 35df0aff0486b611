import { Sha256 as JsSha256 } from "@aws-crypto/sha256-js";
import { expect } from "chai";
import fc from "fast-check";
import { Sha256 as PortableSha256 } from "../../src/runtime/sha256.portable.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("sha256 without node:crypto", () => {
  it("hashes and HMACs exactly like @aws-crypto/sha256-js", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 100 }))), fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 80 }))), async (parts, key) => {
        const mine = key === null ? new PortableSha256() : new PortableSha256(key);
        const reference = key === null ? new JsSha256() : new JsSha256(key);
        for (const part of parts) {
          mine.update(part);
          reference.update(part);
        }
        expect(hex(await mine.digest())).to.equal(hex(await reference.digest()));
      }),
      { numRuns: 100 },
    );
  });

  it("hashes the data as it was when given, though the caller reuses the buffer", async () => {
    const buffer = new Uint8Array([1, 2, 3]);
    const mine = new PortableSha256();
    mine.update(buffer.subarray(1));
    buffer.fill(9);
    const reference = new JsSha256();
    reference.update(new Uint8Array([2, 3]));
    expect(hex(await mine.digest())).to.equal(hex(await reference.digest()));
  });
});
