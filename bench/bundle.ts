/**
 * The bundle benchmark: `npx tsx bench/bundle.ts [--rounds N] [--out <file>] [--update-benchmarks]`
 * (`make bench-bundle ARGS="..."`).
 *
 * 1. Packs dynaport as it would be published (`npm pack`, whose `prepack`
 *    builds) from a snapshot of the working tree, and installs the tarball
 *    into an empty folder with the peers at the repository's versions
 *    (`@aws-sdk/client-dynamodb`, `@aws-sdk/lib-dynamodb`, `@aws-lite/client`
 *    with `@aws-lite/dynamodb`, `aws4fetch`), with npm, from its cache where
 *    it can.
 * 2. Bundles one GetItem app per client (bench/bundle-apps.ts) with esbuild,
 *    minified, for Node (CommonJS) and for browsers (ESM), and records the
 *    minified and gzipped (level 9) bytes, or the build error.
 * 3. Breaks dynaport's `DynamoDBClient` + `getItem` bundle (Node) down by
 *    package and dist chunk, and the same app built from `src/` by source area
 *    and file.
 * 4. Times each Node bundle's whole process (`node app.cjs`: start, one
 *    GetItem to the stub server, exit), the apps interleaved round-robin for
 *    `--rounds` rounds (default 15) after one untimed run each.
 *
 * It prints a markdown report; `--out <file>` also writes it to a file and
 * `--update-benchmarks` puts it in BENCHMARKS.md's "Bundles" section, between
 * its generated-results markers, leaving the rest of the file alone.
 * `--ref <commit>` measures dynaport as of that commit (`git archive`)
 * instead of the working tree; `--keep` leaves the scratch folder (tarball,
 * installed app, bundles) behind.
 * Whatever state the package is in, the tool reports it: an app that does
 * not build or run shows why instead of a number.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { BUNDLE_APPS, appSource, isDynaport, officialCounterpart, type BundleApp } from "./bundle-apps.js";
import {
  PLATFORMS,
  breakdown,
  bundleApp,
  distFileOf,
  firstLine,
  installApp,
  packDynaport,
  packageOf,
  removeScratch,
  repoVersion,
  scratch,
  sourceAreaOf,
  sourceFileOf,
  PEERS,
  type BundleResult,
  type PackResult,
  type Platform,
  type Share,
} from "./bundle-build.js";
import { ROOT, cleanUp, compileBenchScripts } from "./build.js";
import { startServer, timeNode } from "./processes.js";
import { mark, median, pairedRatio, ratio, table } from "./stats.js";

interface Options {
  rounds: number;
  out?: string;
  updateBenchmarks: boolean;
  /** Measure dynaport as of this commit instead of the working tree. */
  ref?: string;
  /** Leave the scratch folder (tarball, installed app, bundles) in place for a look. */
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { rounds: 15, updateBenchmarks: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--rounds") {
      options.rounds = Number(argv[++i]);
      if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new Error("--rounds takes a positive integer");
    } else if (arg === "--out") options.out = argv[++i];
    else if (arg === "--update-benchmarks") options.updateBenchmarks = true;
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--ref") options.ref = argv[++i];
    else throw new Error(`unknown argument ${arg}; usage: bench/bundle.ts [--rounds N] [--ref <commit>] [--out <file>] [--update-benchmarks] [--keep]`);
  }
  return options;
}

function log(line: string): void {
  process.stderr.write(line + "\n");
}

/** Every app's bundles, by platform. */
type Bundles = Map<BundleApp, Map<Platform, BundleResult>>;

/** Whole-process times of the Node bundles, one entry per round; or why an app could not run. */
interface Timings {
  times: Map<BundleApp, number[]>;
  failed: Map<BundleApp, string>;
  /** `node` running an empty script, in the same rounds: the floor of any process. */
  empty: number[];
}

/** A markdown table whose columns are right-aligned where `numeric` says so, left-aligned otherwise. */
function alignedTable(header: readonly string[], numeric: readonly boolean[], rows: readonly (readonly string[])[]): string {
  const lines = table(header, rows).split("\n");
  lines[1] = `|${header.map((_, i) => (numeric[i] ? " ---: " : " --- ")).join("|")}|`;
  return lines.join("\n");
}

/** Bytes as KB of 1,024 bytes (as esbuild prints sizes, and the issue quotes them), one decimal under 100. */
function kb(bytes: number): string {
  const value = bytes / 1024;
  return value < 100 ? value.toFixed(1) : String(Math.round(value));
}

