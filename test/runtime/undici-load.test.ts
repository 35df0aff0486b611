import { expect } from "chai";
import { firstLoadable, loadUndici } from "../../src/runtime/undici-transport.js";

// undici's Agent and connector are loaded from their own modules; the
// package entry is the fallback should a later undici move or hide them.
describe("runtime: loading undici", () => {
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

  it("the modules and the package entry give the same Agent and connector", async () => {
    const { Agent, buildConnector } = await loadUndici();
    const entry = await import("undici");
    expect(Agent).to.equal(entry.Agent);
    expect(buildConnector).to.equal(entry.buildConnector);
    expect(Agent.prototype.dispatch).to.be.a("function");
  });
});
