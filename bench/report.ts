/** Renders the benchmark's measurements as markdown, with the issue's targets marked. */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import type { StageResult } from "./build.js";
import { CLIENT_NOTES, type ClientName } from "./clients.js";
import type { ClaimsRun } from "./claims-runner.js";
import type { ColdStartResult } from "./cold-start.js";
import { OPERATIONS } from "./fixtures.js";
import type { MarshallResult } from "./marshalling.js";
import type { InstallSize, SizeName } from "./size.js";
import { count, mark, median, megabytes, pairedRatio, percent, ratio, table } from "./stats.js";
import { CONCURRENCIES, cellKey, type ClientThroughput, type Timing } from "./throughput.js";

/** One of the issue's targets, as measured in this run. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** Undefined when a side of the comparison was not measured. */
  pass: boolean | undefined;
}

/** The summary of every target checked, for the top of the report. */
export function targetsReport(checks: readonly TargetCheck[]): string {
  if (checks.length === 0) return "";
  return [
    "### Targets (from the performance issue; reported, not asserted)\n",
    table(["target", "measured", ""], checks.map((c) => [c.target, c.measured, c.pass === undefined ? "not measured" : mark(c.pass)])),
  ].join("\n");
}

/** The worst of `ratios` (by operation) as `1.23x (Query)`, and whether it meets `min`. */
function worst(ratios: [string, number][], min: number, format: (n: number) => string): Omit<TargetCheck, "target"> {
  const measured = ratios.filter(([, r]) => Number.isFinite(r));
  if (measured.length === 0) return { measured: "–", pass: undefined };
  const [op, value] = measured.reduce((a, b) => (b[1] < a[1] ? b : a));
  return { measured: `worst ${format(value)} (${op})`, pass: value >= min };
}

/** The dynaport variants and the peer each is compared with as "official". */
const DYNAPORT_VARIANTS: readonly [ClientName, ClientName][] = [
  ["dynaport", "aws-sdk"],
  ["dynaport-send", "aws-sdk"],
  ["dynaport-doc", "aws-sdk-doc"],
];

function rate(results: Map<ClientName, ClientThroughput>, client: ClientName, key: string): number {
  return median(results.get(client)?.rates.get(key) ?? []);
}

/** `client`'s calls/s over `other`'s in the same cell, paired by round. */
function rateRatio(results: Map<ClientName, ClientThroughput>, client: ClientName, other: ClientName, key: string): number {
  return pairedRatio(results.get(client)?.rates.get(key) ?? [], results.get(other)?.rates.get(key) ?? []);
}

