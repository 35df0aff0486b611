/**
 * CRC-32 (IEEE 802.3, the zlib polynomial) for checking DynamoDB's
 * `x-amz-crc32` response header, which carries the checksum of the raw body as
 * an unsigned decimal integer.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html#Programming.LowLevelAPI.ResponseFormat
 *
 * The Node build's: zlib's native CRC-32 where Node has it (>= 20.15), else
 * the table (`crc32-table.ts`, which the portable build's twin,
 * `crc32.portable.ts`, always uses).
 */
import * as zlib from "node:zlib";
import { crc32Table } from "./crc32-table.js";

export { crc32Table } from "./crc32-table.js";

// zlib.crc32 runs zlib's vectorised C code, an order of magnitude faster than
// the table for large bodies.
const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 of `data` as an unsigned 32-bit integer. */
export const crc32: (data: Uint8Array) => number = native ? (data) => native(data) >>> 0 : crc32Table;
