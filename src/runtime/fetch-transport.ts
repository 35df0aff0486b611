/**
 * A transport over the global `fetch`, for runtimes without undici (Deno, Bun,
 * workers) and for tests that intercept fetch (nock).
 */
import { RequestTimeoutError } from "./errors.js";
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
    const outer = options?.signal;
    if (outer?.aborted) throw outer.reason;
    const headers: Record<string, string> = {};
    for (const name in request.headers) if (!FETCH_MANAGED.has(name)) headers[name] = request.headers[name]!;
    // One controller merges the caller's signal and the timeout; its reason
    // tells which fired.
    const timeout = options?.timeout ?? 0;
    let signal = outer;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    if (timeout > 0) {
      const controller = new AbortController();
      signal = controller.signal;
      timer = setTimeout(() => controller.abort(new RequestTimeoutError(`${request.url.origin} did not answer within ${timeout} ms`)), timeout);
      if (outer) {
        onAbort = () => controller.abort(outer.reason);
        outer.addEventListener("abort", onAbort, { once: true });
      }
    }
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
    } finally {
      clearTimeout(timer);
      if (onAbort) outer!.removeEventListener("abort", onAbort);
    }
  }

  async close(): Promise<void> {}
}
