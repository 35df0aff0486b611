import { expect } from "chai";
import fc from "fast-check";
import { backoffDelay, waitFor, waitUntil, WaiterError, type WaiterDefinition } from "../../src/runtime/waiter.js";
import type { CallOptions } from "../../src/runtime/types.js";

// The waiter loop against scripted fake operations. The generated waiters
// against dynalite and a stub server are in dynamodb.test.ts.

/** A service error as the generated clients throw it: named after its shape. */
function serviceError(name: string, status = 400): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 } });
}

/** An operation that answers from `script` in turn (repeating the last answer), recording call times. */
function scripted(script: (Record<string, unknown> | Error)[]) {
  const calls: number[] = [];
  const op = async (_input: unknown, _options: CallOptions) => {
    calls.push(performance.now());
    const next = script[Math.min(calls.length - 1, script.length - 1)]!;
    if (next instanceof Error) throw next;
    return next;
  };
  return { op, calls };
}

const TABLE_EXISTS: WaiterDefinition = {
  name: "TableExists",
  operation: "DescribeTable",
  delay: 20,
  maxAttempts: 25,
  acceptors: [
    { state: "success", matcher: "path", argument: "Table.TableStatus", expected: "ACTIVE" },
    { state: "retry", matcher: "error", expected: "ResourceNotFoundException" },
  ],
};
const fast = { minDelay: 0.001, maxDelay: 0.004 };
const table = (status: string) => ({ Table: { TableStatus: status } });

