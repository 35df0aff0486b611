/**
 * The transport a client makes when it is given none: node:http first,
 * undici once the client is busy.
 */
import { ClientClosedError } from "./errors.js";
import { NodeHttpTransport, type NodeHttpTransportOptions } from "./node-http-transport.js";
import type { HttpRequest, HttpResponse, Transport, TransportOptions } from "./types.js";
import type { UndiciTransport, UndiciTransportOptions } from "./undici-transport.js";

/** Options of the default transport: those of both transports, and when to move from one to the other. */
export interface DefaultTransportOptions extends NodeHttpTransportOptions, UndiciTransportOptions {
  /** Requests sent over node:http before moving to undici. Default 64; `Infinity` stays on node:http. */
  switchAfter?: number;
}

/**
 * Starts on node:http and moves to undici after `switchAfter` requests.
 *
 * A process that makes a few calls and exits (a script, a Lambda cold start
 * on a fraction of a vCPU) spends 55-100 ms more in undici than in node:http:
 * the engine compiles undici's WebAssembly HTTP parser, recompiles it once
 * hot, and exit waits for that. A busy client wins it back, undici costing
 * less per request. So the first requests go over node:http, and only a
 * client that keeps sending imports undici.
 *
 * The hand-over keeps `maxConnections`: requests in flight on node:http finish
 * there, and while they do, new requests go to undici only as far as the two
 * together stay within the limit; the rest wait their turn (their timeout has
 * not started; an abort still cancels them). node:http's sockets are closed as
 * they fall idle.
 */
export class DefaultTransport implements Transport {
  readonly #options: DefaultTransportOptions;
  readonly #switchAfter: number;
  readonly #maxConnections: number;
  #node: NodeHttpTransport | undefined;
  #undici: UndiciTransport | undefined;
  #sent = 0;
  #loading = false;
  /** Set by `close()`; later sends are refused. */
  #closing: Promise<void> | undefined;
  /** node:http requests not yet settled. */
  #nodeInFlight = 0;
  /** Requests sent to undici while node:http still had some in flight. */
  #handOverInFlight = 0;
  /** Requests waiting for room within `maxConnections` during the hand-over. */
  readonly #waiting: (() => void)[] = [];

  constructor(options: DefaultTransportOptions = {}) {
    this.#options = options;
    this.#switchAfter = options.switchAfter ?? 64;
    this.#maxConnections = options.maxConnections ?? 50;
    this.#node = new NodeHttpTransport(options);
  }

  /** Which transport sends the next request. */
  get current(): "node:http" | "undici" {
    return this.#undici ? "undici" : "node:http";
  }

  send(request: HttpRequest, options?: TransportOptions): Promise<HttpResponse> {
    if (this.#closing) return Promise.reject(new ClientClosedError(`The transport for ${request.url.protocol}//${request.url.host} was closed`));
    if (this.#undici) return this.#nodeInFlight === 0 ? this.#undici.send(request, options) : this.#handOver(request, options);
    if (!this.#loading && ++this.#sent >= this.#switchAfter) void this.#load();
    this.#nodeInFlight++;
    return this.#track(this.#node!.send(request, options), true);
  }

  /**
   * Closes whichever transports exist, letting requests already accepted
   * finish; a pending move to undici is dropped. Later sends fail with
   * `ClientClosedError`.
   */
  close(): Promise<void> {
    if (!this.#closing) {
      // Requests already accepted go out first, as they would on either
      // transport; both transports' close lets them finish.
      for (const start of this.#waiting.splice(0)) start();
      this.#closing = Promise.all([this.#node?.close(), this.#undici?.close()]).then(() => {});
    }
    return this.#closing;
  }

  /** Loads undici; once it is in, later requests go there. */
  async #load(): Promise<void> {
    this.#loading = true;
    let undici: UndiciTransport;
    try {
      const { UndiciTransport, loadUndici } = await import("./undici-transport.js");
      await loadUndici();
      if (this.#closing) return;
      undici = new UndiciTransport(this.#options);
    } catch {
      return; // undici cannot be loaded (a bundle left it out): node:http serves for good
    }
    this.#undici = undici;
    // node:http lets the requests in flight finish, closes each socket as it
    // falls idle, and then itself.
    void this.#node!.close();
    this.#node = undefined;
  }

  /** Sends over undici while node:http still has requests in flight, within `maxConnections` for both. */
  #handOver(request: HttpRequest, options: TransportOptions | undefined): Promise<HttpResponse> {
    if (this.#waiting.length === 0 && this.#nodeInFlight + this.#handOverInFlight < this.#maxConnections) {
      this.#handOverInFlight++;
      return this.#track(this.#undici!.send(request, options), false);
    }
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<HttpResponse>((resolve, reject) => {
      const start = (): void => {
        signal?.removeEventListener("abort", onAbort);
        this.#handOverInFlight++;
        resolve(this.#track(this.#undici!.send(request, options), false));
      };
      const onAbort = (): void => {
        this.#waiting.splice(this.#waiting.indexOf(start), 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(start);
    });
  }

  /** Counts `sent` until it settles, then lets waiting requests take the room it leaves. */
  #track(sent: Promise<HttpResponse>, node: boolean): Promise<HttpResponse> {
    const settled = (): void => {
      if (node) this.#nodeInFlight--;
      else this.#handOverInFlight--;
      const waiting = this.#waiting;
      while (waiting.length > 0 && (this.#nodeInFlight === 0 || this.#nodeInFlight + this.#handOverInFlight < this.#maxConnections)) {
        waiting.shift()!();
      }
    };
    sent.then(settled, settled);
    return sent;
  }
}
