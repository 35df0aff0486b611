/**
 * The two builds sign alike: the Node build's signer (node:crypto), the
 * portable build's (Web Crypto, and `sha256-js.ts` where the runtime
 * has no `crypto.subtle`), and `@smithy/signature-v4`, the independent
 * reference, give the same headers, byte for byte.
 */
import { expect } from "chai";
import fc from "fast-check";
import { jsCrypto, RequestSigner as PortableSigner } from "../../src/runtime/signer.portable.js";
import { NODE_CRYPTO, type NodeSigningKey } from "../../src/runtime/signer.js";
import { RequestSigner as NodeSigner } from "../../src/runtime/signer.js";
import type { Credentials, HttpRequest } from "../../src/runtime/types.js";
import { smithySigned } from "./smithy-reference.js";

/** Runs `body` with `globalThis.crypto` gone, as in a runtime without Web Crypto. */
async function withoutWebCrypto<T>(body: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
  Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    Object.defineProperty(globalThis, "crypto", descriptor);
  }
}

type SignerOptions = ConstructorParameters<typeof PortableSigner>[0];

/**
 * A portable signer made where `crypto.subtle` is missing: it chose the
 * plain JavaScript fallback (`sha256-js.ts`) when constructed and keeps it after Web
 * Crypto is back.
 */
function fallbackSigner(options: SignerOptions): PortableSigner {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;
  Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true, writable: true });
  try {
    return new PortableSigner(options);
  } finally {
    Object.defineProperty(globalThis, "crypto", descriptor);
  }
}

/** The three signers the builds use, by name. */
function signers(options: SignerOptions): Array<[string, { sign(request: HttpRequest, date: Date): Promise<void> }]> {
  return [
    ["node:crypto", new NodeSigner(options)],
    ["Web Crypto", new PortableSigner(options)],
    ["sha256-js", fallbackSigner(options)],
  ];
}

const token = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,12}$/);
const headerName = fc.oneof(token, fc.constantFrom("user-agent", "X-Amz-Date", "Date", "x-amz-security-token", "Content-Type", "proxy-x", "sec-y", "Authorization"));
const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.array(fc.constantFrom("a", "B", " ", "  ", "\t", "\r\n", "é", "☃", "="), { maxLength: 10 }).map((parts) => parts.join("")),
);
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 6 }).filter((h) => !("__proto__" in h));
const queryPart = fc.tuple(fc.constantFrom("a", "b", "A", "x y", "ü", "X-Amz-Signature", "k~"), fc.string({ maxLength: 6 }));
const query = fc.array(queryPart, { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());
const path = fc.array(fc.oneof(fc.constantFrom("", ".", "..", "a b", "ü", "%41", "!'()*"), fc.string({ maxLength: 6 })), { maxLength: 4 }).map((s) => `/${s.join("/")}`.replace(/[?#\\]/g, ""));
const credentials: fc.Arbitrary<Credentials> = fc.record(
  { accessKeyId: fc.stringMatching(/^[A-Z0-9]{4,20}$/), secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }), sessionToken: fc.string({ minLength: 1, maxLength: 40 }) },
  { requiredKeys: ["accessKeyId", "secretAccessKey"] },
);
const date = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true });
const region = fc.constantFrom("us-east-1", "eu-west-1", "cn-north-1", "local", "région");
const service = fc.constantFrom("dynamodb", "sts", "streams.dynamodb");

function request(pathname: string, search: string, extra: Record<string, string>, body: string): HttpRequest {
  const url = new URL(`https://dynamodb.example.com:8443${pathname}${search ? `?${search}` : ""}`);
  return { method: "POST", url, headers: { host: url.host, "x-amz-target": "DynamoDB_20120810.GetItem", ...extra }, body };
}