/** The first line of an app's stderr that says what went wrong. */
function runError(err: Error): string {
  const lines = err.message.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^\w*(Error|Exception)\b/.test(line)) ?? lines[0] ?? "failed";
}

/** A message as inline code that is safe in a table cell. */
function code(text: string): string {
  return `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
}

/** A build failure as a cell: "not built" when dynaport lacks what the app imports. */
function failure(app: BundleApp, error: string): string {
  const missing = isDynaport(app) && /No matching export|Could not resolve "dynaport"/.test(error);
  return `${missing ? "not built" : "fails"}: ${code(error)}`;
}

// ---- measuring --------------------------------------------------------------------------

async function buildAll(appDir: string, dynaportPacked: boolean): Promise<Bundles> {
  const bundles: Bundles = new Map();
  for (const app of BUNDLE_APPS) {
    const entry = join(appDir, `${app.replace(/[^a-z0-9]+/gi, "-").replace(/-+$/, "")}.mjs`);
    writeFileSync(entry, appSource(app));
    const byPlatform = new Map<Platform, BundleResult>();
    for (const platform of PLATFORMS) {
      byPlatform.set(
        platform,
        isDynaport(app) && !dynaportPacked ? { ok: false, error: "dynaport did not pack (see above)" } : await bundleApp(appDir, entry, platform),
      );
    }
    bundles.set(app, byPlatform);
    const cells = PLATFORMS.map((platform) => {
      const result = byPlatform.get(platform)!;
      return `${platform} ${result.ok ? `${kb(result.bytes)} KB` : `fails (${result.error.slice(0, 80)})`}`;
    });
    log(`  ${app}: ${cells.join(", ")}`);
  }
  return bundles;
}

async function timeAll(bundles: Bundles, appDir: string, endpoint: string, rounds: number): Promise<Timings> {
  const timings: Timings = { times: new Map(), failed: new Map(), empty: [] };
  const empty = join(appDir, "empty.cjs");
  writeFileSync(empty, "");
  const runnable: [BundleApp, string][] = [];
  for (const [app, byPlatform] of bundles) {
    const node = byPlatform.get("node")!;
    if (!node.ok) continue;
    // The untimed run checks the app works and fills the file cache.
    try {
      await timeNode(node.file, { BENCH_ENDPOINT: endpoint });
      runnable.push([app, node.file]);
      timings.times.set(app, []);
    } catch (err) {
      timings.failed.set(app, runError(err as Error));
    }
  }
  for (let round = 0; round < rounds; round++) {
    timings.empty.push(await timeNode(empty));
    // Each round starts one app further on, so that no app always runs right after the same one.
    const start = runnable.length === 0 ? 0 : round % runnable.length;
    for (const [app, file] of [...runnable.slice(start), ...runnable.slice(0, start)]) {
      try {
        timings.times.get(app)!.push(await timeNode(file, { BENCH_ENDPOINT: endpoint }));
      } catch (err) {
        // A hole in the round: the medians skip it, the report counts it.
        timings.times.get(app)!.push(NaN);
        timings.failed.set(app, runError(err as Error));
      }
    }
  }
  log(`  medians of ${rounds}: ${runnable.map(([app]) => `${app} ${Math.round(median(timings.times.get(app)!))} ms`).join(", ")}`);
  return timings;
}

/** An app bundled from the packed snapshot's `src/`, for the per-file breakdown. */
interface SourceBuild {
  app: BundleApp;
  platform: Platform;
  result: BundleResult;
}

/**
 * The esbuild plugins the snapshot's own build uses for the portable build
 * (its `portableTwins`, which swaps `X.ts` for `X.portable.ts`), or why there are none.
 */
async function portablePlugins(snapshot: string): Promise<Plugin[] | string> {
  try {
    const build = (await import(pathToFileURL(join(snapshot, "scripts", "build.mjs")).href)) as { portableTwins?: Plugin };
    return build.portableTwins === undefined ? "scripts/build.mjs exports no portableTwins plugin" : [build.portableTwins];
  } catch (err) {
    return `scripts/build.mjs did not load: ${firstLine((err as Error).message)}`;
  }
}

/**
 * The dynaport GetItem app built from the packed snapshot's `src/`: the
 * `DynamoDBClient` + `getItem` app, or the `DynamoDB` class app while the
 * former does not build. For browsers, with the snapshot's portable twins.
 */
async function buildFromSource(
  appDir: string,
  snapshot: string,
  platform: Platform,
  apps: readonly BundleApp[] = ["dynaport getItem()", "dynaport DynamoDB"],
): Promise<SourceBuild> {
  let plugins: Plugin[] = [];
  if (platform === "browser") {
    const found = await portablePlugins(snapshot);
    if (typeof found === "string") return { app: apps[0]!, platform, result: { ok: false, error: found } };
    plugins = found;
  }
  let first: SourceBuild | undefined;
  for (const app of apps) {
    const entry = join(appDir, `from-src-${app.replace(/[^a-z0-9]+/gi, "-").replace(/-+$/, "")}.mjs`);
    writeFileSync(entry, appSource(app));
    const result = await bundleApp(appDir, entry, platform, { alias: { dynaport: join(snapshot, "src", "index.ts") }, plugins });
    if (result.ok) return { app, platform, result };
    first ??= { app, platform, result };
  }
  return first!;
}

// ---- the report -------------------------------------------------------------------------

function sizeCells(result: BundleResult | undefined, app: BundleApp): [string, string] {
  if (result === undefined) return ["–", "–"];
  if (!result.ok) return [failure(app, result.error), ""];
  return [kb(result.bytes), kb(result.gzipBytes)];
}

function resultsTable(bundles: Bundles, timings: Timings, rounds: number): string {
  const times = (app: BundleApp): number[] | undefined => timings.times.get(app);
  const rows = BUNDLE_APPS.map((app) => {
    const byPlatform = bundles.get(app)!;
    const [nodeKb, nodeGz] = sizeCells(byPlatform.get("node"), app);
    const [browserKb, browserGz] = sizeCells(byPlatform.get("browser"), app);
    const own = times(app);
    let ms: string;
    let vsLite = "–";
    let vsOfficial = "–";
    if (own !== undefined) {
      const failedRuns = own.filter((t) => !Number.isFinite(t)).length;
      ms = String(Math.round(median(own)));
      if (failedRuns > 0) ms += ` (${failedRuns} of ${own.length} runs failed: ${code(timings.failed.get(app)!)})`;
      const lite = times("aws-lite");
      const official = times(officialCounterpart(app));
      if (lite !== undefined && app !== "aws-lite") vsLite = ratio(pairedRatio(own, lite));
      if (official !== undefined && app !== officialCounterpart(app)) vsOfficial = ratio(pairedRatio(own, official));
    } else {
      const why = timings.failed.get(app);
      ms = why === undefined ? "–" : `fails: ${code(why)}`;
    }
    return [app, nodeKb, nodeGz, browserKb, browserGz, ms, vsLite, vsOfficial];
  });
  return [
    `#### GetItem app: esbuild \`bundle: true, minify: true\`; whole process \`node app.cjs\` (median of ${rounds} rounds)\n`,
    table(
      ["app", "node cjs KB", "node gz KB", "browser esm KB", "browser gz KB", "process ms", "time vs aws-lite", "time vs official"],
      rows,
    ),
    "",
    `\`node\` running an empty script took ${Math.round(median(timings.empty))} ms in the same rounds. ` +
    "KB are 1,024 bytes, as esbuild prints them; gz is gzip level 9 of the minified bundle. Time ratios are medians of per-round ratios (below 1 is faster); " +
      "\"official\" is `@aws-sdk/client-dynamodb`, or `@aws-sdk/lib-dynamodb` for the document apps.",
  ].join("\n");
}

