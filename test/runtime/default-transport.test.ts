import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { ClientClosedError, DefaultTransport, type HttpRequest } from "../../src/runtime/index.js";
import { sendJson, startStubServer, type StubServer } from "../support/stub-server.js";
import { verifySigV4 } from "./sigv4-verifier.js";
import { rejectionOf, SECRET, sendDynamo, testClient } from "./fixtures.js";

function post(endpoint: string): HttpRequest {
  const url = new URL(endpoint);
  return { method: "POST", url, headers: { host: url.host, "content-type": "application/x-amz-json-1.0" }, body: "{}" };
}

/**
 * Which transport sent a request, told by the case of the header names each
 * adds itself: node:http writes `Connection: keep-alive`, undici
 * `connection: keep-alive`.
 */
function sentBy(raw: IncomingMessage): "node:http" | "undici" {
  return raw.rawHeaders.includes("Connection") ? "node:http" : "undici";
}

/** Polls `condition` every 5 ms, failing after `ms`. */
async function waitFor(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe("default transport", () => {
  let server: StubServer;
  /** Server-side sockets by the transport that opened them. */
  const sockets = new Map<Socket, "node:http" | "undici">();
  /** The transport that sent each request, in order. */
  const seenBy: ("node:http" | "undici")[] = [];
  let inFlight = 0;
  let peak = 0;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    seenBy.length = 0;
    sockets.clear();
    inFlight = peak = 0;
    answerAfter(0);
  });

  function answerAfter(ms: number): void {
    server.handle((_req, res, raw) => {
      seenBy.push(sentBy(raw));
      sockets.set(raw.socket, sentBy(raw));
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        sendDynamo(res, 200, { ok: true });
      }, ms);
    });
  }

  it("starts on node:http", async () => {
    const transport = new DefaultTransport();
    expect(transport.current).to.equal("node:http");
    for (let i = 0; i < 5; i++) expect((await transport.send(post(server.endpoint))).statusCode).to.equal(200);
    expect(transport.current).to.equal("node:http");
    expect(seenBy).to.deep.equal(Array(5).fill("node:http"));
    await transport.close();
  });

  it("moves to undici after switchAfter requests and closes the node:http sockets", async () => {
    const transport = new DefaultTransport({ switchAfter: 3 });
    for (let i = 0; i < 3; i++) await transport.send(post(server.endpoint));
    await waitFor(() => transport.current === "undici", "the move to undici");
    for (let i = 0; i < 3; i++) await transport.send(post(server.endpoint));
    expect(seenBy).to.deep.equal(["node:http", "node:http", "node:http", "undici", "undici", "undici"]);
    // node:http had nothing in flight, so its idle socket is closed at once.
    const nodeSockets = [...sockets].filter(([, by]) => by === "node:http").map(([s]) => s);
    expect(nodeSockets).to.have.length(1);
    await waitFor(() => nodeSockets.every((s) => s.closed), "node:http's sockets to close");
    await transport.close();
  });

  it("carries a burst across the move within maxConnections, then closes node:http's sockets", async () => {
    const transport = new DefaultTransport({ switchAfter: 3, maxConnections: 4 });
    answerAfter(15);
    // Requests keep arriving while node:http is busy and undici loads.
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 5; j++) sent.push(transport.send(post(server.endpoint)));
      await sleep(2);
    }
    const responses = (await Promise.all(sent)) as { statusCode: number }[];
    expect(responses.map((r) => r.statusCode)).to.deep.equal(Array(200).fill(200));
    expect(transport.current).to.equal("undici");
    const by = seenBy;
    expect(by).to.include("node:http").and.include("undici");
    // Never more than maxConnections exchanges at once, across both transports.
    expect(peak).to.be.at.most(4);
    const nodeSockets = [...sockets].filter(([, t]) => t === "node:http").map(([s]) => s);
    await waitFor(() => nodeSockets.every((s) => s.closed), "node:http's sockets to close");
    await transport.close();
  });

  it("cancels a request waiting for room during the move at once", async () => {
    const transport = new DefaultTransport({ switchAfter: 1, maxConnections: 1 });
    let release: (() => void) | undefined;
    server.handle((_req, res, raw) => {
      seenBy.push(sentBy(raw));
      release = () => sendJson(res, 200, {});
    });
    const first = transport.send(post(server.endpoint)); // held by the server, on node:http
    await waitFor(() => transport.current === "undici" && release !== undefined, "the move to undici");
    const controller = new AbortController();
    const waiting = transport.send(post(server.endpoint), { signal: controller.signal });
    await sleep(20);
    expect(server.requests).to.have.length(1); // the one connection is still node:http's
    const reason = new Error("not waiting any longer");
    controller.abort(reason);
    expect(await rejectionOf(waiting)).to.equal(reason);
    release!();
    expect((await first).statusCode).to.equal(200);
    answerAfter(0);
    expect((await transport.send(post(server.endpoint))).statusCode).to.equal(200);
    expect(seenBy).to.deep.equal(["node:http", "undici"]);
    await transport.close();
  });

  it("close() during the pending import stays closed and never starts undici", async () => {
    const transport = new DefaultTransport({ switchAfter: 1 });
    const first = transport.send(post(server.endpoint)); // starts the import
    const closing = transport.close();
    const refused = await rejectionOf(transport.send(post(server.endpoint)));
    expect(refused).to.be.instanceOf(ClientClosedError);
    expect((await first).statusCode).to.equal(200); // accepted before close: it finishes
    await closing;
    await import("../../src/runtime/undici-transport.js");
    await sleep(10);
    expect(transport.current).to.equal("node:http");
    expect(await rejectionOf(transport.send(post(server.endpoint)))).to.be.instanceOf(ClientClosedError);
    await transport.close(); // a second close is harmless
    expect(server.requests).to.have.length(1);
  });

  it("serves a full client end to end across the move", async () => {
    const transport = new DefaultTransport({ switchAfter: 3 });
    const client = testClient(server.endpoint, { transport });
    for (let i = 0; i < 3; i++) await client.call("ListTables", {});
    await waitFor(() => transport.current === "undici", "the move to undici");
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => client.call("GetItem", { TableName: "t", Key: { pk: { S: String(i) } } })));
    expect(results.every((r) => r.$metadata.httpStatusCode === 200 && r.output["ok"] === true)).to.equal(true);
    expect(seenBy).to.deep.equal([...Array(3).fill("node:http"), ...Array(5).fill("undici")]);
    expect(server.requests.every((req) => verifySigV4(req, SECRET).valid)).to.equal(true);
    await client.destroy();
    await transport.close();
  });

  it("is what a client makes when given no transport", async () => {
    const client = testClient(server.endpoint);
    expect((await client.call("ListTables", {})).output).to.deep.equal({ ok: true });
    expect(seenBy).to.deep.equal(["node:http"]);
    await client.destroy();
    expect(await rejectionOf(client.call("ListTables", {}))).to.be.instanceOf(ClientClosedError);
  });
});
