/**
 * The runtime's public entry (`dynaport/runtime`): everything generated
 * clients and advanced users need, and nothing else.
 */
export type {
  CallOptions,
  CredentialProvider,
  Credentials,
  Environment,
  HttpRequest,
  HttpResponse,
  JsonObject,
  JsonValue,
  Logger,
  ResponseMetadata,
  ServiceMetadata,
  Transport,
  TransportOptions,
} from "./types.js";
export { resolveConfig, type ClientConfig, type ResolvedConfig, type RetryMode } from "./config.js";
export { AwsJsonClient, RUNTIME_VERSION, type CallResult } from "./json-client.js";
export {
  defaultErrorFactory,
  parseResponse,
  sanitizeErrorCode,
  wireErrors,
  type BodyReader,
  type ErrorClass,
  type ErrorContext,
  type ErrorFactory,
  type ModeledErrors,
} from "./response.js";
export { JsonReader, JsonReadError } from "./json-reader.js";
export {
  AbortError,
  ChecksumMismatchError,
  ClientClosedError,
  ConfigError,
  ConnectionError,
  ConnectTimeoutError,
  DynaportError,
  InvalidResponseError,
  ParamValidationError,
  RequestTimeoutError,
  ServiceException,
  TruncatedResponseError,
  type Fault,
  type ServiceExceptionOptions,
  type ValidationProblem,
} from "./errors.js";
export { UndiciTransport, type UndiciTransportOptions } from "./undici-transport.js";
export { NodeHttpTransport, type NodeHttpTransportOptions } from "./node-http-transport.js";
export { DefaultTransport, type DefaultTransportOptions } from "./default-transport.js";
export { FetchTransport } from "./fetch-transport.js";
export { RequestSigner } from "./signer.js";
export { Sha256, type Sha256Constructor } from "./sha256.js";
export { crc32 } from "./crc32.js";
export { classifyError, retryAfterFromHeaders, RetryBudget, type RetryKind } from "./retry.js";
export { AdaptiveRateLimiter } from "./rate-limiter.js";
export {
  credentialProviderFrom,
  defaultProvider,
  fromStatic,
  fromEnv,
  fromProfile,
  fromProcess,
  fromSso,
  fromWebIdentity,
  fromContainer,
  fromInstanceMetadata,
  chain,
  memoize,
  CredentialsProviderError,
  type DefaultChainOptions,
  type SourceAttempt,
  type SsoOptions,
} from "./credentials/index.js";
export { resolveEndpoint, resolveEndpointDetails, resolveRegion, EndpointError, type EndpointParams, type ResolvedEndpoint, type RuleSet } from "./endpoints/index.js";
export * from "./validate.js";
export * from "./serde.js";
export * from "./paginate.js";
export * from "./waiter.js";
