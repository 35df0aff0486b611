import { expect } from "chai";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { recordingLogger, rejectionOf, sendDynamo, sendDynamoError, testClient } from "./fixtures.js";

describe("logger", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer();
  });
  after(() => server.close());

  it("logs each attempt with operation, status, request id, attempt and duration", async () => {
    let n = 0;
    server.handle((_req, res) =>
      n++ === 0 ? sendDynamoError(res, 400, "ThrottlingException", "slow down", { "x-amzn-requestid": "RID-1" }) : sendDynamo(res, 200, {}, { "x-amzn-requestid": "RID-2" }),
    );
    const logger = recordingLogger();
    const client = testClient(server.endpoint, { logger });
    await client.call("PutItem", { TableName: "t" });
    expect(logger.lines).to.have.length(2);
    const [[firstLine, first], [secondLine, second]] = logger.lines as [string, Record<string, unknown>][];
    expect(first).to.include({ operation: "PutItem", attempt: 1, maxAttempts: 3, statusCode: 400, requestId: "RID-1", error: "ThrottlingException" });
    expect(second).to.include({ operation: "PutItem", attempt: 2, statusCode: 200, requestId: "RID-2" });
    expect(second).to.not.have.property("error");
    expect(first!.durationMs).to.be.a("number").and.at.least(0);
    expect(firstLine).to.match(/^DynamoDB\.PutItem attempt 1\/3: 400 ThrottlingException in [\d.]+ ms \(request id RID-1\)$/);
    expect(secondLine).to.match(/^DynamoDB\.PutItem attempt 2\/3: 200 in [\d.]+ ms \(request id RID-2\)$/);
    await client.destroy();
  });

  it("logs attempts that got no response", async () => {
    server.handle((_req, res) => void res.socket!.destroy());
    const logger = recordingLogger();
    const client = testClient(server.endpoint, { logger, maxAttempts: 2 });
    await rejectionOf(client.call("GetItem", {}));
    expect(logger.lines).to.have.length(2);
    expect(logger.lines[0]![1]).to.include({ statusCode: undefined, error: "ERR_CONNECTION" });
    expect(logger.lines[0]![0]).to.include("no response");
    await client.destroy();
  });

  it("is silent without a debug method", async () => {
    server.handle((_req, res) => sendDynamo(res, 200, {}));
    const warnings: unknown[] = [];
    const client = testClient(server.endpoint, { logger: { warn: (...args) => warnings.push(args) } });
    await client.call("ListTables", {});
    expect(warnings).to.have.length(0);
    await client.destroy();
  });
});
