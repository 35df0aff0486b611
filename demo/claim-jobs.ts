/**
 * dynaport's main job, end to end: several workers race to claim jobs from a
 * queue table with the seed's `claim_pending_jobs` step
 * (`system/dynamodb-query-and-update`) until the queue is empty, then the
 * table itself is checked: every job claimed exactly once, none left.
 *
 *   npx tsx demo/claim-jobs.ts [--jobs 500] [--workers 8] [--drop 0.05]
 *   npx tsx demo/claim-jobs.ts --endpoint http://localhost:8000 --region us-east-1
 *
 * Run with --help for every option.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
// dynalite ships no types; its default export starts an HTTP server.
// @ts-expect-error -- untyped CommonJS module
import dynalite from "dynalite";
import { DynamoDB } from "../src/generated/dynamodb/index.js";
import type { ClientConfig } from "../src/runtime/index.js";
import type { QueryAndUpdateOutput } from "../src/query-and-update/index.js";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { createJobTable, loadJobs } from "./job-table.js";
import { verdictHolds, verifyClaims, type Verdict } from "./verify.js";
import { runWorker, type WorkerReport } from "./worker.js";
import { seedClaimStep } from "./workflow-step.js";

const HELP = `Usage: make demo ARGS="[options]"   (or: npx tsx demo/claim-jobs.ts [options])

Loads a job queue and lets concurrent workers claim every job with the seed's
claim step (query StatusGSI for PENDING jobs, then conditionally SET status =
CLAIMED, claimedBy = the flow execution), then checks the table: each job
claimed exactly once, none left unclaimed. Exits non-zero if not.

Options:
  --jobs N          jobs to load (default 500)
  --workers N       concurrent workers, each with its own client (default 8)
  --endpoint URL    use this DynamoDB instead of an in-process dynalite
                    (DynamoDB Local: http://localhost:8000; AWS: https://dynamodb.<region>.amazonaws.com)
  --region NAME     signing region (default: AWS_REGION, else us-east-1 locally);
                    given without --endpoint, the demo runs against AWS in that region
  --drop FRACTION   drop this fraction of UpdateItem responses after the service
                    applied them (a loopback proxy; http endpoints only), e.g. 0.05
  --keep-table      leave JobQueueTable in place on a remote endpoint (default: delete it)
  -h, --help        show this help

Against AWS the table is created with on-demand billing and deleted afterwards;
credentials come from the usual chain (environment, profile, SSO, instance role).`;

interface Options {
  jobs: number;
  workers: number;
  endpoint?: string;
  region?: string;
  drop: number;
  keepTable: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      jobs: { type: "string" },
      workers: { type: "string" },
      endpoint: { type: "string" },
      region: { type: "string" },
      drop: { type: "string" },
      "keep-table": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const count = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
    return n;
  };
  const drop = values.drop === undefined ? 0 : Number(values.drop);
  if (!(drop >= 0 && drop < 1)) throw new Error(`--drop must be a fraction from 0 to below 1, got ${JSON.stringify(values.drop)}`);
  return {
    jobs: count("jobs", values.jobs, 500),
    workers: count("workers", values.workers, 8),
    endpoint: values.endpoint,
    region: values.region,
    drop,
    keepTable: values["keep-table"] ?? false,
  };
}

/** An in-memory dynalite on a free loopback port, tables ready at once. */
async function startLocalDynamoDB(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections?.(), server.close(() => resolve()))),
  };
}

