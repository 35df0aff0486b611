/**
 * Batch helpers: any number of writes or reads through BatchWriteItem and
 * BatchGetItem, split to the service's limits, retried with backoff, and
 * every request accounted for in the result.
 */
export { batchWriteAll, type BatchWriteOptions, type BatchWriteResult, type WriteRequest, type WriteRequests } from "./batch-write.js";
export { batchGetAll, type BatchGetResult, type GetRequests, type TableKeys } from "./batch-get.js";
export type { BatchRunOptions, ChunkFailure } from "./run.js";
export { itemSize, keyString, MAX_ITEM_BYTES, type AttributeMap } from "./items.js";
export {
  batchGetDocuments,
  batchWriteDocuments,
  type BatchGetDocumentsOptions,
  type BatchWriteDocumentsOptions,
  type DocumentTableKeys,
} from "./documents.js";