function targetsTable(bundles: Bundles, timings: Timings): string {
  const size = (app: BundleApp, platform: Platform): BundleResult | undefined => bundles.get(app)?.get(platform);
  const check = (result: BundleResult | undefined, limit: number, gzip = false): [string, boolean | undefined] => {
    if (result === undefined || !result.ok) return [result === undefined ? "–" : "does not build", result === undefined ? undefined : false];
    const bytes = gzip ? result.gzipBytes : result.bytes;
    return [`${kb(bytes)} KB`, bytes <= limit];
  };
  const rows: [string, string, boolean | undefined][] = [
    ["GetItem app (`DynamoDBClient` + `getItem`), node: ≤ 100 KB minified", ...check(size("dynaport getItem()", "node"), 100 * 1024)],
    ["GetItem app, browser: ≤ 60 KB minified", ...check(size("dynaport getItem()", "browser"), 60 * 1024)],
    ["GetItem app, browser: ≤ 20 KB gzipped", ...check(size("dynaport getItem()", "browser"), 20 * 1024, true)],
    ["Document client `get` app, node: ≤ 150 KB minified", ...check(size("dynaport document", "node"), 150 * 1024)],
  ];
  const own = timings.times.get("dynaport getItem()");
  const lite = timings.times.get("aws-lite");
  if (own !== undefined && lite !== undefined) {
    const r = pairedRatio(own, lite);
    rows.push(["GetItem app, whole process no slower than aws-lite's", `${ratio(r)} of aws-lite's time`, r <= 1]);
  } else rows.push(["GetItem app, whole process no slower than aws-lite's", "not measured", undefined]);
  return ["#### Targets (from the issue; reported, not asserted)\n", alignedTable(["target", "measured", ""], [false, true, false], rows.map(([t, m, p]) => [t, m, mark(p)]))].join("\n");
}

