/**
 * CRC-32 (IEEE 802.3, the zlib polynomial) for checking DynamoDB's
 * `x-amz-crc32` response header, which carries the checksum of the raw body as
 * an unsigned decimal integer.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html#Programming.LowLevelAPI.ResponseFormat
 *
 * The portable build's: the table (`crc32-table.ts`). The Node build's twin,
 * `crc32.ts`, uses zlib's native CRC-32.
 */
import { crc32Table } from "./crc32-table.js";

export { crc32Table } from "./crc32-table.js";

/** CRC-32 of `data` as an unsigned 32-bit integer. */
export const crc32: (data: Uint8Array) => number = crc32Table;
