/**
 * SigV4 request signing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 * In Node, requests are signed here with node:crypto, following the same
 * steps as `@smithy/signature-v4` (and property-tested byte for byte against
 * it), because its general-purpose `sign()` costs about 40 µs of CPU per
 * DynamoDB request: it clones the request, normalises its providers, hashes
 * the credentials on every call to look up its signing key cache, converts
 * every string to a `Uint8Array` and back to hex, and runs three regular
 * expressions over every header value. The steps below that do not change
 * from call to call are done once: the signing key (four HMACs) once per day
 * and credentials, the date strings once per second, the canonical path once
 * per endpoint. What is left per request is one body hash, one canonical
 * request hash and one HMAC, about 8 µs.
 *
 * Where node:crypto does not exist, and for the rare request this fast path
 * does not cover (a query string, header names not in lower case), signing
 * falls back to `SignatureV4.sign` with the portable SHA-256, loaded on first
 * use so that Node never pays for importing it.
 */
import type * as NodeCrypto from "node:crypto";
import type { SignatureV4 } from "@smithy/signature-v4";
import type { CredentialProvider, Credentials, HttpRequest } from "./types.js";

// `getBuiltinModule` (Node >= 20.16) loads node:crypto without a static
// import, so this module still loads where node:crypto does not exist.
const nodeCrypto = (globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined)?.getBuiltinModule?.(
  "node:crypto",
) as typeof NodeCrypto | undefined;

const ALGORITHM = "AWS4-HMAC-SHA256";

/**
 * Headers never signed, as in `@smithy/signature-v4`'s
 * `ALWAYS_UNSIGNABLE_HEADERS`: hop-by-hop headers and ones that proxies and
 * agents rewrite (`user-agent` among them), plus anything starting with
 * `proxy-` or `sec-`.
 */
const UNSIGNABLE = new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

/** Headers the signer writes itself; a value already present is replaced (`date` is dropped), as smithy does. */
const GENERATED = new Set(["authorization", "x-amz-date", "date"]);

/** A value the canonical form would change: CR/LF, tabs, runs of spaces, spaces at either end. */
const NEEDS_NORMALISING = /[\r\n\t]|  |^ | $/;

/**
 * The canonical form of a header value per SigV4 (and smithy): line breaks
 * become spaces, runs of spaces and tabs one space, and the ends are trimmed.
 * Almost every value is already canonical, so the test comes first.
 */
function canonicalValue(value: string): string {
  if (!NEEDS_NORMALISING.test(value)) return value;
  return value
    .replace(/[\r\n]/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/^ | $/g, "");
}

/** RFC 3986 encoding of one path segment: encodeURIComponent plus the five characters it leaves. */
function escapeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical URI of a path that is already percent-encoded (a WHATWG URL's
 * `pathname`): empty and `.` segments dropped, `..` resolved, then every
 * segment encoded once more. Every service but S3 expects this double
 * encoding; smithy's `getCanonicalPath` does the same.
 */
export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const leading = path.startsWith("/") ? "/" : "";
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return `${leading}${segments.map(escapeSegment).join("/")}${trailing}`;
}

