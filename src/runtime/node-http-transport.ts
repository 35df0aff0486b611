/**
 * A transport over node:http's keep-alive Agent.
 *
 * node:http is part of Node itself: loading it and sending the first requests
 * costs a short-lived process (a script, a Lambda cold start) far less than
 * undici, whose WebAssembly HTTP parser the engine compiles at start-up and
 * then recompiles once it runs hot. It is what the default transport starts
 * on (see `default-transport.ts`). The options and the behaviour match
 * `UndiciTransport`, so that which one runs is invisible to the client.
 */
import { Agent, request as httpRequest, type AgentOptions, type ClientRequest, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { decode } from "./content-encoding.js";
import { ClientClosedError, ConnectTimeoutError, RequestTimeoutError } from "./errors.js";
import { toTransportError } from "./transport-errors.js";
import type { HttpRequest, HttpResponse, Transport, TransportOptions } from "./types.js";

/** Options of the node:http transport: the same as `UndiciTransportOptions`. */
export interface NodeHttpTransportOptions {
  /** Connections per origin; further requests queue in the agent. Default 50. */
  maxConnections?: number;
  /** Milliseconds to establish TCP (and TLS). Default 10 s. */
  connectTimeout?: number;
  /** Milliseconds an idle connection stays open, unless the server's `keep-alive: timeout=` hint is shorter. Default 4 s. */
  keepAliveTimeout?: number;
}

/** The https side, set up when the first https URL is sent. */
interface Https {
  readonly agent: Agent;
  readonly request: typeof httpRequest;
}

/**
 * Sends requests over node:http (and node:https) keep-alive agents. Requests
 * beyond `maxConnections` wait in the agent's queue instead of opening more
 * sockets. Idle sockets are unref'd by the agent, so they never keep the
 * process alive.
 */
export class NodeHttpTransport implements Transport {
  readonly #agentOptions: AgentOptions;
  readonly #connectTimeout: number;
  readonly #http: Agent;
  #https: Https | undefined;
  /** Requests sent and not yet settled: `close()` lets them finish. */
  #inFlight = 0;
  #closed = false;
  #closing: Promise<void> | undefined;
  #onDrained: (() => void) | undefined;

  constructor(options: NodeHttpTransportOptions = {}) {
    const max = options.maxConnections ?? 50;
    this.#agentOptions = {
      keepAlive: true,
      maxSockets: max,
      maxFreeSockets: max,
      // The agent arms `timeout` on each socket it keeps idle and destroys
      // the socket when it fires (lowered to a server's `keep-alive:
      // timeout=` hint). On a socket in use it only emits an event nobody
      // listens to; each request's own limit is the timer in `send`.
      timeout: options.keepAliveTimeout ?? 4_000, // 4 s
      // Reuse the most recently used socket: the ones left idle longest
      // then time out, instead of every socket being kept barely warm.
      scheduling: "lifo",
    };
    this.#connectTimeout = options.connectTimeout ?? 10_000; // 10 s
    this.#http = new Agent(this.#agentOptions);
  }

  send(request: HttpRequest, options?: TransportOptions): Promise<HttpResponse> {
    const { url } = request;
    if (this.#closed) return Promise.reject(new ClientClosedError(`The transport for ${url.protocol}//${url.host} was closed`));
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const tls = url.protocol === "https:";
    const https = tls ? (this.#https ??= this.#loadHttps()) : undefined;
    const timeout = options?.timeout ?? 0;
    const connectTimeout = this.#connectTimeout;
    this.#inFlight++;

    return new Promise<HttpResponse>((resolve, reject) => {
      let req: ClientRequest | undefined;
      let settled = false;
      let started = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let connectTimer: ReturnType<typeof setTimeout> | undefined;

      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        clearTimeout(connectTimer);
        signal?.removeEventListener("abort", onAbort);
        this.#settled();
        return true;
      };
      const fail = (err: unknown): void => {
        if (settle()) reject(toTransportError(err, url, started));
      };
      // Settles at once and tears the request down, also while it waits in
      // the agent's queue: a destroyed request hands the socket it is given
      // later straight back to the agent.
      const cancel = (reason: unknown): void => {
        if (!settle()) return;
        reject(reason);
        req?.destroy();
      };
      const onAbort = (): void => cancel(signal!.reason);

      try {
        req = (https?.request ?? httpRequest)({
          agent: https?.agent ?? this.#http,
          // URL keeps the brackets of an IPv6 literal; the socket wants the bare address.
          hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: request.method,
          headers: request.headers,
        });
      } catch (err) {
        // Invalid arguments (a header value with a line break) throw here.
        fail(err);
        return;
      }
      signal?.addEventListener("abort", onAbort);

      // `socket` fires when the agent hands the request a connection, so the
      // clock starts there, not while the request waits in the queue: a burst
      // larger than the pool must queue, not time out. (The caller's signal
      // bounds the wait if it must be.)
      req.on("socket", (socket: Socket) => {
        if (settled) return;
        if (timeout > 0) {
          timer = setTimeout(() => cancel(new RequestTimeoutError(`${url.origin} did not answer within ${timeout} ms`)), timeout);
        }
        if (socket.connecting) {
          // A new connection: TCP, and for https the TLS handshake, must be
          // done within the connect timeout. A reused one is already open.
          connectTimer = setTimeout(
            () => cancel(new ConnectTimeoutError(`Could not connect to ${url.protocol}//${url.host} within ${connectTimeout} ms`)),
            connectTimeout,
          );
          socket.once(tls ? "secureConnect" : "connect", () => clearTimeout(connectTimer));
        }
      });
      req.on("response", (res: IncomingMessage) => {
        // node:http reports 1xx answers as `information`; this is the final one.
        started = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          if (!settle()) return;
          // One chunk is the common case for small DynamoDB answers: no copy then.
          let body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          const headers = joinHeaders(res.rawHeaders);
          const encoding = headers["content-encoding"];
          if (encoding !== undefined && encoding !== "identity") {
            try {
              body = decode(encoding, body);
            } catch (err) {
              reject(toTransportError(err, url, true));
              return;
            }
          }
          resolve({ statusCode: res.statusCode!, headers, body });
        });
        // A connection closed before `content-length` was reached: node:http
        // destroys the response with an "aborted" error, and closes it
        // without `end`.
        res.on("error", fail);
        res.on("close", () => fail(new Error("the connection closed before the end of the response")));
      });
      req.on("error", fail);
      // `end(body)` writes the headers and the whole body in one go, and lets
      // node:http set `content-length` from the body when it is not given.
      req.end(request.body);
    });
  }

  /**
   * Refuses new requests at once and closes the idle sockets; lets the
   * requests in flight finish (as undici's `close` does), closing each socket
   * once no queued request needs it; resolves when all are closed.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closed = true;
    if (this.#inFlight === 0) {
      this.#destroy();
      return (this.#closing = Promise.resolve());
    }
    for (const agent of this.#agents()) {
      // With keep-alive off the agent closes a socket that falls idle
      // instead of keeping it (the flag is read on every release).
      (agent as unknown as { keepAlive: boolean }).keepAlive = false;
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
    return (this.#closing = new Promise<void>((resolve) => {
      this.#onDrained = () => resolve(this.#destroy());
    }));
  }

  #settled(): void {
    if (--this.#inFlight === 0) this.#onDrained?.();
  }

  #destroy(): void {
    for (const agent of this.#agents()) agent.destroy();
  }

  #agents(): Agent[] {
    return this.#https ? [this.#http, this.#https.agent] : [this.#http];
  }

  /**
   * node:https, loaded when the first https URL is sent: a process talking
   * to a local endpoint over http never pays for TLS.
   */
  #loadHttps(): Https {
    const https = process.getBuiltinModule("node:https");
    return { agent: new https.Agent(this.#agentOptions), request: https.request };
  }
}

/**
 * Lower-case header names with repeated headers joined by ", ", as undici and
 * fetch report them. (node:http's own `headers` keeps only the first of some,
 * such as `content-type`, and makes `set-cookie` an array.)
 */
function joinHeaders(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const seen = out[name];
    out[name] = seen === undefined ? value : `${seen}, ${value}`;
  }
  return out;
}
