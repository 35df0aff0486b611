/**
 * The seed's job queue: table `JobQueueTable` keyed by `jobId`, with the
 * index `StatusGSI` on `status` that workers query for pending jobs.
 */
import type { JsonObject } from "../src/runtime/types.js";
import type { RawDynamoDBClient } from "../src/query-and-update/index.js";

/** Creates the job table (on-demand billing) and waits until it is ACTIVE. */
export async function createJobTable(client: RawDynamoDBClient, tableName = "JobQueueTable", indexName = "StatusGSI"): Promise<void> {
  await client.send("CreateTable", {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: "jobId", AttributeType: "S" },
      { AttributeName: "status", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "jobId", KeyType: "HASH" }],
    GlobalSecondaryIndexes: [
      { IndexName: indexName, KeySchema: [{ AttributeName: "status", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
    ],
    BillingMode: "PAY_PER_REQUEST",
  });
  await waitUntilActive(client, tableName);
}

/** Polls `DescribeTable` until the table and its indexes are ACTIVE (instant on dynalite, about 10 s on AWS). */
export async function waitUntilActive(client: RawDynamoDBClient, tableName: string, timeoutMs = 5 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = (await client.send("DescribeTable", { TableName: tableName })) as {
      Table?: { TableStatus?: string; GlobalSecondaryIndexes?: { IndexStatus?: string }[] };
    };
    const ready = Table?.TableStatus === "ACTIVE" && (Table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`${tableName} is not ACTIVE after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `job-000042`: ids that sort in creation order. */
export const jobId = (n: number): string => `job-${String(n).padStart(6, "0")}`;

/**
 * Writes `count` PENDING jobs in batches of 25 (BatchWriteItem's limit),
 * re-sending unprocessed items until every job is stored.
 */
export async function loadJobs(client: RawDynamoDBClient, tableName: string, count: number, extra: (n: number) => JsonObject = () => ({})): Promise<void> {
  const batches: JsonObject[][] = [];
  for (let n = 0; n < count; n += 25) {
    batches.push(
      Array.from({ length: Math.min(25, count - n) }, (_, i) => ({
        PutRequest: { Item: { jobId: { S: jobId(n + i) }, status: { S: "PENDING" }, ...extra(n + i) } },
      })),
    );
  }
  // A few batches at a time keeps a provisioned table from throttling hard.
  const inFlight = 4;
  for (let i = 0; i < batches.length; i += inFlight) {
    await Promise.all(batches.slice(i, i + inFlight).map((batch) => writeAll(client, tableName, batch)));
  }
}

async function writeAll(client: RawDynamoDBClient, tableName: string, requests: JsonObject[]): Promise<void> {
  let pending = requests;
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** round)));
    const out = await client.send("BatchWriteItem", { RequestItems: { [tableName]: pending } });
    pending = ((out.UnprocessedItems as Record<string, JsonObject[]> | undefined)?.[tableName]) ?? [];
  }
}
