/**
 * A SHA-256 / HMAC-SHA256 constructor in the shape `@smithy/signature-v4`
 * and other AWS libraries take (`new Sha256(key?)`, `update`, `digest`).
 *
 * In the Node build it is OpenSSL through node:crypto, several times faster
 * than a JavaScript implementation; the portable build's twin
 * (`sha256.portable.ts`) runs the plain JavaScript of `sha256-js.ts`.
 */
import * as NodeCrypto from "node:crypto";
import type { SourceData, Sha256Hash } from "./sha256-types.js";

export type { SourceData, Sha256Constructor, Sha256Hash } from "./sha256-types.js";

/** node:crypto takes strings and any ArrayBufferView as they are; only a bare ArrayBuffer needs a view. */
function bytes(data: SourceData): NodeCrypto.BinaryLike {
  return typeof data === "string" || ArrayBuffer.isView(data) ? (data as NodeCrypto.BinaryLike) : new Uint8Array(data);
}

/** SHA-256, or with a key HMAC-SHA256, by node:crypto. */
export class Sha256 implements Sha256Hash {
  readonly #hash: NodeCrypto.Hash | NodeCrypto.Hmac;
  constructor(secret?: SourceData) {
    // Like @aws-crypto/sha256-js, an empty string key means "no key".
    this.#hash = secret === undefined || secret === "" ? NodeCrypto.createHash("sha256") : NodeCrypto.createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }
}
