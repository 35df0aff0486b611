/**
 * Client options, and their resolution into the values one client uses for
 * its whole life. Every default lives here, with its unit beside it.
 */
import { configFileRegion, credentialProviderFrom } from "./credentials/index.js";
import { processEnv } from "./environment.js";
import { resolveEndpointDetails, resolveRegion, type EndpointParams, type ResolvedEndpoint } from "./endpoints/index.js";
import { ConfigError } from "./errors.js";
import type { CredentialProvider, Credentials, Environment, Logger, ServiceMetadata, Transport } from "./types.js";

/** How failed attempts are retried. */
export type RetryMode = "standard" | "adaptive";

/** Options accepted by every generated client's constructor. */
export interface ClientConfig {
  /**
   * AWS region, e.g. `eu-west-1`; else `AWS_REGION`, else `AWS_DEFAULT_REGION`,
   * else the `region` of the profile in effect (`AWS_PROFILE`, else `default`)
   * in the shared config file, as the AWS CLI reads it.
   */
  region?: string;
  /** A custom endpoint (DynamoDB Local, dynalite, a proxy), path and port included. */
  endpoint?: string | URL;
  /** Static keys or an async provider; else the default credential chain. */
  credentials?: Credentials | CredentialProvider;
  /** Attempts per call including the first; 1 disables retries. Else `AWS_MAX_ATTEMPTS`, else 3. */
  maxAttempts?: number;
  /**
   * `standard` (default): exponential backoff with full jitter and a retry budget.
   * `adaptive`: the same, plus a client-side rate limiter that slows the
   * client down while the service is throttling it.
   * Else `AWS_RETRY_MODE` (`legacy` counts as `standard`).
   */
  retryMode?: RetryMode;
  /**
   * Milliseconds one attempt may take from sending to the last byte; 0 for no
   * limit. Default 60 s. Time spent queued for a free connection does not
   * count (the caller's `AbortSignal` bounds that). Enforced by the transport,
   * as the built-in ones do.
   */
  requestTimeout?: number;
  /**
   * Milliseconds to establish a connection (TCP and TLS) with the default
   * transport. Default 10 s.
   */
  connectTimeout?: number;
  /** Connections kept open to the endpoint; further requests wait in a queue. Default 50. Applies to the default transport. */
  maxConnections?: number;
  /** Receives one `debug` line per attempt; never anything secret. */
  logger?: Logger;
  /** Use the FIPS endpoint; else `AWS_USE_FIPS_ENDPOINT`. */
  useFipsEndpoint?: boolean;
  /** Use the dual-stack (IPv6) endpoint; else `AWS_USE_DUALSTACK_ENDPOINT`. */
  useDualstackEndpoint?: boolean;
  /**
   * Replaces the default transport, e.g. with `FetchTransport` or a shared
   * `UndiciTransport`. The default (`DefaultTransport`) sends the first 64
   * requests over node:http, which starts fast, then moves to undici, which
   * costs less per request.
   */
  transport?: Transport;
  /**
   * Send every operation to the endpoint's own host, without the host prefix
   * some models give an operation (`data-` for servicediscovery's
   * DiscoverInstances). Default false; a proxy or local endpoint that cannot
   * answer prefixed host names needs it.
   */
  disableHostPrefix?: boolean;
  /**
   * Check requests beyond the model before sending them, where the service's
   * client adds such checks: DynamoDB's expressions (syntax, placeholders,
   * reserved words, overlapping update paths, size limits). Default true;
   * false sends expressions unread and leaves them to the service.
   */
  checkExpressions?: boolean;
  /** Base of the exponential backoff in milliseconds. Default 100 ms; throttling errors use 5x this. */
  retryBaseDelay?: number;
  /** Upper bound of one backoff sleep in milliseconds. Default 20 s. */
  maxRetryDelay?: number;
  /** Size of the retry budget (token bucket): a retry costs 5 tokens, 10 after a timeout. Default 500. */
  retryBudget?: number;
}

/** `ClientConfig` with every default applied, fixed for the life of a client. */
export interface ResolvedConfig {
  readonly region: string;
  readonly endpoint: URL;
  /** The region in the SigV4 scope; the endpoint rules may name another than `region` (DynamoDB's `local`). */
  readonly signingRegion: string;
  /** The service name in the SigV4 scope: the endpoint rules', else the model's. */
  readonly signingName: string;
  /** Headers the endpoint rules ask every request to carry (usually none). */
  readonly endpointHeaders: Readonly<Record<string, string>>;
  /** Never printed: hidden from `JSON.stringify` and `util.inspect`. */
  readonly credentials: CredentialProvider;
  /**
   * The endpoint for an operation that sets endpoint rule parameters of its
   * own (DynamoDB's `SearchVectors`: `IsSearchOperation`), resolved from the
   * same region, endpoint option and FIPS/dual-stack settings as `endpoint`.
   * Throws the rules' `EndpointError` when they refuse the combination.
   * Not enumerable.
   */
  readonly endpointFor: (params: EndpointParams) => ResolvedEndpoint;
  readonly maxAttempts: number;
  readonly retryMode: RetryMode;
  readonly requestTimeout: number;
  readonly connectTimeout: number;
  readonly maxConnections: number;
  readonly logger: Logger | undefined;
  readonly useFipsEndpoint: boolean;
  readonly useDualstackEndpoint: boolean;
  readonly transport: Transport | undefined;
  readonly disableHostPrefix: boolean;
  readonly checkExpressions: boolean;
  readonly retryBaseDelay: number;
  readonly maxRetryDelay: number;
  readonly retryBudget: number;
}

