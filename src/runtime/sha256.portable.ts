/**
 * A SHA-256 / HMAC-SHA256 constructor in the shape `@smithy/signature-v4`
 * and other AWS libraries take, for the portable build: `@aws-crypto/sha256-js`,
 * imported on the first digest (the Node build's twin, `sha256.ts`, uses
 * node:crypto). Not with a top-level await: that would stop bundlers from
 * emitting CommonJS.
 */
import type { SourceData, Sha256Constructor, Sha256Hash } from "./sha256-types.js";

export type { SourceData, Sha256Constructor, Sha256Hash } from "./sha256-types.js";

let jsSha256: Promise<Sha256Constructor> | undefined;

/**
 * `@aws-crypto/sha256-js` behind a constructor that needs nothing loaded:
 * `update` keeps the data (copying views, which the caller may reuse) and
 * `digest`, asynchronous anyway, imports the implementation on first use.
 */
export class Sha256 implements Sha256Hash {
  readonly #secret: SourceData | undefined;
  readonly #chunks: SourceData[] = [];

  constructor(secret?: SourceData) {
    this.#secret = typeof secret === "string" || secret === undefined ? secret : copy(secret);
  }

  update(data: SourceData): void {
    this.#chunks.push(typeof data === "string" ? data : copy(data));
  }

  async digest(): Promise<Uint8Array> {
    jsSha256 ??= import("@aws-crypto/sha256-js").then((m) => m.Sha256 as Sha256Constructor);
    const hash = new (await jsSha256)(this.#secret);
    for (const chunk of this.#chunks) hash.update(chunk);
    return hash.digest();
  }
}

function copy(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) : new Uint8Array(data.slice(0));
}

