import { expect } from "chai";
import { credentialProviderFrom, defaultProvider, fromInstanceMetadata, memoize } from "../../../src/runtime/credentials/index.js";
import type { Credentials } from "../../../src/runtime/types.js";
import { startStubServer, type StubServer } from "../../support/stub-server.js";
import { SECRET, imdsHandler, isolateEnvironment } from "./support.js";

const MINUTE = 60 * 1000;

/** A provider that counts its calls and hands out numbered credentials expiring at `expiresAt()`. */
function countingProvider(expiresAt: () => Date | undefined, delayMs = 0) {
  const state = { calls: 0 };
  const provider = async (): Promise<Credentials> => {
    state.calls++;
    const n = state.calls;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const expiration = expiresAt();
    return { accessKeyId: `AKID${n}`, secretAccessKey: SECRET, ...(expiration ? { expiration } : {}) };
  };
  return { state, provider };
}

describe("credentials: caching and refresh", () => {
  isolateEnvironment();

  it("keeps credentials without an expiration for good", async () => {
    const { state, provider } = countingProvider(() => undefined);
    const cached = memoize(provider);
    for (let i = 0; i < 5; i++) expect((await cached()).accessKeyId).to.equal("AKID1");
    expect(state.calls).to.equal(1);
  });

  it("refreshes five minutes before expiry, not earlier", async () => {
    let now = Date.UTC(2026, 0, 1);
    const expiry = now + 60 * MINUTE;
    const { state, provider } = countingProvider(() => new Date(expiry));
    const cached = memoize(provider, { now: () => now });
    expect((await cached()).accessKeyId).to.equal("AKID1");
    now = expiry - 5 * MINUTE - 1;
    expect((await cached()).accessKeyId).to.equal("AKID1");
    now = expiry - 5 * MINUTE;
    expect((await cached()).accessKeyId).to.equal("AKID2");
    expect(state.calls).to.equal(2);
  });

  it("shares one in-flight fetch between concurrent callers", async () => {
    const { state, provider } = countingProvider(() => new Date(Date.now() + 60 * MINUTE), 20);
    const cached = memoize(provider);
    const results = await Promise.all(Array.from({ length: 100 }, () => cached()));
    expect(state.calls).to.equal(1);
    expect(new Set(results.map((c) => c.accessKeyId))).to.deep.equal(new Set(["AKID1"]));
  });

  it("shares one refresh when concurrent callers find the credentials expiring", async () => {
    let now = Date.now();
    const { state, provider } = countingProvider(() => new Date(now + 10 * MINUTE), 20);
    const cached = memoize(provider, { now: () => now });
    await cached();
    now += 6 * MINUTE;
    const results = await Promise.all(Array.from({ length: 50 }, () => cached()));
    expect(state.calls).to.equal(2);
    expect(results.every((c) => c.accessKeyId === "AKID2")).to.equal(true);
  });

  it("keeps serving still-valid credentials when a refresh fails, pausing retries, and throws once they have expired", async () => {
    let now = Date.UTC(2026, 0, 1);
    let fail = false;
    let calls = 0;
    const cached = memoize(
      async () => {
        calls++;
        if (fail) throw new Error("STS is down");
        return { accessKeyId: "AKIDOK", secretAccessKey: SECRET, expiration: new Date(now + 10 * MINUTE) };
      },
      { now: () => now },
    );
    await cached();
    fail = true;
    now += 7 * MINUTE; // inside the refresh window, not yet expired
    expect((await cached()).accessKeyId).to.equal("AKIDOK");
    expect(calls).to.equal(2);
    now += 5 * 1000; // within the 10 s pause: no new attempt
    expect((await cached()).accessKeyId).to.equal("AKIDOK");
    expect(calls).to.equal(2);
    now += 6 * 1000; // pause over: tried again, still failing, still valid
    expect((await cached()).accessKeyId).to.equal("AKIDOK");
    expect(calls).to.equal(3);
    now += 4 * MINUTE; // expired
    let message = "";
    await cached().catch((err: Error) => (message = err.message));
    expect(message).to.equal("STS is down");
  });

  it("retries after a failed first fetch instead of caching the failure", async () => {
    let calls = 0;
    const cached = memoize(async () => {
      calls++;
      if (calls === 1) throw new Error("not yet");
      return { accessKeyId: "AKIDLATER", secretAccessKey: SECRET };
    });
    await cached().catch(() => undefined);
    expect((await cached()).accessKeyId).to.equal("AKIDLATER");
  });

  it("caches a user's provider function passed as `credentials`", async () => {
    const { state, provider } = countingProvider(() => new Date(Date.now() + 60 * MINUTE));
    const fromOption = credentialProviderFrom(provider);
    await Promise.all([fromOption(), fromOption(), fromOption()]);
    await fromOption();
    expect(state.calls).to.equal(1);
  });

  it("accepts an ISO string expiration from a foreign provider", async () => {
    const foreign = async () => ({ accessKeyId: "AKIDX", secretAccessKey: SECRET, expiration: "2031-01-01T00:00:00Z" }) as unknown as Credentials;
    expect((await memoize(foreign)()).expiration).to.deep.equal(new Date("2031-01-01T00:00:00Z"));
  });

  describe("against a fake IMDS", () => {
    let imds: StubServer;
    let state: { fetches: number; expiration?: () => Date };

    before(async () => {
      imds = await startStubServer();
    });
    after(() => imds.close());
    beforeEach(() => {
      state = { fetches: 0 };
      imds.requests.length = 0;
      imds.handle(imdsHandler(state));
      delete process.env.AWS_EC2_METADATA_DISABLED;
      process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.endpoint;
    });

    it("a burst of concurrent calls through the default chain makes one IMDS exchange", async () => {
      const provider = defaultProvider();
      const results = await Promise.all(Array.from({ length: 200 }, () => provider()));
      expect(state.fetches).to.equal(1);
      expect(imds.requests).to.have.length(3);
      expect(results.every((c) => c.accessKeyId === "ASIAIMDS1")).to.equal(true);
    });

    it("fetches again when what IMDS gave is about to expire", async () => {
      state.expiration = () => new Date(Date.now() + 2 * MINUTE); // inside the 5 minute window
      const provider = memoize(fromInstanceMetadata());
      expect((await provider()).accessKeyId).to.equal("ASIAIMDS1");
      expect((await provider()).accessKeyId).to.equal("ASIAIMDS2");
      state.expiration = () => new Date(Date.now() + 60 * MINUTE);
      expect((await provider()).accessKeyId).to.equal("ASIAIMDS3");
      expect((await provider()).accessKeyId).to.equal("ASIAIMDS3");
      expect(state.fetches).to.equal(3);
    });
  });
});