/** Calls/s per client and cell, the ratio table for dynaport at concurrency 16, and its targets. */
export function throughputReport(results: Map<ClientName, ClientThroughput>, timing: Timing, targets: TargetCheck[]): string {
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
    const perOp: [string, number, number, number][] = [];
    for (const op of OPERATIONS) {
      const key = cellKey(op, 16);
      const mine = rate(results, variant, key);
      const vsOfficial = rateRatio(results, variant, official, key);
      const vsLite = rateRatio(results, variant, "aws-lite", key);
      const vsFloor = rateRatio(results, variant, "floor", key);
      const vsParse = rateRatio(results, variant, "floor+parse", key);
      perOp.push([op, vsOfficial, vsLite, vsFloor]);
      ratioRows.push([
        `${variant} ${op}`,
        count(mine),
        `${ratio(vsOfficial)} ${mark(Number.isFinite(vsOfficial) ? vsOfficial >= 5 : undefined)}`,
        `${ratio(vsLite)} ${mark(Number.isFinite(vsLite) ? vsLite >= 2 : undefined)}`,
        `${percent(vsFloor)} ${mark(Number.isFinite(vsFloor) ? vsFloor >= 0.6 : undefined)}`,
        percent(vsParse),
      ]);
    }
    targets.push(
      { target: `\`${variant}\` c16 ≥ 5x \`${official}\``, ...worst(perOp.map(([op, r]) => [op, r]), 5, ratio) },
      { target: `\`${variant}\` c16 ≥ 2x \`aws-lite\``, ...worst(perOp.map(([op, , r]) => [op, r]), 2, ratio) },
      { target: `\`${variant}\` c16 ≥ 60% of the floor`, ...worst(perOp.map(([op, , , r]) => [op, r]), 0.6, percent) },
    );
  }
  if (ratioRows.length > 0) {
    out.push("", "### Ratios at concurrency 16 (targets: ≥ 5x official, ≥ 2x aws-lite, ≥ 60% of the floor; medians of per-round ratios)\n");
    out.push(table(["dynaport", "calls/s", "vs official (same style)", "vs aws-lite", "of floor", "of floor+parse"], ratioRows));
  }

  // The expression checks: typed calls with them over the same calls without, paired by round.
  if (results.has("dynaport") && results.has("dynaport-unchecked") && !results.get("dynaport")!.skipped && !results.get("dynaport-unchecked")!.skipped) {
    const checkRows = OPERATIONS.map((op) => [
      op,
      ...CONCURRENCIES.map((c) => ratio(rateRatio(results, "dynaport", "dynaport-unchecked", cellKey(op, c)))),
    ]);
    out.push("", "### Expression checks: `dynaport` calls/s over `dynaport-unchecked` (1.00x = no cost; medians of per-round ratios)\n");
    out.push(table(["operation", ...CONCURRENCIES.map((c) => `c${c}`)], checkRows));
  }

  // Peer ratios, for context, so that the run can be compared with the issue's numbers.
  const peerRows: string[][] = [];
  for (const client of clients) {
    if (results.get(client)!.skipped) continue;
    peerRows.push([
      client,
      ...OPERATIONS.map((op) => percent(rateRatio(results, client, "floor", cellKey(op, 16)))),
    ]);
  }
  if (results.has("floor") && !results.get("floor")!.skipped) {
    out.push("", "### Every client as a share of the floor, concurrency 16\n");
    out.push(table(["client", ...OPERATIONS], peerRows));
  }
  return out.join("\n");
}

/** Peak RSS per client process, and the "below the official client" target. */
export function rssReport(results: Map<ClientName, ClientThroughput>, targets: TargetCheck[]): string {
  const official = median(results.get("aws-sdk")?.rssBytes ?? []);
  const rows = [...results].flatMap(([client, r]) => {
    if (r.skipped !== undefined || r.rssBytes.length === 0) return [];
    const rss = median(r.rssBytes);
    const target = client.startsWith("dynaport") && Number.isFinite(official) ? mark(rss < official) : "";
    if (client.startsWith("dynaport")) {
      targets.push({
        target: `\`${client}\` peak RSS below \`aws-sdk\``,
        measured: `${megabytes(rss)} vs ${megabytes(official)}`,
        pass: Number.isFinite(official) ? rss < official : undefined,
      });
    }
    return [[client, megabytes(rss), ratio(rss / official), target]];
  });
  return [
    "### Peak RSS under load (each client alone in a worker process, all cells; median over rounds)\n",
    table(["client", "peak RSS", "vs official", "target: below official"], rows),
  ].join("\n");
}

/** Cold-start medians against node alone and the official client, and the cold-start target. */
export function coldStartReport(result: ColdStartResult, runs: number, targets: TargetCheck[]): string {
  const node = median(result.times.get("node") ?? []);
  const official = median(result.times.get("aws-sdk") ?? []);
  const lite = median(result.times.get("aws-lite") ?? []);
  const rows = [...result.times].map(([name, times]) => {
    const ms = median(times);
    const target = name.startsWith("dynaport") ? `${mark(ms <= official)} ${ms <= lite ? "(at or below aws-lite)" : `(${Math.round(ms - lite)} ms above aws-lite)`}` : "";
    if (name.startsWith("dynaport")) {
      targets.push({
        target: `\`${name}\` cold start ≤ \`aws-sdk\`, aiming at \`aws-lite\``,
        measured: `${Math.round(ms)} ms vs ${Math.round(official)} ms (aws-lite ${Math.round(lite)} ms)`,
        pass: Number.isFinite(official) ? ms <= official : undefined,
      });
    }
    return [name, `${Math.round(ms)} ms`, name === "node" ? "" : `+${Math.round(ms - node)} ms`, ratio(ms / official), target];
  });
  const notes = [...result.skipped].map(([name, why]) => `- \`${name}\` skipped: ${why}`);
  return [
    `### Cold start: spawn \`node\`, import, construct, one GetItem, exit (median of ${runs} runs)\n`,
    table(["program", "wall time", "over node alone", "vs official", "target: ≤ official, aiming at aws-lite"], rows),
    ...(notes.length > 0 ? ["", ...notes] : []),
  ].join("\n");
}

