/**
 * Undoes a response's `content-encoding`, shared by the node:http and undici
 * transports so that every transport hands over the bytes fetch would.
 */
import type * as Zlib from "node:zlib";

/** node:zlib, loaded on first use: no AWS JSON request asks for compression, so most processes never need it (it costs a few ms to load). */
let zlib: typeof Zlib | undefined;

/**
 * Returns `body` with `encoding` (gzip, deflate, br) undone; an unknown or
 * `identity` encoding leaves it as it is. No request asks for compression,
 * but a proxy may apply it anyway. Callers keep the header, which tells the
 * client the CRC32 (computed over the encoded bytes) cannot be checked.
 * Throws zlib's error for a damaged body.
 */
export function decode(encoding: string, body: Buffer): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return load().gunzipSync(body);
    case "deflate":
      return load().inflateSync(body);
    case "br":
      return load().brotliDecompressSync(body);
    default:
      return body;
  }
}

function load(): typeof Zlib {
  return (zlib ??= process.getBuiltinModule("node:zlib"));
}
