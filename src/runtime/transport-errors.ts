/**
 * Turns what sockets, undici and fetch throw into the runtime's errors, so that
 * retry classification and callers see one vocabulary whichever transport ran.
 */
import { ClientClosedError, ConnectionError, ConnectTimeoutError, DynaportError, RequestTimeoutError, TruncatedResponseError } from "./errors.js";

/** Error codes meaning the connection could not be made or broke: all transient. */
const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN", // DNS: temporary failure in name resolution
  "ENOTFOUND", // DNS: no such host (often a resolver hiccup inside VPCs)
  "UND_ERR_SOCKET", // undici: "other side closed"
]);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Maps a transport failure to a `DynaportError`.
 *
 * `responseStarted` tells a connection that broke before the status line from
 * one that broke mid-body: the latter is a cut-off response (`content-length`
 * not reached), the former a connection error. Both are retried.
 */
export function toTransportError(err: unknown, url: URL, responseStarted: boolean): DynaportError {
  if (err instanceof DynaportError) return err;
  // fetch wraps the network error: TypeError("fetch failed", { cause }).
  let inner: unknown = err;
  while (codeOf(inner) === undefined && (inner as { cause?: unknown } | null)?.cause !== undefined) {
    inner = (inner as { cause: unknown }).cause;
  }
  const code = codeOf(inner);
  const where = `${url.protocol}//${url.host}`;
  const detail = (inner as Error | null)?.message ?? String(inner);
  if (code === "UND_ERR_CLOSED" || code === "UND_ERR_DESTROYED") {
    // The pool was closed by its owner: nothing to retry.
    return new ClientClosedError(`The transport for ${where} was closed`, err);
  }
  if (code === "UND_ERR_INVALID_ARG" || code === "ERR_INVALID_CHAR" || code === "ERR_INVALID_HTTP_TOKEN") {
    // A request that cannot be put on the wire (a header value with a line
    // break): sending it again would fail the same way.
    return new DynaportError("ERR_INVALID_REQUEST", `The request to ${where} is malformed: ${detail}`, { cause: err });
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new ConnectTimeoutError(`Could not connect to ${where} within the connect timeout`, err);
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new RequestTimeoutError(`${where} stopped sending the response (${code})`);
  }
  if (responseStarted || code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") {
    return new TruncatedResponseError(`The response from ${where} was cut off before its end: ${detail}`, err);
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return new ConnectionError(`Connection to ${where} failed: ${detail} (${code})`, code, err);
  }
  return new ConnectionError(`Request to ${where} failed: ${detail}`, code, err);
}
