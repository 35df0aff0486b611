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
