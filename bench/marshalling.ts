/**
 * marshall/unmarshall against `@aws-sdk/util-dynamodb`: runs the project's
 * `bench/marshall.ts` (the document layer's own comparison, on four item
 * shapes) and turns its text table into rows for the report.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR, ROOT } from "./build.js";

/** One line of bench/marshall.ts's table. */
export interface MarshallRow {
  shape: string;
  operation: "marshall" | "unmarshall";
  dynaport: string;
  official: string;
  ratio: number;
}

/** The parsed rows, or the raw output when it could not be parsed, or why it did not run. */
export type MarshallResult = { rows: MarshallRow[]; header: string } | { raw: string } | { skipped: string };

const ROW = /^(.+?)\s+(marshall|unmarshall)\s+([\d.]+ [kM]\/s)\s+([\d.]+ [kM]\/s)\s+([\d.]+)x$/;

/** Runs bench/marshall.ts with `runs` rounds of `ms` per case. */
export async function measureMarshalling(runs: number, ms: number): Promise<MarshallResult> {
  const script = join(BENCH_DIR, "marshall.ts");
  if (!existsSync(script)) return { skipped: "bench/marshall.ts does not exist yet" };
  const tsx = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(process.execPath, [tsx, script], {
    cwd: ROOT,
    env: { ...process.env, RUNS: String(runs), MS: String(ms) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) return { skipped: `bench/marshall.ts exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}` };
  const lines = stdout.trim().split("\n");
  const rows: MarshallRow[] = [];
  for (const line of lines) {
    const match = ROW.exec(line.trim());
    if (match) {
      rows.push({ shape: match[1]!, operation: match[2] as MarshallRow["operation"], dynaport: match[3]!, official: match[4]!, ratio: Number(match[5]) });
    }
  }
  return rows.length > 0 ? { rows, header: lines[0] ?? "" } : { raw: stdout.trim() };
}
