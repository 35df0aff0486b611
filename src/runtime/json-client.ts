/**
 * The AWS JSON 1.0/1.1 protocol client that every generated client calls:
 * frames, signs, sends, retries and parses one operation.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
 *
 * Everything that does not change from call to call (endpoint, host header,
 * content type, signer, transport, user agent) is settled in the constructor.
 */
import { resolveConfig, type ClientConfig, type ResolvedConfig } from "./config.js";
import type { EndpointParams } from "./endpoints/index.js";
import { AbortError, ClientClosedError, DynaportError, RequestTimeoutError, ServiceException } from "./errors.js";
import { createDefaultTransport, platformUserAgent } from "./platform.js";
import { AdaptiveRateLimiter } from "./rate-limiter.js";
import { backoffDelay, classifyError, retryAfterFromHeaders, RetryBudget, type BackoffOptions } from "./retry.js";
import { defaultErrorFactory, metadataOf, parseResponse, requestIdOf, type BodyReader, type ErrorFactory, type ModeledErrors } from "./response.js";
import { RequestSigner } from "./signer.js";
import { abortable, abortErrorFrom, sleep } from "./sleep.js";
import type { CallOptions, HttpRequest, HttpResponse, JsonObject, ResponseMetadata, ServiceMetadata, Transport } from "./types.js";

/** What one successful call returns: the output (raw JSON unless a reader was given) and the exchange's metadata. */
export interface CallResult<T = JsonObject> {
  output: T;
  $metadata: ResponseMetadata;
}

/** The version sent in `user-agent`. */
export const RUNTIME_VERSION = "0.1.0";

/**
 * The clock is corrected when the server's `Date` differs from ours by more
 * than this. `Date` has one-second resolution and arrives after some latency,
 * so smaller differences are noise; SigV4 itself tolerates five minutes.
 */
const CLOCK_SKEW_THRESHOLD = 60_000; // 60 s

/**
 * Where one set of endpoint rule parameters sends requests, and how they are
 * signed: the client's own endpoint, or an operation's (DynamoDB's
 * `SearchVectors` goes to `search-dynamodb.<region>`). Settled once per client
 * and parameter set.
 */
interface Route {
  readonly url: URL;
  /** The `host` header: the URL's host, port included. */
  readonly host: string;
  readonly signer: RequestSigner;
  /** Headers the endpoint rules ask every request to carry, when they name any. */
  readonly headers: Readonly<Record<string, string>> | undefined;
}

/** Routes one client keeps for operations with endpoint parameters, at most. */
const MAX_ROUTES = 64;

/** Fields of one attempt passed to the logger. */
interface AttemptLog {
  operation: string;
  attempt: number;
  maxAttempts: number;
  statusCode: number | undefined;
  requestId: string | undefined;
  durationMs: number;
  error?: string;
}

/**
 * Sends AWS JSON protocol requests for one service: one instance per client,
 * safe to share between any number of concurrent calls.
 */
export class AwsJsonClient {
  /** The resolved configuration (credentials are not enumerable and never print). */
  readonly config: ResolvedConfig;
  /** The service this client speaks to. */
  readonly service: ServiceMetadata;
  readonly #errors: ErrorFactory;
  readonly #transport: Transport;
  readonly #ownsTransport: boolean;
  readonly #budget: RetryBudget;
  readonly #limiter: AdaptiveRateLimiter | undefined;
  readonly #backoff: BackoffOptions;
  /** The client's endpoint: every operation without endpoint parameters of its own. */
  readonly #route: Route;
  /** Operations' endpoints, by their parameters object (a generated constant per operation); made on first use. */
  #routes: Map<EndpointParams, Route> | undefined;
  readonly #contentType: string;
  readonly #userAgent: string;
  /** Whether a logger wants per-attempt lines; when not, no timing or formatting is done. */
  readonly #debug: boolean;
  #destroyed = false;
  #clockOffset = 0;
  #lastDate: string | undefined;
  #random: () => number = Math.random;

