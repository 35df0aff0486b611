/**
 * Builds the published package into `dist/` (or `--out-dir <dir>`):
 *
 * - the JavaScript: each public entry (`.`, `./runtime`,
 *   `./dynamodb-streams`) bundled by esbuild into one ES module, with the code
 *   the entries share split into `dist/chunks/`. Modules loaded on demand
 *   (STS, the pure-JS SHA-256, the undici transport) stay separate chunks, so
 *   a process that never needs them never reads them. Dependencies stay
 *   external, resolved from `node_modules` as usual.
 * - the types: `tsc --emitDeclarationOnly`, one `.d.ts` per source file, which
 *   also type-checks the sources.
 *
 * Why bundle: Node's ES module loader pays for every file it resolves, reads
 * and links. The unbundled build is about 80 modules and took about 70 ms to
 * import here; one module per entry takes about 35 ms, a large share of what
 * a short-lived process (a script, a Lambda cold start) spends in the client.
 * The output is not minified, so stack traces stay readable.
 *
 * `node scripts/build.mjs [--out-dir <dir>] [--no-types]`
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The package's entry points, as in package.json `exports`. */
export const ENTRY_POINTS = ["src/index.ts", "src/runtime/index.ts", "src/generated/dynamodbstreams/index.ts"];

/**
 * Bundles the entries into `outDir`, mirroring their paths under `src/`
 * (`src/runtime/index.ts` -> `dist/runtime/index.js`).
 * @param {string} outDir
 */
export async function bundle(outDir) {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    outbase: "src",
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    chunkNames: "chunks/[name]-[hash]",
    legalComments: "none",
    logLevel: "warning",
  });
}

/**
 * Writes the declaration files into `outDir`, type-checking the sources.
 * @param {string} outDir
 * @returns {{ ok: boolean, output: string }}
 */
export function declarations(outDir) {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--emitDeclarationOnly", "--outDir", outDir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { ok: run.status === 0, output: (run.stdout + run.stderr).trim() };
}

async function main() {
  const args = process.argv.slice(2);
  let outDir = join(ROOT, "dist");
  let types = true;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out-dir" && args[i + 1] !== undefined) outDir = resolve(args[++i]);
    else if (args[i] === "--no-types") types = false;
    else throw new Error(`unknown argument ${args[i]}; usage: node scripts/build.mjs [--out-dir <dir>] [--no-types]`);
  }
  rmSync(outDir, { recursive: true, force: true });
  if (types) {
    const { ok, output } = declarations(outDir);
    if (!ok) {
      console.error(output);
      process.exitCode = 1;
      return;
    }
  }
  await bundle(outDir);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
