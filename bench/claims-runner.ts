/**
 * Runs the claims benchmark (claims.ts) for each variant, each round against a
 * fresh dynalite in its own process.
 */
import type { ClaimsJob, ClaimsLine } from "./claims.js";
import { runJsonLines, startServer } from "./processes.js";

/** Which claimer: dynaport's `queryAndUpdate` or the official client's pattern. */
export type ClaimsVariant = ClaimsJob["variant"];

/** Claims per second and lost races per round, by variant. */
export interface ClaimsResult {
  rates: Map<ClaimsVariant, number[]>;
  lostRaces: Map<ClaimsVariant, number[]>;
  skipped: Map<ClaimsVariant, string>;
}

/** The measurement and how it was made. */
export interface ClaimsRun {
  result: ClaimsResult;
  job: Omit<ClaimsJob, "variant" | "endpoint" | "modules">;
  rounds: number;
}

/** Each round and variant gets a fresh dynalite in its own process. */
export async function measureClaims(modules: ClaimsJob["modules"], quick: boolean, log: (line: string) => void): Promise<ClaimsRun> {
  const job = { jobs: quick ? 100 : 400, workers: 4, batch: 25, concurrency: 10 };
  const rounds = quick ? 1 : 3;
  const result: ClaimsResult = { rates: new Map(), lostRaces: new Map(), skipped: new Map() };
  const variants: ClaimsVariant[] = ["dynaport", "aws-sdk"];
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      if (result.skipped.has(variant)) continue;
      const dynalite = await startServer("dynalite-server.js");
      try {
        const [line] = await runJsonLines<ClaimsLine>("claims.js", {
          BENCH_CLAIMS: JSON.stringify({ ...job, variant, endpoint: dynalite.endpoint, modules } satisfies ClaimsJob),
        });
        if (line === undefined) throw new Error("claims.js printed nothing");
        if (line.kind === "skipped") result.skipped.set(variant, line.reason);
        else {
          result.rates.set(variant, [...(result.rates.get(variant) ?? []), line.claimed / line.seconds]);
          result.lostRaces.set(variant, [...(result.lostRaces.get(variant) ?? []), line.lostRaces]);
          log(`  round ${round + 1}/${rounds} ${variant}: ${Math.round(line.claimed / line.seconds)} claims/s, ${line.lostRaces} lost races`);
        }
      } catch (err) {
        result.skipped.set(variant, (err as Error).message.split("\n")[0]!);
      } finally {
        await dynalite.close();
      }
    }
  }
  return { result, job, rounds };
}

