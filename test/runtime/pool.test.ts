import { expect } from "chai";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { sendDynamo, testClient } from "./fixtures.js";

describe("connection pool", () => {
  let server: StubServer;
  const sockets = new Set<number>();
  let inFlight = 0;
  let peak = 0;
  before(async () => {
    server = await startStubServer((_req, res, raw) => {
      sockets.add(raw.socket.remotePort!);
      peak = Math.max(peak, ++inFlight);
      setImmediate(() => {
        inFlight--;
        sendDynamo(res, 200, { n: 1 });
      });
    });
  });
  after(() => server.close());

  it("queues a burst of 10,000 concurrent calls within maxConnections", async function () {
    this.timeout(60_000);
    const client = testClient(server.endpoint, { maxConnections: 8 });
    const calls = Array.from({ length: 10_000 }, (_, i) => client.call("GetItem", { TableName: "t", Key: { pk: { S: String(i) } } }));
    const results = await Promise.all(calls);
    expect(results).to.have.length(10_000);
    expect(results.every((r) => r.$metadata.httpStatusCode === 200 && r.$metadata.attempts === 1)).to.equal(true);
    expect(server.requests).to.have.length(10_000);
    // Every request went over one of at most 8 sockets, never more than 8 at a time.
    expect(sockets.size).to.be.at.most(8);
    expect(peak).to.be.at.most(8);
    await client.destroy();
  });
});
