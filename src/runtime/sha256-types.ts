/** The shape of the SHA-256 constructors both builds export (`sha256.ts`, `sha256.portable.ts`). */

/** Input accepted by `update` and as an HMAC key, as in `@smithy/types`' `SourceData`. */
export type SourceData = string | ArrayBuffer | ArrayBufferView;

/** A hash (or, given a key, an HMAC) in the shape `@smithy/signature-v4` expects. */
export interface Sha256Hash {
  update(data: SourceData): void;
  digest(): Promise<Uint8Array>;
}

/** `new Sha256()` hashes; `new Sha256(key)` computes an HMAC with that key. */
export type Sha256Constructor = new (secret?: SourceData) => Sha256Hash;