function envFlag(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  return value.toLowerCase() === "true";
}

function check(name: string, value: number, min: number, integer = false): number {
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be ${integer ? "an integer" : "a number"} >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Applies defaults and checks ranges once, when a client is built, so that no
 * call pays for it. Region, endpoint and credentials are resolved by their own
 * modules.
 */
export function resolveConfig(config: ClientConfig, service: ServiceMetadata, env: Environment = processEnv()): ResolvedConfig {
  // The portable build reads no files: no config file to fall back on there.
  const region = resolveRegion(config.region, env, configFileRegion ? () => configFileRegion({ env }) : undefined);
  const useFipsEndpoint = config.useFipsEndpoint ?? envFlag(env.AWS_USE_FIPS_ENDPOINT) ?? false;
  const useDualstackEndpoint = config.useDualstackEndpoint ?? envFlag(env.AWS_USE_DUALSTACK_ENDPOINT) ?? false;
  const endpointInput = { region, endpoint: config.endpoint, useFipsEndpoint, useDualstackEndpoint };
  const resolvedEndpoint = resolveEndpointDetails(endpointInput, service, { env });
  // AWS_RETRY_MODE and AWS_MAX_ATTEMPTS are the variables every AWS SDK reads
  // (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html);
  // "legacy" predates the standard mode and maps to it here.
  const envMode = env.AWS_RETRY_MODE?.trim().toLowerCase();
  const retryMode = config.retryMode ?? (envMode === "adaptive" ? "adaptive" : "standard");
  if (retryMode !== "standard" && retryMode !== "adaptive") {
    throw new ConfigError(`retryMode must be "standard" or "adaptive", got ${JSON.stringify(retryMode)}`);
  }
  if (envMode && !["standard", "adaptive", "legacy"].includes(envMode)) {
    throw new ConfigError(`AWS_RETRY_MODE must be standard, adaptive or legacy, got ${JSON.stringify(env.AWS_RETRY_MODE)}`);
  }
  const envAttempts = env.AWS_MAX_ATTEMPTS?.trim() ? Number(env.AWS_MAX_ATTEMPTS) : undefined;
  const resolved = {
    region,
    endpoint: resolvedEndpoint.url,
    signingRegion: resolvedEndpoint.signingRegion,
    signingName: resolvedEndpoint.signingName ?? service.signingName,
    endpointHeaders: resolvedEndpoint.headers,
    maxAttempts: check(config.maxAttempts === undefined && envAttempts !== undefined ? "AWS_MAX_ATTEMPTS" : "maxAttempts", config.maxAttempts ?? envAttempts ?? 3, 1, true),
    retryMode,
    requestTimeout: check("requestTimeout", config.requestTimeout ?? 60_000, 0), // 60 s
    connectTimeout: check("connectTimeout", config.connectTimeout ?? 10_000, 0), // 10 s
    maxConnections: check("maxConnections", config.maxConnections ?? 50, 1, true),
    logger: config.logger,
    useFipsEndpoint,
    useDualstackEndpoint,
    transport: config.transport,
    disableHostPrefix: config.disableHostPrefix ?? false,
    checkExpressions: config.checkExpressions ?? true,
    retryBaseDelay: check("retryBaseDelay", config.retryBaseDelay ?? 100, 0), // 100 ms
    maxRetryDelay: check("maxRetryDelay", config.maxRetryDelay ?? 20_000, 0), // 20 s
    retryBudget: check("retryBudget", config.retryBudget ?? 500, 0), // tokens
  } as ResolvedConfig;
  // The provider may close over secret keys: keep it out of enumeration so
  // that JSON.stringify, spreading and util.inspect never reach it.
  Object.defineProperty(resolved, "credentials", { value: credentialProviderFrom(config.credentials, { region, logger: config.logger, env }), enumerable: false });
  // Operations with endpoint parameters of their own resolve with the same
  // inputs and environment (each client resolves one set once, when first used).
  const endpointFor = (params: EndpointParams): ResolvedEndpoint => resolveEndpointDetails(endpointInput, service, { env, params });
  Object.defineProperty(resolved, "endpointFor", { value: endpointFor, enumerable: false });
  return Object.freeze(resolved);
}

