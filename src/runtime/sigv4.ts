/**
 * SigV4 request signing, the steps both builds share.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 *
 * The canonical request and the string to sign are built here, following
 * `@smithy/signature-v4` byte for byte (property-tested against it); the
 * hashing is a `SigningCrypto` the build supplies: node:crypto in the Node
 * build (`signer.ts`), Web Crypto in the portable one (`signer.portable.ts`),
 * or there `@aws-crypto/sha256-js` where the runtime has no `crypto.subtle`.
 *
 * `@smithy/signature-v4`'s general-purpose `sign()` costs about 40 µs of CPU
 * per DynamoDB request: it clones the request, normalises its providers,
 * hashes the credentials on every call to look up its signing key cache,
 * converts every string to a `Uint8Array` and back to hex, and runs three
 * regular expressions over every header value. Here the steps that do not
 * change from call to call are done once: the signing key (four HMACs) once
 * per day and credentials, the date strings once per second, the canonical
 * path once per endpoint. What is left per request is one body hash, one
 * canonical request hash and one HMAC.
 */
import type { Credentials, HttpRequest } from "./types.js";

const ALGORITHM = "AWS4-HMAC-SHA256";

/**
 * The hashing SigV4 needs. A backend may answer synchronously (node:crypto,
 * sha256-js) or with a promise (Web Crypto); the signer awaits only promises.
 */
export interface SigningCrypto<Key> {
  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request"). */
  signingKey(secret: string, day: string, region: string, service: string): Key | Promise<Key>;
  /** The lower-case hex SHA-256 of a string's UTF-8 bytes. */
  sha256Hex(text: string): string | Promise<string>;
  /** The lower-case hex HMAC-SHA256 of a string's UTF-8 bytes under a signing key. */
  hmacHex(key: Key, text: string): string | Promise<string>;
}

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

/** RFC 3986 encoding: encodeURIComponent plus the five characters it leaves. */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
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
  return `${leading}${segments.map(escapeUri).join("/")}${trailing}`;
}

/**
 * The canonical query string: parameters sorted by encoded name, the values
 * of a repeated name sorted as `name=value` pairs, `X-Amz-Signature` left out.
 */
export function canonicalQuery(params: URLSearchParams): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (name.toLowerCase() === "x-amz-signature") continue;
    const encoded = escapeUri(name);
    const pairs = byName.get(encoded);
    const pair = `${encoded}=${escapeUri(value)}`;
    if (pairs) pairs.push(pair);
    else byName.set(encoded, [pair]);
  }
  return [...byName.keys()]
    .sort()
    .map((name) => byName.get(name)!.sort().join("&"))
    .join("&");
}

