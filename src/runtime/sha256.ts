/**
 * The SHA-256 / HMAC-SHA256 constructor handed to the SigV4 signer.
 *
 * The signer hashes every request body and runs several HMACs per request, so
 * in Node we use OpenSSL through `node:crypto`, several times faster than the
 * portable JavaScript implementation. Runtimes without `node:crypto` fall back
 * to `@aws-crypto/sha256-js`, which implements the same interface; it is
 * imported only there, on the first digest, since loading it (and its tslib)
 * costs Node about 40 ms of CPU at start-up for nothing. (Not with a
 * top-level await: that would stop bundlers from emitting CommonJS.)
 */
import type * as NodeCrypto from "node:crypto";

/** Input accepted by `update` and as an HMAC key, as in `@smithy/types`' `SourceData`. */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

/** A hash (or, given a key, an HMAC) in the shape `@smithy/signature-v4` expects. */
export interface Sha256Hash {
  update(data: SourceData): void;
  digest(): Promise<Uint8Array>;
}

/** `new Sha256()` hashes; `new Sha256(key)` computes an HMAC with that key. */
export type Sha256Constructor = new (secret?: SourceData) => Sha256Hash;

/** node:crypto takes strings and any ArrayBufferView as they are; only a bare ArrayBuffer needs a view. */
function bytes(data: SourceData): NodeCrypto.BinaryLike {
  return typeof data === "string" || ArrayBuffer.isView(data) ? (data as NodeCrypto.BinaryLike) : new Uint8Array(data);
}

// `getBuiltinModule` (Node >= 20.16) loads node:crypto without a static
// import, so this module still loads where node:crypto does not exist.
const nodeCrypto = (globalThis.process as { getBuiltinModule?: (id: string) => unknown } | undefined)?.getBuiltinModule?.(
  "node:crypto",
) as typeof NodeCrypto | undefined;

function nodeSha256(crypto: typeof NodeCrypto): Sha256Constructor {
  return class NodeSha256 implements Sha256Hash {
    readonly #hash: NodeCrypto.Hash | NodeCrypto.Hmac;
    constructor(secret?: SourceData) {
      // Like @aws-crypto/sha256-js, an empty string key means "no key".
      this.#hash = secret === undefined || secret === "" ? crypto.createHash("sha256") : crypto.createHmac("sha256", bytes(secret));
    }
    update(data: SourceData): void {
      this.#hash.update(bytes(data));
    }
    digest(): Promise<Uint8Array> {
      return Promise.resolve(this.#hash.digest());
    }
  };
}

let jsSha256: Promise<Sha256Constructor> | undefined;

/**
 * `@aws-crypto/sha256-js` behind a constructor that needs nothing loaded:
 * `update` keeps the data (copying views, which the caller may reuse) and
 * `digest`, asynchronous anyway, imports the implementation on first use.
 */
export class PortableSha256 implements Sha256Hash {
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

/** The fastest SHA-256 available here: node:crypto when present, else `@aws-crypto/sha256-js`. */
export const Sha256: Sha256Constructor = nodeCrypto ? nodeSha256(nodeCrypto) : PortableSha256;
