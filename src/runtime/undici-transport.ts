/// <reference path="./undici-agent.d.ts" />
/**
 * undici with pooled keep-alive connections: what the default transport
 * moves to once a client is busy (see `default-transport.ts`).
 *
 * It sits on `Agent.dispatch` rather than `request()`: a DynamoDB response is
 * read whole anyway, so collecting the chunks in a handler skips the Readable
 * stream that `request()` builds for every response.
 */
import type { Socket } from "node:net";
import type Agent from "undici/lib/dispatcher/agent.js";
import type { buildConnector, Dispatcher } from "undici";
import { decode } from "./content-encoding.js";
import { RequestTimeoutError } from "./errors.js";
import { toTransportError } from "./transport-errors.js";
import type { HttpRequest, HttpResponse, Transport, TransportOptions } from "./types.js";

// undici's Agent and connector from their own modules: the package entry
// also loads fetch, WebSocket, EventSource, the cache stores and the mock
// agents (and with them Node's bundled copy of undici), about 90 ms of CPU at
// start-up that a client which only dispatches requests never uses. The paths
// have been stable since undici 6. Should a later undici move those files or
// close its internals with an `exports` map, the package entry serves
// instead: slower to load, the same values.
//
// They are imported at run time, by a specifier bundlers cannot read: a
// literal `import("undici/...")` is followed by every bundler, which would
// put undici's 500 KB into every bundle of an app that never leaves
// node:http, and in workers pull in modules they cannot load. Unbundled, the
// import finds undici in node_modules as usual; in a bundle without
// node_modules it fails, and the default transport stays on node:http. An
// app that wants undici in its bundle imports `UndiciTransport` from
// `dynaport/undici`, which imports these modules statically.
const UNDICI_AGENT = "undici/lib/dispatcher/agent.js";
const UNDICI_CONNECT = "undici/lib/core/connect.js";
const UNDICI = "undici";

/** `import()` of a specifier held in a variable, which bundlers leave as it is. */
function importAtRunTime(specifier: string): Promise<Record<string, unknown>> {
  return import(specifier) as Promise<Record<string, unknown>>;
}

let loaded: UndiciModules | undefined;
let loading: Promise<UndiciModules> | undefined;

/** What the transport takes from undici. */
export interface UndiciModules {
  Agent: typeof Agent;
  buildConnector: typeof buildConnector;
}

/** Loads undici's Agent and connector once, at run time; rejects when undici cannot be loaded. */
export function loadUndici(): Promise<UndiciModules> {
  loading ??= Promise.all([
    firstLoadable([
      () => importAtRunTime(UNDICI_AGENT).then((module) => module.default as typeof Agent),
      () => importAtRunTime(UNDICI).then((module) => module.Agent as typeof Agent),
    ]),
    firstLoadable([
      () => importAtRunTime(UNDICI_CONNECT).then((module) => module.default as typeof buildConnector),
      () => importAtRunTime(UNDICI).then((module) => module.buildConnector as typeof buildConnector),
    ]),
  ]).then(([Agent, build]) => (loaded = { Agent, buildConnector: build }));
  return loading;
}

/**
 * undici's connector with a connect timeout that fires on time. undici's
 * own arms a coarse timer for anything from a second up, which fires up to
 * about half a second late; this one builds the connector without it and
 * destroys a socket still connecting when `timeout` is up, with undici's
 * connect-timeout code, so the failure reads the same.
 */
function connectorWithTimeout(build: typeof buildConnector, timeout: number): buildConnector.connector {
  const connect = build({ timeout: 0 });
  return (options, callback) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The connector returns the socket it starts (undici's types say void).
    const socket = connect(options, (...args) => {
      clearTimeout(timer);
      callback(...args);
    }) as unknown as Socket | undefined;
    if (socket === undefined || timeout <= 0) return;
    timer = setTimeout(() => {
      const where = `${options.hostname}:${options.port || (options.protocol === "https:" ? 443 : 80)}`;
      const error = Object.assign(new Error(`Connect Timeout Error (attempted address: ${where}, timeout: ${timeout}ms)`), { code: "UND_ERR_CONNECT_TIMEOUT" });
      socket.destroy(error);
    }, timeout);
    timer.unref();
  };
}

/** The first loader that succeeds; when none does, the first one's error. */
export async function firstLoadable<T>(loaders: readonly (() => Promise<T>)[]): Promise<T> {
  let first: unknown;
  for (const [i, load] of loaders.entries()) {
    try {
      return await load();
    } catch (err) {
      if (i === 0) first = err;
    }
  }
  throw first;
}

/** Options of the undici transport. */
export interface UndiciTransportOptions {
  /** Connections per origin; further requests queue in the pool. Default 50. */
  maxConnections?: number;
  /** Milliseconds to establish TCP (and TLS). Default 10 s. */
  connectTimeout?: number;
  /** Milliseconds an idle connection stays open when the server gives no hint. Default 4 s. */
  keepAliveTimeout?: number;
}

