/**
 * The portable build's `DefaultTransport`: the Node build's default moves
 * from node:http to undici, neither of which is here, so the constructor
 * throws a `ConfigError` saying to use `FetchTransport` (what the portable
 * build's clients make when given no transport). The Node build's twin is
 * `default-transport.ts`.
 */
import type { DefaultTransportOptions } from "./default-transport.js";
import { nodeOnly } from "./node-only.js";
import type { HttpRequest, HttpResponse, Transport } from "./types.js";

export type { DefaultTransportOptions } from "./default-transport.js";

/** Not available in the portable build: constructing one throws. */
export class DefaultTransport implements Transport {
  constructor(_options: DefaultTransportOptions = {}) {
    throw nodeOnly("DefaultTransport", "node:http");
  }
  /** Which transport sends the next request (never reached: the constructor throws). */
  get current(): "node:http" | "undici" {
    throw nodeOnly("DefaultTransport", "node:http");
  }
  send(_request: HttpRequest): Promise<HttpResponse> {
    return Promise.reject(nodeOnly("DefaultTransport", "node:http"));
  }
  async close(): Promise<void> {}
}
