/**
 * Where the built package's import time goes:
 * `npx tsx bench/cold-start-breakdown.ts [--runs N] [--entry <file>] [--top N]`
 * (after `npm run build`; the entry defaults to `dist/index.js`).
 *
 * A module loader hook lists what importing the entry loads: the package's
 * own files, the dependency modules it imports and node builtins. Then fresh
 * `node` processes time `await import()` of each, two ways:
 * - **total**: the module alone, with everything it imports;
 * - **own**: the module after its direct imports are already loaded in the
 *   same process, i.e. its own parsing and top-level code (package files only).
 * Each figure is the median of `--runs` processes (default 5), interleaved
 * across modules so that a noisy neighbour spreads over all of them rather
 * than landing on one. Rows are sorted by own cost, then total.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface Options {
  runs: number;
  entry: string;
  top: number;
}

/** One module that importing the entry loads. */
interface Row {
  /** What the report prints: a path relative to the package, a package path, or `node:x`. */
  label: string;
  url: string;
  /** URLs of its direct static imports, loaded before timing its own cost; undefined: own cost not measured. */
  before: string[] | undefined;
  total: number[];
  own: number[];
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 5, entry: join(PACKAGE_ROOT, "dist/index.js"), top: 40 };
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (arg === "--help") {
      console.log("usage: npx tsx bench/cold-start-breakdown.ts [--runs N] [--entry <file>] [--top N]");
      process.exit(0);
    }
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === "--runs") options.runs = Number(value);
    else if (arg === "--entry") options.entry = resolve(value);
    else if (arg === "--top") options.top = Number(value);
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

/** URLs of every module that importing `entry` loads, in load order, seen by a `load` hook. */
function loadedBy(entry: string, scratch: string): string[] {
  const hooks = join(scratch, "hooks.mjs");
  writeFileSync(hooks, `export async function load(url, context, next) {\n  console.error("LOADED " + url);\n  return next(url, context);\n}\n`);
  const register = join(scratch, "register.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const result = spawnSync(
    process.execPath,
    ["--import", pathToFileURL(register).href, "--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(entry).href)});`],
    { encoding: "utf8", cwd: PACKAGE_ROOT },
  );
  if (result.status !== 0) throw new Error(`importing ${entry} failed:\n${result.stderr}`);
  const urls = result.stderr
    .split("\n")
    .filter((line) => line.startsWith("LOADED "))
    .map((line) => line.slice("LOADED ".length));
  // The entry itself is reported as the whole; everything else once.
  return [...new Set(urls)].filter((url) => url !== pathToFileURL(entry).href);
}

/** Static import and re-export specifiers of a compiled module (tsc's output keeps one statement per import). */
function staticImports(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;'"]*?from\s*["']([^"']+)["']/g)) found.add(match[1]!);
  for (const match of source.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) found.add(match[1]!);
  return [...found];
}

/** Milliseconds one fresh process spends in `await import(target)` after importing `before`. */
function timeImport(target: string, before: string[], warmUp: string): number {
  // An empty file module first, so that no row carries the loader's own start-up (a few ms).
  const script =
    `await import(${JSON.stringify(warmUp)});\n` +
    before.map((url) => `await import(${JSON.stringify(url)});\n`).join("") +
    `const start = performance.now();\nawait import(${JSON.stringify(target)});\nprocess.stdout.write(String(performance.now() - start));\n`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", cwd: PACKAGE_ROOT }));
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function label(url: string): string {
  if (!url.startsWith("file:")) return url;
  const path = fileURLToPath(url);
  const modules = path.lastIndexOf("node_modules/");
  return modules >= 0 ? path.slice(modules + "node_modules/".length) : relative(PACKAGE_ROOT, path);
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(join(PACKAGE_ROOT, "bench/.out"), { recursive: true });
  const scratch = mkdtempSync(join(PACKAGE_ROOT, "bench/.out/breakdown-"));
  try {
    const urls = loadedBy(options.entry, scratch);
    const ownFiles = pathToFileURL(join(PACKAGE_ROOT, "dist")).href + "/";
    const rows: Row[] = urls.map((url) => {
      let before: string[] | undefined;
      if (url.startsWith(ownFiles)) {
        // Direct imports as URLs (relative ones) or as the specifiers themselves (packages, builtins).
        before = staticImports(readFileSync(fileURLToPath(url), "utf8")).map((spec) => (spec.startsWith(".") ? new URL(spec, url).href : spec));
      }
      return { label: label(url), url, before, total: [], own: [] };
    });
    const entryUrl = pathToFileURL(options.entry).href;
    // A `.js` file inside the package, so that the warm-up also reads the package.json scope.
    const empty = join(scratch, "empty.js");
    writeFileSync(empty, "export {};\n");
    const warmUp = pathToFileURL(empty).href;
    // What one more `await import()` of an empty file costs after the warm-up:
    // the floor under every row, printed so that rows near it read as "nothing".
    const second = join(scratch, "second.js");
    writeFileSync(second, "export {};\n");
    const floor: number[] = [];
    const whole: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      floor.push(timeImport(pathToFileURL(second).href, [], warmUp));
      whole.push(timeImport(entryUrl, [], warmUp));
      for (const row of rows) {
        row.total.push(timeImport(row.url, [], warmUp));
        if (row.before) row.own.push(timeImport(row.url, row.before, warmUp));
      }
      process.stderr.write(`run ${run + 1}/${options.runs} done\n`);
    }
    const fmt = (ms: number): string => (Number.isNaN(ms) ? "" : ms.toFixed(1));
    const sorted = rows
      .map((row) => ({ label: row.label, own: median(row.own), total: median(row.total) }))
      .sort((a, b) => (Number.isNaN(b.own) ? -1 : b.own) - (Number.isNaN(a.own) ? -1 : a.own) || b.total - a.total);
    console.log(`import of ${label(entryUrl)}: ${fmt(median(whole))} ms (median of ${options.runs}); ${rows.length} modules loaded`);
    console.log(`floor (importing an empty file): ${fmt(median(floor))} ms; rows at or near it cost next to nothing\n`);
    console.log("| module | own ms | total ms |\n|---|---:|---:|");
    for (const row of sorted.slice(0, options.top)) console.log(`| ${row.label} | ${fmt(row.own)} | ${fmt(row.total)} |`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
