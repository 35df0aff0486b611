import { expect } from "chai";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { sendJson, type StubServer } from "../support/stub-server.js";
import { stubbedClient } from "../support/client.js";
import {
  DynamoDB,
  ResourceNotFoundException,
  waitUntilContributorInsightsEnabled,
  waitUntilExportCompleted,
  waitUntilImportCompleted,
  waitUntilKinesisStreamingDestinationActive,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from "../../src/generated/dynamodb/index.js";
import { ParamValidationError, WaiterError } from "../../src/runtime/index.js";

// Fast polling for tests; the model's 20 s delay is the default otherwise.
const fast = { minDelay: 0.01, maxDelay: 0.05 };

describe("generated waiters against dynalite", function () {
  let server: DynaliteServer;
  let db: DynamoDB;

  before(async () => {
    server = await startDynalite();
    db = new DynamoDB({ region: "us-east-1", endpoint: server.endpoint, credentials: TEST_CREDENTIALS });
  });

  after(async () => {
    await db.destroy();
    await server.close();
  });

  const create = (tableName: string) =>
    db.createTable({
      tableName,
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      billingMode: "PAY_PER_REQUEST",
    });

  it("waitUntilTableExists retries while the table is missing, then succeeds once it is ACTIVE", async () => {
    setTimeout(() => void create("Late"), 100);
    const result = await waitUntilTableExists(db, { tableName: "Late" }, { ...fast, maxWaitTime: 10 });
    expect(result.state).to.equal("SUCCESS");
    expect(result.attempts).to.be.greaterThan(1);
    expect(result.lastResponse!.table!.tableStatus).to.equal("ACTIVE");
    expect(result.lastResponse!.$metadata.httpStatusCode).to.equal(200);
  });

  it("waitUntilTableNotExists succeeds once the table is deleted", async () => {
    await create("Doomed");
    await waitUntilTableExists(db, { tableName: "Doomed" }, fast);
    setTimeout(() => void db.deleteTable({ tableName: "Doomed" }), 100);
    const result = await waitUntilTableNotExists(db, { tableName: "Doomed" }, { ...fast, maxWaitTime: 10 });
    expect(result.state).to.equal("SUCCESS");
    expect(result.attempts).to.be.greaterThan(1);
    expect(result.reason).to.match(/ResourceNotFoundException/);
  });

  it("times out with the last error when the table never appears", async () => {
    const error = (await waitUntilTableExists(db, { tableName: "Never" }, { ...fast, maxWaitTime: 0.3 }).catch((e: unknown) => e)) as WaiterError;
    expect(error).to.be.instanceOf(WaiterError);
    expect(error.state).to.equal("TIMEOUT");
    expect(error.result.lastError).to.be.instanceOf(ResourceNotFoundException);
    expect(error.message).to.match(/Waiter TableExists ended in state TIMEOUT/);
  });

  it("stops at once when aborted", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = (await waitUntilTableExists(db, { tableName: "Never" }, { minDelay: 5, signal: controller.signal }).catch((e: unknown) => e)) as WaiterError;
    expect(error.state).to.equal("ABORTED");
    expect(error.result.attempts).to.equal(1);
  });

  it("validates the input before the first attempt", async () => {
    const error = await waitUntilTableExists(db, { tableName: "" }, fast).catch((e: unknown) => e);
    // Thrown as is: bad input is not a state of the table.
    expect(error).to.be.instanceOf(ParamValidationError);
  });
});

