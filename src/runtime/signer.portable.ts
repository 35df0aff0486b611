/**
 * SigV4 signing in the portable build (browsers, workers, React Native):
 * Web Crypto's HMAC and SHA-256 (`crypto.subtle`, asynchronous) where the
 * runtime has them, with the steps of `sigv4.ts` that the Node build shares.
 *
 * Where `crypto.subtle` is missing (React Native's Hermes, a page served over
 * plain http from another host than localhost), the same steps hash with
 * `sha256-js.ts`, synchronous and about 1 KB minified in an app's bundle,
 * where `@aws-crypto/sha256-js` (with tslib) cost about 6 KB and the
 * general-purpose `@smithy/signature-v4` about 22 KB.
 */
// Types only (erased): the project compiles without the DOM library, and
// Node's types describe the same Web Crypto API.
import type { webcrypto } from "node:crypto";
import { hmacSha256, sha256 } from "./sha256-js.js";
import { checkCredentials, SigV4, toHex, type SigningCrypto } from "./sigv4.js";
import type { CredentialProvider, HttpRequest } from "./types.js";

export { canonicalPath } from "./sigv4.js";

/** Signs requests for one service in one region with credentials from a provider. */
export class RequestSigner {
  readonly #service: string;
  readonly #region: string;
  readonly #credentials: CredentialProvider;
  /** With Web Crypto; absent where the runtime has none. */
  readonly #sigv4: SigV4<CryptoKey> | undefined;
  /** With `sha256-js.ts` where there is no Web Crypto, created on first need. */
  #fallback: SigV4<Uint8Array> | undefined;

  constructor(options: { service: string; region: string; credentials: CredentialProvider }) {
    this.#service = options.service;
    this.#region = options.region;
    this.#credentials = options.credentials;
    const subtle = globalThis.crypto?.subtle;
    this.#sigv4 = subtle ? new SigV4(options.service, options.region, webCrypto(subtle)) : undefined;
  }

  /**
   * Adds `x-amz-date`, `x-amz-security-token` (with temporary credentials)
   * and `authorization` to `request.headers`, signing every header present
   * except `user-agent` (and the others SigV4 clients leave unsigned).
   * `signingDate` is the clock-skew corrected time.
   */
  async sign(request: HttpRequest, signingDate: Date): Promise<void> {
    const credentials = await this.#credentials();
    checkCredentials(credentials);
    if (this.#sigv4) return this.#sigv4.sign(request, signingDate.getTime(), credentials);
    this.#fallback ??= new SigV4(this.#service, this.#region, jsCrypto());
    return this.#fallback.sign(request, signingDate.getTime(), credentials);
  }
}

type CryptoKey = webcrypto.CryptoKey;
type SubtleCrypto = webcrypto.SubtleCrypto;
type BufferSource = ArrayBuffer | ArrayBufferView;

const utf8 = new TextEncoder();
const HMAC = { name: "HMAC", hash: "SHA-256" } as const;

/** Web Crypto as SigV4's hashing: every step a promise. */
export function webCrypto(subtle: SubtleCrypto): SigningCrypto<CryptoKey> {
  const hmacKey = (raw: BufferSource): Promise<CryptoKey> => subtle.importKey("raw", raw, HMAC, false, ["sign"]);
  const hmac = async (key: BufferSource, data: string): Promise<ArrayBuffer> => subtle.sign("HMAC", await hmacKey(key), utf8.encode(data));
  return {
    async signingKey(secret, day, region, service) {
      let key = await hmac(utf8.encode(`AWS4${secret}`), day);
      key = await hmac(key, region);
      key = await hmac(key, service);
      return hmacKey(await hmac(key, "aws4_request"));
    },
    async sha256Hex(text) {
      return toHex(new Uint8Array(await subtle.digest("SHA-256", utf8.encode(text))));
    },
    async hmacHex(key, text) {
      return toHex(new Uint8Array(await subtle.sign("HMAC", key, utf8.encode(text))));
    },
  };
}

/**
 * SHA-256 and HMAC in plain JavaScript (`sha256-js.ts`) as SigV4's hashing,
 * all synchronous; the signing key is the raw kSigning bytes.
 */
export function jsCrypto(): SigningCrypto<Uint8Array> {
  const hmac = (key: string | Uint8Array, data: string): Uint8Array => hmacSha256(typeof key === "string" ? utf8.encode(key) : key, utf8.encode(data));
  return {
    signingKey(secret, day, region, service) {
      return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
    },
    sha256Hex(text) {
      return toHex(sha256(utf8.encode(text)));
    },
    hmacHex(key, text) {
      return toHex(hmac(key, text));
    },
  };
}
