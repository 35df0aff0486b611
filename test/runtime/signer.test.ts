import { Sha256 as JsSha256 } from "@aws-crypto/sha256-js";
import { HttpRequest as SmithyRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { expect } from "chai";
import fc from "fast-check";
import { canonicalPath, RequestSigner } from "../../src/runtime/signer.js";
import type { Credentials, HttpRequest } from "../../src/runtime/types.js";
import { smithySigned } from "./smithy-reference.js";

const token = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);
/** Header names as the runtime writes them (lower case), with some SigV4 never signs and some it always writes. */
const headerName = fc.oneof(
  token,
  fc.constantFrom("user-agent", "x-amzn-trace-id", "proxy-authorization", "sec-fetch-mode", "authorization", "x-amz-date", "date", "x-amz-security-token", "content-type"),
);
/** Values with the whitespace canonicalisation cares about: runs of spaces, tabs, line breaks, spaces at the ends. */
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(fc.constantFrom("a", "B", " ", "  ", "\t", "\r\n", "\n", "é", "☃", "=", ";"), { maxLength: 12 }).map((parts) => parts.join("")),
);
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 8 }).filter((h) => !("__proto__" in h && Object.getPrototypeOf(h) !== Object.prototype));
const pathSegment = fc.oneof(fc.constantFrom("", ".", "..", "a b", "ü", "%41", "!'()*", "x~y_z-1.2"), fc.string({ maxLength: 8 }));
const path = fc.array(pathSegment, { maxLength: 5 }).map((segments) => `/${segments.join("/")}`.replace(/[?#\\]/g, ""));
const credentials: fc.Arbitrary<Credentials> = fc.record(
  {
    accessKeyId: fc.stringMatching(/^[A-Z0-9]{4,20}$/),
    secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
    sessionToken: fc.string({ minLength: 1, maxLength: 60 }),
  },
  { requiredKeys: ["accessKeyId", "secretAccessKey"] },
);
const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true });
const region = fc.constantFrom("us-east-1", "eu-west-1", "cn-north-1", "local", "us-gov-west-1");
const service = fc.constantFrom("dynamodb", "sts", "streams.dynamodb");

function request(pathname: string, extra: Record<string, string>, body: string): HttpRequest {
  const url = new URL(`https://dynamodb.example.com:8443${pathname}`);
  return {
    method: "POST",
    url,
    headers: { host: url.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem", ...extra },
    body,
  };
}

describe("signer (node:crypto)", () => {
  it("signs exactly like SignatureV4.sign on random requests, credentials and dates", async () => {
    await fc.assert(
      fc.asyncProperty(path, headers, fc.string({ maxLength: 200 }), credentials, date, region, service, async (p, h, body, creds, when, reg, svc) => {
        const mine = request(p, h, body);
        const theirs = await smithySigned(request(p, h, body), creds, reg, svc, when);
        await new RequestSigner({ service: svc, region: reg, credentials: async () => creds }).sign(mine, when);
        // Same headers in the same order: the bytes on the wire match too.
        expect(Object.entries(mine.headers)).to.deep.equal(Object.entries(theirs));
      }),
      { numRuns: 400 },
    );
  });

  it("keeps matching while one signer's date and credentials change under its caches", async () => {
    const pool = fc.sample(credentials, { numRuns: 3, seed: 7 });
    const days = [new Date("2026-11-21T23:59:59.400Z"), new Date("2026-11-21T23:59:59.900Z"), new Date("2026-11-22T00:00:00.100Z"), new Date("2027-01-01T12:00:00Z")];
    let current = pool[0]!;
    const signer = new RequestSigner({ service: "dynamodb", region: "eu-west-1", credentials: async () => current });
    await fc.assert(
      fc.asyncProperty(fc.nat(pool.length - 1), fc.nat(days.length - 1), fc.string({ maxLength: 50 }), async (c, d, body) => {
        current = pool[c]!;
        const mine = request("/", {}, body);
        await signer.sign(mine, days[d]!);
        expect(mine.headers).to.deep.equal(await smithySigned(request("/", {}, body), current, "eu-west-1", "dynamodb", days[d]!));
      }),
      { numRuns: 200 },
    );
  });

  it("signs a query string as smithy does", async () => {
    const creds = { accessKeyId: "AKIDQUERY", secretAccessKey: "secret" };
    const url = new URL("https://dynamodb.example.com/path?b=2&a=1&a=0");
    const mine: HttpRequest = { method: "POST", url, headers: { host: url.host }, body: "{}" };
    const when = new Date("2026-11-21T10:00:00Z");
    await new RequestSigner({ service: "dynamodb", region: "us-east-1", credentials: async () => creds }).sign(mine, when);
    const reference = await new SignatureV4({ service: "dynamodb", region: "us-east-1", credentials: creds, sha256: JsSha256, applyChecksum: false }).sign(
      new SmithyRequest({ method: "POST", protocol: "https:", hostname: url.hostname, path: "/path", query: { a: ["1", "0"], b: "2" }, headers: { host: url.host }, body: "{}" }),
      { signingDate: when },
    );
    expect(mine.headers["authorization"]).to.equal(reference.headers["authorization"]);
  });

  it("rejects credentials without string keys as smithy does", async () => {
    const signer = new RequestSigner({ service: "dynamodb", region: "us-east-1", credentials: async () => ({ accessKeyId: 1 }) as never });
    let caught: unknown;
    await signer.sign(request("/", {}, "{}"), new Date()).catch((err) => (caught = err));
    expect((caught as Error).message).to.equal("Resolved credential object is not valid");
  });

  it("encodes paths twice, as every service but S3 expects", () => {
    expect(canonicalPath("/")).to.equal("/");
    expect(canonicalPath("")).to.equal("");
    expect(canonicalPath("/a%20b/./c/../d/")).to.equal("/a%2520b/d/");
    expect(canonicalPath("//x//y")).to.equal("/x/y");
    expect(canonicalPath("/(x)*!'")).to.equal("/%28x%29%2A%21%27");
  });
});
