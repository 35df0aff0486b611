/**
 * dynaport: a generated DynamoDB client on a small hand-written runtime, and
 * the layers people use it through.
 *
 * - `DynamoDBClient` and one function per operation (`getItem(client, input)`):
 *   a bundle holds only the operations an app imports. `GetItem` etc. are the
 *   operations' wire descriptors, for `sendOperation(client, GetItem, wireJson)`.
 * - `DynamoDB`: the same client with one typed method per operation, plus
 *   `send(operation, wireJson)` for the AWS API reference's wire form.
 * - `DynamoDBDocument`, `marshall`, `unmarshall`: plain JavaScript values.
 * - `paginate*`, `waitUntil*`: generated from the model's paginators and waiters.
 * - `batchWriteAll`, `batchGetAll`: any number of requests, nothing dropped.
 * - `queryAndUpdate`: query candidates, then claim each one exactly once.
 *
 * The runtime (transports, credentials, retries) is at `dynaport/runtime`;
 * the DynamoDB Streams client at `dynaport/dynamodb-streams`.
 */
export * from "./generated/dynamodb/index.js";
export * from "./document/index.js";
export {
  batchWriteAll,
  batchGetAll,
  itemSize,
  MAX_ITEM_BYTES,
  type BatchWriteOptions,
  type BatchWriteResult,
  type BatchGetResult,
  type GetRequests,
  type TableKeys,
  type BatchRunOptions,
  type ChunkFailure,
} from "./batch/index.js";
export * from "./query-and-update/index.js";
export {
  ServiceException,
  ParamValidationError,
  DynaportError,
  AbortError,
  ConnectionError,
  ConnectTimeoutError,
  RequestTimeoutError,
  InvalidResponseError,
  ChecksumMismatchError,
  TruncatedResponseError,
  ConfigError,
  type ClientConfig,
  type CallOptions,
  type Credentials,
  type CredentialProvider,
  type Logger,
  type ResponseMetadata,
  type ValidationProblem,
} from "./runtime/index.js";
