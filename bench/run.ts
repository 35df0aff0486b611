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
import { loadavg } from "node:os";
import { measureClaims } from "./claims-runner.js";
import { CLIENTS, type ClientName } from "./clients.js";
import { measureColdStart } from "./cold-start.js";
import { measureMarshalling } from "./marshalling.js";
import { measureSizes } from "./size.js";
import { cleanUp, compileBenchScripts, moduleUrls, stageDynaport } from "./build.js";
import { startServer } from "./processes.js";
import { profileClient } from "./profile.js";
import {
  claimsReport,
  coldStartReport,
  machineReport,
  marshallReport,
  rssReport,
  sizeReport,
  targetsReport,
  throughputReport,
  type TargetCheck,
} from "./report.js";
import { measureThroughput, type Timing } from "./throughput.js";

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

// ---- main -------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  log("compiling bench scripts and staging dynaport's build ...");
  compileBenchScripts();
  const stage = stageDynaport();
  if (stage.entries.length === 0) log("  dynaport built nothing usable yet: its rows are skipped");
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

  const report: string[] = [];
  const targets: TargetCheck[] = [];
  const loadBefore = loadavg();
  const timing: Timing = options.quick ? { rounds: 1, warmupMs: 100, durationMs: 300 } : { rounds: 7, warmupMs: 200, durationMs: 800 };

  const needsStub = options.sections.has("throughput") || options.sections.has("cold-start");
  const stub = needsStub ? await startServer("stub-server.js") : undefined;
  try {
    if (stub !== undefined && options.sections.has("throughput")) {
      log("throughput (stub server in its own process) ...");
      const results = await measureThroughput(options.clients, stub.endpoint, modules, timing, log);
      report.push(throughputReport(results, timing, targets), "", rssReport(results, targets), "");
    }
    if (stub !== undefined && options.sections.has("cold-start")) {
      const runs = options.quick ? 3 : 15;
      log(`cold start (${runs} runs each) ...`);
      const only = (name: string): boolean => name === "node" || (options.clients as string[]).includes(name);
      report.push(coldStartReport(await measureColdStart(modules, stub.endpoint, runs, only, log), runs, targets), "");
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
    report.push(marshallReport(await measureMarshalling(options.quick ? 3 : 9, options.quick ? 100 : 300), targets), "");
  }

  if (options.sections.has("claims")) {
    log("queryAndUpdate claims against dynalite ...");
    report.push(claimsReport(await measureClaims(modules, options.quick, log)), "");
  }

  const header = [
    `## Results${options.quick ? " (--quick: one short round; indicative only)" : ""}\n`,
    machineReport({ started, loadBefore, loadAfter: loadavg(), command: ["bench/run.ts", ...process.argv.slice(2)].join(" "), dynaport: stage }),
    "",
    targetsReport(targets),
    "",
  ];
  const text = [...header, ...report].join("\n");
  process.stdout.write(text + "\n");
  if (options.out !== undefined) writeFileSync(options.out, text + "\n");
}

try {
  await main();
} finally {
  cleanUp();
}
