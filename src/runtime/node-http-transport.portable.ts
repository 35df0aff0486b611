/**
 * The portable build's `NodeHttpTransport`: node:http is not there, so the
 * constructor throws a `ConfigError` saying to use `FetchTransport`. The
 * Node build's twin is `node-http-transport.ts`.
 */
import { nodeOnly } from "./node-only.js";
import type { NodeHttpTransportOptions } from "./node-http-transport.js";
import type { HttpRequest, HttpResponse, Transport } from "./types.js";

export type { NodeHttpTransportOptions } from "./node-http-transport.js";

/** Not available in the portable build: constructing one throws. */
export class NodeHttpTransport implements Transport {
  constructor(_options: NodeHttpTransportOptions = {}) {
    throw nodeOnly("NodeHttpTransport", "node:http");
  }
  send(_request: HttpRequest): Promise<HttpResponse> {
    return Promise.reject(nodeOnly("NodeHttpTransport", "node:http"));
  }
  async close(): Promise<void> {}
}
