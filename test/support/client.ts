/**
 * A generated client talking to its own stub server, for tests that look at
 * the wire: the server starts before the suite's tests and both close after.
 */
import type { ClientConfig } from "../../src/runtime/index.js";
import { TEST_CREDENTIALS } from "./dynalite.js";
import { startStubServer, type StubServer } from "./stub-server.js";

/** The client and its stub server; both exist from the suite's `before` hooks on. */
export interface StubbedClient<C> {
  readonly client: C;
  readonly stub: StubServer;
}

/**
 * Registers `before`/`after` hooks in the calling `describe` that start a stub
 * server and point a `Client` at it: region `us-east-1`, the test
 * credentials, and one attempt, so that a canned error answer reaches the
 * test as sent instead of being retried. `config` overrides any of these.
 */
export function stubbedClient<C extends { destroy(): Promise<void> }>(
  Client: new (config: ClientConfig) => C,
  config: ClientConfig = {},
): StubbedClient<C> {
  let client: C | undefined;
  let stub: StubServer | undefined;
  before(async () => {
    stub = await startStubServer();
    client = new Client({ region: "us-east-1", endpoint: stub.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...config });
  });
  after(async () => {
    await client?.destroy();
    await stub?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("stubbedClient: used before the suite's before hook ran");
    return value;
  };
  return {
    get client() {
      return ready(client);
    },
    get stub() {
      return ready(stub);
    },
  };
}
