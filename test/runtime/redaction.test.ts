import { expect } from "chai";
import { inspect } from "node:util";
import { FetchTransport } from "../../src/runtime/index.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { CREDENTIALS, recordingLogger, rejectionOf, SECRET, SESSION_TOKEN, sendDynamo, sendDynamoError, testClient } from "./fixtures.js";

/** Every way a value can end up printed. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { showHidden: true, depth: Infinity, getters: true }), inspect(value), String(value)];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // circular structures cannot be stringified; inspect covers them
  }
  if (value instanceof Error) out.push(value.stack ?? "", value.message);
  return out;
}

function expectNoSecret(value: unknown, what: string): void {
  for (const text of renderings(value)) {
    expect(text, what).to.not.include(SECRET);
    expect(text, what).to.not.include(SESSION_TOKEN);
  }
}

describe("redaction", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());

  it("never prints the secret key or session token of a client or its config", async () => {
    server.handle((_req, res) => sendDynamo(res, 200, {}));
    for (const credentials of [CREDENTIALS, async () => CREDENTIALS]) {
      const client = testClient(server.endpoint, { credentials });
      await client.call("ListTables", {});
      expectNoSecret(client, "client");
      expectNoSecret(client.config, "config");
      expectNoSecret({ ...client.config }, "spread config");
      expectNoSecret(await client.config.credentials(), "resolved credentials");
      await client.destroy();
    }
  });

  it("never puts secrets in errors or log lines, whatever goes wrong", async () => {
    const logger = recordingLogger();
    const failures: [string, Parameters<StubServer["handle"]>[0]][] = [
      ["service error", (_req, res) => sendDynamoError(res, 400, "ValidationException", "bad")],
      ["unrecognized client", (_req, res) => sendDynamoError(res, 400, "UnrecognizedClientException", "The security token included in the request is invalid.")],
      ["html", (_req, res) => res.writeHead(502, { "content-type": "text/html" }).end("<html>bad gateway</html>")],
      ["reset", (_req, res) => void res.socket!.destroy()],
      ["bad crc", (_req, res) => sendDynamo(res, 200, {}, { "x-amz-crc32": "1" })],
      ["timeout", () => {}],
    ];
    for (const transport of [undefined, new FetchTransport()]) {
      for (const [name, handler] of failures) {
        server.handle(handler);
        const client = testClient(server.endpoint, { logger, maxAttempts: 2, requestTimeout: 100, ...(transport && { transport }) });
        const err = await rejectionOf(client.call("GetItem", { TableName: "t" }));
        expectNoSecret(err, `${name} error`);
        expectNoSecret(err.cause, `${name} cause`);
        await client.destroy();
      }
    }
    expect(logger.lines.length).to.be.greaterThan(10);
    expectNoSecret(logger.lines, "log lines");
  });
});