function shareTable(title: string, shares: Share[], total: number, limit: number): string {
  const shown = shares.slice(0, limit);
  const rest = shares.slice(limit);
  const rows = shown.map((s) => [`\`${s.name}\``, kb(s.bytes), `${((s.bytes / total) * 100).toFixed(1)}%`]);
  if (rest.length > 0) {
    const bytes = rest.reduce((sum, s) => sum + s.bytes, 0);
    rows.push([`${rest.length} more`, kb(bytes), `${((bytes / total) * 100).toFixed(1)}%`]);
  }
  return [`${title}\n`, table(["part", "KB", "share"], rows)].join("\n");
}

/** The four largest packages of every app's bundle, per platform that builds. */
function largestPartsTable(bundles: Bundles): string {
  const rows: string[][] = [];
  for (const app of BUNDLE_APPS) {
    for (const platform of PLATFORMS) {
      const result = bundles.get(app)?.get(platform);
      if (!result?.ok) continue;
      const parts = breakdown(result.metafile, packageOf)
        .filter((s) => s.name !== "app" && !s.name.startsWith("("))
        .slice(0, 4)
        .map((s) => `${s.name} ${kb(s.bytes)}`);
      rows.push([app, platform, kb(result.bytes), parts.join(", ")]);
    }
  }
  return ["#### The largest packages in each bundle (KB in the minified output)\n", alignedTable(["app", "platform", "KB", "largest parts"], [false, false, true, false], rows)].join("\n");
}

function breakdownReport(bundles: Bundles, sources: SourceBuild[]): string {
  const out: string[] = ["#### What is in dynaport's GetItem bundle (and the document client's, from `src/`)\n"];
  const installed = bundles.get("dynaport getItem()")?.get("node");
  const app: BundleApp = installed?.ok ? "dynaport getItem()" : "dynaport DynamoDB";
  if (app !== "dynaport getItem()") out.push(`(\`DynamoDBClient\` + \`getItem\` does not build from the package yet; these are the \`DynamoDB\` class app's.)\n`);
  for (const platform of PLATFORMS) {
    const result = bundles.get(app)?.get(platform);
    if (!result?.ok) {
      out.push(`${platform}: ${result === undefined ? "not built" : failure(app, result.error)}\n`);
      continue;
    }
    out.push(shareTable(`${platform} bundle from the installed package (${kb(result.bytes)} KB), by package:`, breakdown(result.metafile, packageOf), result.bytes, 12), "");
    const dist = breakdown(result.metafile, distFileOf).filter((s) => s.name.startsWith("dynaport/"));
    const distTotal = dist.reduce((sum, s) => sum + s.bytes, 0);
    out.push(shareTable(`... dynaport's own ${kb(distTotal)} KB, by file of the package:`, dist, result.bytes, 12), "");
  }
  for (const { app: sourceApp, platform, result } of sources) {
    if (!result.ok) {
      out.push(`${platform}, built from \`src/\`: ${failure(sourceApp, result.error)}\n`);
      continue;
    }
    const which = { "dynaport getItem()": "The `DynamoDBClient` + `getItem` app", "dynaport DynamoDB": "The `DynamoDB` class app", "dynaport document": "The document client `get` app" }[
      sourceApp as "dynaport getItem()" | "dynaport DynamoDB" | "dynaport document"
    ] ?? sourceApp;
    out.push(
      shareTable(`${which} for ${platform} built from \`src/\` (${kb(result.bytes)} KB), by area:`, breakdown(result.metafile, sourceAreaOf), result.bytes, 15),
      "",
      shareTable("... and by source file (largest 20):", breakdown(result.metafile, sourceFileOf), result.bytes, 20),
      "",
    );
  }
  return out.join("\n");
}

