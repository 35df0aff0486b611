import { expect } from "chai";
import fc from "fast-check";
import { createServer } from "node:net";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import {
  ConnectionError,
  InvalidResponseError,
  ServiceException,
  TruncatedResponseError,
  classifyError,
  retryAfterFromHeaders,
} from "../../src/runtime/index.js";
import { backoffDelay } from "../../src/runtime/retry.js";
import {
  badCrc,
  cutOffBody,
  failThenSucceed,
  htmlPage,
  resetConnection,
  startStubServer,
  throttleThenSucceed,
  type StubHandler,
  type StubServer,
} from "../support/stub-server.js";
import { recordingLogger, rejectionOf, sendDynamo, sendDynamoError, testClient } from "./fixtures.js";

describe("retry", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  const throttles: [string, number][] = [
    ["ProvisionedThroughputExceededException", 400],
    ["RequestLimitExceeded", 400],
    ["ThrottlingException", 400],
    ["TransactionInProgressException", 400],
    ["SomethingUnmodeled", 429],
  ];
  for (const [code, status] of throttles) {
    it(`retries ${code} (${status}) as throttling and succeeds`, async () => {
      server.handle(status === 429 ? failThenSucceed(2, (_req, res) => sendDynamoError(res, 429, code)) : throttleThenSucceed(2, code));
      const client = testClient(server.endpoint);
      const result = await client.call("PutItem", { TableName: "t" });
      expect(result.output).to.deep.equal({});
      expect(result.$metadata.attempts).to.equal(3);
      expect(server.requests).to.have.length(3);
      await client.destroy();
    });
  }

  for (const status of [500, 502, 503, 504]) {
    it(`retries HTTP ${status} as transient`, async () => {
      server.handle(failThenSucceed(1, (_req, res) => sendDynamoError(res, status, "InternalServerError")));
      const client = testClient(server.endpoint);
      const result = await client.call("GetItem", {});
      expect(result.$metadata.attempts).to.equal(2);
      expect(result.$metadata.httpStatusCode).to.equal(200);
      await client.destroy();
    });
  }

  for (const [code, status] of [
    ["ValidationException", 400],
    ["ConditionalCheckFailedException", 400],
    ["AccessDeniedException", 400],
    ["ResourceNotFoundException", 400],
    ["UnrecognizedClientException", 400],
  ] as const) {
    it(`never retries ${code}`, async () => {
      server.handle((_req, res) => sendDynamoError(res, status, code));
      const client = testClient(server.endpoint);
      const err = await rejectionOf(client.call("UpdateItem", {}));
      expect(err).to.be.instanceOf(ServiceException);
      expect(err.name).to.equal(code);
      expect(err.$metadata).to.include({ attempts: 1, totalRetryDelay: 0, httpStatusCode: status });
      expect(server.requests).to.have.length(1);
      await client.destroy();
    });
  }

  it("stops after maxAttempts and reports attempts and delay on the error", async () => {
    server.handle((_req, res) => sendDynamoError(res, 503, "ServiceUnavailable"));
    const client = testClient(server.endpoint, { maxAttempts: 4, retryBaseDelay: 10 });
    client.setRandom(() => 0.999);
    const err = await rejectionOf(client.call("Scan", {}));
    expect(err.name).to.equal("ServiceUnavailable");
    expect(err.$fault).to.equal("server");
    expect(err.$metadata.attempts).to.equal(4);
    // full jitter with random ~1: floor(0.999 * 10) + floor(0.999 * 20) + floor(0.999 * 40)
    expect(err.$metadata.totalRetryDelay).to.equal(9 + 19 + 39);
    expect(server.requests).to.have.length(4);
    await client.destroy();
  });

  it("uses the larger throttling base delay", async () => {
    server.handle(failThenSucceed(2, (_req, res) => sendDynamoError(res, 400, "ThrottlingException")));
    const client = testClient(server.endpoint, { retryBaseDelay: 2 });
    client.setRandom(() => 0.999);
    const result = await client.call("Query", {});
    // throttling base is 5 x 2 ms: floor(0.999 * 10) + floor(0.999 * 20)
    expect(result.$metadata.totalRetryDelay).to.equal(9 + 19);
    await client.destroy();
  });

  it("does not retry when maxAttempts is 1", async () => {
    server.handle((_req, res) => sendDynamoError(res, 500, "InternalServerError"));
    const client = testClient(server.endpoint, { maxAttempts: 1 });
    const err = await rejectionOf(client.call("Scan", {}));
    expect(err.$metadata.attempts).to.equal(1);
    expect(server.requests).to.have.length(1);
    await client.destroy();
  });

  it("sends the invocation id and attempt headers", async () => {
    server.handle(failThenSucceed(2, (_req, res) => sendDynamoError(res, 500, "InternalServerError")));
    const client = testClient(server.endpoint);
    await client.call("GetItem", {});
    await client.call("GetItem", {});
    const [a, b, c, d] = server.requests.map((r) => r.headers);
    expect([a, b, c].map((h) => h!["amz-sdk-request"])).to.deep.equal(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    expect(a!["amz-sdk-invocation-id"]).to.match(/^[0-9a-f-]{36}$/);
    expect(b!["amz-sdk-invocation-id"]).to.equal(a!["amz-sdk-invocation-id"]);
    expect(c!["amz-sdk-invocation-id"]).to.equal(a!["amz-sdk-invocation-id"]);
    expect(d!["amz-sdk-invocation-id"]).to.not.equal(a!["amz-sdk-invocation-id"]);
    // Both headers are covered by the signature.
    expect(a!.authorization).to.include("amz-sdk-invocation-id;amz-sdk-request");
    await client.destroy();
  });

  it("retries a connection reset before the response", async () => {
    server.handle(failThenSucceed(1, resetConnection));
    const client = testClient(server.endpoint);
    const result = await client.call("GetItem", {});
    expect(result.$metadata.attempts).to.equal(2);
    await client.destroy();
  });

  it("retries a response cut off mid-body", async () => {
    server.handle(failThenSucceed(2, cutOffBody()));
    const client = testClient(server.endpoint);
    const result = await client.call("GetItem", {});
    expect(result.$metadata.attempts).to.equal(3);
    await client.destroy();
  });

  it("reports a response cut off on every attempt as TruncatedResponseError", async () => {
    server.handle(cutOffBody());
    const client = testClient(server.endpoint);
    const err = await rejectionOf(client.call("GetItem", {}));
    expect(err).to.be.instanceOf(TruncatedResponseError);
    expect(err.code).to.equal("ERR_RESPONSE_TRUNCATED");
    expect(err.$metadata.attempts).to.equal(3);
    await client.destroy();
  });

  it("retries a refused connection and reports ECONNREFUSED", async () => {
    // Take a free port, then close it so nothing listens there.
    const probe = createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const client = testClient(`http://127.0.0.1:${port}`);
    const err = await rejectionOf(client.call("ListTables", {}));
    expect(err).to.be.instanceOf(ConnectionError);
    expect(err.syscallCode).to.equal("ECONNREFUSED");
    expect(err.$metadata.attempts).to.equal(3);
    expect(err.$metadata.httpStatusCode).to.equal(undefined);
    await client.destroy();
  });

  it("retries a DNS failure", async () => {
    const client = testClient("http://no-such-host.invalid", { maxAttempts: 2 });
    const err = await rejectionOf(client.call("ListTables", {}));
    expect(err).to.be.instanceOf(ConnectionError);
    expect(err.syscallCode).to.be.oneOf(["ENOTFOUND", "EAI_AGAIN"]);
    expect(err.$metadata.attempts).to.equal(2);
    await client.destroy();
  });

  it("retries an HTML 503 from a proxy but not an HTML 403", async () => {
    server.handle(failThenSucceed(1, htmlPage(503)));
    const client = testClient(server.endpoint);
    expect((await client.call("GetItem", {})).$metadata.attempts).to.equal(2);
    server.handle(htmlPage(403));
    const err = await rejectionOf(client.call("GetItem", {}));
    expect(err).to.be.instanceOf(InvalidResponseError);
    expect(err.$metadata.attempts).to.equal(1);
    await client.destroy();
  });

  it("honours x-amz-retry-after and Retry-After within the cap", async () => {
    server.handle(failThenSucceed(1, (_req, res) => sendDynamoError(res, 503, "ServiceUnavailable", "busy", { "x-amz-retry-after": "40" })));
    const client = testClient(server.endpoint, { retryBaseDelay: 1 });
    client.setRandom(() => 0);
    expect((await client.call("GetItem", {})).$metadata.totalRetryDelay).to.equal(40);

    server.handle(failThenSucceed(1, (_req, res) => sendDynamoError(res, 429, "TooManyRequestsException", "slow", { "retry-after": "3600" })));
    const capped = testClient(server.endpoint, { maxRetryDelay: 25 });
    capped.setRandom(() => 0);
    expect((await capped.call("GetItem", {})).$metadata.totalRetryDelay).to.equal(25);
    await client.destroy();
    await capped.destroy();
  });

  it("stops retrying when the retry budget is spent, and earns it back on success", async () => {
    server.handle((_req, res) => sendDynamoError(res, 500, "InternalServerError"));
    const logger = recordingLogger();
    const client = testClient(server.endpoint, { maxAttempts: 5, retryBudget: 12, logger });
    // 12 tokens pay for two retries at 5 each.
    const first = await rejectionOf(client.call("GetItem", {}));
    expect(first.$metadata.attempts).to.equal(3);
    expect(client.retryBudgetAvailable).to.equal(2);
    const second = await rejectionOf(client.call("GetItem", {}));
    expect(second.$metadata.attempts).to.equal(1);
    expect(logger.lines.map((l) => l[0])).to.include("DynamoDB.GetItem: retry budget spent, not retrying InternalServerError");
    // A success after a retry refunds that retry's cost; a first-try success adds 1.
    server.handle((_req, res) => sendDynamo(res, 200, {}));
    await client.call("GetItem", {});
    await client.call("GetItem", {});
    await client.call("GetItem", {});
    expect(client.retryBudgetAvailable).to.equal(5);
    server.handle(failThenSucceed(1, (_req, res) => sendDynamoError(res, 500, "InternalServerError")));
    expect((await client.call("GetItem", {})).$metadata.attempts).to.equal(2);
    expect(client.retryBudgetAvailable).to.equal(5);
    await client.destroy();
  });

  it("in adaptive mode slows down after throttling and still completes", async () => {
    server.handle(failThenSucceed(2, (_req, res) => sendDynamoError(res, 400, "ThrottlingException")));
    const client = testClient(server.endpoint, { retryMode: "adaptive" });
    const result = await client.call("PutItem", {});
    expect(result.$metadata.attempts).to.equal(3);
    await client.destroy();
  });
});

