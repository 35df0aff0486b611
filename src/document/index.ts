/**
 * The plain-value layer: `marshall`/`unmarshall` between JavaScript values and
 * DynamoDB attribute values, and `DynamoDBDocument`, the data-plane operations
 * with plain keys, items and values, optionally with versioned writes, and
 * its paginators (`paginateQuery`, `paginateScan`) over plain pages.
 */
export { marshall, convertToAttr } from "./marshall.js";
export { unmarshall, convertToNative } from "./unmarshall.js";
export { NumberValue } from "./number-value.js";
export { MarshallError, VersionConflictError } from "./errors.js";
export {
  DocumentConditionalCheckFailedException,
  DocumentTransactionCanceledException,
  TransactionVersionConflictError,
  type TransactionVersionConflict,
} from "./condition-errors.js";
export { DynamoDBDocument, type DocumentClientOptions } from "./document-client.js";
export { sendDocument } from "./send.js";
export { jsonSafe, jsonSafeNumber } from "./json-safe.js";
export type { DocumentPaginateOptions } from "./paging.js";
export type * from "./inputs.js";
export type { DocumentItem, MarshallOptions, NativeValue, UnmarshallOptions, WireAttributeValue, WireItem } from "./types.js";
