/**
 * `dynaport/appsync`: AppSync DynamoDB resolver request documents, run
 * against any DynamoDB endpoint, and AppSync's `util.dynamodb` helpers.
 */
export { ResolverError, type RequestProblem } from "./errors.js";
export {
  runResolverRequest,
  validateResolverRequest,
  type ResolverRequest,
  type ResolverRequestDocument,
  type ResolverRequestOptions,
  type ResolverValidationOptions,
  type ResolverCondition,
  type ResolverExpression,
  type ConditionFailure,
  type ConditionDecision,
} from "./run.js";
export type {
  QueryRequest,
  ScanRequest,
  PageResult,
  CollectionExpression,
  ProjectionExpression,
  SelectValue,
  BatchGetItemRequest,
  BatchGetItemResult,
  BatchPutItemRequest,
  BatchPutItemResult,
  BatchDeleteItemRequest,
  BatchDeleteItemResult,
  TransactGetItemsRequest,
  TransactGetItemsResult,
  TransactWriteItemsRequest,
  TransactWriteItemsResult,
  TransactWriteItem,
  TransactCondition,
  CancellationReason,
} from "./collections.js";
export type { TypedValue, TypedMap } from "./typed-values.js";
export { dynamodb, type S3Object } from "./util-dynamodb.js";