describe("signing in both builds", () => {
  it("node:crypto, Web Crypto, sha256-js and @smithy/signature-v4 sign random requests byte for byte alike", async () => {
    await fc.assert(
      fc.asyncProperty(path, query, headers, fc.string({ maxLength: 200 }), credentials, date, region, service, async (p, q, h, body, creds, when, reg, svc) => {
        const reference = Object.entries(await smithySigned(request(p, q, h, body), creds, reg, svc, when));
        const node = request(p, q, h, body);
        await new NodeSigner({ service: svc, region: reg, credentials: async () => creds }).sign(node, when);
        const web = request(p, q, h, body);
        await new PortableSigner({ service: svc, region: reg, credentials: async () => creds }).sign(web, when);
        const js = request(p, q, h, body);
        await fallbackSigner({ service: svc, region: reg, credentials: async () => creds }).sign(js, when);
        expect(Object.entries(node.headers), "node:crypto").to.deep.equal(reference);
        expect(Object.entries(web.headers), "Web Crypto").to.deep.equal(reference);
        expect(Object.entries(js.headers), "sha256-js").to.deep.equal(reference);
      }),
      { numRuns: 300 },
    );
  });

  it("the portable signer keeps matching while its day and credentials change under its caches", async () => {
    const pool = fc.sample(credentials, { numRuns: 3, seed: 11 });
    const days = [new Date("2026-11-21T23:59:59.400Z"), new Date("2026-11-22T00:00:00.100Z"), new Date("2027-01-01T12:00:00Z")];
    let current = pool[0]!;
    const signer = new PortableSigner({ service: "dynamodb", region: "eu-west-1", credentials: async () => current });
    await fc.assert(
      fc.asyncProperty(fc.nat(pool.length - 1), fc.nat(days.length - 1), fc.string({ maxLength: 40 }), async (c, d, body) => {
        current = pool[c]!;
        const mine = request("/", "", {}, body);
        await signer.sign(mine, days[d]!);
        expect(mine.headers).to.deep.equal(await smithySigned(request("/", "", {}, body), current, "eu-west-1", "dynamodb", days[d]!));
      }),
      { numRuns: 100 },
    );
  });

  it("signs concurrent requests on a fresh portable signer, each with one consistent key", async () => {
    const creds = { accessKeyId: "AKIDCONCURRENT", secretAccessKey: "secret" };
    const signer = new PortableSigner({ service: "dynamodb", region: "us-east-1", credentials: async () => creds });
    const when = [new Date("2026-03-01T10:00:00Z"), new Date("2026-03-02T10:00:00Z")];
    const requests = Array.from({ length: 20 }, (_, i) => request("/", "", {}, `{"i":${i}}`));
    await Promise.all(requests.map((r, i) => signer.sign(r, when[i % 2]!)));
    for (const [i, r] of requests.entries()) {
      expect(r.headers).to.deep.equal(await smithySigned(request("/", "", {}, `{"i":${i}}`), creds, "us-east-1", "dynamodb", when[i % 2]!));
    }
  });

  it("signs with the plain JavaScript SHA-256, not Web Crypto, where the runtime has no crypto.subtle", async () => {
    const creds = { accessKeyId: "AKIDFALLBACK", secretAccessKey: "secret", sessionToken: "token" };
    const when = new Date("2026-11-21T10:00:00Z");
    const signed = await withoutWebCrypto(async () => {
      expect(globalThis.crypto).to.equal(undefined);
      const mine = request("/path", "b=2&a=1&a=0", { "X-Custom": " v  w " }, "{}");
      await new PortableSigner({ service: "dynamodb", region: "us-east-1", credentials: async () => creds }).sign(mine, when);
      return mine.headers;
    });
    expect(signed).to.deep.equal(await smithySigned(request("/path", "b=2&a=1&a=0", { "X-Custom": " v  w " }, "{}"), creds, "us-east-1", "dynamodb", when));
  });

  it("the three signers and @smithy/signature-v4 agree on a table of awkward requests", async () => {
    const longTerm = { accessKeyId: "AKIDTABLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
    const session = { ...longTerm, sessionToken: "FwoGZXIvYXdzEJr//////////wEaDH+token/with=odd+chars==" };
    const when = new Date("2026-02-28T23:59:59.999Z");
    const cases: Array<{ name: string; path?: string; query?: string; headers?: Record<string, string>; body?: string; credentials?: Credentials; region?: string; service?: string }> = [
      { name: "a plain DynamoDB call" },
      { name: "an empty body", body: "" },
      { name: "a session token", credentials: session },
      { name: "a session token already in the headers is replaced", credentials: session, headers: { "x-amz-security-token": "stale" } },
      { name: "a query string, sorted, repeated names, encoded", query: "b=2&a=1&a=0&x%20y=%C3%BC&k~=v!'()*&X-Amz-Signature=dropped" },
      { name: "an empty query value and a name alone", query: "flag&empty=&z=" },
      { name: "a path to normalise and encode twice", path: "/a/./b/../c%20d/é/" },
      { name: "mixed-case and duplicate header names", headers: { "X-Custom": "one", "x-custom": "two", "Content-Type": "application/x-amz-json-1.0" } },
      { name: "header values with tabs, runs of spaces, line breaks and ends", headers: { "x-a": "  a \t b  ", "x-b": "one\r\n two", "x-c": "\t", "x-d": "" } },
      { name: "non-ASCII header values", headers: { "x-unicode": "é ☃ 😀" } },
      { name: "headers never signed", headers: { "user-agent": "ua", "x-amzn-trace-id": "t", "proxy-authorization": "p", "sec-fetch-mode": "cors", expect: "100-continue" } },
      { name: "signer-written headers already present", headers: { authorization: "old", "X-Amz-Date": "19990101T000000Z", Date: "yesterday" } },
      { name: "a body of every byte value as a binary string", body: Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("") },
      { name: "a body with astral characters and a lone surrogate", body: "😀 \ud800 end \udfff" },
      { name: "a large body", body: "x".repeat(200_000) },
      { name: "another region and service", region: "cn-northwest-1", service: "streams.dynamodb" },
      { name: "a non-ASCII region", region: "région" },
    ];
    for (const c of cases) {
      const creds = c.credentials ?? longTerm;
      const region = c.region ?? "eu-central-1";
      const service = c.service ?? "dynamodb";
      const make = () => request(c.path ?? "/", c.query ?? "", { ...c.headers }, c.body ?? "{}");
      const reference = Object.entries(await smithySigned(make(), creds, region, service, when));
      for (const [name, signer] of signers({ service, region, credentials: async () => creds })) {
        const mine = make();
        await signer.sign(mine, when);
        expect(Object.entries(mine.headers), `${c.name}: ${name}`).to.deep.equal(reference);
      }
    }
  });

  it("each signer gives the signature of the SigV4 test suite's get-vanilla request", async () => {
    // From the AWS SigV4 test suite: GET / on example.amazonaws.com, 2015-08-30 12:36:00 UTC.
    const creds = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
    const want =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
      "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    for (const [name, signer] of signers({ service: "service", region: "us-east-1", credentials: async () => creds })) {
      const url = new URL("https://example.amazonaws.com/");
      const mine: HttpRequest = { method: "GET", url, headers: { host: url.host }, body: "" };
      await signer.sign(mine, new Date("2015-08-30T12:36:00Z"));
      expect(mine.headers["authorization"], name).to.equal(want);
    }
  });

  it("the plain JavaScript SHA-256 hashes and derives keys as node:crypto does, any string and secret", () => {
    const js = jsCrypto();
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }),
        fc.string({ unit: "binary", minLength: 1, maxLength: 80 }),
        fc.string({ maxLength: 20 }),
        // The string to sign is ASCII: a date, the scope and hex digests.
        fc.string({ unit: "binary-ascii", maxLength: 200 }),
        (text, secret, region, toSign) => {
          expect(js.sha256Hex(text), "sha256Hex").to.equal(NODE_CRYPTO.sha256Hex(text));
          const jsKey = js.signingKey(secret, "20260101", region, "dynamodb") as Uint8Array;
          const nodeKey = NODE_CRYPTO.signingKey(secret, "20260101", region, "dynamodb") as NodeSigningKey;
          expect(Buffer.from(jsKey).toString("hex"), "signingKey").to.equal(nodeKey.key.export().toString("hex"));
          expect(js.hmacHex(jsKey, toSign), "hmacHex").to.equal(NODE_CRYPTO.hmacHex(nodeKey, toSign));
        },
      ),
      { numRuns: 300 },
    );
  });
});
