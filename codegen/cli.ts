/**
 * The generator's command line. All file I/O happens here; the emitters are
 * pure functions of the model.
 *
 *   npx tsx codegen/cli.ts --model <service-2.json> [--paginators <file>] [--waiters <file>] --out <dir>
 *                          [--runtime-import <specifier>]
 *   npx tsx codegen/cli.ts --all-in-repo [--out-root <dir>]
 *
 * `--all-in-repo` turns every `models/<service>/<version>/` into
 * `<out-root>/<service>/` (default `src/generated`), importing the runtime by
 * its path in this repository.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_RUNTIME_IMPORT } from "./context.js";
import { generateService, type GenerateInput, type PaginatorEmitter, type WaiterEmitter } from "./generate.js";
import { UnsupportedModelError } from "./model.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** What generated files in `src/generated/<service>/` import the runtime as. */
const IN_REPO_RUNTIME = "../../runtime/index.js";

/** One model to generate and where to write it. */
export interface Job {
  readonly model: string;
  readonly paginators?: string;
  readonly waiters?: string;
  readonly out: string;
  readonly runtimeImport: string;
}

function readJson(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** Loads an optional emitter written alongside the generator; absent files mean "skip". */
async function loadEmitter<T>(file: string, exportName: string): Promise<T | undefined> {
  const path = join(REPO, "codegen", file);
  if (!existsSync(path)) return undefined;
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  return typeof module[exportName] === "function" ? (module[exportName] as T) : undefined;
}

/** The path to show in the generated header: relative to the repository when inside it. */
function displayPath(path: string): string {
  const rel = relative(REPO, resolve(path));
  return rel.startsWith("..") ? path : rel.split("\\").join("/");
}

/** Generates one job and writes its files, replacing the output folder's previous generated files. */
export async function runJob(job: Job): Promise<{ clientName: string; files: number; skipped: readonly { name: string; reason: string }[] }> {
  const emitPaginators = job.paginators ? await loadEmitter<PaginatorEmitter>("emit-paginators.ts", "emitPaginators") : undefined;
  const emitWaiters = job.waiters ? await loadEmitter<WaiterEmitter>("emit-waiters.ts", "emitWaiters") : undefined;
  const input: GenerateInput = {
    model: readJson(job.model),
    source: displayPath(job.model),
    runtimeImport: job.runtimeImport,
    ...(job.paginators && emitPaginators
      ? { paginators: { json: readJson(job.paginators), source: displayPath(job.paginators), emit: emitPaginators } }
      : {}),
    ...(job.waiters && emitWaiters ? { waiters: { json: readJson(job.waiters), source: displayPath(job.waiters), emit: emitWaiters } } : {}),
  };
  const result = generateService(input);
  // Stale files from an older generator version must not survive a regeneration.
  if (existsSync(job.out)) {
    for (const name of readdirSync(job.out)) if (name.endsWith(".ts")) rmSync(join(job.out, name));
  }
  mkdirSync(job.out, { recursive: true });
  for (const [name, text] of result.files) writeFileSync(join(job.out, name), text);
  return { clientName: result.clientName, files: result.files.size, skipped: result.skipped };
}

/** Every `models/<service>/<version>/` of this repository, sorted; the newest version when there are several. */
export function repoJobs(outRoot: string): Job[] {
  const modelsDir = join(REPO, "models");
  const jobs: Job[] = [];
  for (const service of readdirSync(modelsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    // Only folders holding `<version>/service-2.json` are service models
    // (`models/` also holds shared data such as endpoint rules).
    const versions = readdirSync(join(modelsDir, service))
      .filter((v) => existsSync(join(modelsDir, service, v, "service-2.json")))
      .sort();
    const version = versions[versions.length - 1];
    if (!version) continue;
    const dir = join(modelsDir, service, version);
    const optional = (name: string) => (existsSync(join(dir, name)) ? join(dir, name) : undefined);
    const paginators = optional("paginators-1.json");
    const waiters = optional("waiters-2.json");
    jobs.push({
      model: join(dir, "service-2.json"),
      ...(paginators ? { paginators } : {}),
      ...(waiters ? { waiters } : {}),
      out: join(outRoot, service),
      runtimeImport: IN_REPO_RUNTIME,
    });
  }
  return jobs;
}

const USAGE = `usage:
  codegen --model <service-2.json> [--paginators <file>] [--waiters <file>] --out <dir> [--runtime-import <specifier>]
  codegen --all-in-repo [--out-root <dir>]`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" },
      paginators: { type: "string" },
      waiters: { type: "string" },
      out: { type: "string" },
      "runtime-import": { type: "string" },
      "all-in-repo": { type: "boolean" },
      "out-root": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let jobs: Job[];
  if (values["all-in-repo"]) {
    jobs = repoJobs(resolve(values["out-root"] ?? join(REPO, "src", "generated")));
  } else if (values.model && values.out) {
    jobs = [
      {
        model: values.model,
        ...(values.paginators ? { paginators: values.paginators } : {}),
        ...(values.waiters ? { waiters: values.waiters } : {}),
        out: resolve(values.out),
        runtimeImport: values["runtime-import"] ?? DEFAULT_RUNTIME_IMPORT,
      },
    ];
  } else {
    console.error(USAGE);
    return 2;
  }
  for (const job of jobs) {
    const result = await runJob(job);
    const skipped = result.skipped.map((s) => `\n  skipped ${s.name}: ${s.reason}`).join("");
    console.log(`${displayPath(job.model)} -> ${displayPath(job.out)}: ${result.clientName}, ${result.files} files${skipped}`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof UnsupportedModelError ? `codegen: ${err.message}` : err);
      process.exit(1);
    },
  );
}