describe("generated waiters against a stub server", function () {
  const wire = stubbedClient(DynamoDB);
  let stub: StubServer;
  let db: DynamoDB;
  before(() => ({ stub, client: db } = wire));

  beforeEach(() => stub.requests.splice(0));

  /** Answers each request with the next body of `bodies` (repeating the last). */
  function answer(...bodies: object[]) {
    let i = 0;
    stub.handle((_req, res) => sendJson(res, 200, bodies[Math.min(i++, bodies.length - 1)]!));
  }

  it("waitUntilExportCompleted polls DescribeExport until COMPLETED", async () => {
    const exportArn = "arn:aws:dynamodb:us-east-1:1:table/T/export/1";
    answer({ ExportDescription: { ExportArn: exportArn, ExportStatus: "IN_PROGRESS" } }, { ExportDescription: { ExportArn: exportArn, ExportStatus: "COMPLETED" } });
    const result = await waitUntilExportCompleted(db, { exportArn }, fast);
    expect(result.state).to.equal("SUCCESS");
    expect(result.lastResponse!.exportDescription!.exportStatus).to.equal("COMPLETED");
    expect(stub.requests.map((r) => r.headers["x-amz-target"])).to.deep.equal(Array(2).fill("DynamoDB_20120810.DescribeExport"));
    expect(JSON.parse(stub.requests[0]!.body)).to.deep.equal({ ExportArn: exportArn });
  });

  it("waitUntilExportCompleted fails on the failure acceptor", async () => {
    answer({ ExportDescription: { ExportStatus: "IN_PROGRESS" } }, { ExportDescription: { ExportStatus: "FAILED", FailureMessage: "no bucket" } });
    const error = (await waitUntilExportCompleted(db, { exportArn: "arn:aws:dynamodb:us-east-1:1:table/T/export/1" }, fast).catch((e: unknown) => e)) as WaiterError<{ exportDescription?: { failureMessage?: string } }>;
    expect(error.state).to.equal("FAILURE");
    expect(error.result.reason).to.match(/exportDescription.exportStatus == "FAILED" -> failure/);
    expect(error.result.lastResponse!.exportDescription!.failureMessage).to.equal("no bucket");
  });

  it("waitUntilImportCompleted fails on CANCELLED, its second failure acceptor", async () => {
    answer({ ImportTableDescription: { ImportStatus: "CANCELLED" } });
    const error = (await waitUntilImportCompleted(db, { importArn: "arn:aws:dynamodb:us-east-1:1:table/T/import/1" }, fast).catch((e: unknown) => e)) as WaiterError;
    expect(error.state).to.equal("FAILURE");
    expect(error.result.reason).to.match(/"CANCELLED"/);
    expect(stub.requests).to.have.length(1);
  });

  it("waitUntilContributorInsightsEnabled succeeds on ENABLED", async () => {
    answer({ ContributorInsightsStatus: "ENABLING" }, { ContributorInsightsStatus: "ENABLED" });
    const result = await waitUntilContributorInsightsEnabled(db, { tableName: "T" }, fast);
    expect(result.state).to.equal("SUCCESS");
    expect(result.attempts).to.equal(2);
  });

  it("waitUntilKinesisStreamingDestinationActive succeeds when any destination is ACTIVE", async () => {
    answer(
      { TableName: "T", KinesisDataStreamDestinations: [{ StreamArn: "s1", DestinationStatus: "ENABLING" }] },
      { TableName: "T", KinesisDataStreamDestinations: [{ StreamArn: "s1", DestinationStatus: "DISABLED" }, { StreamArn: "s2", DestinationStatus: "ACTIVE" }] },
    );
    const result = await waitUntilKinesisStreamingDestinationActive(db, { tableName: "T" }, fast);
    expect(result.state).to.equal("SUCCESS");
    expect(result.attempts).to.equal(2);
  });

  it("waitUntilKinesisStreamingDestinationActive fails when every destination failed (filter expression)", async () => {
    answer({
      TableName: "T",
      KinesisDataStreamDestinations: [
        { StreamArn: "s1", DestinationStatus: "DISABLED" },
        { StreamArn: "s2", DestinationStatus: "ENABLE_FAILED" },
      ],
    });
    const error = (await waitUntilKinesisStreamingDestinationActive(db, { tableName: "T" }, fast).catch((e: unknown) => e)) as WaiterError;
    expect(error.state).to.equal("FAILURE");
    expect(stub.requests).to.have.length(1);
  });

  it("keeps polling while there are no destinations yet", async () => {
    answer({ TableName: "T", KinesisDataStreamDestinations: [] });
    const error = (await waitUntilKinesisStreamingDestinationActive(db, { tableName: "T" }, { ...fast, maxAttempts: 3 }).catch((e: unknown) => e)) as WaiterError;
    expect(error.state).to.equal("TIMEOUT");
    expect(stub.requests).to.have.length(3);
  });

  it("fails at once on an error the acceptors do not expect", async () => {
    stub.handle((_req, res) => sendJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#AccessDeniedException", message: "no" }));
    const error = (await waitUntilTableExists(db, { tableName: "T" }, fast).catch((e: unknown) => e)) as WaiterError;
    expect(error.state).to.equal("FAILURE");
    expect((error.cause as Error).name).to.equal("AccessDeniedException");
    expect(stub.requests).to.have.length(1);
  });
});