/** `x-amz-date` for a time in milliseconds: `20240101T000000Z`. */
function amzDate(ms: number): string {
  // toISOString gives 2024-01-01T00:00:00.000Z; SigV4 wants the basic format without milliseconds.
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** Throws smithy's error for a provider's answer without string keys. */
export function checkCredentials(credentials: Credentials): void {
  if (typeof credentials !== "object" || credentials === null || typeof credentials.accessKeyId !== "string" || typeof credentials.secretAccessKey !== "string") {
    throw new Error("Resolved credential object is not valid");
  }
}

/** The signing key of one day and one set of credentials, with what depends on it. */
interface DayKey<Key> {
  readonly day: string;
  readonly accessKeyId: string;
  readonly secret: string;
  readonly key: Key;
  readonly scope: string;
  /** `AWS4-HMAC-SHA256 Credential=<id>/<scope>, `: the start of every Authorization header. */
  readonly credentialPart: string;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === "function";
}

/**
 * Signs requests for one service in one region with a `SigningCrypto`,
 * caching what does not change between requests. Safe to share between
 * concurrent requests: each reads one consistent day key.
 */
export class SigV4<Key> {
  readonly #service: string;
  readonly #region: string;
  readonly #crypto: SigningCrypto<Key>;
  // Per second: the date strings.
  #second = NaN;
  #longDate = "";
  #day = "";
  // Per day and credentials.
  #dayKey: DayKey<Key> | undefined;
  // Per endpoint path.
  #path = "";
  #canonicalPath = "";

  constructor(service: string, region: string, crypto: SigningCrypto<Key>) {
    this.#service = service;
    this.#region = region;
    this.#crypto = crypto;
  }

  /**
   * Adds `x-amz-date`, `x-amz-security-token` (with temporary credentials)
   * and `authorization` to `request.headers`, signing every header present
   * except `user-agent` (and the others SigV4 clients leave unsigned).
   * Returns a promise only when the crypto backend does.
   */
  sign(request: HttpRequest, time: number, credentials: Credentials): void | Promise<void> {
    const second = Math.floor(time / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#longDate = amzDate(time);
      this.#day = this.#longDate.slice(0, 8);
    }
    const longDate = this.#longDate;
    const day = this.#day;
    const current = this.#dayKey;
    if (current === undefined || current.day !== day || current.secret !== credentials.secretAccessKey || current.accessKeyId !== credentials.accessKeyId) {
      const derived = this.#deriveKey(day, credentials);
      if (isPromise(derived)) return derived.then((dayKey) => this.#signWith(dayKey, request, longDate, credentials));
      return this.#signWith(derived, request, longDate, credentials);
    }
    return this.#signWith(current, request, longDate, credentials);
  }

  #deriveKey(day: string, credentials: Credentials): DayKey<Key> | Promise<DayKey<Key>> {
    const scope = `${day}/${this.#region}/${this.#service}/aws4_request`;
    const make = (key: Key): DayKey<Key> =>
      (this.#dayKey = {
        day,
        accessKeyId: credentials.accessKeyId,
        secret: credentials.secretAccessKey,
        key,
        scope,
        credentialPart: `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, `,
      });
    const key = this.#crypto.signingKey(credentials.secretAccessKey, day, this.#region, this.#service);
    return isPromise(key) ? key.then(make) : make(key);
  }

  #signWith(dayKey: DayKey<Key>, request: HttpRequest, longDate: string, credentials: Credentials): void | Promise<void> {
    const { url } = request;
    const path = url.pathname;
    if (path !== this.#path) {
      this.#path = path;
      this.#canonicalPath = canonicalPath(path);
    }
    const canonicalUri = this.#canonicalPath;
    const query = url.search === "" ? "" : canonicalQuery(url.searchParams);

    const headers = request.headers;
    const lowerCase = allLowerCase(headers);
    if (lowerCase) {
      for (const name of GENERATED) delete headers[name];
    } else {
      for (const name of Object.keys(headers)) if (GENERATED.has(name.toLowerCase())) delete headers[name];
    }
    headers["x-amz-date"] = longDate;
    if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;

    // The names as they are when all are lower case (the runtime's own
    // requests); else smithy's way: the original names in order, lower-cased,
    // a later duplicate replacing an earlier one.
    let names: string[];
    let values: Record<string, string | undefined> = headers;
    if (lowerCase) {
      names = [];
      for (const name in headers) if (headers[name] != undefined && signable(name)) names.push(name);
    } else {
      values = Object.create(null) as Record<string, string>;
      for (const name of Object.keys(headers).sort()) {
        const lower = name.toLowerCase();
        if (headers[name] != undefined && signable(lower)) values[lower] = headers[name];
      }
      names = Object.keys(values);
    }
    names.sort();
    let canonicalHeaders = "";
    for (const name of names) canonicalHeaders += `${name}:${canonicalValue(values[name]!)}\n`;
    const signedHeaders = names.join(";");

    const head = `${request.method}\n${canonicalUri}\n${query}\n${canonicalHeaders}\n${signedHeaders}\n`;
    const credentialPart = `${dayKey.credentialPart}SignedHeaders=${signedHeaders}, Signature=`;
    // Synchronous backends (node:crypto) finish here, without a promise.
    const crypto = this.#crypto;
    const bodyHash = crypto.sha256Hex(request.body);
    if (typeof bodyHash === "string") {
      const requestHash = crypto.sha256Hex(head + bodyHash);
      if (typeof requestHash === "string") {
        const signature = crypto.hmacHex(dayKey.key, `${ALGORITHM}\n${longDate}\n${dayKey.scope}\n${requestHash}`);
        if (typeof signature === "string") {
          headers["authorization"] = credentialPart + signature;
          return;
        }
      }
    }
    return this.#finishAsync(dayKey, headers, head, credentialPart, longDate, bodyHash);
  }

  /** The hashing steps with an asynchronous backend (Web Crypto). */
  async #finishAsync(
    dayKey: DayKey<Key>,
    headers: Record<string, string>,
    head: string,
    credentialPart: string,
    longDate: string,
    bodyHash: string | Promise<string>,
  ): Promise<void> {
    const requestHash = await this.#crypto.sha256Hex(head + (await bodyHash));
    headers["authorization"] = credentialPart + (await this.#crypto.hmacHex(dayKey.key, `${ALGORITHM}\n${longDate}\n${dayKey.scope}\n${requestHash}`));
  }
}

function signable(name: string): boolean {
  return !UNSIGNABLE.has(name) && !name.startsWith("proxy-") && !name.startsWith("sec-");
}

function allLowerCase(headers: Record<string, string | undefined>): boolean {
  for (const name in headers) if (name !== name.toLowerCase()) return false;
  return true;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? "0" : "") + bytes[i]!.toString(16);
  return out;
}
