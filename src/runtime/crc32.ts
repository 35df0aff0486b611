/**
 * CRC-32 (IEEE 802.3, the zlib polynomial) for checking DynamoDB's
 * `x-amz-crc32` response header, which carries the checksum of the raw body as
 * an unsigned decimal integer.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html#Programming.LowLevelAPI.ResponseFormat
 *
 * The Node build's: the table (`crc32-table.ts`, which the portable build's
 * twin, `crc32.portable.ts`, always uses) for small bodies, and zlib's native
 * CRC-32 where Node has it (>= 20.15) for larger ones. zlib is loaded on the
 * first large body, not at import: a short-lived process whose answers are
 * small (a GetItem) never loads it.
 */
import type * as Zlib from "node:zlib";
import { crc32Table } from "./crc32-table.js";

export { crc32Table } from "./crc32-table.js";

/** Bodies up to this many bytes are checked with the table; a call to zlib costs more than that. */
const TABLE_LIMIT = 1024; // bytes

type Native = ((data: Uint8Array) => number) | undefined;
let native: Native | null = null; // null: not looked up yet

/** CRC-32 of `data` as an unsigned 32-bit integer. */
export function crc32(data: Uint8Array): number {
  if (data.length <= TABLE_LIMIT) return crc32Table(data);
  // zlib.crc32 runs zlib's vectorised C code, an order of magnitude faster
  // than the table for large bodies.
  if (native === null) native = (process.getBuiltinModule("node:zlib") as typeof Zlib & { crc32?: (data: Uint8Array) => number }).crc32;
  return native ? native(data) >>> 0 : crc32Table(data);
}
