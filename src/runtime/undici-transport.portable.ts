/**
 * The portable build's `UndiciTransport`: undici needs node:net and compiles
 * WebAssembly, which workers forbid, so the constructor throws a
 * `ConfigError` saying to use `FetchTransport`. The Node build's twin is
 * `undici-transport.ts`.
 */
import { nodeOnly } from "./node-only.js";
import type { HttpRequest, HttpResponse, Transport } from "./types.js";
import type { UndiciTransportOptions } from "./undici-transport.js";

export type { UndiciTransportOptions } from "./undici-transport.js";

/** Not available in the portable build: constructing one throws. */
export class UndiciTransport implements Transport {
  constructor(_options: UndiciTransportOptions = {}) {
    throw nodeOnly("UndiciTransport", "undici (node:net)");
  }
  send(_request: HttpRequest): Promise<HttpResponse> {
    return Promise.reject(nodeOnly("UndiciTransport", "undici (node:net)"));
  }
  async close(): Promise<void> {}
}
