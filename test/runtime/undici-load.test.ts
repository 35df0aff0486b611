import { expect } from "chai";
import { firstLoadable, loadUndiciAgent } from "../../src/runtime/undici-transport.js";

// undici's Agent is loaded from its own module; the package entry is the
// fallback should a later undici move or hide that module.
describe("runtime: loading undici's Agent", () => {
  it("takes the first loader that succeeds", async () => {
    const calls: string[] = [];
    const value = await firstLoadable([
      async () => {
        calls.push("internal");
        throw new Error("ERR_PACKAGE_PATH_NOT_EXPORTED");
      },
      async () => {
        calls.push("entry");
        return "Agent";
      },
    ]);
    expect(value).to.equal("Agent");
    expect(calls).to.deep.equal(["internal", "entry"]);
  });

  it("reports the first loader's error when none succeeds", async () => {
    const failing = (message: string) => async () => {
      throw new Error(message);
    };
    const err = await firstLoadable([failing("first"), failing("second")]).catch((e: unknown) => e);
    expect((err as Error).message).to.equal("first");
  });

  it("the module and the package entry give the same Agent class", async () => {
    const Agent = await loadUndiciAgent();
    expect(Agent).to.equal((await import("undici")).Agent);
    expect(Agent.prototype.dispatch).to.be.a("function");
  });
});
