/**
 * Builds the published package into `dist/` (or `--out-dir <dir>`):
 *
 * - the Node build (`dist/`, conditions `node`, `bun`, `deno`): each public
 *   entry (`.`, `./runtime`, `./dynamodb-streams`, `./appsync`, `./expressions`, `./undici`) bundled by
 *   esbuild into one ES module, with the code the entries share split into
 *   `dist/chunks/`. Modules loaded on demand (STS, the undici transport) stay
 *   separate chunks, so a process that never needs them never reads them.
 * - the portable build (`dist/portable/`, conditions `workerd`, `worker`,
 *   `browser`, `react-native`, `default`): the same entries but `./undici`,
 *   from the same sources, with every module that has a portable twin
 *   (`src/runtime/X.portable.ts` beside `X.ts`) swapped for it: fetch in
 *   place of node:http and undici, Web Crypto in place of node:crypto, no
 *   credential files. It imports nothing from `node:` and touches `process`
 *   and `Buffer` only through `globalThis`, where they may be missing
 *   (`test/package/build.test.ts` scans it for both).
 * - the types: `tsc --emitDeclarationOnly`, one `.d.ts` per source file,
 *   shared by both builds (a twin exports what its Node module exports),
 *   which also type-checks the sources.
 *
 * Dependencies stay external in both builds, resolved from `node_modules`
 * as usual.
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
import { existsSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The package's entry points, as in package.json `exports`. */
export const ENTRY_POINTS = ["src/index.ts", "src/runtime/index.ts", "src/generated/dynamodbstreams/index.ts", "src/appsync/index.ts", "src/expressions/index.ts", "src/undici.ts"];

/** The portable build's entries: all but `./undici`, which is Node's by nature. */
export const PORTABLE_ENTRY_POINTS = ENTRY_POINTS.filter((entry) => entry !== "src/undici.ts");

/** Where the portable build goes, under the output directory. */
export const PORTABLE_DIR = "portable";

/** What both builds share. */
const COMMON = {
  absWorkingDir: ROOT,
  outbase: "src",
  bundle: true,
  splitting: true,
  format: "esm",
  packages: "external",
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "none",
  logLevel: "warning",
};

/**
 * Resolves a relative import of `X.js` to `X.portable.ts` where that file
 * exists beside `X.ts` (a portable module importing its own twin, for
 * types, keeps the twin).
 * @type {import("esbuild").Plugin}
 */
export const portableTwins = {
  name: "portable-twins",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.path.endsWith(".js")) return undefined;
      const twin = join(args.resolveDir, `${args.path.slice(0, -".js".length)}.portable.ts`);
      if (twin === args.importer || !existsSync(twin)) return undefined;
      return { path: twin };
    });
  },
};

/**
 * Bundles the entries into `outDir`, mirroring their paths under `src/`
 * (`src/runtime/index.ts` -> `dist/runtime/index.js`), and the portable
 * build into `outDir/portable`.
 * @param {string} outDir
 */
export async function bundle(outDir) {
  await Promise.all([
    build({ ...COMMON, entryPoints: ENTRY_POINTS, outdir: outDir, platform: "node", target: "node20" }),
    build({
      ...COMMON,
      entryPoints: PORTABLE_ENTRY_POINTS,
      outdir: join(outDir, PORTABLE_DIR),
      // Browsers, workers and React Native from about 2021 on: class fields,
      // private methods, top-level await are all there.
      platform: "browser",
      target: "es2022",
      plugins: [portableTwins],
    }),
  ]);
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
