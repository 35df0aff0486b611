/**
 * The side-by-side benchmark: `npx tsx bench/run.ts [--quick] [--only <names>] [--out <file>]`
 * (`make bench ARGS="--quick"`).
 *
 * Measures dynaport (typed methods, raw `send`, document layer) next to the
 * official `@aws-sdk/client-dynamodb` (and its document client),
 * `@aws-lite/client` with `@aws-lite/dynamodb`, and the raw floor (a
 * pre-signed request on an undici `Pool`), and prints markdown tables of
 * medians and ratios with the targets from the project's performance issue.
 *
 * - `--quick`: one short round of everything, a smoke run of a minute or two.
 * - `--only <names>`: comma-separated sections (`throughput`, `cold-start`,
 *   `size`, `marshall`, `claims`) and/or clients (`dynaport`, `aws-sdk`, ...,
 *   see `CLIENTS` in clients.ts); `throughput` also yields peak RSS.
 * - `--out <file>`: also write the report to a file.
 * - `--profile <client>`: instead, run that client at concurrency 16 under
 *   `node --cpu-prof` and print where its CPU time goes.
 */
import { writeFileSync } from "node:fs";
import { CLIENTS, CLIENT_NOTES, type ClientName } from "./clients.js";
import type { ClaimsJob, ClaimsLine } from "./claims.js";
import { measureColdStart, type ColdStartResult } from "./cold-start.js";
import { measureMarshalling, type MarshallResult } from "./marshalling.js";
import { measureSizes, type InstallSize, type SizeName } from "./size.js";
import { compileBenchScripts, moduleUrls, stageDynaport } from "./build.js";
import { OPERATIONS } from "./fixtures.js";
import { runJsonLines, startServer } from "./processes.js";
import { profileClient } from "./profile.js";
import { count, mark, median, megabytes, percent, ratio, table } from "./stats.js";
import { CONCURRENCIES, cellKey, measureThroughput, type ClientThroughput, type Timing } from "./throughput.js";

const SECTIONS = ["throughput", "cold-start", "size", "marshall", "claims"] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  /** Profile this client instead of running the benchmark. */
  profile?: ClientName;
  sections: Set<Section>;
  clients: ClientName[];
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { quick: false, sections: new Set(SECTIONS), clients: [...CLIENTS] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") options.quick = true;
    else if (arg === "--out") options.out = argv[++i];
    else if (arg === "--profile") {
      const name = argv[++i] ?? "";
      if (!(CLIENTS as readonly string[]).includes(name)) throw new Error(`--profile takes a client (${CLIENTS.join(", ")}); got ${name || "nothing"}`);
      options.profile = name as ClientName;
    }
    else if (arg === "--only") {
      const names = (argv[++i] ?? "").split(",").filter(Boolean);
      const sections = names.filter((n): n is Section => (SECTIONS as readonly string[]).includes(n));
      const clients = names.filter((n): n is ClientName => (CLIENTS as readonly string[]).includes(n));
      const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n) && !(CLIENTS as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0) {
        throw new Error(`--only takes sections (${SECTIONS.join(", ")}) and/or clients (${CLIENTS.join(", ")}); got ${unknown.join(", ") || "nothing"}`);
      }
      if (sections.length > 0) options.sections = new Set(sections);
      if (clients.length > 0) options.clients = clients;
    } else throw new Error(`unknown argument ${arg}; usage: bench/run.ts [--quick] [--only <names>] [--out <file>] [--profile <client>]`);
  }
  return options;
}

function log(line: string): void {
  process.stderr.write(line + "\n");
}

// ---- report sections ------------------------------------------------------------

/** The dynaport variants and the peer each is compared with as "official". */
const DYNAPORT_VARIANTS: readonly [ClientName, ClientName][] = [
  ["dynaport", "aws-sdk"],
  ["dynaport-send", "aws-sdk"],
  ["dynaport-doc", "aws-sdk-doc"],
];

