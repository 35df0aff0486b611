/**
 * Claims per second against dynalite: several workers race to claim the same
 * pending jobs, with dynaport's `queryAndUpdate` or with the same pattern
 * written on the official document client (query the status index, then a
 * conditional `UpdateItem` per candidate with bounded concurrency, a failed
 * condition counted as a lost race).
 *
 * Run as `node bench/.out/claims.js` with a {@link ClaimsJob} as JSON in
 * `BENCH_CLAIMS`; prints one {@link ClaimsLine}. Setup (table, jobs) is
 * untimed and done with the official client for both variants.
 */
import { performance } from "node:perf_hooks";
import { BENCH_CREDENTIALS, BENCH_REGION, loadDynaport, type ModuleUrls } from "./clients.js";

/** What the runner asks for. */
export interface ClaimsJob {
  variant: "dynaport" | "aws-sdk";
  endpoint: string;
  modules: ModuleUrls;
  jobs: number;
  /** Racing workers, each looping until no pending job is left. */
  workers: number;
  /** Candidates per query (`query.limit`). */
  batch: number;
  /** Updates in flight per worker. */
  concurrency: number;
}

/** The one line a claims run prints. */
export type ClaimsLine =
  | { kind: "claims"; claimed: number; lostRaces: number; seconds: number }
  | { kind: "skipped"; reason: string };

const TABLE = "bench-claims";
const INDEX = "status-index";

/** One worker's pass: claims up to `batch` pending jobs, returns how many it got and lost. */
type Claim = (workerId: string) => Promise<{ claimed: number; lost: number; found: number }>;

async function setUp(endpoint: string, jobs: number): Promise<void> {
  const sdk = await import("@aws-sdk/client-dynamodb");
  const client = new sdk.DynamoDBClient({ region: BENCH_REGION, endpoint, credentials: BENCH_CREDENTIALS });
  await client.send(
    new sdk.CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "status", AttributeType: "S" },
        { AttributeName: "createdAt", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [
        {
          IndexName: INDEX,
          KeySchema: [
            { AttributeName: "status", KeyType: "HASH" },
            { AttributeName: "createdAt", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
          ProvisionedThroughput: { ReadCapacityUnits: 1000, WriteCapacityUnits: 1000 },
        },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 1000, WriteCapacityUnits: 1000 },
    }),
  );
  const items = Array.from({ length: jobs }, (_, i) => ({
    pk: { S: `job#${String(i).padStart(6, "0")}` },
    status: { S: "PENDING" },
    createdAt: { S: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() },
    payload: { M: { url: { S: `https://example.com/in/${i}.csv` }, bytes: { N: String(1000 + i) } } },
  }));
  for (let i = 0; i < items.length; i += 25) {
    let requests: any = { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (requests && Object.keys(requests).length > 0) {
      const out = await client.send(new sdk.BatchWriteItemCommand({ RequestItems: requests }));
      requests = out.UnprocessedItems;
    }
  }
  client.destroy();
}

/** The seed's configuration for claiming pending jobs as `workerId`. */
function claimConfig(workerId: string, batch: number): Record<string, unknown> {
  return {
    query: {
      tableName: TABLE,
      keyAttributes: ["pk"],
      indexName: INDEX,
      keyConditionExpression: "#status = :pending",
      expressionAttributeValues: { ":pending": "PENDING" },
      limit: batch,
    },
    update: {
      updateExpression: "SET #status = :claimed, #owner = :workerId",
      expressionAttributeNames: { "#status": "status", "#owner": "owner" },
      expressionAttributeValues: { ":claimed": "CLAIMED", ":workerId": workerId, ":pending": "PENDING" },
      conditionExpression: "#status = :pending",
    },
  };
}

async function dynaportClaim(job: ClaimsJob): Promise<Claim> {
  const mod = await loadDynaport(job.modules);
  const { queryAndUpdate } = mod;
  if (mod.DynamoDB === undefined) throw new Error("dynaport does not export DynamoDB yet");
  if (queryAndUpdate === undefined) throw new Error("dynaport does not export queryAndUpdate yet");
  const client = new mod.DynamoDB({ region: BENCH_REGION, endpoint: job.endpoint, credentials: BENCH_CREDENTIALS });
  return async (workerId) => {
    const out = await queryAndUpdate(client, claimConfig(workerId, job.batch), { concurrency: job.concurrency });
    if (out.failures.length > 0) throw out.failures[0].error;
    return { claimed: out.updatedItemCount, lost: out.lostRaces, found: out.candidateCount };
  };
}

/** The same pattern as application code would write it on the official document client. */
async function officialClaim(job: ClaimsJob): Promise<Claim> {
  const sdk = await import("@aws-sdk/client-dynamodb");
  const lib = await import("@aws-sdk/lib-dynamodb");
  const doc = lib.DynamoDBDocumentClient.from(new sdk.DynamoDBClient({ region: BENCH_REGION, endpoint: job.endpoint, credentials: BENCH_CREDENTIALS }));
  return async (workerId) => {
    const { Items = [] } = await doc.send(
      new lib.QueryCommand({
        TableName: TABLE,
        IndexName: INDEX,
        KeyConditionExpression: "#status = :pending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":pending": "PENDING" },
        Limit: job.batch,
      }),
    );
    let claimed = 0;
    let lost = 0;
    let next = 0;
    const updater = async (): Promise<void> => {
      while (next < Items.length) {
        const item = Items[next++]!;
        try {
          await doc.send(
            new lib.UpdateCommand({
              TableName: TABLE,
              Key: { pk: item.pk },
              UpdateExpression: "SET #status = :claimed, #owner = :workerId",
              ConditionExpression: "#status = :pending",
              ExpressionAttributeNames: { "#status": "status", "#owner": "owner" },
              ExpressionAttributeValues: { ":claimed": "CLAIMED", ":workerId": workerId, ":pending": "PENDING" },
              ReturnValues: "ALL_NEW",
            }),
          );
          claimed++;
        } catch (err) {
          if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
          lost++;
        }
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, updater));
    return { claimed, lost, found: Items.length };
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env.BENCH_CLAIMS ?? "") as ClaimsJob;
  let claim: Claim;
  try {
    claim = job.variant === "dynaport" ? await dynaportClaim(job) : await officialClaim(job);
  } catch (err) {
    process.stdout.write(JSON.stringify({ kind: "skipped", reason: (err as Error).message } satisfies ClaimsLine) + "\n");
    return;
  }
  await setUp(job.endpoint, job.jobs);
  let claimed = 0;
  let lostRaces = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: job.workers }, async (_, w) => {
      // A worker stops when a query finds nothing pending.
      for (;;) {
        const pass = await claim(`worker-${w}`);
        claimed += pass.claimed;
        lostRaces += pass.lost;
        if (pass.found === 0) return;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  // Each job must have been claimed exactly once, or the numbers mean nothing.
  if (claimed !== job.jobs) throw new Error(`${job.variant}: ${claimed} claims for ${job.jobs} jobs`);
  process.stdout.write(JSON.stringify({ kind: "claims", claimed, lostRaces, seconds } satisfies ClaimsLine) + "\n");
}

await main();
process.exit(0);