describe("waiter", () => {
  it("retries through a matched error and unmatched outputs until success", async () => {
    const { op, calls } = scripted([serviceError("ResourceNotFoundException"), table("CREATING"), table("CREATING"), table("ACTIVE")]);
    const result = await waitUntil(op, { TableName: "t" }, TABLE_EXISTS, fast);
    expect(result.state).to.equal("SUCCESS");
    expect(result.attempts).to.equal(4);
    expect(result.lastResponse).to.deep.equal(table("ACTIVE"));
    expect(result.reason).to.match(/Table.TableStatus == "ACTIVE" -> success/);
    expect(calls).to.have.length(4);
  });

  it("fails on a failure acceptor, with the response that matched", async () => {
    const waiter: WaiterDefinition = {
      name: "ExportCompleted",
      operation: "DescribeExport",
      delay: 20,
      maxAttempts: 60,
      acceptors: [
        { state: "success", matcher: "path", argument: "ExportDescription.ExportStatus", expected: "COMPLETED" },
        { state: "failure", matcher: "path", argument: "ExportDescription.ExportStatus", expected: "FAILED" },
      ],
    };
    const { op } = scripted([{ ExportDescription: { ExportStatus: "IN_PROGRESS" } }, { ExportDescription: { ExportStatus: "FAILED" } }]);
    const error = await waitUntil(op, {}, waiter, fast).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(WaiterError);
    const { state, result } = error as WaiterError;
    expect(state).to.equal("FAILURE");
    expect(result.attempts).to.equal(2);
    expect(result.lastResponse).to.deep.equal({ ExportDescription: { ExportStatus: "FAILED" } });
    expect((error as Error).message).to.match(/Waiter ExportCompleted ended in state FAILURE after 2 attempt\(s\)/);
  });

  it("fails at once on an error no acceptor expects, keeping it as the cause", async () => {
    const denied = serviceError("AccessDeniedException");
    const { op } = scripted([denied]);
    const error = (await waitUntil(op, {}, TABLE_EXISTS, fast).catch((e: unknown) => e)) as WaiterError;
    expect(error.state).to.equal("FAILURE");
    expect(error.result.attempts).to.equal(1);
    expect(error.result.lastError).to.equal(denied);
    expect(error.cause).to.equal(denied);
    expect(error.message).to.match(/AccessDeniedException/);
  });

  it("succeeds on an expected error (TableNotExists)", async () => {
    const notExists: WaiterDefinition = {
      ...TABLE_EXISTS,
      name: "TableNotExists",
      acceptors: [{ state: "success", matcher: "error", expected: "ResourceNotFoundException" }],
    };
    const { op } = scripted([table("DELETING"), serviceError("ResourceNotFoundException")]);
    const result = await waitUntil(op, {}, notExists, fast);
    expect(result.state).to.equal("SUCCESS");
    expect(result.attempts).to.equal(2);
  });

  it("matches pathAll, pathAny, status and error: true/false", async () => {
    const make = (acceptors: WaiterDefinition["acceptors"]): WaiterDefinition => ({ name: "W", operation: "Op", delay: 1, maxAttempts: 3, acceptors });
    const list = { Items: [{ S: "A" }, { S: "B" }] };
    const state = async (waiter: WaiterDefinition, answer: Record<string, unknown> | Error) =>
      (await waitFor(scripted([answer]).op, {}, waiter, { ...fast, maxAttempts: 1 })).state;

    expect(await state(make([{ state: "success", matcher: "pathAll", argument: "Items[].S", expected: "A" }]), list)).to.equal("TIMEOUT");
    expect(await state(make([{ state: "success", matcher: "pathAll", argument: "Items[].S", expected: "A" }]), { Items: [{ S: "A" }] })).to.equal("SUCCESS");
    // pathAll over an empty list never matches (there is nothing that is all "A").
    expect(await state(make([{ state: "success", matcher: "pathAll", argument: "Items[].S", expected: "A" }]), { Items: [] })).to.equal("TIMEOUT");
    expect(await state(make([{ state: "failure", matcher: "pathAny", argument: "Items[].S", expected: "B" }]), list)).to.equal("FAILURE");
    expect(await state(make([{ state: "success", matcher: "status", expected: 200 }]), { $metadata: { httpStatusCode: 200 } })).to.equal("SUCCESS");
    expect(await state(make([{ state: "success", matcher: "status", expected: 404 }]), serviceError("NotFound", 404))).to.equal("SUCCESS");
    expect(await state(make([{ state: "success", matcher: "error", expected: false }]), {})).to.equal("SUCCESS");
    expect(await state(make([{ state: "failure", matcher: "error", expected: true }]), serviceError("Anything"))).to.equal("FAILURE");
    expect(await state(make([{ state: "retry", matcher: "error", expected: true }]), serviceError("Anything"))).to.equal("TIMEOUT");
    // The first matching acceptor decides.
    expect(
      await state(
        make([
          { state: "failure", matcher: "path", argument: "length(Items) > `1`", expected: true },
          { state: "success", matcher: "pathAny", argument: "Items[].S", expected: "A" },
        ]),
        list,
      ),
    ).to.equal("FAILURE");
  });

  it("times out at maxWaitTime without sleeping past it", async () => {
    const { op, calls } = scripted([table("CREATING")]);
    const started = performance.now();
    const error = (await waitUntil(op, {}, TABLE_EXISTS, { minDelay: 0.02, maxDelay: 0.05, maxWaitTime: 0.2 }).catch((e: unknown) => e)) as WaiterError;
    const elapsed = (performance.now() - started) / 1000;
    expect(error.state).to.equal("TIMEOUT");
    expect(error.result.reason).to.match(/maxWaitTime \(0.2 s\)/);
    expect(error.result.lastResponse).to.deep.equal(table("CREATING"));
    expect(elapsed).to.be.within(0.2, 2);
    // The final attempt lands at the deadline, not a full delay before it.
    expect((calls[calls.length - 1]! - started) / 1000).to.be.at.least(0.15);
  });

  it("stops after maxAttempts (the model's, unless overridden)", async () => {
    const { op, calls } = scripted([table("CREATING")]);
    const result = await waitFor(op, {}, { ...TABLE_EXISTS, maxAttempts: 3 }, fast);
    expect(result.state).to.equal("TIMEOUT");
    expect(result.reason).to.match(/maxAttempts \(3\)/);
    expect(calls).to.have.length(3);
    const again = scripted([table("CREATING")]);
    expect((await waitFor(again.op, {}, TABLE_EXISTS, { ...fast, maxAttempts: 5 })).attempts).to.equal(5);
  });

  it("lets an explicit maxWaitTime replace the model's attempt limit", async () => {
    const { op, calls } = scripted([table("CREATING")]);
    const result = await waitFor(op, {}, { ...TABLE_EXISTS, maxAttempts: 3 }, { ...fast, maxWaitTime: 0.1 });
    expect(result.state).to.equal("TIMEOUT");
    expect(result.reason).to.match(/maxWaitTime/);
    expect(calls.length).to.be.greaterThan(3);
  });

  it("aborts during the pause between attempts, at once", async () => {
    const { op, calls } = scripted([table("CREATING")]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 50);
    const started = performance.now();
    const error = (await waitUntil(op, {}, TABLE_EXISTS, { minDelay: 10, signal: controller.signal }).catch((e: unknown) => e)) as WaiterError;
    expect(performance.now() - started).to.be.below(1000);
    expect(error.state).to.equal("ABORTED");
    expect((error.result.lastError as Error).message).to.equal("user gave up");
    expect(calls).to.have.length(1);
  });

  it("aborts an attempt in flight, passing the signal down", async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const op = (_input: unknown, options: CallOptions) =>
      new Promise<Record<string, unknown>>((_resolve, reject) => {
        seen = options.signal;
        options.signal?.addEventListener("abort", () => reject(options.signal!.reason));
      });
    setTimeout(() => controller.abort(), 20);
    const result = await waitFor(op, {}, TABLE_EXISTS, { signal: controller.signal });
    expect(result.state).to.equal("ABORTED");
    expect(seen).to.equal(controller.signal);
  });

  it("does not start when the signal is already aborted", async () => {
    const { op, calls } = scripted([table("ACTIVE")]);
    const result = await waitFor(op, {}, TABLE_EXISTS, { signal: AbortSignal.abort() });
    expect(result.state).to.equal("ABORTED");
    expect(calls).to.have.length(0);
  });

  it("rejects impossible options", async () => {
    const { op } = scripted([table("ACTIVE")]);
    await waitFor(op, {}, TABLE_EXISTS, { minDelay: 5, maxDelay: 1 }).then(
      () => expect.fail("resolved"),
      (e: Error) => expect(e).to.be.instanceOf(RangeError),
    );
    await waitFor(op, {}, TABLE_EXISTS, { maxWaitTime: 0 }).then(
      () => expect.fail("resolved"),
      (e: Error) => expect(e.message).to.match(/maxWaitTime/),
    );
  });

  describe("backoffDelay", () => {
    it("stays within [minDelay, min(maxDelay, minDelay * 2^(attempt-1))]", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 10_000 }),
          fc.double({ min: 0.01, max: 100, noNaN: true }),
          fc.double({ min: 1, max: 1000, noNaN: true }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (attempt, minDelay, spread, r) => {
            const maxDelay = minDelay * spread;
            const delay = backoffDelay(attempt, minDelay, maxDelay, () => r);
            const ceiling = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt - 1, 1000));
            return Number.isFinite(delay) && delay >= minDelay - 1e-9 && delay <= ceiling + 1e-9;
          },
        ),
      );
    });

    it("grows exponentially from the model's delay", () => {
      const top = (attempt: number) => backoffDelay(attempt, 20, 120, () => 0.999999);
      expect([1, 2, 3, 4, 5].map((a) => Math.round(top(a)))).to.deep.equal([20, 40, 80, 120, 120]);
      expect(backoffDelay(3, 20, 120, () => 0)).to.equal(20);
    });
  });
});