/** `x-amz-date` and the scope's day for a time in milliseconds: `20240101T000000Z` and `20240101`. */
function amzDate(ms: number): string {
  // toISOString gives 2024-01-01T00:00:00.000Z; SigV4 wants the basic format without milliseconds.
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** Signs requests for one service in one region with credentials from a provider. */
export class RequestSigner {
  readonly #service: string;
  readonly #region: string;
  readonly #credentials: CredentialProvider;
  /** The portable signer, created on first need. */
  #fallback: Promise<SignatureV4> | undefined;

  // Per second: the date strings.
  #second = NaN;
  #longDate = "";
  #shortDate = "";
  // Per day and credentials: the signing key and the start of the Authorization header.
  #keyDay = "";
  #keyAccessKeyId = "";
  #keySecret = "";
  #signingKey: NodeCrypto.KeyObject | undefined;
  /** The signing key's HMAC pads, when the one-shot hash can compute the HMAC (see `hmacHex`). */
  #hmacPads: HmacPads | undefined;
  #scope = "";
  #credentialPart = "";
  // Per endpoint path.
  #path = "";
  #canonicalPath = "";

  constructor(options: { service: string; region: string; credentials: CredentialProvider }) {
    this.#service = options.service;
    this.#region = options.region;
    this.#credentials = options.credentials;
  }

  /**
   * Adds `x-amz-date`, `x-amz-security-token` (with temporary credentials)
   * and `authorization` to `request.headers`, signing every header present
   * except `user-agent` (and the others SigV4 clients leave unsigned).
   * `signingDate` is the clock-skew corrected time.
   */
  async sign(request: HttpRequest, signingDate: Date): Promise<void> {
    if (!nodeCrypto || !this.#coversFast(request)) return this.#signPortably(request, signingDate);
    const credentials = await this.#credentials();
    if (typeof credentials !== "object" || typeof credentials.accessKeyId !== "string" || typeof credentials.secretAccessKey !== "string") {
      throw new Error("Resolved credential object is not valid");
    }
    this.#signFast(nodeCrypto, request, signingDate.getTime(), credentials);
  }

  /** True when the request needs nothing the fast path leaves out: no query string, lower-case header names. */
  #coversFast(request: HttpRequest): boolean {
    if (request.url.search !== "") return false;
    for (const name in request.headers) if (name !== name.toLowerCase()) return false;
    return true;
  }

  #signFast(crypto: typeof NodeCrypto, request: HttpRequest, time: number, credentials: Credentials): void {
    const second = Math.floor(time / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#longDate = amzDate(time);
      this.#shortDate = this.#longDate.slice(0, 8);
    }
    const longDate = this.#longDate;
    const shortDate = this.#shortDate;
    if (shortDate !== this.#keyDay || credentials.secretAccessKey !== this.#keySecret || credentials.accessKeyId !== this.#keyAccessKeyId) {
      this.#deriveKey(crypto, shortDate, credentials);
    }
    const path = request.url.pathname;
    if (path !== this.#path) {
      this.#path = path;
      this.#canonicalPath = canonicalPath(path);
    }

    const headers = request.headers;
    for (const name of GENERATED) delete headers[name];
    headers["x-amz-date"] = longDate;
    if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;

    const names: string[] = [];
    for (const name in headers) {
      if (headers[name] == undefined || UNSIGNABLE.has(name) || name.startsWith("proxy-") || name.startsWith("sec-")) continue;
      names.push(name);
    }
    names.sort();
    let canonicalHeaders = "";
    for (const name of names) canonicalHeaders += `${name}:${canonicalValue(headers[name]!)}\n`;
    const signedHeaders = names.join(";");

    const canonicalRequest = `${request.method}\n${this.#canonicalPath}\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256Hex(crypto, request.body)}`;
    const stringToSign = `${ALGORITHM}\n${longDate}\n${this.#scope}\n${sha256Hex(crypto, canonicalRequest)}`;
    const signature = this.#hmacPads
      ? hmacHex(this.#hmacPads, stringToSign)
      : crypto.createHmac("sha256", this.#signingKey!).update(stringToSign).digest("hex");
    headers["authorization"] = `${this.#credentialPart}SignedHeaders=${signedHeaders}, Signature=${signature}`;
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request"). */
  #deriveKey(crypto: typeof NodeCrypto, shortDate: string, credentials: Credentials): void {
    const hmac = (key: string | Buffer, data: string): Buffer => crypto.createHmac("sha256", key).update(data).digest();
    let key = hmac(`AWS4${credentials.secretAccessKey}`, shortDate);
    key = hmac(key, this.#region);
    key = hmac(key, this.#service);
    key = hmac(key, "aws4_request");
    this.#signingKey = crypto.createSecretKey(key);
    this.#keyDay = shortDate;
    this.#keyAccessKeyId = credentials.accessKeyId;
    this.#keySecret = credentials.secretAccessKey;
    this.#scope = `${shortDate}/${this.#region}/${this.#service}/aws4_request`;
    // The string to sign is the scope plus ASCII (date, hex digests); hmacHex needs it all ASCII.
    this.#hmacPads = oneShot && isAscii(this.#scope) ? hmacPads(key) : undefined;
    this.#credentialPart = `${ALGORITHM} Credential=${credentials.accessKeyId}/${this.#scope}, `;
  }

  /** `SignatureV4.sign` with the portable SHA-256: runtimes without node:crypto, and requests the fast path does not cover. */
  async #signPortably(request: HttpRequest, signingDate: Date): Promise<void> {
    this.#fallback ??= createPortableSigner(this.#service, this.#region, this.#credentials);
    const signer = await this.#fallback;
    const { url } = request;
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of url.searchParams) {
      const present = query[name];
      query[name] = present === undefined ? value : Array.isArray(present) ? [...present, value] : [present, value];
    }
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query,
        headers: request.headers,
        body: request.body,
      },
      { signingDate },
    );
    request.headers = signed.headers;
  }
}

