/**
 * SigV4 signing in the Node build (Node, Bun, Deno): node:crypto hashes, so
 * signing is synchronous once the credentials are in hand, about 8 µs per
 * DynamoDB request. The steps are `sigv4.ts`'s, shared with the portable
 * build's `signer.portable.ts` (Web Crypto).
 */
import * as crypto from "node:crypto";
import { checkCredentials, SigV4, type SigningCrypto } from "./sigv4.js";
import type { CredentialProvider, HttpRequest } from "./types.js";

export { canonicalPath } from "./sigv4.js";

/** Signs requests for one service in one region with credentials from a provider. */
export class RequestSigner {
  readonly #credentials: CredentialProvider;
  readonly #sigv4: SigV4<NodeSigningKey>;

  constructor(options: { service: string; region: string; credentials: CredentialProvider }) {
    this.#credentials = options.credentials;
    this.#sigv4 = new SigV4(options.service, options.region, NODE_CRYPTO);
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
    // Synchronous with node:crypto: nothing to await.
    void this.#sigv4.sign(request, signingDate.getTime(), credentials);
  }
}

/** A signing key as node:crypto uses it, with its HMAC pads when the one-shot hash can compute the HMAC (see `hmacHex`). */
export interface NodeSigningKey {
  readonly key: crypto.KeyObject;
  readonly pads: HmacPads | undefined;
}

/** `crypto.hash` (Node >= 20.12): a one-shot digest without a Hash object. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex" | "latin1") => string }).hash;

/** node:crypto as SigV4's hashing, all synchronous. */
export const NODE_CRYPTO: SigningCrypto<NodeSigningKey> = {
  signingKey(secret, day, region, service) {
    const hmac = (key: string | Buffer, data: string): Buffer => crypto.createHmac("sha256", key).update(data).digest();
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
    // The string to sign is the scope plus ASCII (date, hex digests); the
    // pads need it all ASCII.
    return { key: crypto.createSecretKey(key), pads: oneShot && isAscii(region + service) ? hmacPads(key) : undefined };
  },
  sha256Hex(text) {
    return oneShot ? oneShot("sha256", text, "hex") : crypto.createHash("sha256").update(text).digest("hex");
  },
  hmacHex(key, text) {
    return key.pads ? hmacHex(key.pads, text) : crypto.createHmac("sha256", key.key).update(text).digest("hex");
  },
};

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
