/**
 * A claim worker in its own process: `node --import tsx worker-process.ts
 * <endpoint> <name>` runs the seed's claim step until the queue is empty and
 * prints its report as one JSON line on stdout.
 */
import { DynamoDB } from "../../../src/generated/dynamodb/index.js";
import { TEST_CREDENTIALS } from "../../support/dynalite.js";
import { runWorker } from "../../../demo/worker.js";
import { seedClaimStep } from "../../../demo/workflow-step.js";

const [endpoint, name] = process.argv.slice(2);
if (!endpoint || !name) throw new Error("usage: worker-process.ts <endpoint> <name>");
// Lost responses are retried: allow a few in a row.
const client = new DynamoDB({ region: "us-east-1", endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 6 });
try {
  const report = await runWorker(client, seedClaimStep(), name, { executionPrefix: `pid${process.pid}` });
  process.stdout.write(JSON.stringify(report) + "\n");
} finally {
  await client.destroy();
}
