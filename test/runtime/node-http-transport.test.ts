import { expect } from "chai";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { brotliCompressSync, gzipSync } from "node:zlib";
import {
  ClientClosedError,
  ConnectionError,
  ConnectTimeoutError,
  NodeHttpTransport,
  RequestTimeoutError,
  TruncatedResponseError,
  UndiciTransport,
  type HttpRequest,
  type Transport,
  type TransportOptions,
} from "../../src/runtime/index.js";
import { cutOffBody, sendJson, startStubServer, type StubServer } from "../support/stub-server.js";
import { rejectionOf } from "./fixtures.js";

type Make = (options?: { maxConnections?: number; connectTimeout?: number; keepAliveTimeout?: number }) => Transport;

/** Both transports promise the same behaviour; every case runs against each. */
const TRANSPORTS: [string, Make][] = [
  ["node:http", (options) => new NodeHttpTransport(options)],
  ["undici", (options) => new UndiciTransport(options)],
];

/** A POST as the JSON client sends it: no `content-length` (the transport sets it from the body). */
function post(endpoint: string, body = "{}", headers: Record<string, string> = {}): HttpRequest {
  const url = new URL(endpoint);
  return { method: "POST", url, headers: { host: url.host, "content-type": "application/x-amz-json-1.0", ...headers }, body };
}

