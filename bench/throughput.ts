/**
 * Calls per second and peak RSS, each client in its own worker process
 * against the stub server, in rounds interleaved across clients.
 *
 * The machine is shared and noisy: interleaving spreads any slow spell over
 * all clients instead of landing on one, and the report takes medians over
 * rounds.
 */
import type { ClientName, ModuleUrls } from "./clients.js";
import { OPERATIONS, type Operation } from "./fixtures.js";
import { runJsonLines } from "./processes.js";
import type { Cell, WorkerJob, WorkerLine } from "./worker.js";

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
  /** Calls/s per round, by {@link cellKey}. */
  rates: Map<string, number[]>;
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

/** Runs every client for `timing.rounds` rounds, rotating the order each round. */
export async function measureThroughput(
  clients: readonly ClientName[],
  endpoint: string,
  modules: ModuleUrls,
  timing: Timing,
  log: (line: string) => void,
): Promise<Map<ClientName, ClientThroughput>> {
  const results = new Map<ClientName, ClientThroughput>();
  for (const client of clients) results.set(client, { rates: new Map(), rssBytes: [], errors: new Map() });
  const cells: Cell[] = [];
  for (const operation of OPERATIONS) {
    for (const concurrency of CONCURRENCIES) cells.push({ operation, concurrency, warmupMs: timing.warmupMs, durationMs: timing.durationMs });
  }
  for (let round = 0; round < timing.rounds; round++) {
    const order = clients.map((_, i) => clients[(i + round) % clients.length]!);
    for (const client of order) {
      const result = results.get(client)!;
      if (result.skipped !== undefined) continue;
      const job: WorkerJob = { client, endpoint, modules, cells };
      const lines = await runJsonLines<WorkerLine>("worker.js", { BENCH_JOB: JSON.stringify(job) });
      const summary: string[] = [];
      for (const line of lines) {
        if (line.kind === "skipped") result.skipped = line.reason;
        else if (line.kind === "done") result.rssBytes.push(line.maxRssBytes);
        else {
          const key = cellKey(line.operation, line.concurrency);
          if (line.error !== undefined) result.errors.set(key, line.error);
          else {
            const rate = line.calls / line.seconds;
            result.rates.set(key, [...(result.rates.get(key) ?? []), rate]);
            summary.push(`${key} ${Math.round(rate)}`);
          }
        }
      }
      log(`  round ${round + 1}/${timing.rounds} ${client}: ${result.skipped ? `skipped (${result.skipped})` : summary.join(", ")}`);
    }
  }
  return results;
}
