import { expect } from "chai";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { rejectionOf, SECRET, sendDynamo, sendDynamoError, testClient } from "./fixtures.js";
import { parseAmzDate, verifySigV4 } from "./sigv4-verifier.js";

const HOUR = 3_600_000;

/** A server whose clock runs `skew` ms off ours and that rejects signatures more than 5 minutes off its own. */
function skewedServer(server: StubServer, skew: number, code = "InvalidSignatureException"): void {
  server.handle((req, res) => {
    const serverNow = Date.now() + skew;
    const date = new Date(serverNow).toUTCString();
    const signedAt = parseAmzDate(req.headers["x-amz-date"]!);
    if (Math.abs(signedAt - serverNow) > 5 * 60_000) {
      const message =
        code === "InvalidSignatureException"
          ? `Signature expired: ${req.headers["x-amz-date"]} is now earlier than ${new Date(serverNow - 300_000).toISOString()} (current time - 5 min.)`
          : "The difference between the request time and the current time is too large.";
      sendDynamoError(res, 400, code, message, { date });
    } else {
      sendDynamo(res, 200, { ok: true }, { date });
    }
  });
}

describe("clock skew", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  for (const [code, skew] of [
    ["InvalidSignatureException", -HOUR],
    ["InvalidSignatureException", 2 * HOUR],
    ["RequestTimeTooSkewed", -HOUR],
  ] as const) {
    it(`re-signs with the server's clock after ${code} (server ${skew / HOUR} h off)`, async () => {
      skewedServer(server, skew, code);
      const client = testClient(server.endpoint, { maxAttempts: 3 });
      const result = await client.call("GetItem", { TableName: "t" });
      expect(result.output).to.deep.equal({ ok: true });
      expect(result.$metadata.attempts).to.equal(2);
      // The skew retry does not sleep.
      expect(result.$metadata.totalRetryDelay).to.equal(0);
      const [rejected, corrected] = server.requests;
      expect(Math.abs(parseAmzDate(rejected!.headers["x-amz-date"]!) - Date.now())).to.be.below(10_000);
      expect(Math.abs(parseAmzDate(corrected!.headers["x-amz-date"]!) - (Date.now() + skew))).to.be.below(10_000);
      // The corrected request is a fully valid signature for the new date, scope included.
      const verified = verifySigV4(corrected!, SECRET);
      expect(verified.valid).to.equal(true);
      expect(verified.scope.date).to.equal(corrected!.headers["x-amz-date"]!.slice(0, 8));
      expect(Math.abs(client.clockOffset - skew)).to.be.below(5_000);
      // Later calls start with the corrected clock.
      await client.call("GetItem", {});
      expect(server.requests).to.have.length(3);
      await client.destroy();
    });
  }

  it("retries a skew error only once", async () => {
    // The server's Date header lies consistently and never accepts.
    server.handle((_req, res) => sendDynamoError(res, 400, "RequestTimeTooSkewed", "too skewed", { date: new Date(Date.now() - HOUR).toUTCString() }));
    const client = testClient(server.endpoint, { maxAttempts: 5 });
    const err = await rejectionOf(client.call("GetItem", {}));
    expect(err.name).to.equal("RequestTimeTooSkewed");
    expect(err.$metadata.attempts).to.equal(2);
    await client.destroy();
  });

  it("does not retry a signature mismatch that is not about time", async () => {
    server.handle((_req, res) =>
      sendDynamoError(res, 400, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided."),
    );
    const client = testClient(server.endpoint);
    const err = await rejectionOf(client.call("GetItem", {}));
    expect(err.$metadata.attempts).to.equal(1);
    await client.destroy();
  });

  it("leaves the clock alone for other errors whose Date is only slightly off", async () => {
    server.handle((_req, res) => sendDynamoError(res, 400, "ConditionalCheckFailedException", "no", { date: new Date(Date.now() + 30_000).toUTCString() }));
    const client = testClient(server.endpoint);
    await rejectionOf(client.call("PutItem", {}));
    expect(client.clockOffset).to.equal(0);
    await client.destroy();
  });

  it("learns a large offset from a successful response's Date and ignores small ones", async () => {
    server.handle((_req, res) => sendDynamo(res, 200, {}, { date: new Date(Date.now() + 20_000).toUTCString() }));
    const client = testClient(server.endpoint);
    await client.call("ListTables", {});
    expect(client.clockOffset).to.equal(0);
    server.handle((_req, res) => sendDynamo(res, 200, {}, { date: new Date(Date.now() + HOUR).toUTCString() }));
    await client.call("ListTables", {});
    expect(Math.abs(client.clockOffset - HOUR)).to.be.below(5_000);
    await client.call("ListTables", {});
    expect(Math.abs(parseAmzDate(server.requests[2]!.headers["x-amz-date"]!) - (Date.now() + HOUR))).to.be.below(10_000);
    await client.destroy();
  });
});
