import { expect } from "chai";
import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { ConnectTimeoutError, RequestTimeoutError } from "../../src/runtime/index.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { rejectionOf, sendDynamo, testClient } from "./fixtures.js";

describe("client timeouts", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it("times out an attempt whose response does not start, and retries it", async () => {
    let n = 0;
    server.handle((_req, res) => {
      if (n++ === 0) return; // never answers; the client gives up on this attempt
      sendDynamo(res, 200, { ok: true });
    });
    const client = testClient(server.endpoint, { requestTimeout: 50 });
    const started = Date.now();
    const result = await client.call("GetItem", {});
    expect(result.output).to.deep.equal({ ok: true });
    expect(result.$metadata.attempts).to.equal(2);
    expect(Date.now() - started).to.be.below(5_000);
    await client.destroy();
  });

  it("times out a body that stalls after the headers", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-length": "50", "content-type": "application/x-amz-json-1.0" });
      res.write('{"Items": [');
    });
    const client = testClient(server.endpoint, { requestTimeout: 50, maxAttempts: 2 });
    const err = await rejectionOf(client.call("Scan", {}));
    expect(err).to.be.instanceOf(RequestTimeoutError);
    expect(err.code).to.equal("ERR_REQUEST_TIMEOUT");
    expect(err.message).to.include("Scan").and.include("50 ms");
    expect(err.$metadata.attempts).to.equal(2);
    await client.destroy();
  });

  it("does not count time queued for a connection", async () => {
    server.handle((_req, res) => {
      setTimeout(() => sendDynamo(res, 200, {}), 60);
    });
    // Five calls through one connection: the last waits ~240 ms in the queue,
    // far beyond the 150 ms limit, yet each exchange itself takes ~60 ms.
    const client = testClient(server.endpoint, { requestTimeout: 150, maxConnections: 1 });
    const results = await Promise.all(Array.from({ length: 5 }, () => client.call("GetItem", {})));
    expect(results.map((r) => r.$metadata.attempts)).to.deep.equal([1, 1, 1, 1, 1]);
    await client.destroy();
  });

  it("charges the retry budget more for timeouts", async () => {
    server.handle(() => {});
    const client = testClient(server.endpoint, { requestTimeout: 20, maxAttempts: 2, retryBudget: 100 });
    await rejectionOf(client.call("GetItem", {}));
    expect(client.retryBudgetAvailable).to.equal(90);
    await client.destroy();
  });

  describe("connect timeout", () => {
    // A TCP server that accepts connections and never speaks: a TLS handshake
    // against it hangs, which is what an unreachable endpoint looks like to
    // the connector, and it runs on loopback.
    let silent: Server;
    const sockets: Socket[] = [];
    before(async () => {
      silent = createServer((socket) => sockets.push(socket)).listen(0, "127.0.0.1");
      await once(silent, "listening");
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it("fails with ConnectTimeoutError when the connection is not established in time", async () => {
      const { port } = silent.address() as AddressInfo;
      const client = testClient(`https://127.0.0.1:${port}`, { connectTimeout: 50, maxAttempts: 2 });
      const started = Date.now();
      const err = await rejectionOf(client.call("ListTables", {}));
      expect(err).to.be.instanceOf(ConnectTimeoutError);
      expect(err.code).to.equal("ERR_CONNECT_TIMEOUT");
      expect(err.message).to.include(`127.0.0.1:${port}`);
      expect(err.$metadata.attempts).to.equal(2);
      expect(Date.now() - started).to.be.below(5_000);
      await client.destroy();
    });
  });
});
