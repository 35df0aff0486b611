import { expect } from "chai";
import { AbortError, DynaportError } from "../../src/runtime/index.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { rejectionOf, sendDynamo, sendDynamoError, testClient } from "./fixtures.js";

describe("abort", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it("rejects at once, sending nothing, when the signal has already fired", async () => {
    const client = testClient(server.endpoint);
    const err = await rejectionOf(client.call("GetItem", {}, { signal: AbortSignal.abort() }));
    expect(err).to.be.instanceOf(AbortError).and.instanceOf(DynaportError);
    expect(err.name).to.equal("AbortError");
    expect(err.code).to.equal("ERR_ABORTED");
    expect(server.requests).to.have.length(0);
    await client.destroy();
  });

  it("cancels a request in flight", async () => {
    server.handle(() => {}); // never answers
    const client = testClient(server.endpoint);
    const controller = new AbortController();
    const reason = new Error("user navigated away");
    setTimeout(() => controller.abort(reason), 30);
    const started = Date.now();
    const err = await rejectionOf(client.call("Query", {}, { signal: controller.signal }));
    expect(Date.now() - started).to.be.below(1_000);
    expect(err).to.be.instanceOf(AbortError);
    expect(err.cause).to.equal(reason);
    expect(err.message).to.include("user navigated away");
    expect(err.$metadata.attempts).to.equal(1);
    await client.destroy();
  });

  it("cancels during a backoff sleep without waiting for it", async () => {
    server.handle((_req, res) => sendDynamoError(res, 503, "ServiceUnavailable"));
    // A 10 s backoff that the abort must cut short.
    const client = testClient(server.endpoint, { retryBaseDelay: 10_000, maxAttempts: 5 });
    client.setRandom(() => 0.999);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const err = await rejectionOf(client.call("PutItem", {}, { signal: controller.signal }));
    expect(Date.now() - started).to.be.below(2_000);
    expect(err).to.be.instanceOf(AbortError);
    expect(err.$metadata.attempts).to.equal(1);
    expect(server.requests).to.have.length(1);
    await client.destroy();
  });

  it("cancels a call still queued for a connection", async () => {
    let release: () => void = () => {};
    server.handle((_req, res) => {
      release = () => sendDynamo(res, 200, {});
    });
    const client = testClient(server.endpoint, { maxConnections: 1 });
    const first = client.call("GetItem", {});
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const controller = new AbortController();
    const second = client.call("GetItem", {}, { signal: controller.signal });
    // By now the second request is signed and waiting in the pool's queue.
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const err = await rejectionOf(second);
    expect(err).to.be.instanceOf(AbortError);
    release();
    expect((await first).$metadata.httpStatusCode).to.equal(200);
    // The aborted request never reached the server.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.requests).to.have.length(1);
    await client.destroy();
  });

  it("does not wait for a slow credential provider", async () => {
    const client = testClient(server.endpoint, {
      credentials: () => new Promise((resolve) => setTimeout(() => resolve({ accessKeyId: "AKID", secretAccessKey: "s" }), 5_000).unref()),
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const err = await rejectionOf(client.call("GetItem", {}, { signal: controller.signal }));
    expect(err).to.be.instanceOf(AbortError);
    expect(Date.now() - started).to.be.below(1_000);
    expect(server.requests).to.have.length(0);
    await client.destroy();
  });

  it("does not disturb calls that finish before an abort", async () => {
    server.handle((_req, res) => sendDynamo(res, 200, { ok: 1 }));
    const client = testClient(server.endpoint);
    const controller = new AbortController();
    const result = await client.call("GetItem", {}, { signal: controller.signal });
    controller.abort();
    expect(result.output).to.deep.equal({ ok: 1 });
    await client.destroy();
  });
});