function rate(results: Map<ClientName, ClientThroughput>, client: ClientName, key: string): number {
  return median(results.get(client)?.rates.get(key) ?? []);
}

function throughputReport(results: Map<ClientName, ClientThroughput>, timing: Timing): string {
  const out: string[] = [];
  const clients = [...results.keys()];
  out.push(`### Calls per second (median of ${timing.rounds} round${timing.rounds > 1 ? "s" : ""}, ${timing.durationMs} ms each)\n`);
  const header = ["client", ...OPERATIONS.flatMap((op) => CONCURRENCIES.map((c) => `${op} c${c}`))];
  const rows = clients.map((client) => {
    const r = results.get(client)!;
    if (r.skipped !== undefined) return [client, ...header.slice(1).map(() => "skipped")];
    return [
      client,
      ...OPERATIONS.flatMap((op) =>
        CONCURRENCIES.map((c) => (r.errors.has(cellKey(op, c)) ? "error" : count(rate(results, client, cellKey(op, c))))),
      ),
    ];
  });
  out.push(table(header, rows));
  const notes = clients.map((c) => `- \`${c}\`: ${CLIENT_NOTES[c]}${results.get(c)!.skipped ? ` — skipped: ${results.get(c)!.skipped}` : ""}`);
  for (const client of clients) {
    for (const [key, error] of results.get(client)!.errors) notes.push(`- \`${client}\` ${key} failed: ${error}`);
  }
  out.push("", ...notes);

  // Ratios at concurrency 16, where the targets are set.
  const ratioRows: string[][] = [];
  for (const [variant, official] of DYNAPORT_VARIANTS) {
    if (!results.has(variant) || results.get(variant)!.skipped) continue;
    for (const op of OPERATIONS) {
      const key = cellKey(op, 16);
      const mine = rate(results, variant, key);
      const vsOfficial = mine / rate(results, official, key);
      const vsLite = mine / rate(results, "aws-lite", key);
      const vsFloor = mine / rate(results, "floor", key);
      ratioRows.push([
        `${variant} ${op}`,
        count(mine),
        `${ratio(vsOfficial)} ${mark(Number.isFinite(vsOfficial) ? vsOfficial >= 5 : undefined)}`,
        `${ratio(vsLite)} ${mark(Number.isFinite(vsLite) ? vsLite >= 2 : undefined)}`,
        `${percent(vsFloor)} ${mark(Number.isFinite(vsFloor) ? vsFloor >= 0.6 : undefined)}`,
      ]);
    }
  }
  if (ratioRows.length > 0) {
    out.push("", "### Ratios at concurrency 16 (targets: ≥ 5x official, ≥ 2x aws-lite, ≥ 60% of the floor)\n");
    out.push(table(["dynaport", "calls/s", "vs official (same style)", "vs aws-lite", "of floor"], ratioRows));
  }

  // Peer ratios, for context, so that the run can be compared with the issue's numbers.
  const peerRows: string[][] = [];
  for (const client of clients) {
    if (results.get(client)!.skipped) continue;
    peerRows.push([
      client,
      ...OPERATIONS.map((op) => percent(rate(results, client, cellKey(op, 16)) / rate(results, "floor", cellKey(op, 16)))),
    ]);
  }
  if (results.has("floor") && !results.get("floor")!.skipped) {
    out.push("", "### Every client as a share of the floor, concurrency 16\n");
    out.push(table(["client", ...OPERATIONS], peerRows));
  }
  return out.join("\n");
}

function rssReport(results: Map<ClientName, ClientThroughput>): string {
  const official = median(results.get("aws-sdk")?.rssBytes ?? []);
  const rows = [...results].flatMap(([client, r]) => {
    if (r.skipped !== undefined || r.rssBytes.length === 0) return [];
    const rss = median(r.rssBytes);
    const target = client.startsWith("dynaport") && Number.isFinite(official) ? mark(rss < official) : "";
    return [[client, megabytes(rss), ratio(rss / official), target]];
  });
  return [
    "### Peak RSS under load (each client alone in a worker process, all cells; median over rounds)\n",
    table(["client", "peak RSS", "vs official", "target: below official"], rows),
  ].join("\n");
}

