/**
 * Calls per second and peak RSS, each client in its own worker process
 * against the stub server.
 *
 * Each round starts a fresh worker per client (all idle but one at a time),
 * then runs every cell for every client in turn, rotating the order of the
 * clients from cell to cell. On a shared, noisy machine a slow spell then
 * lands on neighbouring measurements of different clients rather than on one
 * client's whole run, and the report takes medians over rounds.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { OUT_DIR } from "./build.js";
import type { ClientName, ModuleUrls } from "./clients.js";
import { OPERATIONS, type Operation } from "./fixtures.js";
import type { Cell, WorkerLine, WorkerRequest, WorkerSetup } from "./worker.js";

/** The concurrencies measured, as in the issue: one caller, and sixteen. */
export const CONCURRENCIES = [1, 16] as const;

/** How long each cell runs. */
export interface Timing {
  rounds: number;
  warmupMs: number;
  durationMs: number;
}

/** Everything measured for one client. */
export interface ClientThroughput {
  /** Calls/s by {@link cellKey}, indexed by round (a hole where the cell failed). */
  rates: Map<string, (number | undefined)[]>;
  /** Peak RSS of each round's worker process. */
  rssBytes: number[];
  /** Why a cell failed, by {@link cellKey}. */
  errors: Map<string, string>;
  /** Why the whole client was skipped (e.g. not built yet). */
  skipped?: string;
}

/** The key of a cell in {@link ClientThroughput.rates}: `GetItem@16`. */
export function cellKey(operation: Operation, concurrency: number): string {
  return `${operation}@${concurrency}`;
}

/** A worker process and the next message it will send. */
class Worker {
  readonly #child: ChildProcess;
  readonly #queue: WorkerLine[] = [];
  #waiting: ((line: WorkerLine) => void) | undefined;
  #failure: Error | undefined;

  constructor(setup: WorkerSetup) {
    this.#child = fork(join(OUT_DIR, "worker.js"), [], {
      // NODE_NO_WARNINGS: the official SDK warns about Node 20 support on every start.
      env: { ...process.env, BENCH_JOB: JSON.stringify(setup), NODE_NO_WARNINGS: "1" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.#child.on("message", (line: WorkerLine) => this.#deliver(line));
    this.#child.on("exit", (code) => {
      this.#failure = new Error(`${setup.client} worker exited with ${code}`);
      this.#waiting?.({ kind: "skipped", reason: this.#failure.message });
    });
  }

  #deliver(line: WorkerLine): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting(line);
    else this.#queue.push(line);
  }

  /** The next message, or a `skipped` line if the process died. */
  next(): Promise<WorkerLine> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#failure) return Promise.resolve({ kind: "skipped", reason: this.#failure.message });
    return new Promise((resolve) => (this.#waiting = resolve));
  }

  request(request: WorkerRequest): Promise<WorkerLine> {
    this.#child.send(request);
    return this.next();
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill();
  }
}

/** Runs every client for `timing.rounds` rounds. */
export async function measureThroughput(
  clients: readonly ClientName[],
  endpoint: string,
  modules: ModuleUrls,
  timing: Timing,
  log: (line: string) => void,
): Promise<Map<ClientName, ClientThroughput>> {
  const results = new Map<ClientName, ClientThroughput>();
  for (const client of clients) results.set(client, { rates: new Map(), rssBytes: [], errors: new Map() });
  const cells: Cell[] = OPERATIONS.flatMap((operation) =>
    CONCURRENCIES.map((concurrency) => ({ operation, concurrency, warmupMs: timing.warmupMs, durationMs: timing.durationMs })),
  );
  let turn = 0;
  for (let round = 0; round < timing.rounds; round++) {
    const workers = new Map<ClientName, Worker>();
    try {
      // Start them one by one: setting up includes a warm-up under load.
      for (const client of clients) {
        const result = results.get(client)!;
        if (result.skipped !== undefined) continue;
        const worker = new Worker({ client, endpoint, modules, warmupMs: timing.warmupMs });
        const first = await worker.next();
        if (first.kind === "ready") workers.set(client, worker);
        else {
          result.skipped = first.kind === "skipped" ? first.reason : `unexpected ${first.kind}`;
          worker.kill();
        }
      }
      const active = [...workers.keys()];
      for (const cell of cells) {
        const summary: string[] = [];
        for (let i = 0; i < active.length; i++) {
          const client = active[(i + turn) % active.length]!;
          const line = await workers.get(client)!.request({ kind: "cell", cell });
          const result = results.get(client)!;
          const key = cellKey(cell.operation, cell.concurrency);
          if (line.kind !== "cell") result.errors.set(key, line.kind === "skipped" ? line.reason : `unexpected ${line.kind}`);
          else if (line.error !== undefined) result.errors.set(key, line.error);
          else {
            const rate = line.calls / line.seconds;
            if (!result.rates.has(key)) result.rates.set(key, []);
            result.rates.get(key)![round] = rate;
            summary.push(`${client} ${Math.round(rate)}`);
          }
        }
        // Shift the order by one per cell, and (since there are as many cells
        // as clients) by one more per round, so no client always goes first.
        turn++;
        log(`  round ${round + 1}/${timing.rounds} ${cellKey(cell.operation, cell.concurrency)}: ${summary.join(", ")}`);
      }
      turn++;
      for (const [client, worker] of workers) {
        const line = await worker.request({ kind: "close" });
        if (line.kind === "done") results.get(client)!.rssBytes.push(line.maxRssBytes);
      }
    } finally {
      for (const worker of workers.values()) worker.kill();
    }
  }
  for (const [client, result] of results) if (result.skipped !== undefined) log(`  ${client} skipped: ${result.skipped}`);
  return results;
}
