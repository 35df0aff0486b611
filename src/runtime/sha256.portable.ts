/**
 * A SHA-256 / HMAC-SHA256 constructor in the shape `@smithy/signature-v4`
 * and other AWS libraries take, for the portable build, on `sha256-js.ts`
 * (the Node build's twin, `sha256.ts`, uses node:crypto).
 */
import { hmacSha256, sha256 } from "./sha256-js.js";
import type { SourceData, Sha256Hash } from "./sha256-types.js";

export type { SourceData, Sha256Constructor, Sha256Hash } from "./sha256-types.js";

const utf8 = new TextEncoder();

/**
 * `update` keeps the data (copying views, which the caller may reuse);
 * `digest` hashes it all, or computes its HMAC when the constructor was given
 * a key (an empty string key means none, as in `@aws-crypto/sha256-js`).
 */
export class Sha256 implements Sha256Hash {
  readonly #key: Uint8Array | undefined;
  readonly #chunks: Uint8Array[] = [];

  constructor(secret?: SourceData) {
    this.#key = secret === undefined || secret === "" ? undefined : bytes(secret);
  }

  update(data: SourceData): void {
    this.#chunks.push(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    const chunks = this.#chunks;
    let data = chunks.length === 1 ? chunks[0]! : new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    if (chunks.length !== 1) {
      let offset = 0;
      for (const chunk of chunks) {
        data.set(chunk, offset);
        offset += chunk.length;
      }
    }
    return this.#key ? hmacSha256(this.#key, data) : sha256(data);
  }
}

/** The bytes of `data`: strings as UTF-8, views and buffers copied. */
function bytes(data: SourceData): Uint8Array {
  if (typeof data === "string") return utf8.encode(data);
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) : new Uint8Array(data.slice(0));
}
