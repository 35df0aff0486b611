/**
 * Checks the workers' claims against the table itself, rather than trusting
 * what the helper reported: every job must be claimed exactly once, by the
 * flow execution that reported it.
 */
import type { JsonObject } from "../src/runtime/types.js";
import type { RawDynamoDBClient } from "../src/query-and-update/index.js";
import type { WorkerReport } from "./worker.js";

/** The invariants, counted. Every field but `jobs` and `claimed` must be 0. */
export interface Verdict {
  /** Jobs in the table. */
  jobs: number;
  /** Distinct jobs the workers reported claiming. */
  claimed: number;
  /** Jobs reported claimed by more than one execution. */
  claimedTwice: number;
  /** Jobs still PENDING in the table. */
  leftUnclaimed: number;
  /** Jobs the table shows claimed that no worker reported: a claim the helper lost. */
  claimedButUnreported: number;
  /** Jobs whose reported claimant is not the `claimedBy` the table holds. */
  wrongClaimant: number;
}

/** Reads every job with strongly consistent scans and compares it with the reports. */
export async function verifyClaims(client: RawDynamoDBClient, tableName: string, reports: WorkerReport[]): Promise<Verdict> {
  const reportedBy = new Map<string, string[]>();
  for (const r of reports) for (const c of r.claims) reportedBy.set(c.jobId, [...(reportedBy.get(c.jobId) ?? []), c.execution]);

  const verdict: Verdict = { jobs: 0, claimed: reportedBy.size, claimedTwice: 0, leftUnclaimed: 0, claimedButUnreported: 0, wrongClaimant: 0 };
  for (const execs of reportedBy.values()) if (execs.length > 1) verdict.claimedTwice++;

  let start: JsonObject | undefined;
  do {
    const page = await client.send("Scan", {
      TableName: tableName,
      ConsistentRead: true,
      ProjectionExpression: "jobId, #status, claimedBy",
      ExpressionAttributeNames: { "#status": "status" },
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    for (const item of (page.Items ?? []) as Record<string, { S?: string }>[]) {
      verdict.jobs++;
      const id = item.jobId?.S ?? "";
      const claimant = item.claimedBy?.S;
      const reported = reportedBy.get(id);
      if (item.status?.S === "PENDING") verdict.leftUnclaimed++;
      else if (!reported) verdict.claimedButUnreported++;
      else if (reported.length === 1 && reported[0] !== claimant) verdict.wrongClaimant++;
    }
    start = page.LastEvaluatedKey as JsonObject | undefined;
  } while (start);
  return verdict;
}

/** Whether every invariant holds. */
export function verdictHolds(v: Verdict): boolean {
  return v.claimedTwice === 0 && v.leftUnclaimed === 0 && v.claimedButUnreported === 0 && v.wrongClaimant === 0 && v.claimed === v.jobs;
}
