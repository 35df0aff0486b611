/**
 * Measures one client in its own process: `node bench/.out/worker.js` with a
 * {@link WorkerJob} as JSON in `BENCH_JOB`. Prints one JSON line per cell
 * ({@link CellResult}) and a last line with the process's peak RSS.
 *
 * A process per client keeps one client's JIT state, garbage and connection
 * pools from colouring another's numbers, and makes the peak RSS that client's.
 */
import { performance } from "node:perf_hooks";
import { createClient, type ClientName, type ModuleUrls } from "./clients.js";
import type { Operation } from "./fixtures.js";

/** One measurement: an operation at a concurrency for a time. */
export interface Cell {
  operation: Operation;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

/** What the runner asks a worker to do. */
export interface WorkerJob {
  client: ClientName;
  endpoint: string;
  modules: ModuleUrls;
  cells: Cell[];
}

/** One line of worker output. */
export type WorkerLine =
  | { kind: "cell"; operation: Operation; concurrency: number; calls: number; seconds: number; error?: string }
  | { kind: "done"; maxRssBytes: number }
  | { kind: "skipped"; reason: string };

/** A cell's result line. */
export type CellResult = Extract<WorkerLine, { kind: "cell" }>;

function emit(line: WorkerLine): void {
  process.stdout.write(JSON.stringify(line) + "\n");
}

/**
 * Runs `concurrency` callers back to back until `ms` have passed and returns
 * how many calls completed. Stops at the first failure, which is rethrown:
 * a client that fails is not measured.
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

async function main(): Promise<void> {
  const job = JSON.parse(process.env.BENCH_JOB ?? "") as WorkerJob;
  let client;
  try {
    client = await createClient(job.client, { endpoint: job.endpoint, modules: job.modules });
  } catch (err) {
    emit({ kind: "skipped", reason: (err as Error).message });
    return;
  }
  // Warm every operation up once before any cell is timed, so the first cell
  // does not pay for the JIT compiling the shared request path.
  for (const operation of new Set(job.cells.map((cell) => cell.operation))) {
    try {
      await drive(() => client.call(operation), 16, job.cells[0]!.warmupMs);
    } catch {
      // Reported by the cell itself below.
    }
  }
  for (const cell of job.cells) {
    const call = () => client.call(cell.operation);
    try {
      client.check(cell.operation, await call());
      await drive(call, cell.concurrency, cell.warmupMs);
      const { calls, seconds } = await drive(call, cell.concurrency, cell.durationMs);
      emit({ kind: "cell", operation: cell.operation, concurrency: cell.concurrency, calls, seconds });
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      emit({ kind: "cell", operation: cell.operation, concurrency: cell.concurrency, calls: 0, seconds: 0, error: message });
    }
  }
  await client.close();
  emit({ kind: "done", maxRssBytes: process.resourceUsage().maxRSS * 1024 });
}

await main();
// Some clients keep sockets or timers alive after close; the measurement is over.
process.exit(0);
