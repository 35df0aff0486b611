/**
 * The loop both batch helpers share: send chunks with bounded concurrency,
 * re-send what the service hands back unprocessed with exponential backoff
 * and full jitter, and account for every request when the budget runs out.
 *
 * AWS asks callers of BatchWriteItem and BatchGetItem to retry unprocessed
 * requests "using exponential backoff" (API Reference, BatchWriteItem);
 * unprocessed items mean the table is throttled, so hammering it again at
 * once only repeats the answer.
 */
import type { CallOptions } from "../runtime/types.js";

/** Concurrency, retry budget and cancellation, shared by `batchWriteAll` and `batchGetAll`. */
export interface BatchRunOptions {
  /** Batch requests in flight at once. Default 4. */
  concurrency?: number;
  /** Sends of one chunk, the first included, before its leftovers are reported as unprocessed. Default 8. */
  maxAttempts?: number;
  /** Milliseconds after which nothing more is sent; what is left is reported. Default: no limit. */
  maxDuration?: number;
  /** First backoff ceiling in milliseconds; doubles each attempt. Default 50 ms. */
  baseDelay?: number;
  /** Largest backoff in milliseconds. Default 5,000 ms. */
  maxDelay?: number;
  /** Stops sending: requests not sent are reported as unprocessed, the chunks in flight as failed. */
  signal?: AbortSignal;
  /** Asks each call for its consumed capacity (`TOTAL` or `INDEXES`); the result then sums it per table. */
  returnConsumedCapacity?: "TOTAL" | "INDEXES";
}

/** Adds each call's `ConsumedCapacity` into capacity units per table. */
export function addCapacity(total: Record<string, number>, consumed: unknown): void {
  if (!Array.isArray(consumed)) return;
  for (const entry of consumed as { TableName?: string; CapacityUnits?: number }[]) {
    if (entry.TableName !== undefined) total[entry.TableName] = (total[entry.TableName] ?? 0) + (entry.CapacityUnits ?? 0);
  }
}

/** A chunk's send failed: the requests in it, and why. Their outcome is unknown (they may or may not have been applied). */
export interface ChunkFailure<Requests> {
  error: unknown;
  requests: Requests;
}

/** What the loop returns: every request ends up processed, unprocessed or failed. */
export interface RunResult<Entry> {
  unprocessed: Entry[];
  failed: ChunkFailure<Entry[]>[];
  /** Batch requests sent, retries included. */
  calls: number;
}

// Throttling that survived the client's own retries is worth another try
// within the batch budget; anything else fails the chunk.
const THROTTLING = /* @__PURE__ */ new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]);

/**
 * Runs `send` over `chunks`. `send` returns the entries the service did not
 * process, which are sent again (alone) after a backoff until none are left,
 * `maxAttempts` is reached, the deadline passes or the signal fires.
 */
export async function runChunks<Entry>(
  chunks: Entry[][],
  send: (entries: Entry[], options: CallOptions) => Promise<Entry[]>,
  options: BatchRunOptions,
): Promise<RunResult<Entry>> {
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelay = options.baseDelay ?? 50; // ms
  const maxDelay = options.maxDelay ?? 5_000; // ms
  const deadline = options.maxDuration === undefined ? Infinity : Date.now() + options.maxDuration;
  if (!(concurrency >= 1) || !(maxAttempts >= 1)) throw new RangeError("concurrency and maxAttempts must be at least 1");
  const { signal } = options;
  const callOptions: CallOptions = signal ? { signal } : {};
  const result: RunResult<Entry> = { unprocessed: [], failed: [], calls: 0 };
  let next = 0;

  async function worker(): Promise<void> {
    while (next < chunks.length) {
      let pending = chunks[next++]!;
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted || Date.now() >= deadline) {
          result.unprocessed.push(...pending);
          break;
        }
        result.calls++;
        try {
          pending = await send(pending, callOptions);
        } catch (error) {
          const name = (error as { name?: unknown } | null)?.name;
          if (signal?.aborted || !THROTTLING.has(name as string) || attempt >= maxAttempts) {
            result.failed.push({ error, requests: pending });
            break;
          }
        }
        if (pending.length === 0) break;
        if (attempt >= maxAttempts) {
          result.unprocessed.push(...pending);
          break;
        }
        // Full jitter (a uniform draw below an exponential ceiling) spreads
        // the retries of concurrent chunks instead of synchronising them.
        const ceiling = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
        await pause(Math.min(Math.random() * ceiling, deadline - Date.now()), signal);
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return result;
}

/** Splits `entries` into chunks of at most `maxCount` entries and `maxBytes` summed `size`. */
export function chunk<Entry>(entries: Entry[], maxCount: number, maxBytes: number, size: (entry: Entry) => number): Entry[][] {
  const chunks: Entry[][] = [];
  let current: Entry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const s = size(entry);
    if (current.length === maxCount || (current.length > 0 && bytes + s > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += s;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Sleeps `ms`, returning early (without throwing) when `signal` fires: the loop then reports what is left. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
