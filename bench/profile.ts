/**
 * Profiling a client under load: `bench/run.ts --profile <client>` runs the
 * client's worker with `node --cpu-prof` (GetItem, PutItem, UpdateItem and
 * Query at concurrency 16) and summarises where the CPU went: the functions
 * with the most self time, and self time by package or source file.
 *
 * The raw `.cpuprofile` is kept under `bench/.out/profiles/<client>/` for Chrome
 * DevTools or speedscope.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PROFILE_DIR, ROOT } from "./build.js";
import type { ClientName, ModuleUrls } from "./clients.js";
import { OPERATIONS } from "./fixtures.js";
import { runJsonLines } from "./processes.js";
import { count, table } from "./stats.js";
import type { Cell, WorkerLine, WorkerSetup } from "./worker.js";

/** The parts of V8's `.cpuprofile` format read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** Where a profiled function lives, shortened: a package name, or a path inside the repository. */
function place(url: string): string {
  if (url === "") return "(native or V8)";
  const path = url.replace(/^file:\/\//, "");
  const inModules = path.lastIndexOf("/node_modules/");
  if (inModules >= 0) {
    const rest = path.slice(inModules + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith("node:")) return path;
  const stage = path.indexOf("/stage/dist/");
  if (stage >= 0) return `src/${path.slice(stage + "/stage/dist/".length).replace(/\.js$/, ".ts")}`;
  return path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
}

/** Shares of the sampled time, by function and by place. */
export interface ProfileSummary {
  /** Self time: samples whose innermost frame is the function. */
  functions: [string, number][];
  /** Self time, summed by package or source file. */
  places: [string, number][];
  /** Inclusive time: samples with the function anywhere on the stack (counted once per sample). */
  inclusive: [string, number][];
  ms: number;
}

/** Summarises one profile. */
export function summarise(profile: CpuProfile): ProfileSummary {
  const total = profile.samples.length;
  const names = new Map<number, string>();
  const places = new Map<number, string>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url);
    places.set(node.id, where);
    names.set(node.id, `${where}:${functionName || "(anonymous)"}${url ? `:${lineNumber + 1}` : ""}`);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const sample of profile.samples) {
    const name = names.get(sample)!;
    self.set(name, (self.get(name) ?? 0) + 1);
    byPlace.set(places.get(sample)!, (byPlace.get(places.get(sample)!) ?? 0) + 1);
    const onStack = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) onStack.add(names.get(id)!);
    for (const fn of onStack) inclusive.set(fn, (inclusive.get(fn) ?? 0) + 1);
  }
  const share = (map: Map<string, number>): [string, number][] =>
    [...map].map(([k, v]): [string, number] => [k, v / total]).sort((a, b) => b[1] - a[1]);
  return { functions: share(self), places: share(byPlace), inclusive: share(inclusive), ms: (profile.endTime - profile.startTime) / 1000 };
}

/** Profiles `client` and returns a markdown summary. */
export async function profileClient(client: ClientName, endpoint: string, modules: ModuleUrls, durationMs: number): Promise<string> {
  const dir = join(PROFILE_DIR, client);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const setup: WorkerSetup = { client, endpoint, modules, warmupMs: 200 };
  const cells: Cell[] = OPERATIONS.map((operation) => ({ operation, concurrency: 16, warmupMs: 200, durationMs }));
  const lines = await runJsonLines<WorkerLine>("worker.js", { BENCH_JOB: JSON.stringify(setup), BENCH_CELLS: JSON.stringify(cells) }, [
    "--cpu-prof",
    "--cpu-prof-dir",
    dir,
  ]);
  const skipped = lines.find((line) => line.kind === "skipped");
  if (skipped) return `Profile of \`${client}\` skipped: ${skipped.reason}`;
  const rates = lines.flatMap((line) => (line.kind === "cell" ? [`${line.operation} ${count(line.calls / line.seconds)}/s`] : []));
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (file === undefined) return "no profile was written";
  const { functions, places, inclusive, ms } = summarise(JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile);
  const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
  return [
    `### CPU profile of \`${client}\` at concurrency 16 (${Math.round(ms)} ms sampled; ${rates.join(", ")})\n`,
    "Self time by package or source file:\n",
    table(["where", "self time"], places.slice(0, 15).map(([where, share]) => [where, pct(share)])),
    "",
    "Functions with the most self time:\n",
    table(["function", "self time"], functions.slice(0, 30).map(([name, share]) => [`\`${name}\``, pct(share)])),
    "",
    "dynaport's own functions by inclusive time (the function and everything it calls):\n",
    table(
      ["function", "inclusive time"],
      inclusive
        .filter(([name]) => name.startsWith("src/"))
        .slice(0, 30)
        .map(([name, share]) => [`\`${name}\``, pct(share)]),
    ),
    "",
    `Raw profile: \`${join(dir, file).slice(ROOT.length + 1)}\``,
  ].join("\n");
}
