/**
 * One demo worker: runs the seed's claim step again and again, as a workflow
 * engine would run the flow, until a run finds no candidates. Each run is a
 * new flow execution with its own `flowExecutionId`, which the step writes as
 * `claimedBy`; that is what makes every claim recognisable as this run's.
 */
import type { JsonObject } from "../src/runtime/types.js";
import { queryAndUpdate, QueryAndUpdateError, type QueryAndUpdateOutput, type RawDynamoDBClient } from "../src/query-and-update/index.js";
import { FLOW_VARIABLES, stepConfig, type WorkflowStep } from "./workflow-step.js";

/** What one worker did. */
export interface WorkerReport {
  worker: string;
  /** Every claim the helper reported: the job and the flow execution that won it. */
  claims: { jobId: string; execution: string }[];
  runs: number;
  lostRaces: number;
  recoveredAmbiguous: number;
  /** Candidates that failed for another reason (throttling past the retries, ...), as messages. */
  failures: string[];
  /** Why the worker gave up before the queue was empty, if it did. */
  stopped?: string;
}

/**
 * Runs `step` until a run finds nothing to claim; `onRun` sees each run's
 * output as it completes. After `maxConsecutiveErrors` (default 5) runs in a
 * row that fail without claiming or losing anything, the worker stops and says
 * so in `stopped`; it never throws, so the claims it made are always reported.
 */
export async function runWorker(
  client: RawDynamoDBClient,
  step: WorkflowStep,
  worker: string,
  options: { executionPrefix: string; onRun?: (out: QueryAndUpdateOutput) => void; maxConsecutiveErrors?: number },
): Promise<WorkerReport> {
  const report: WorkerReport = { worker, claims: [], runs: 0, lostRaces: 0, recoveredAmbiguous: 0, failures: [] };
  let consecutiveErrors = 0;
  const limit = options.maxConsecutiveErrors ?? 5;
  for (;;) {
    const execution = `${options.executionPrefix}-${worker}-run${++report.runs}`;
    const config = stepConfig(step, { flow_variables: FLOW_VARIABLES, flowExecutionId: execution } as JsonObject);
    let out: QueryAndUpdateOutput;
    try {
      out = await queryAndUpdate(client, config);
      if (out.updatedItemCount > 0 || out.lostRaces > 0) consecutiveErrors = 0;
    } catch (error) {
      // The query failed (past the client's retries). Claims made before that are in the error.
      if (error instanceof QueryAndUpdateError) record(report, execution, error.output);
      report.failures.push(`run ${execution}: ${(error as Error).message}`);
      if (++consecutiveErrors >= limit) return giveUp(report);
      continue;
    }
    record(report, execution, out);
    options.onRun?.(out);
    if (out.candidateCount === 0 && out.failures.length === 0) return report;
    // Candidates that keep failing (not losing races) would loop forever.
    if (out.updatedItemCount === 0 && out.lostRaces === 0 && ++consecutiveErrors >= limit) return giveUp(report);
  }
}

function giveUp(report: WorkerReport): WorkerReport {
  report.stopped = `gave up after repeated failures, the last: ${report.failures.at(-1)}`;
  return report;
}

function record(report: WorkerReport, execution: string, out: QueryAndUpdateOutput): void {
  for (const item of out.items) report.claims.push({ jobId: String(item.jobId), execution });
  report.lostRaces += out.lostRaces;
  report.recoveredAmbiguous += out.recoveredAmbiguous;
  for (const f of out.failures) report.failures.push(`${JSON.stringify(f.key)}: ${f.error.name}: ${f.error.message}`);
}