/** Collects one response, settling the promise exactly once. */
class ResponseCollector implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #statusCode = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  #started = false;
  #settled = false;
  /** Why the request was cancelled before undici handed it a connection. */
  #abortReason: Error | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #timeout: number;
  readonly #url: URL;
  readonly #signal: AbortSignal | undefined;
  readonly #resolve: (response: HttpResponse) => void;
  readonly #reject: (err: unknown) => void;

  constructor(url: URL, options: TransportOptions | undefined, resolve: (r: HttpResponse) => void, reject: (e: unknown) => void) {
    this.#url = url;
    this.#resolve = resolve;
    this.#reject = reject;
    const signal = options?.signal;
    this.#signal = signal;
    signal?.addEventListener("abort", this.#onAbort);
    this.#timeout = options?.timeout ?? 0;
  }

  // An arrow property so it can be added and removed as a listener.
  readonly #onAbort = (): void => {
    this.#cancel(this.#signal!.reason);
  };

  /**
   * Cancels the request and settles at once, even while the request still
   * waits for a connection in the pool; undici drops it when its turn comes
   * (see onRequestStart).
   */
  #cancel(reason: unknown): void {
    if (this.#settled) return;
    // Settle first: aborting a started request calls onResponseError at
    // once, which would otherwise reject with a mapped ConnectionError
    // instead of the reason.
    this.#fail(reason, false);
    const error = reason instanceof Error ? reason : new Error(String(reason));
    if (this.#controller) this.#controller.abort(error);
    else this.#abortReason = error;
  }

  #cleanup(): void {
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }

  #fail(err: unknown, map: boolean): void {
    if (this.#settled) return;
    this.#cleanup();
    this.#reject(map ? toTransportError(err, this.#url, this.#started) : err);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason) {
      controller.abort(this.#abortReason);
      return;
    }
    // The clock starts when the request gets a connection, not while it
    // waits in the pool's queue: a burst larger than the pool must queue,
    // not time out. (The caller's signal bounds the wait if it must be.)
    const timeout = this.#timeout;
    if (timeout > 0 && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#cancel(new RequestTimeoutError(`${this.#url.origin} did not answer within ${timeout} ms`));
      }, timeout);
    }
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200) return; // 1xx informational: the real answer follows
    this.#statusCode = statusCode;
    this.#started = true;
    const out: Record<string, string> = {};
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) out[name] = typeof value === "string" ? value : value.join(", ");
    }
    this.#headers = out;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#cleanup();
    const chunks = this.#chunks;
    // One chunk is the common case for small DynamoDB answers: no copy then.
    let body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const encoding = this.#headers["content-encoding"];
    if (encoding !== undefined && encoding !== "identity") {
      try {
        body = decode(encoding, body);
      } catch (err) {
        this.#reject(toTransportError(err, this.#url, true));
        return;
      }
    }
    this.#resolve({ statusCode: this.#statusCode, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.#fail(err, true);
  }

  /** `dispatch` itself threw: settle with the mapped error. */
  failToDispatch(err: unknown): void {
    this.#fail(err, true);
  }
}

/**
 * Sends requests over undici's connection pools with keep-alive. Requests over
 * `maxConnections` wait in undici's queue instead of opening more sockets, so
 * a burst of thousands of calls neither fails nor exhausts file descriptors.
 */
export class UndiciTransport implements Transport {
  /** Set once undici's module is loaded: at once when it already was. */
  #agent: Agent | undefined;
  readonly #ready: Promise<Agent>;
  #closing: Promise<void> | undefined;

  /**
   * `modules` are undici's Agent and connector when the caller has them
   * (`dynaport/undici` passes the ones it imports); else they are loaded at
   * run time, and the first requests wait for that.
   */
  constructor(options: UndiciTransportOptions = {}, modules?: UndiciModules) {
    const connectTimeout = options.connectTimeout ?? 10_000; // 10 s
    const create = ({ Agent: AgentClass, buildConnector: build }: UndiciModules): Agent =>
      new AgentClass({
        connections: options.maxConnections ?? 50,
        connect: connectorWithTimeout(build, connectTimeout),
        keepAliveTimeout: options.keepAliveTimeout ?? 4_000, // 4 s
        // Each request's `timeout` covers the whole exchange (see
        // ResponseCollector); undici's inactivity timers (300 s by default)
        // would only add a second, unrelated limit.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    const ready = modules ?? loaded;
    if (ready) {
      this.#agent = create(ready);
      this.#ready = Promise.resolve(this.#agent);
    } else {
      this.#ready = loadUndici().then((modules) => (this.#agent ??= create(modules)));
      this.#ready.catch(() => {}); // reported by send and close
    }
  }

  send(request: HttpRequest, options?: TransportOptions): Promise<HttpResponse> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const agent = this.#agent;
    if (agent === undefined) return this.#ready.then(() => this.send(request, options));
    const { url } = request;
    return new Promise<HttpResponse>((resolve, reject) => {
      const handler = new ResponseCollector(url, options, resolve, reject);
      try {
        agent.dispatch(
          {
            origin: url.origin,
            path: url.pathname + url.search,
            method: request.method as Dispatcher.HttpMethod,
            headers: request.headers,
            body: request.body,
          },
          handler,
        );
      } catch (err) {
        // Invalid arguments (a header value with a newline) throw here
        // instead of reaching the handler.
        handler.failToDispatch(err);
      }
    });
  }

  /** Closes the pool; calling it again returns the same promise. */
  close(): Promise<void> {
    // At once when loaded, so that a send right after is refused; else
    // before the sends that wait for the load (their callbacks run later).
    this.#closing ??= this.#agent ? this.#agent.close() : this.#ready.then((agent) => agent.close());
    return this.#closing;
  }
}

/**
 * The same class under another name, for `dynaport/undici` to extend: its
 * own class is named `UndiciTransport` too, and a bundle holding both
 * bindings under one name would rename one of them.
 */
export const UndiciTransportBase: typeof UndiciTransport = UndiciTransport;