describe("retry under random fault sequences", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());

  const faults: Record<string, StubHandler> = {
    throttle: (_req, res) => sendDynamoError(res, 400, "ProvisionedThroughputExceededException"),
    error500: (_req, res) => sendDynamoError(res, 500, "InternalServerError"),
    html503: htmlPage(503),
    reset: resetConnection,
    cutOff: cutOffBody(),
    badCrc: badCrc({ ok: true }),
  };

  it("succeeds at the first good answer within maxAttempts, else reports the last failure", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...Object.keys(faults)), { maxLength: 4 }), fc.integer({ min: 1, max: 4 }), async (sequence, maxAttempts) => {
        let n = 0;
        server.handle((req, res, raw) => {
          const fault = sequence[n++];
          return fault ? faults[fault]!(req, res, raw) : sendDynamo(res, 200, { ok: true });
        });
        const client = testClient(server.endpoint, { maxAttempts, retryBaseDelay: 0 });
        try {
          const outcome = await client.call("GetItem", {}).then(
            (result) => ({ ok: true, attempts: result.$metadata.attempts }),
            (err: any) => ({ ok: false, attempts: err.$metadata.attempts as number }),
          );
          const succeeds = sequence.length < maxAttempts;
          expect(outcome).to.deep.equal({ ok: succeeds, attempts: succeeds ? sequence.length + 1 : maxAttempts });
          expect(n).to.equal(outcome.attempts);
        } finally {
          await client.destroy();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("retry policy", () => {
  const meta = (status: number) => ({ httpStatusCode: status, attempts: 1, totalRetryDelay: 0 });
  const service = (name: string, status: number, message = name) => new ServiceException({ name, message, $fault: "client", $metadata: meta(status) });

  it("classifies service errors", () => {
    expect(classifyError(service("ProvisionedThroughputExceededException", 400))).to.equal("throttling");
    expect(classifyError(service("Anything", 429))).to.equal("throttling");
    expect(classifyError(service("InternalServerError", 500))).to.equal("transient");
    expect(classifyError(service("RequestTimeTooSkewed", 400))).to.equal("clock-skew");
    expect(classifyError(service("InvalidSignatureException", 400, "Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z"))).to.equal(
      "clock-skew",
    );
    expect(classifyError(service("InvalidSignatureException", 400, "The request signature we calculated does not match"))).to.equal(undefined);
    expect(classifyError(service("ValidationException", 400))).to.equal(undefined);
    expect(classifyError(new Error("boom"))).to.equal(undefined);
  });

  it("computes full-jitter exponential backoff with a cap", () => {
    const options = { baseDelay: 100, throttlingBaseDelay: 500, maxDelay: 20_000 };
    expect(backoffDelay("transient", 1, options, undefined, () => 0.5)).to.equal(50);
    expect(backoffDelay("transient", 3, options, undefined, () => 0.5)).to.equal(200);
    expect(backoffDelay("throttling", 2, options, undefined, () => 0.5)).to.equal(500);
    expect(backoffDelay("throttling", 20, options, undefined, () => 0.999)).to.equal(19_980);
    expect(backoffDelay("transient", 1, options, 5_000, () => 0.5)).to.equal(5_000);
    expect(backoffDelay("transient", 1, options, 60_000, () => 0.5)).to.equal(20_000);
    expect(backoffDelay("clock-skew", 1, options, undefined, () => 0.5)).to.equal(0);
  });

  it("reads Retry-After as milliseconds, seconds or an HTTP date", () => {
    const now = Date.parse("2024-01-01T00:00:00Z");
    expect(retryAfterFromHeaders({ "x-amz-retry-after": "1500" }, now)).to.equal(1500);
    expect(retryAfterFromHeaders({ "retry-after": "2" }, now)).to.equal(2000);
    expect(retryAfterFromHeaders({ "retry-after": "Mon, 01 Jan 2024 00:00:03 GMT" }, now)).to.equal(3000);
    expect(retryAfterFromHeaders({ "retry-after": "soon" }, now)).to.equal(undefined);
    expect(retryAfterFromHeaders({}, now)).to.equal(undefined);
  });
});
