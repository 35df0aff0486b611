/**
 * Preparing what the benchmark runs: the bench scripts as plain JavaScript
 * and dynaport built the way it is published.
 *
 * Workers and stub run on plain `node`, not through tsx: tsx's loader adds
 * about 40 MB of RSS and startup time to every process, which would blur the
 * memory and cold-start columns.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ModuleUrls } from "./clients.js";

/** `bench/` */
export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const ROOT = dirname(BENCH_DIR);
/**
 * Scratch space for compiled scripts and the staged package, one per run so
 * that two runs at once cannot pull files from under each other. It lives
 * inside the repository (and is git-ignored) so that bare imports from it
 * resolve through the repository's `node_modules`.
 */
export const OUT_DIR = join(BENCH_DIR, ".out", `run-${process.pid}`);
/** Where `--profile` leaves its `.cpuprofile` files, which outlive the run. */
export const PROFILE_DIR = join(BENCH_DIR, ".out", "profiles");

/** Removes this run's scratch space. */
export function cleanUp(): void {
  rmSync(OUT_DIR, { recursive: true, force: true });
}
/** The staged package: `package.json`, `README.md` and `dist/` built from `src/`. */
export const STAGE_DIR = join(OUT_DIR, "stage");

const require = createRequire(join(ROOT, "package.json"));

/** The bench scripts that run as separate processes, and what they import. */
const PROCESS_SCRIPTS = ["fixtures.ts", "clients.ts", "worker.ts", "stub-server.ts", "claims.ts", "dynalite-server.ts"];

/**
 * Transpiles the scripts that run in their own processes to
 * `bench/.out/*.js`. Type-checking is the project's `tsc --noEmit`; here only
 * the syntax is lowered, file by file.
 */
export function compileBenchScripts(): void {
  const ts = require("typescript") as typeof import("typescript");
  mkdirSync(OUT_DIR, { recursive: true });
  for (const file of PROCESS_SCRIPTS) {
    if (!existsSync(join(BENCH_DIR, file))) continue;
    const source = readFileSync(join(BENCH_DIR, file), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    writeFileSync(join(OUT_DIR, file.replace(/\.ts$/, ".js")), outputText);
  }
}

/** The result of building dynaport into the stage. */
export interface StageResult {
  /** The package's built entry, `dist/index.js`; empty when the build made none. */
  entries: string[];
  /** Compiler diagnostics, when the build reported errors (it still emits). */
  errors?: string;
}

/**
 * Builds dynaport from `src/` into {@link STAGE_DIR} with `scripts/build.mjs`
 * (what `npm run build` runs: the bundled entries and their types), next to a copy of
 * `package.json` and `README.md`, so that the stage is exactly what `npm pack`
 * would publish. The repository's own `dist/` is left alone.
 */
export function stageDynaport(): StageResult {
  rmSync(STAGE_DIR, { recursive: true, force: true });
  mkdirSync(STAGE_DIR, { recursive: true });
  const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--out-dir", join(STAGE_DIR, "dist")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  copyFileSync(join(ROOT, "package.json"), join(STAGE_DIR, "package.json"));
  if (existsSync(join(ROOT, "README.md"))) copyFileSync(join(ROOT, "README.md"), join(STAGE_DIR, "README.md"));
  const dist = join(STAGE_DIR, "dist");
  const index = join(dist, "index.js");
  const entries = existsSync(index) ? [index] : [];
  const result: StageResult = { entries };
  if (build.status !== 0) result.errors = (build.stdout + build.stderr).trim();
  return result;
}

/** The module URLs workers import dynaport from. */
export function moduleUrls(stage: StageResult): ModuleUrls {
  return { dynaport: stage.entries.map((path) => pathToFileURL(path).href) };
}