/** The hex SHA-256 of a UTF-8 string, with the one-shot `crypto.hash` where it exists (Node >= 20.12). */
function sha256Hex(crypto: typeof NodeCrypto, data: string): string {
  return oneShot ? oneShot("sha256", data, "hex") : crypto.createHash("sha256").update(data).digest("hex");
}
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex" | "latin1") => string } | undefined)?.hash;

/** A key's inner and outer HMAC pads as binary strings, one character per byte. */
interface HmacPads {
  readonly inner: string;
  readonly outer: string;
}

/** HMAC-SHA256's block size in bytes (RFC 2104's B). */
const SHA256_BLOCK = 64;

/** The pads of a key no longer than a block (SigV4 signing keys are 32 bytes): the key, zero-filled to a block, XOR 0x36 and 0x5c. */
function hmacPads(key: Uint8Array): HmacPads {
  let inner = "";
  let outer = "";
  for (let i = 0; i < SHA256_BLOCK; i++) {
    const byte = key[i] ?? 0;
    inner += String.fromCharCode(byte ^ 0x36);
    outer += String.fromCharCode(byte ^ 0x5c);
  }
  return { inner, outer };
}

/**
 * HMAC-SHA256 of an ASCII message, hex: H(outer pad + H(inner pad + message))
 * as RFC 2104 defines it, with two one-shot hashes. `createHmac` builds a
 * native HMAC context for every message; this costs about half as much, and
 * signing runs on every request. Binary ("latin1") strings carry the pads and
 * the inner digest byte for byte, and ASCII reads the same in latin1 as in UTF-8.
 */
function hmacHex(pads: HmacPads, message: string): string {
  const inner = oneShot!("sha256", Buffer.from(pads.inner + message, "latin1"), "latin1");
  return oneShot!("sha256", Buffer.from(pads.outer + inner, "latin1"), "hex");
}

function isAscii(text: string): boolean {
  return !/[^\x00-\x7f]/.test(text);
}

/** `SignatureV4` over the fastest available SHA-256, imported only when first needed. */
async function createPortableSigner(service: string, region: string, credentials: CredentialProvider): Promise<SignatureV4> {
  const [{ SignatureV4 }, { Sha256 }] = await Promise.all([import("@smithy/signature-v4"), import("./sha256.js")]);
  return new SignatureV4({
    service,
    region,
    credentials,
    sha256: Sha256,
    // x-amz-content-sha256 is an S3 requirement; other services compute the
    // payload hash themselves, so the header would only add bytes.
    applyChecksum: false,
  });
}
