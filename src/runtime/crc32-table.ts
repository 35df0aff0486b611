/**
 * CRC-32 (IEEE 802.3, the zlib polynomial) for checking DynamoDB's
 * `x-amz-crc32` response header, which carries the checksum of the raw body as
 * an unsigned decimal integer.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html#Programming.LowLevelAPI.ResponseFormat
 *
 * This is the table-driven CRC both builds can run; the Node build's
 * `crc32.ts` prefers zlib's native one.
 */

let table: Uint32Array | undefined;

/** A byte-at-a-time table lookup (the table is built on first use). */
export function crc32Table(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
