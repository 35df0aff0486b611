/**
 * A transport over the global `fetch`, for runtimes without undici (Deno, Bun,
 * workers) and for tests that intercept fetch (nock).
 */
import { toTransportError } from "./transport-errors.js";
import type { HttpRequest, HttpResponse, Transport, TransportOptions } from "./types.js";

/**
 * Headers fetch computes itself and refuses or ignores when given: the Fetch
 * standard lists them as forbidden request headers. Their values equal what
 * was signed, since fetch derives them from the same URL and body.
 */
const FETCH_MANAGED = new Set(["host", "content-length", "connection"]);

/** Sends each request with `globalThis.fetch` (or the `fetch` given). */
export class FetchTransport implements Transport {
  readonly #fetch: typeof fetch;

  constructor(options: { fetch?: typeof fetch } = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async send(request: HttpRequest, options?: TransportOptions): Promise<HttpResponse> {
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    const headers: Record<string, string> = {};
    for (const name in request.headers) if (!FETCH_MANAGED.has(name)) headers[name] = request.headers[name]!;
    let started = false;
    try {
      const response = await this.#fetch(request.url, { method: request.method, headers, body: request.body, signal });
      started = true;
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        responseHeaders[name] = value;
      });
      const body = new Uint8Array(await response.arrayBuffer());
      return { statusCode: response.status, headers: responseHeaders, body };
    } catch (err) {
      // An abort surfaces as a DOMException; report the signal's own reason.
      if (signal?.aborted) throw signal.reason;
      throw toTransportError(err, request.url, started);
    }
  }

  async close(): Promise<void> {}
}
