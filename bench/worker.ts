/**
 * Measures one client in its own process, driven by the runner over IPC:
 * `fork("bench/.out/worker.js")` with a {@link WorkerSetup} as JSON in
 * `BENCH_JOB`. The worker builds the client, warms every operation up and
 * says `ready`; then for each {@link Cell} message it runs that cell and
 * answers with a {@link CellResult}; on `close` it answers with its peak RSS
 * and exits. With `BENCH_CELLS` (a JSON array of cells) instead of IPC it runs
 * them in order and prints one JSON line per result (used for profiling).
 *
 * A process per client keeps one client's JIT state, garbage and connection
 * pools from colouring another's numbers, and makes the peak RSS that
 * client's. Driving cells one at a time lets the runner interleave clients
 * cell by cell, so a noisy spell on a shared machine hits all of them alike.
 */
import { performance } from "node:perf_hooks";
import { createClient, type BenchClient, type ClientName, type ModuleUrls } from "./clients.js";
import { OPERATIONS, type Operation } from "./fixtures.js";

/** One measurement: an operation at a concurrency for a time. */
export interface Cell {
  operation: Operation;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

/** What the worker is started with. */
export interface WorkerSetup {
  client: ClientName;
  endpoint: string;
  modules: ModuleUrls;
  /** How long to warm each operation up before the first cell. */
  warmupMs: number;
}

/** What the runner sends. */
export type WorkerRequest = { kind: "cell"; cell: Cell } | { kind: "close" };

/** What the worker sends back. */
export type WorkerLine =
  | { kind: "ready" }
  | { kind: "skipped"; reason: string }
  | { kind: "cell"; operation: Operation; concurrency: number; calls: number; seconds: number; error?: string }
  | { kind: "done"; maxRssBytes: number };

/** A cell's result. */
export type CellResult = Extract<WorkerLine, { kind: "cell" }>;

/**
 * Runs `concurrency` callers back to back until `ms` have passed and returns
 * how many calls completed. A failure is rethrown: a failing client is not
 * measured.
 */
async function drive(call: () => Promise<unknown>, concurrency: number, ms: number): Promise<{ calls: number; seconds: number }> {
  let calls = 0;
  const start = performance.now();
  const end = start + ms;
  const caller = async (): Promise<void> => {
    while (performance.now() < end) {
      await call();
      calls++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { calls, seconds: (performance.now() - start) / 1000 };
}

async function runCell(client: BenchClient, cell: Cell): Promise<CellResult> {
  const call = () => client.call(cell.operation);
  const base = { kind: "cell" as const, operation: cell.operation, concurrency: cell.concurrency };
  try {
    client.check(cell.operation, await call());
    await drive(call, cell.concurrency, cell.warmupMs);
    return { ...base, ...(await drive(call, cell.concurrency, cell.durationMs)) };
  } catch (err) {
    return { ...base, calls: 0, seconds: 0, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

async function setUp(setup: WorkerSetup): Promise<BenchClient | { reason: string }> {
  let client: BenchClient;
  try {
    client = await createClient(setup.client, { endpoint: setup.endpoint, modules: setup.modules });
  } catch (err) {
    return { reason: (err as Error).message };
  }
  // Warm every operation up before any cell is timed, so the first cell does
  // not pay for the JIT compiling the shared request path. Failures here are
  // reported by the cells themselves.
  for (const operation of OPERATIONS) await drive(() => client.call(operation), 16, setup.warmupMs).catch(() => {});
  return client;
}

async function main(): Promise<void> {
  const setup = JSON.parse(process.env.BENCH_JOB ?? "") as WorkerSetup;
  const client = await setUp(setup);
  // Resolves once the line is handed over, so that exiting cannot lose it.
  const send = (line: WorkerLine): Promise<void> =>
    new Promise((resolve) => {
      if (process.send) process.send(line, undefined, {}, () => resolve());
      else process.stdout.write(JSON.stringify(line) + "\n", () => resolve());
    });
  if ("reason" in client) {
    await send({ kind: "skipped", reason: client.reason });
    process.exit(0);
  }
  const finish = async (): Promise<never> => {
    await client.close();
    await send({ kind: "done", maxRssBytes: process.resourceUsage().maxRSS * 1024 });
    // Some clients keep sockets or timers alive after close; the measurement is over.
    process.exit(0);
  };
  if (!process.send) {
    for (const cell of JSON.parse(process.env.BENCH_CELLS ?? "[]") as Cell[]) await send(await runCell(client, cell));
    await finish();
  }
  process.on("message", async (request: WorkerRequest) => {
    if (request.kind === "cell") await send(await runCell(client, request.cell));
    else await finish();
  });
  await send({ kind: "ready" });
}

await main();
