import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";

/** One request as the stub server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/** Decides the answer to one request; may write to `res` directly (delays, resets, partial bodies). */
export type StubHandler = (req: RecordedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface StubServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Replaces the handler for the following requests. */
  handle(handler: StubHandler): void;
  close(): Promise<void>;
}

/** Answers with a JSON body in the AWS JSON 1.0 style. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.0",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": "REQ-" + status,
    ...headers,
  });
  res.end(text);
}

/** A real HTTP server on a free loopback port, one per test file. */
export async function startStubServer(handler: StubHandler = (_req, res) => sendJson(res, 200, {})): Promise<StubServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer(async (raw, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    const req: RecordedRequest = { method: raw.method ?? "", path: raw.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") };
    requests.push(req);
    try {
      await current(req, res, raw);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { __type: "StubError", message: String(err) });
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- fault injection --------------------------------------------------------
// Handlers that misbehave the ways networks, proxies and AWS do, for tests of
// retries, timeouts and integrity checks over real sockets.

import { crc32 } from "../../src/runtime/crc32.js";

/** Answers like DynamoDB: JSON with an `x-amz-crc32` of the exact body bytes. */
export function sendDynamoJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  sendJson(res, status, text, { "x-amz-crc32": String(crc32(Buffer.from(text))), ...headers });
}

/** Answers the first `n` requests with `fail`, then every later one with `then`. */
export function failThenSucceed(n: number, fail: StubHandler, then: StubHandler = (_req, res) => sendDynamoJson(res, 200, {})): StubHandler {
  let seen = 0;
  return (req, res, raw) => (seen++ < n ? fail(req, res, raw) : then(req, res, raw));
}

/** Throttles the first `n` requests with `code` (400, like DynamoDB), then hands over to `then`. */
export function throttleThenSucceed(n: number, code = "ProvisionedThroughputExceededException", then?: StubHandler): StubHandler {
  return failThenSucceed(n, (_req, res) => sendDynamoJson(res, 400, { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: "Throttled" }), then);
}

/** Runs `handler` after `ms` milliseconds. */
export function delayed(ms: number, handler: StubHandler): StubHandler {
  return (req, res, raw) => {
    setTimeout(() => void handler(req, res, raw), ms);
  };
}

/** Never answers: the client must time out or abort. */
export const hang: StubHandler = () => {};

/** Resets the connection before any response. */
export const resetConnection: StubHandler = (_req, res) => {
  res.socket?.destroy();
};

/** Promises `content-length` bytes, sends a few, then drops the connection. */
export function cutOffBody(contentLength = 100, sent = '{"Item": {'): StubHandler {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "content-length": String(contentLength) });
    res.write(sent);
    setTimeout(() => res.socket?.destroy(), 5);
  };
}

/** An HTML error page, as load balancers and proxies send. */
export function htmlPage(status: number): StubHandler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "text/html" });
    res.end(`<html><body><h1>${status}</h1></body></html>`);
  };
}

/** A 200 whose `x-amz-crc32` does not match its body. */
export function badCrc(body: unknown = {}): StubHandler {
  const text = JSON.stringify(body);
  return (_req, res) => sendJson(res, 200, text, { "x-amz-crc32": String((crc32(Buffer.from(text)) + 1) >>> 0) });
}