function coldStartReport(result: ColdStartResult, runs: number): string {
  const node = median(result.times.get("node") ?? []);
  const official = median(result.times.get("aws-sdk") ?? []);
  const lite = median(result.times.get("aws-lite") ?? []);
  const rows = [...result.times].map(([name, times]) => {
    const ms = median(times);
    const target = name.startsWith("dynaport") ? `${mark(ms <= official)} ${ms <= lite ? "(at or below aws-lite)" : `(${Math.round(ms - lite)} ms above aws-lite)`}` : "";
    return [name, `${Math.round(ms)} ms`, name === "node" ? "" : `+${Math.round(ms - node)} ms`, ratio(ms / official), target];
  });
  const notes = [...result.skipped].map(([name, why]) => `- \`${name}\` skipped: ${why}`);
  return [
    `### Cold start: spawn \`node\`, import, construct, one GetItem, exit (median of ${runs} runs)\n`,
    table(["program", "wall time", "over node alone", "vs official", "target: ≤ official, aiming at aws-lite"], rows),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

function sizeReport(sizes: Map<SizeName, InstallSize>, skipped: Map<SizeName, string>): string {
  const official = sizes.get("aws-sdk")?.diskBytes ?? NaN;
  const rows = [...sizes].map(([name, size]) => [
    name,
    megabytes(size.diskBytes),
    megabytes(size.bytes),
    String(size.files),
    String(size.packages),
    ratio(size.diskBytes / official),
    size.heaviest.map((p) => `${p.name} ${megabytes(p.bytes)}`).join(", "),
  ]);
  const notes = [...skipped].map(([name, why]) => `- \`${name}\` skipped: ${why}`);
  const tarball = sizes.get("dynaport")?.tarballBytes;
  if (tarball !== undefined) notes.unshift(`- dynaport's tarball (\`npm pack\` of the build): ${megabytes(tarball)}`);
  return [
    "### Installed size (`npm install --omit=dev` into an empty folder)\n",
    table(["install", "on disk (du -k)", "apparent (sum of file sizes)", "files", "packages", "vs official (on disk)", "heaviest packages (apparent)"], rows),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

function marshallReport(result: MarshallResult): string {
  const title = "### marshall / unmarshall vs `@aws-sdk/util-dynamodb` (bench/marshall.ts; items per second, median)\n";
  if ("skipped" in result) return `${title}\nSkipped: ${result.skipped}`;
  if ("raw" in result) return `${title}\n\`\`\`\n${result.raw}\n\`\`\``;
  const rows = result.rows.map((r) => [r.shape, r.operation, r.dynaport, r.official, `${ratio(r.ratio)} ${mark(r.ratio >= 2)}`]);
  const lowest = Math.min(...result.rows.map((r) => r.ratio));
  return [
    title,
    table(["item shape", "operation", "dynaport", "util-dynamodb", "ratio (target ≥ 2x)"], rows),
    "",
    `Lowest ratio ${ratio(lowest)} ${mark(lowest >= 2)}; ${result.header}.`,
  ].join("\n");
}

type ClaimsVariant = ClaimsJob["variant"];

interface ClaimsResult {
  rates: Map<ClaimsVariant, number[]>;
  lostRaces: Map<ClaimsVariant, number[]>;
  skipped: Map<ClaimsVariant, string>;
}

/** Each round and variant gets a fresh dynalite in its own process. */
async function measureClaims(modules: ClaimsJob["modules"], quick: boolean): Promise<{ result: ClaimsResult; job: Omit<ClaimsJob, "variant" | "endpoint" | "modules">; rounds: number }> {
  const job = { jobs: quick ? 100 : 1000, workers: 4, batch: 25, concurrency: 10 };
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

function claimsReport({ result, job, rounds }: Awaited<ReturnType<typeof measureClaims>>): string {
  const official = median(result.rates.get("aws-sdk") ?? []);
  const rows = [...result.rates].map(([variant, rates]) => [
    variant === "dynaport" ? "dynaport `queryAndUpdate`" : "official document client, same pattern",
    count(median(rates)),
    count(median(result.lostRaces.get(variant) ?? [])),
    ratio(median(rates) / official),
  ]);
  const notes = [...result.skipped].map(([variant, why]) => `- \`${variant}\` skipped: ${why}`);
  return [
    `### Claims per second against dynalite (${job.jobs} jobs, ${job.workers} racing workers, ${job.batch} candidates per query, ${job.concurrency} updates in flight; median of ${rounds})\n`,
    table(["claimer", "claims/s", "lost races (median)", "vs official"], rows),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

// ---- main -------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  log("compiling bench scripts and staging dynaport's build ...");
  compileBenchScripts();
  const stage = stageDynaport();
  if (stage.entries.length === 0) log("  dynaport built nothing usable yet: its rows are skipped");
  else if (!stage.entries[0]!.endsWith("dist/index.js")) log(`  no dist/index.js yet: dynaport is loaded from ${stage.entries.map((e) => e.slice(e.indexOf("dist/"))).join(", ")}`);
  if (stage.errors !== undefined) log(`  the build reported errors (it still emitted):\n${stage.errors.split("\n").slice(0, 10).join("\n")}`);
  const modules = moduleUrls(stage);

  if (options.profile !== undefined) {
    const stub = await startServer("stub-server.js");
    try {
      process.stdout.write((await profileClient(options.profile, stub.endpoint, modules, options.quick ? 500 : 2000)) + "\n");
    } finally {
      await stub.close();
    }
    return;
  }

  const report: string[] = [`## Results${options.quick ? " (--quick: one short round; indicative only)" : ""}\n`];
  const timing: Timing = options.quick ? { rounds: 1, warmupMs: 100, durationMs: 300 } : { rounds: 7, warmupMs: 200, durationMs: 800 };

  const needsStub = options.sections.has("throughput") || options.sections.has("cold-start");
  const stub = needsStub ? await startServer("stub-server.js") : undefined;
  try {
    if (stub !== undefined && options.sections.has("throughput")) {
      log("throughput (stub server in its own process) ...");
      const results = await measureThroughput(options.clients, stub.endpoint, modules, timing, log);
      report.push(throughputReport(results, timing), "", rssReport(results), "");
    }
    if (stub !== undefined && options.sections.has("cold-start")) {
      const runs = options.quick ? 3 : 15;
      log(`cold start (${runs} runs each) ...`);
      report.push(coldStartReport(await measureColdStart(modules, stub.endpoint, runs, (name) => name === "node" || options.clients.includes(name), log), runs), "");
    }
  } finally {
    await stub?.close();
  }

  if (options.sections.has("size")) {
    log("installed size (npm pack, npm install --omit=dev) ...");
    const { sizes, skipped } = measureSizes(stage.entries.length > 0, log);
    report.push(sizeReport(sizes, skipped), "");
  }

  if (options.sections.has("marshall")) {
    log("marshall / unmarshall (bench/marshall.ts) ...");
    report.push(marshallReport(await measureMarshalling(options.quick ? 3 : 9, options.quick ? 100 : 300)), "");
  }

  if (options.sections.has("claims")) {
    log("queryAndUpdate claims against dynalite ...");
    report.push(claimsReport(await measureClaims(modules, options.quick)), "");
  }

  report.push(`_Run took ${Math.round((Date.now() - started) / 1000)} s._`);
  const text = report.join("\n");
  process.stdout.write(text + "\n");
  if (options.out !== undefined) writeFileSync(options.out, text + "\n");
}

await main();
