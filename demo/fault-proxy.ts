/**
 * A loopback HTTP proxy in front of a local DynamoDB (dynalite, DynamoDB
 * Local) that can misbehave per request: forward it, forward it and then drop
 * the answer (the service applied the request, the client never hears of it),
 * or answer itself. It counts requests per operation, so tests can assert how
 * many calls were made. The demo's `--drop` and the tests both use it.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  /** `UpdateItem`, from `x-amz-target`. */
  operation: string;
  body: Record<string, unknown>;
}

/** What to do with one request. */
export type FaultAction =
  | "forward"
  /** Forward, let the service apply it, then destroy the client's socket without answering. */
  | "drop-after-commit"
  | { status: number; body: Record<string, unknown> };

export interface FaultProxy {
  readonly endpoint: string;
  /** Requests seen, per operation. */
  readonly counts: Map<string, number>;
  /** Decides the fate of each following request. */
  decide(rule: (req: ProxiedRequest) => FaultAction): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to `target` (an `http://host:port` endpoint). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let rule: (req: ProxiedRequest) => FaultAction = () => "forward";
  const counts = new Map<string, number>();
  const agent = new Agent({ keepAlive: true });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const operation = String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "";
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const action = rule({ operation, body: raw.length ? JSON.parse(raw.toString("utf8")) : {} });

    if (typeof action === "object") {
      const text = JSON.stringify(action.body);
      res.writeHead(action.status, { "content-type": "application/x-amz-json-1.0", "content-length": Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      answer = await forward(agent, upstream, req, raw);
    } catch {
      req.socket.destroy(); // the upstream is gone: so is this connection
      return;
    }
    if (action === "drop-after-commit") {
      // The service has applied the request; the caller sees a reset.
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    decide(next) {
      rule = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

function forward(agent: Agent, upstream: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "connection") headers[k] = v;
    headers["content-length"] = String(body.length);
    const out = httpRequest({ agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string" && k !== "connection" && k !== "transfer-encoding") h[k] = v;
        const b = Buffer.concat(parts);
        h["content-length"] = String(b.length);
        resolve({ status: res.statusCode ?? 502, headers: h, body: b });
      });
      res.on("error", reject);
    });
    out.on("error", reject);
    out.end(body);
  });
}