  constructor(config: ClientConfig, service: ServiceMetadata, errors: ErrorFactory = defaultErrorFactory) {
    this.config = resolveConfig(config, service);
    this.service = service;
    this.#errors = errors;
    const c = this.config;
    this.#ownsTransport = c.transport === undefined;
    this.#transport = c.transport ?? createDefaultTransport({ maxConnections: c.maxConnections, connectTimeout: c.connectTimeout });
    this.#budget = new RetryBudget(c.retryBudget);
    this.#limiter = c.retryMode === "adaptive" ? new AdaptiveRateLimiter() : undefined;
    this.#backoff = { baseDelay: c.retryBaseDelay, throttlingBaseDelay: c.retryBaseDelay * 5, maxDelay: c.maxRetryDelay };
    this.#debug = typeof c.logger?.debug === "function";
    this.#route = {
      url: c.endpoint,
      host: c.endpoint.host,
      signer: new RequestSigner({ service: c.signingName, region: c.signingRegion, credentials: c.credentials }),
      headers: Object.keys(c.endpointHeaders).length > 0 ? c.endpointHeaders : undefined,
    };
    this.#contentType = `application/x-amz-json-${service.jsonVersion}`;
    this.#userAgent = `dynaport/${RUNTIME_VERSION}${platformUserAgent()} api/${service.serviceId.toLowerCase().replace(/ /g, "-")}#${service.apiVersion}`;
  }

  /** Milliseconds added to the local clock when signing, learnt from the service's `Date` header. */
  get clockOffset(): number {
    return this.#clockOffset;
  }

  /** Retry tokens left in this client's budget. */
  get retryBudgetAvailable(): number {
    return this.#budget.available;
  }

  /**
   * Replaces the source of randomness for backoff jitter (a function returning
   * [0, 1)). Tests use it to make delays predictable.
   */
  setRandom(random: () => number): void {
    this.#random = random;
  }

  /**
   * Calls `operation` with the wire-form `body` and returns the wire-form
   * output. Throws the factory's `ServiceException` for error responses, a
   * `DynaportError` for everything else; both carry `$metadata`.
   *
   * `hostPrefix` is the operation's modeled `endpoint.hostPrefix` (e.g.
   * `data-`): the request goes to, and is signed for, the endpoint's host with
   * the prefix in front, unless the client was built with `disableHostPrefix`.
   *
   * `read` turns the text of a successful response into the output in place
   * of `JSON.parse` (see `BodyReader`); generated clients pass one for
   * outputs they read straight from the text.
   *
   * `errors` are the exceptions the operation's model lists, by code (see
   * `ModeledErrors`); generated operation functions pass their own. An error
   * code not in it becomes what the client's `ErrorFactory` builds (for a
   * generated bare client, the service's base exception named by the code).
   *
   * `endpointParams` are the endpoint rule parameters the operation sets (its
   * model's `staticContextParams`, e.g. `{ IsSearchOperation: true }`, one
   * constant object per operation): the request goes to, and is signed for,
   * the endpoint the rules give with them, resolved once per client and
   * parameters object. Without them, the client's endpoint. A custom `endpoint`
   * option receives every operation (the rules return it as it is).
   */
  async call<T = JsonObject>(
    operation: string,
    body: JsonObject,
    options?: CallOptions,
    hostPrefix?: string,
    read?: BodyReader<T>,
    errors?: ModeledErrors,
    endpointParams?: EndpointParams,
  ): Promise<CallResult<T>> {
    if (this.#destroyed) throw new ClientClosedError(`${this.service.serviceId}.${operation}: the client was destroyed`);
    const route = endpointParams === undefined ? this.#route : this.#routeFor(endpointParams);
    const signal = options?.signal;
    const payload = JSON.stringify(body);
    const invocationId = crypto.randomUUID(); // Web Crypto: global in Node 20 and elsewhere
    const maxAttempts = this.config.maxAttempts;
    let attempts = 0;
    let totalRetryDelay = 0;
    let retries = 0;
    let lastRetryCost: number | undefined;
    let skewRetried = false;
    for (;;) {
      attempts++;
      let response: HttpResponse | undefined;
      let error: unknown;
      let output: T | undefined;
      const started = this.#debug ? performance.now() : 0;
      try {
        if (signal?.aborted) throw abortErrorFrom(signal);
        if (this.#limiter) await this.#limiter.acquire(signal);
        response = await this.#send(route, operation, payload, invocationId, attempts, signal, hostPrefix);
        this.#learnClock(response.headers["date"], false);
        output = parseResponse(operation, response, this.#errors, attempts, totalRetryDelay, read, errors);
      } catch (err) {
        error = err;
      }
      if (this.#debug) {
        this.#log({
          operation,
          attempt: attempts,
          maxAttempts,
          statusCode: response?.statusCode,
          requestId: response && requestIdOf(response.headers),
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(error !== undefined && { error: errorCode(error) }),
        });
      }

      if (output !== undefined) {
        this.#budget.succeeded(lastRetryCost);
        this.#limiter?.update(false);
        return { output, $metadata: metadataOf(response!, attempts, totalRetryDelay) };
      }

      const kind = error instanceof AbortError ? undefined : classifyError(error);
      this.#limiter?.update(kind === "throttling");
      if (kind === undefined || attempts >= maxAttempts) throw withMetadata(error, response, attempts, totalRetryDelay);
      if (kind === "clock-skew") {
        // Correct the clock from this response's Date header; one more try
        // is enough to tell whether that was the fault.
        if (skewRetried) throw withMetadata(error, response, attempts, totalRetryDelay);
        if (response) this.#learnClock(response.headers["date"], true);
        skewRetried = true;
        continue;
      }
      const cost = this.#budget.take(kind);
      if (cost === undefined) {
        this.config.logger?.warn?.(`${this.service.serviceId}.${operation}: retry budget spent, not retrying ${errorCode(error)}`);
        throw withMetadata(error, response, attempts, totalRetryDelay);
      }
      lastRetryCost = cost;
      retries++;
      const retryAfter = response && retryAfterFromHeaders(response.headers);
      const delay = backoffDelay(kind, retries, this.#backoff, retryAfter, this.#random);
      try {
        await sleep(delay, signal);
      } catch (abort) {
        throw withMetadata(abort, undefined, attempts, totalRetryDelay);
      }
      totalRetryDelay += delay;
    }
  }

  /** Closes the connections of the transport this client created (a transport passed in is left open). */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    if (this.#ownsTransport) await this.#transport.close();
  }

  /**
   * The route for an operation's endpoint parameters, resolved on first use.
   * It shares the client's signer when the rules keep its signing scope.
   */
  #routeFor(params: EndpointParams): Route {
    // By identity: the generated code passes the same constant on every call, so a call costs one lookup.
    let route = this.#routes?.get(params);
    if (route === undefined) {
      const c = this.config;
      const { url, signingRegion, signingName = this.service.signingName, headers } = c.endpointFor(params);
      route = {
        url,
        host: url.host,
        signer:
          signingName === c.signingName && signingRegion === c.signingRegion
            ? this.#route.signer
            : new RequestSigner({ service: signingName, region: signingRegion, credentials: c.credentials }),
        headers: Object.keys(headers).length > 0 ? headers : undefined,
      };
      this.#routes ??= new Map();
      // A caller passing a new object per call must not grow the map without end: keep a bounded few.
      if (this.#routes.size >= MAX_ROUTES) this.#routes.clear();
      this.#routes.set(params, route);
    }
    return route;
  }

  /** Builds, signs and sends one attempt under the per-attempt timeout. */
  async #send(
    route: Route,
    operation: string,
    payload: string,
    invocationId: string,
    attempt: number,
    signal: AbortSignal | undefined,
    hostPrefix: string | undefined,
  ): Promise<HttpResponse> {
    let url = route.url;
    let host = route.host;
    if (hostPrefix && !this.config.disableHostPrefix) {
      url = new URL(url);
      url.hostname = hostPrefix + url.hostname;
      host = hostPrefix + host;
    }
    const request: HttpRequest = {
      method: "POST",
      url,
      headers: {
        host,
        "content-type": this.#contentType,
        "x-amz-target": `${this.service.targetPrefix}.${operation}`,
        "amz-sdk-invocation-id": invocationId,
        "amz-sdk-request": `attempt=${attempt}; max=${this.config.maxAttempts}`,
        "user-agent": this.#userAgent,
      },
      body: payload,
    };
    if (route.headers) Object.assign(request.headers, route.headers);
    const signing = route.signer.sign(request, new Date(Date.now() + this.#clockOffset));
    // Resolving credentials may mean a network round trip (IMDS, STS): an
    // abort must not wait for it.
    await (signal ? abortable(signing, signal) : signing);

    const timeout = this.config.requestTimeout;
    try {
      return await this.#transport.send(request, signal ? { signal, timeout } : { timeout });
    } catch (err) {
      if (signal?.aborted) throw abortErrorFrom(signal);
      if (err instanceof RequestTimeoutError) {
        throw new RequestTimeoutError(`${operation} attempt ${attempt} took longer than the request timeout of ${timeout} ms`);
      }
      throw err;
    }
  }

  /**
   * Learns the offset between our clock and the service's from `Date`, so
   * that requests signed from a machine with a wrong clock still verify.
   * `Date` has one-second resolution, so ordinary responses only move the
   * offset when it is clearly off; a response rejecting our signature for
   * skew (`force`) always sets it.
   */
  #learnClock(date: string | undefined, force: boolean): void {
    if (date === undefined) return;
    // Date changes once a second: most responses repeat the last one seen.
    if (!force && date === this.#lastDate) return;
    this.#lastDate = date;
    const server = Date.parse(date);
    if (Number.isNaN(server)) return;
    const offset = server - Date.now();
    if (force || Math.abs(offset - this.#clockOffset) > CLOCK_SKEW_THRESHOLD) this.#clockOffset = offset;
  }

  #log(entry: AttemptLog): void {
    const status = entry.statusCode ?? "no response";
    const outcome = entry.error ? ` ${entry.error}` : "";
    this.config.logger!.debug!(
      `${this.service.serviceId}.${entry.operation} attempt ${entry.attempt}/${entry.maxAttempts}: ${status}${outcome} in ${entry.durationMs} ms (request id ${entry.requestId ?? "none"})`,
      entry,
    );
  }
}

function errorCode(err: unknown): string {
  if (err instanceof ServiceException) return err.name;
  if (err instanceof DynaportError) return err.code;
  return err instanceof Error ? err.name : "error";
}

/** Stamps the call's final `$metadata` on the error it rejects with. */
function withMetadata(err: unknown, response: HttpResponse | undefined, attempts: number, totalRetryDelay: number): unknown {
  if (err instanceof ServiceException || err instanceof DynaportError) {
    err.$metadata = response ? metadataOf(response, attempts, totalRetryDelay) : { ...err.$metadata, attempts, totalRetryDelay };
  } else if (err instanceof Error && Object.isExtensible(err)) {
    // e.g. a credential provider's error: still tell how far the call got.
    Object.assign(err, { $metadata: { attempts, totalRetryDelay } });
  }
  return err;
}
