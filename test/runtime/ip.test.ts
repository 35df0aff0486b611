import { expect } from "chai";
import fc from "fast-check";
import { isIP } from "node:net";
import { ipVersion } from "../../src/runtime/ip.js";

// The endpoint rules and the container credential check ask whether a host
// is an IP address; the portable build cannot ask node:net, so `ipVersion`
// must answer as node:net's `isIP` does.
describe("runtime: ipVersion", () => {
  it("answers like node:net's isIP on known cases", () => {
    const cases = [
      "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "::", "::1", "1::", "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "::ffff:127.0.0.1", "fe80::1%eth0", "fe80::1%",
      "fd00:ec2::23", "12345::", "g::1", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "localhost", "", "[::1]", "::1.2.3", "1:::2",
    ];
    for (const text of cases) expect(ipVersion(text), text).to.equal(isIP(text));
  });

  it("answers like node:net's isIP on random address-like text", () => {
    const v4 = fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((parts) => parts.join("."));
    const group = fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{1,5}$/), fc.constant(""));
    const v6 = fc
      .tuple(fc.array(group, { maxLength: 9 }), fc.option(v4), fc.option(fc.stringMatching(/^%[0-9a-z.:%-]{0,4}$/)))
      .map(([groups, tail, zone]) => `${groups.join(":")}${tail === null ? "" : `:${tail}`}${zone ?? ""}`);
    const noise = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEFg:.%"), maxLength: 20 });
    fc.assert(fc.property(fc.oneof(v4, v6, noise), (text) => ipVersion(text) === isIP(text)), { numRuns: 20_000 });
  });
});