for (const [name, make] of TRANSPORTS) {
  describe(`${name} transport`, () => {
    let server: StubServer;
    let transport: Transport;
    /** Server-side sockets seen, and how many requests were being answered at once at most. */
    const sockets = new Set<Socket>();
    let inFlight = 0;
    let peak = 0;

    before(async () => {
      server = await startStubServer();
    });
    after(() => server.close());
    let closed = false;
    beforeEach(() => {
      server.requests.length = 0;
      sockets.clear();
      inFlight = peak = 0;
      transport = make();
      closed = false;
    });
    afterEach(() => (closed ? undefined : transport.close()));

    /** Replaces the test's transport with one made with `options`. */
    function reconfigure(options: Parameters<Make>[0]): void {
      void transport.close();
      transport = make(options);
    }

    /** Answers after `ms`, counting concurrent requests and sockets. */
    function answerAfter(ms: number): void {
      server.handle((_req, res, raw) => {
        sockets.add(raw.socket);
        peak = Math.max(peak, ++inFlight);
        setTimeout(() => {
          inFlight--;
          sendJson(res, 200, { ok: true });
        }, ms);
      });
    }

    it("sends the request with its content-length and reads status, headers and body", async () => {
      server.handle((_req, res) => sendJson(res, 201, { TableNames: ["a"] }, { "x-amzn-requestid": "R1" }));
      const body = JSON.stringify({ TableName: "Müsic" });
      const response = await transport.send(post(server.endpoint, body, { "x-amz-target": "DynamoDB_20120810.ListTables" }));
      expect(response.statusCode).to.equal(201);
      expect(response.headers).to.include({ "x-amzn-requestid": "R1", "content-type": "application/x-amz-json-1.0" });
      expect(JSON.parse(Buffer.from(response.body).toString("utf8"))).to.deep.equal({ TableNames: ["a"] });
      const [seen] = server.requests;
      expect(seen).to.include({ method: "POST", path: "/", body });
      expect(seen!.headers).to.include({
        "content-length": String(Buffer.byteLength(body)),
        "x-amz-target": "DynamoDB_20120810.ListTables",
        host: new URL(server.endpoint).host,
      });
    });

    it("joins a repeated response header with ', '", async () => {
      server.handle((_req, res) => {
        res.setHeader("x-multi", ["a", "b"]);
        res.setHeader("set-cookie", ["c=1", "d=2"]);
        sendJson(res, 200, {});
      });
      const { headers } = await transport.send(post(server.endpoint));
      expect(headers).to.include({ "x-multi": "a, b", "set-cookie": "c=1, d=2" });
    });

    it("skips 1xx informational responses", async () => {
      server.handle((_req, res) => {
        res.writeProcessing();
        res.writeEarlyHints({ link: "</a>; rel=preload" });
        sendJson(res, 200, { final: true });
      });
      const response = await transport.send(post(server.endpoint));
      expect(response.statusCode).to.equal(200);
      expect(Buffer.from(response.body).toString()).to.equal('{"final":true}');
      expect(response.headers).to.not.have.property("link");
    });

    it("undoes a content-encoding and keeps its header", async () => {
      const text = JSON.stringify({ Items: Array.from({ length: 50 }, (_, i) => ({ n: { N: String(i) } })) });
      for (const [encoding, encode] of [["gzip", gzipSync], ["br", brotliCompressSync]] as const) {
        const encoded = encode(Buffer.from(text));
        server.handle((_req, res) => {
          res.writeHead(200, { "content-encoding": encoding, "content-length": encoded.length });
          res.end(encoded);
        });
        const response = await transport.send(post(server.endpoint));
        expect(Buffer.from(response.body).toString()).to.equal(text);
        expect(response.headers["content-encoding"]).to.equal(encoding);
      }
    });

    it("reuses one keep-alive connection for sequential requests", async () => {
      answerAfter(0);
      for (let i = 0; i < 10; i++) await transport.send(post(server.endpoint));
      // A connection may be replaced while the previous one is being
      // released, but never one per request.
      expect(sockets.size).to.be.at.most(2);
    });

    it("queues requests beyond maxConnections instead of failing them", async () => {
      reconfigure({ maxConnections: 2 });
      answerAfter(10);
      const responses = await Promise.all(Array.from({ length: 20 }, () => transport.send(post(server.endpoint))));
      expect(responses.map((r) => r.statusCode)).to.deep.equal(Array(20).fill(200));
      expect(peak).to.equal(2);
      expect(sockets.size).to.be.at.most(2);
    });

    it("starts the timeout when the request gets a connection, not while it is queued", async () => {
      reconfigure({ maxConnections: 1 });
      answerAfter(60);
      // The fourth waits ~180 ms for the connection, longer than its 150 ms
      // limit, but its own exchange takes ~60 ms.
      const responses = await Promise.all(Array.from({ length: 4 }, () => transport.send(post(server.endpoint), { timeout: 150 })));
      expect(responses.map((r) => r.statusCode)).to.deep.equal([200, 200, 200, 200]);
    });

    it("cancels a request that runs out of time with RequestTimeoutError", async () => {
      server.handle((_req, _res, raw) => void sockets.add(raw.socket)); // never answers
      const err = await rejectionOf(transport.send(post(server.endpoint), { timeout: 50 }));
      expect(err).to.be.instanceOf(RequestTimeoutError);
      expect(err.message).to.include("50 ms");
      // The request was torn down: the server sees its connection close.
      const [socket] = sockets;
      if (!socket!.closed) await once(socket!, "close");
    });

    it("times out a body that stalls after the headers", async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { "content-length": "50" });
        res.write('{"Items": [');
      });
      const err = await rejectionOf(transport.send(post(server.endpoint), { timeout: 50 }));
      expect(err).to.be.instanceOf(RequestTimeoutError);
    });

    it("rejects with the signal's reason, sending nothing, when already aborted", async () => {
      const reason = new Error("gave up");
      const err = await rejectionOf(transport.send(post(server.endpoint), { signal: AbortSignal.abort(reason) }));
      expect(err).to.equal(reason);
      expect(server.requests).to.have.length(0);
    });

    it("cancels at once on abort, in flight and while queued", async () => {
      reconfigure({ maxConnections: 1 });
      let release: (() => void) | undefined;
      server.handle((_req, res) => {
        release ??= () => sendJson(res, 200, {});
      });
      const first = new AbortController();
      const queued = new AbortController();
      const inFlight = transport.send(post(server.endpoint), { signal: first.signal });
      const waiting = transport.send(post(server.endpoint), { signal: queued.signal });
      await sleep(30);
      const queuedReason = new Error("queued one cancelled");
      queued.abort(queuedReason);
      expect(await rejectionOf(waiting)).to.equal(queuedReason);
      const reason = new Error("in-flight one cancelled");
      first.abort(reason);
      expect(await rejectionOf(inFlight)).to.equal(reason);
      // The queue goes on: a later request gets the (new) connection.
      server.handle((_req, res) => sendJson(res, 200, { after: true }));
      const later = await transport.send(post(server.endpoint), { timeout: 2_000 });
      expect(Buffer.from(later.body).toString()).to.equal('{"after":true}');
      expect(server.requests).to.have.length(2); // the aborted queued request never went out
    });

    it("reports a body cut off mid-way as TruncatedResponseError", async () => {
      server.handle(cutOffBody(100, '{"Item": {'));
      const err = await rejectionOf(transport.send(post(server.endpoint)));
      expect(err).to.be.instanceOf(TruncatedResponseError);
      expect(err.code).to.equal("ERR_RESPONSE_TRUNCATED");
    });

    it("reports a connection reset before the response as ConnectionError", async () => {
      server.handle((_req, res) => void res.socket!.destroy());
      const err = await rejectionOf(transport.send(post(server.endpoint)));
      expect(err).to.be.instanceOf(ConnectionError);
      expect(err.syscallCode).to.be.a("string");
    });

    it("reports a refused connection as ConnectionError with its code", async () => {
      const closed = createServer().listen(0, "127.0.0.1");
      await once(closed, "listening");
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const err = await rejectionOf(transport.send(post(`http://127.0.0.1:${port}`)));
      expect(err).to.be.instanceOf(ConnectionError);
      expect(err.syscallCode).to.equal("ECONNREFUSED");
      expect(err.message).to.include(`127.0.0.1:${port}`);
    });

    it("rejects a header value with a line break without sending it", async () => {
      const err = await rejectionOf(transport.send(post(server.endpoint, "{}", { "x-amz-security-token": "line\nbreak" })));
      expect(err.code).to.equal("ERR_INVALID_REQUEST");
      expect(server.requests).to.have.length(0);
    });

    it("refuses requests after close, letting those in flight finish", async () => {
      answerAfter(30);
      const pending = transport.send(post(server.endpoint));
      await sleep(5);
      const closing = transport.close();
      closed = true;
      const refused = await rejectionOf(transport.send(post(server.endpoint)));
      expect(refused).to.be.instanceOf(ClientClosedError);
      expect((await pending).statusCode).to.equal(200);
      await closing;
      expect(server.requests).to.have.length(1);
    });

    describe("connect timeout", () => {
      // Accepts TCP and never speaks: the TLS handshake hangs, as against an
      // unreachable host, but on loopback.
      let silent: Server;
      const accepted: Socket[] = [];
      before(async () => {
        silent = createServer((socket) => accepted.push(socket)).listen(0, "127.0.0.1");
        await once(silent, "listening");
      });
      after(async () => {
        for (const s of accepted) s.destroy();
        await new Promise((resolve) => silent.close(resolve));
      });

      it("fails with ConnectTimeoutError when TCP and TLS are not done in time", async () => {
        reconfigure({ connectTimeout: 50 });
        const { port } = silent.address() as AddressInfo;
        const err = await rejectionOf(transport.send(post(`https://127.0.0.1:${port}`)));
        expect(err).to.be.instanceOf(ConnectTimeoutError);
        expect(err.message).to.include(`127.0.0.1:${port}`);
      });

      it("fires a timeout of a second or more on time, not on a coarse tick", async () => {
        // undici's own connect timer, for a second and up, fires on a
        // half-second tick: about 1.5 s for 1 s. The limit leaves room for a
        // busy machine and none for the tick.
        reconfigure({ connectTimeout: 1000 });
        const { port } = silent.address() as AddressInfo;
        const started = performance.now();
        const err = await rejectionOf(transport.send(post(`https://127.0.0.1:${port}`)));
        const elapsed = performance.now() - started;
        expect(err).to.be.instanceOf(ConnectTimeoutError);
        expect(elapsed).to.be.within(990, 1350);
      });
    });

    it("does not keep the process alive with idle connections", async function () {
      this.timeout(30_000);
      // A server that would keep the connection open for a minute, and a
      // child process that makes one request and then simply returns.
      const lingering = createHttpServer((_req, res) => sendJson(res, 200, { ok: true }));
      lingering.keepAliveTimeout = 60_000;
      lingering.listen(0, "127.0.0.1");
      await once(lingering, "listening");
      const { port } = lingering.address() as AddressInfo;
      const module = new URL(name === "undici" ? "../../src/runtime/undici-transport.ts" : "../../src/runtime/node-http-transport.ts", import.meta.url).href;
      const script = `
        const m = await import(${JSON.stringify(module)});
        const transport = new m[${JSON.stringify(name === "undici" ? "UndiciTransport" : "NodeHttpTransport")}]({ keepAliveTimeout: 60_000 });
        const url = new URL("http://127.0.0.1:${port}/");
        const response = await transport.send({ method: "POST", url, headers: { host: url.host }, body: "{}" });
        console.log(response.statusCode);
      `;
      try {
        const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
          const child = execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 20_000 }, (err, out) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout: out }),
          );
          child.stdin?.end();
        });
        expect(stdout.trim()).to.equal("200");
        expect(code).to.equal(0);
      } finally {
        lingering.closeAllConnections();
        await new Promise((resolve) => lingering.close(resolve));
      }
    });
  });
}