/** A commit's short hash. */
function shortCommit(ref: string): string {
  return spawnSync("git", ["rev-parse", "--short", ref], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || ref;
}

/** The repository's HEAD, and whether the working tree differs from it. */
function gitHead(): string {
  const head = shortCommit("HEAD");
  const dirty = spawnSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() !== "";
  return `HEAD ${head}${dirty ? " with uncommitted changes" : ""}`;
}

function machineNote(started: number, loadBefore: number[], pack: PackResult, specs: string[], options: Options): string {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    model = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
  } catch {
    // not Linux: os.cpus() is as good as it gets
  }
  const load = (l: number[]): string => l.map((n) => n.toFixed(2)).join(" / ");
  const esbuildVersion = repoVersion("esbuild");
  // The arguments that change what is measured (not where the report goes).
  const args: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") i++;
    else if (argv[i] !== "--update-benchmarks" && argv[i] !== "--keep") args.push(argv[i]!);
  }
  return [
    `- Command: \`npx tsx bench/bundle.ts${args.length > 0 ? " " + args.join(" ") : ""}\` (\`make bench-bundle\`), ${options.rounds} rounds`,
    `- Date: ${new Date(started).toISOString()}, took ${Math.round((Date.now() - started) / 1000)} s`,
    `- Machine: ${availableParallelism()} CPUs, ${model}; ${process.platform} ${process.arch}; node ${process.version}; esbuild ${esbuildVersion}`,
    `- Load average (1/5/15 min) before: ${load(loadBefore)}, after: ${load(loadavg())} (a shared machine)`,
    `- dynaport: ${options.ref === undefined ? `the working tree (${gitHead()})` : `commit ${shortCommit(options.ref)}`}, ${pack.tarball !== undefined ? `packed by ${pack.how}` : "not packed"}${pack.error !== undefined ? ` — ${pack.error.replace(/`/g, "'")}` : ""}`,
    `- Installed with npm into an empty folder: ${specs.map((s) => `\`${s.includes("/") && s.endsWith(".tgz") ? s.slice(s.lastIndexOf("/") + 1) : s}\``).join(", ")}`,
  ].join("\n");
}

/** The markers around the generated part of BENCHMARKS.md's "Bundles" section. */
const START = "<!-- bench/bundle.ts results: start -->";
const END = "<!-- bench/bundle.ts results: end -->";

/**
 * Puts `report` between the markers of the "Bundles" section of
 * BENCHMARKS.md, creating the section at the end of the file the first time.
 * The section's other text (its introduction, the reading of the numbers) stays.
 */
function updateBenchmarks(report: string): void {
  const file = join(ROOT, "BENCHMARKS.md");
  const text = readFileSync(file, "utf8");
  const block = `${START}\n${report}\n${END}`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n## Bundles\n\n${block}\n`;
  writeFileSync(file, next);
}

// ---- main -------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadBefore = loadavg();
  const work = scratch();
  try {
    log(`packing dynaport from a snapshot of ${options.ref === undefined ? "the working tree" : options.ref} (${work}) ...`);
    const pack = packDynaport(work, options.ref);
    if (pack.error !== undefined) log(`  ${pack.error}`);
    log(`installing ${pack.tarball !== undefined ? "the tarball and " : ""}${PEERS.join(", ")} ...`);
    const appDir = join(work, "app");
    const specs = installApp(appDir, pack.tarball);
    log("bundling the apps ...");
    const bundles = await buildAll(appDir, pack.tarball !== undefined);
    const sources: SourceBuild[] = [];
    for (const platform of PLATFORMS) sources.push(await buildFromSource(appDir, pack.snapshot, platform));
    sources.push(await buildFromSource(appDir, pack.snapshot, "node", ["dynaport document"]));
    log(`whole-process time, ${options.rounds} rounds ...`);
    compileBenchScripts();
    const stub = await startServer("stub-server.js");
    let timings: Timings;
    try {
      timings = await timeAll(bundles, appDir, stub.endpoint, options.rounds);
    } finally {
      await stub.close();
    }
    const report = [
      machineNote(started, loadBefore, pack, specs, options),
      "",
      resultsTable(bundles, timings, options.rounds),
      "",
      targetsTable(bundles, timings),
      "",
      largestPartsTable(bundles),
      "",
      breakdownReport(bundles, sources),
    ].join("\n");
    process.stdout.write(report + "\n");
    if (options.out !== undefined) writeFileSync(options.out, report + "\n");
    if (options.updateBenchmarks) {
      updateBenchmarks(report);
      log("BENCHMARKS.md: the Bundles section's results are updated");
    }
  } catch (err) {
    log(`bundle benchmark failed: ${firstLine((err as Error).message)}`);
    throw err;
  } finally {
    if (options.keep) log(`kept ${work}`);
    else removeScratch(work);
    cleanUp();
  }
}

await main();