/** Installed sizes of dynaport and the peers. */
export function sizeReport(sizes: Map<SizeName, InstallSize>, skipped: Map<SizeName, string>): string {
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

/** bench/marshall.ts's comparison as a table, and the marshalling target. */
export function marshallReport(result: MarshallResult, targets: TargetCheck[]): string {
  const title = "### marshall / unmarshall vs `@aws-sdk/util-dynamodb` (bench/marshall.ts; items per second, median)\n";
  if ("skipped" in result) return `${title}\nSkipped: ${result.skipped}`;
  if ("raw" in result) return `${title}\n\`\`\`\n${result.raw}\n\`\`\``;
  const rows = result.rows.map((r) => [r.shape, r.operation, r.dynaport, r.official, `${ratio(r.ratio)} ${mark(r.ratio >= 2)}`]);
  const lowest = Math.min(...result.rows.map((r) => r.ratio));
  const worstRow = result.rows.find((r) => r.ratio === lowest)!;
  targets.push({
    target: "marshall/unmarshall ≥ 2x `@aws-sdk/util-dynamodb`",
    measured: `worst ${ratio(lowest)} (${worstRow.operation}, ${worstRow.shape})`,
    pass: lowest >= 2,
  });
  return [
    title,
    table(["item shape", "operation", "dynaport", "util-dynamodb", "ratio (target ≥ 2x)"], rows),
    "",
    `Lowest ratio ${ratio(lowest)} ${mark(lowest >= 2)}; ${result.header}.`,
  ].join("\n");
}

/** Claims per second of `queryAndUpdate` next to the official client's pattern. */
export function claimsReport({ result, job, rounds }: ClaimsRun): string {
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


/** What the run is worth knowing about where it ran. */
export interface MachineInfo {
  started: number;
  loadBefore: number[];
  loadAfter: number[];
  command: string;
  dynaport: StageResult;
}

/** The machine, node, date, load and what dynaport was built from, as a short list. */
export function machineReport(info: MachineInfo): string {
  let model = cpus()[0]?.model ?? "unknown";
  try {
    model = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? model;
  } catch {
    // not Linux: os.cpus() is as good as it gets
  }
  const load = (l: number[]): string => l.map((n) => n.toFixed(2)).join(" / ");
  const entries = info.dynaport.entries.map((e) => `\`${e.slice(e.indexOf("dist/"))}\``).join(", ");
  return [
    `- Command: \`npx tsx ${info.command}\``,
    `- Date: ${new Date(info.started).toISOString()}, took ${Math.round((Date.now() - info.started) / 1000)} s`,
    `- Machine: ${availableParallelism()} CPUs (\`nproc\`), ${model}; ${process.platform} ${process.arch}; node ${process.version}`,
    `- Load average (1/5/15 min) before: ${load(info.loadBefore)}, after: ${load(info.loadAfter)} — a shared machine; other work competes for the same cores`,
    `- dynaport: built from \`src/\` by scripts/build.mjs (as \`npm run build\`) into a per-run stage under bench/.out; loaded from ${entries || "nothing (not built)"}${
      info.dynaport.errors ? " (the build reported type errors but emitted)" : ""
    }`,
  ].join("\n");
}