/** A progress bar on a terminal; a plain line every few seconds anywhere else (CI logs). */
function progress(total: number, state: { claimed: number; lostRaces: number }, started: number) {
  const tty = process.stderr.isTTY === true;
  const line = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(state.claimed / seconds) : 0;
    const done = Math.min(1, state.claimed / total);
    if (!tty) return `claimed ${state.claimed}/${total} (${Math.floor(done * 100)}%), ${rate} claims/s, ${state.lostRaces} lost races`;
    const width = 30;
    const filled = Math.round(done * width);
    return `claiming [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${state.claimed}/${total} ${String(Math.floor(done * 100)).padStart(3)}%  ${rate} claims/s  ${state.lostRaces} lost races`;
  };
  const draw = () => process.stderr.write(tty ? `\r\x1b[2K${line()}` : `${line()}\n`);
  const timer = setInterval(draw, tty ? 100 : 2000);
  return {
    stop() {
      clearInterval(timer);
      if (tty) process.stderr.write(`\r\x1b[2K${line()}\n`);
    },
  };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const step = seedClaimStep();
  const query = step.literals?.query as { tableName: string; indexName: string; limit: number };
  const remote = options.endpoint !== undefined || options.region !== undefined;

  const local = remote ? undefined : await startLocalDynamoDB();
  let proxy: FaultProxy | undefined;
  let endpoint = options.endpoint ?? local?.endpoint;
  if (options.drop > 0) {
    if (!endpoint?.startsWith("http://")) throw new Error("--drop needs a plain http endpoint (the in-process dynalite, or DynamoDB Local)");
    proxy = await startFaultProxy(endpoint);
    const drop = options.drop;
    proxy.decide((req) => (req.operation === "UpdateItem" && Math.random() < drop ? "drop-after-commit" : "forward"));
    endpoint = proxy.endpoint;
  }
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const clientConfig: ClientConfig = {
    region,
    ...(endpoint ? { endpoint } : {}),
    // Local servers do not check signatures; anywhere else the default chain applies.
    ...(local || options.endpoint?.startsWith("http://") ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    // Lost responses are retried; give those runs room.
    maxAttempts: options.drop > 0 ? 6 : 3,
  };
  const admin = new DynamoDB(clientConfig);
  const workers = Array.from({ length: options.workers }, () => new DynamoDB(clientConfig));
  const where = local ? `in-process dynalite (${local.endpoint})` : (options.endpoint ?? `AWS ${region}`);

  const out = process.stdout;
  out.write(`dynaport demo: ${options.workers} workers claim ${options.jobs} jobs with the seed's step "${step.stepInstanceId}" (${step.moduleIdentifier})\n`);
  out.write(`  DynamoDB   ${where}${proxy ? `, ${options.drop * 100}% of UpdateItem responses dropped after commit` : ""}\n`);
  out.write(`  table      ${query.tableName}, index ${query.indexName}; up to ${query.limit} claims a run\n`);

  let created = false;
  try {
    await createJobTable(admin, query.tableName, query.indexName);
    created = true;
    await loadJobs(admin, query.tableName, options.jobs);

    // A run id keeps flow execution ids unique across demo runs on a shared table.
    const runId = randomBytes(3).toString("hex");
    const state = { claimed: 0, lostRaces: 0 };
    const onRun = (o: QueryAndUpdateOutput) => {
      state.claimed += o.updatedItemCount;
      state.lostRaces += o.lostRaces;
    };
    const started = performance.now();
    const bar = progress(options.jobs, state, started);
    const reports: WorkerReport[] = [];
    let verdict: Verdict;
    try {
      // A global secondary index is eventually consistent: a worker can see an
      // empty index while jobs are still PENDING. Run again until the table
      // (read consistently) agrees, a few times at most.
      for (let round = 1; ; round++) {
        reports.push(
          ...(await Promise.all(workers.map((client, i) => runWorker(client, step, `w${i + 1}`, { executionPrefix: `${runId}-r${round}`, onRun })))),
        );
        verdict = await verifyClaims(admin, query.tableName, reports);
        if (verdict.leftUnclaimed === 0 || round === 5) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      bar.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const sum = (f: (r: WorkerReport) => number) => reports.reduce((n, r) => n + f(r), 0);
    const failures = reports.flatMap((r) => r.failures);

    const row = (label: string, value: string | number, note = "") => out.write(`  ${label.padEnd(28)}${String(value).padStart(8)}  ${note}`.trimEnd() + "\n");
    const must = (n: number) => (n === 0 ? "ok (must be 0)" : "FAILED (must be 0)");
    out.write("results\n");
    row("jobs claimed", verdict.claimed, verdict.claimed === verdict.jobs ? `of ${verdict.jobs}` : `of ${verdict.jobs}: FAILED`);
    row("claimed twice", verdict.claimedTwice, must(verdict.claimedTwice));
    row("left unclaimed", verdict.leftUnclaimed, must(verdict.leftUnclaimed));
    row("claimed, not reported", verdict.claimedButUnreported, must(verdict.claimedButUnreported));
    row("reported, not the claimant", verdict.wrongClaimant, must(verdict.wrongClaimant));
    row("claims per second", Math.round(verdict.claimed / seconds), `${seconds.toFixed(2)} s, ${sum((r) => r.runs)} runs of the step`);
    row("lost races", sum((r) => r.lostRaces), "another worker claimed the job first: skipped, not an error");
    row("recovered responses", sum((r) => r.recoveredAmbiguous), "response lost after commit, recognised as the run's own claim");
    row("failures", failures.length, failures.length ? "candidates that failed for another reason (first 5 below)" : undefined);
    for (const f of failures.slice(0, 5)) out.write(`    ${f}\n`);
    for (const r of reports) if (r.stopped) out.write(`  worker ${r.worker} ${r.stopped}\n`);

    const ok = verdictHolds(verdict);
    out.write(ok ? "every job was claimed exactly once\n" : "FAILED: the invariants above do not hold\n");
    return ok ? 0 : 1;
  } finally {
    if (created && remote && !options.keepTable) await admin.send("DeleteTable", { TableName: query.tableName }).catch(() => undefined);
    await Promise.all([admin, ...workers].map((c) => c.destroy()));
    await proxy?.close();
    await local?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as Error;
    process.stderr.write(`claim-jobs: ${e.name === "Error" ? "" : `${e.name}: `}${e.message}\n`);
    process.exit(2);
  },
);
