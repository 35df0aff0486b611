/**
 * `make codegen-all`: generates every AWS JSON-protocol service found in the
 * machine's botocore into a temporary folder, type-checks the lot with
 * `tsc --noEmit` (in batches, in parallel), and prints how many generated and
 * type-checked, naming every service or operation skipped and why.
 *
 *   npx tsx codegen/all.ts [--botocore <botocore/data dir>] [--keep] [--only a,b,c] [--jobs N]
 *
 * The botocore folder defaults to the one of `python3 -c "import botocore"`.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { generateService, type PaginatorEmitter, type WaiterEmitter } from "./generate.js";
import { speaksJson } from "./model.js";
import { generatedCodeTsconfig } from "./typecheck.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);
/** Services per `tsc` run: small enough to finish in a few minutes, large enough to amortise startup. */
const BATCH = 12;

function botocoreData(): string {
  const dir = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8" }).trim();
  return join(dir, "data");
}

/** Reads `name` or `name.gz` from `dir`; undefined when neither exists. */
function readMaybeGzipped(dir: string, name: string): unknown {
  if (existsSync(join(dir, name))) return JSON.parse(readFileSync(join(dir, name), "utf8"));
  if (existsSync(join(dir, `${name}.gz`))) return JSON.parse(gunzipSync(readFileSync(join(dir, `${name}.gz`))).toString("utf8"));
  return undefined;
}

async function optionalExport<T>(file: string, name: string): Promise<T | undefined> {
  const path = join(REPO, "codegen", file);
  if (!existsSync(path)) return undefined;
  return ((await import(pathToFileURL(path).href)) as Record<string, T>)[name];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      botocore: { type: "string" },
      keep: { type: "boolean" },
      only: { type: "string" },
      jobs: { type: "string" },
    },
  });
  const data = values.botocore ?? botocoreData();
  const only = values.only ? new Set(values.only.split(",")) : undefined;
  const jobs = Number(values.jobs ?? Math.max(1, Math.min(4, availableParallelism() - 1)));
  const emitPaginators = await optionalExport<PaginatorEmitter>("emit-paginators.ts", "emitPaginators");
  const emitWaiters = await optionalExport<WaiterEmitter>("emit-waiters.ts", "emitWaiters");
  const root = mkdtempSync(join(tmpdir(), "dynaport-codegen-all-"));

  const generated: string[] = [];
  const skipped: string[] = [];
  const skippedOps: string[] = [];
  let otherProtocols = 0;
  let bytes = 0;
  const started = Date.now();
  const services = readdirSync(data, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const service of services) {
    if (only && !only.has(service)) continue;
    const versions = readdirSync(join(data, service)).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).sort();
    const version = versions[versions.length - 1];
    if (!version) continue;
    const dir = join(data, service, version);
    const model = readMaybeGzipped(dir, "service-2.json") as { metadata?: { protocol: string; protocols?: string[] } } | undefined;
    if (!model?.metadata) continue;
    if (!speaksJson(model.metadata)) {
      otherProtocols++;
      continue;
    }
    try {
      const paginators = readMaybeGzipped(dir, "paginators-1.json");
      const waiters = readMaybeGzipped(dir, "waiters-2.json");
      const rules = readMaybeGzipped(dir, "endpoint-rule-set-1.json");
      const result = generateService({
        model,
        source: `botocore/data/${service}/${version}/service-2.json`,
        ...(paginators && emitPaginators ? { paginators: { json: paginators, source: `botocore/data/${service}/${version}/paginators-1.json`, emit: emitPaginators } } : {}),
        ...(waiters && emitWaiters ? { waiters: { json: waiters, source: `botocore/data/${service}/${version}/waiters-2.json`, emit: emitWaiters } } : {}),
        ...(rules ? { endpointRuleSet: { json: rules, source: `botocore/data/${service}/${version}/endpoint-rule-set-1.json` } } : {}),
      });
      mkdirSync(join(root, service));
      for (const [name, text] of result.files) {
        writeFileSync(join(root, service, name), text);
        bytes += text.length;
      }
      generated.push(service);
      for (const s of result.skipped) skippedOps.push(`${service}.${s.name}: ${s.reason}`);
    } catch (err) {
      skipped.push(`${service}: ${(err as Error).message}`);
    }
  }
  const genSeconds = (Date.now() - started) / 1000;
  console.log(`generated ${generated.length} JSON-protocol services (${(bytes / 1e6).toFixed(1)} MB) in ${genSeconds.toFixed(1)} s into ${root}`);

  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
  const tsc = join(REPO, "node_modules/typescript/bin/tsc");
  const batches: string[][] = [];
  for (let i = 0; i < generated.length; i += BATCH) batches.push(generated.slice(i, i + BATCH));
  const failed = new Map<string, string[]>();
  // Errors outside the generated folders (in the runtime itself) are reported apart.
  const elsewhere = new Set<string>();
  const inGenerated = new Set(generated);
  const typeStart = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const config = join(root, `tsconfig.${batch[0]}.json`);
      writeFileSync(config, JSON.stringify(generatedCodeTsconfig(REPO, batch)));
      const out = await run(process.execPath, ["--max-old-space-size=4096", tsc, "-p", config], { cwd: root, maxBuffer: 64 * 1024 * 1024 }).then(
        (r) => r.stdout,
        (err: { stdout?: string; message: string }) => err.stdout || err.message,
      );
      for (const line of out.split("\n").filter((l) => /error TS/.test(l))) {
        const service = line.split("/")[0]!;
        if (inGenerated.has(service)) failed.set(service, [...(failed.get(service) ?? []), line]);
        else elsewhere.add(line);
      }
      process.stdout.write(".");
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, batches.length) }, worker));
  console.log(`\ntype-checked ${generated.length - failed.size} of ${generated.length} in ${((Date.now() - typeStart) / 1000).toFixed(0)} s (${otherProtocols} services use other protocols)`);
  for (const [service, lines] of failed) console.log(`FAILED ${service}:\n  ${lines.slice(0, 5).join("\n  ")}${lines.length > 5 ? `\n  ... ${lines.length - 5} more` : ""}`);
  if (elsewhere.size > 0) console.log(`errors outside the generated code (the runtime):\n  ${[...elsewhere].join("\n  ")}`);
  for (const s of skipped) console.log(`skipped service ${s}`);
  for (const s of skippedOps) console.log(`skipped operation ${s}`);
  if (!values.keep) rmSync(root, { recursive: true, force: true });
  return failed.size === 0 && skipped.length === 0 && elsewhere.size === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
