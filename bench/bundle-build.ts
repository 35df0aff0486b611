/**
 * The bundle benchmark's preparation and builds: dynaport packed as it would
 * be published, installed beside the peers into an empty folder, and each
 * GetItem app bundled by esbuild for Node and for browsers.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Message, type Metafile, type Plugin } from "esbuild";
import { ROOT } from "./build.js";

/** Where the tarball came from and what it took. */
export interface PackResult {
  /** The snapshot of the repository that was packed (its `src/` is what the package was built from). */
  snapshot: string;
  /** The tarball, when packing worked. */
  tarball?: string;
  /** How it was built: `npm pack` (prepack) or the fallback. */
  how: string;
  /** Why packing (or the normal build) failed. */
  error?: string;
}

/** The first line worth showing of a tool's output. */
export function firstLine(text: string): string {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /error/i.test(line)) ?? lines[0] ?? "(no output)";
}

/** The files `git` would commit now: tracked and untracked, minus the ignored ones. */
function workingTreeFiles(): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(ROOT, file)));
}

function npmPack(dir: string, destination: string, ignoreScripts: boolean): { tarball?: string; error?: string } {
  const args = ["pack", "--pack-destination", destination, "--json", "--loglevel=error"];
  if (ignoreScripts) args.push("--ignore-scripts");
  const packed = spawnSync("npm", args, { cwd: dir, encoding: "utf8" });
  if (packed.status !== 0) return { error: (packed.stderr + packed.stdout).trim() };
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as [{ filename: string }];
  return { tarball: join(destination, filename) };
}

/**
 * Copies the repository into `snapshot`: the working tree as it is now, or
 * the tree of the commit `ref` (`git archive`).
 */
function takeSnapshot(snapshot: string, ref: string | undefined): void {
  mkdirSync(snapshot, { recursive: true });
  if (ref !== undefined) {
    const archive = spawnSync("git", ["archive", "--format=tar", ref], { cwd: ROOT, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.toString().trim()}`);
    execFileSync("tar", ["-x", "-C", snapshot], { input: archive.stdout });
    return;
  }
  for (const file of workingTreeFiles()) {
    mkdirSync(dirname(join(snapshot, file)), { recursive: true });
    cpSync(join(ROOT, file), join(snapshot, file));
  }
}

/**
 * Packs dynaport as `npm pack` would publish it, from a snapshot of the
 * working tree (or of the commit `ref`) in `work`, so that other builds
 * running in the repository, and its own `dist/`, are left alone. The
 * snapshot uses the repository's `node_modules` for its build tools.
 * `npm pack` runs the `prepack` script (the build); when that fails (say the
 * type check fails on someone's half-done edit), the bundles are built
 * without types and packed with `--ignore-scripts`, and the failure is
 * reported.
 */
export function packDynaport(work: string, ref?: string): PackResult {
  const snapshot = join(work, "dynaport");
  takeSnapshot(snapshot, ref);
  symlinkSync(join(ROOT, "node_modules"), join(snapshot, "node_modules"), "dir");
  const destination = join(work, "pack");
  mkdirSync(destination, { recursive: true });
  const normal = npmPack(snapshot, destination, false);
  if (normal.tarball !== undefined) return { snapshot, tarball: normal.tarball, how: "npm pack (prepack: npm run build)" };
  const build = spawnSync(process.execPath, [join(snapshot, "scripts", "build.mjs"), "--no-types"], { cwd: snapshot, encoding: "utf8" });
  if (build.status !== 0) {
    return {
      snapshot,
      how: "npm pack",
      error: `npm pack failed: ${firstLine(normal.error!)}; the build without types failed too: ${firstLine(build.stdout + build.stderr)}`,
    };
  }
  const fallback = npmPack(snapshot, destination, true);
  if (fallback.tarball === undefined) return { snapshot, how: "npm pack --ignore-scripts", error: firstLine(fallback.error!) };
  return {
    snapshot,
    tarball: fallback.tarball,
    how: "scripts/build.mjs --no-types, npm pack --ignore-scripts (npm pack's own build failed)",
    error: `npm pack failed: ${firstLine(normal.error!)}`,
  };
}

/** The peers installed beside dynaport, at the versions in the repository's `node_modules`. */
export const PEERS = ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-lite/client", "@aws-lite/dynamodb", "aws4fetch"];

/** The version of a package installed in the repository. */
export function repoVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Installs the tarball (when there is one) and the peers into the empty
 * folder `dir` with npm, as an application would (`--prefer-offline`: npm's
 * cache serves what it holds). Returns the specs installed.
 */
export function installApp(dir: string, tarball: string | undefined): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bundle-bench-app", version: "1.0.0", private: true }));
  const specs = [...(tarball === undefined ? [] : [tarball]), ...PEERS.map((name) => `${name}@${repoVersion(name)}`)];
  const npm = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", "--prefer-offline", "--loglevel=error", ...specs],
    { cwd: dir, encoding: "utf8" },
  );
  if (npm.status !== 0) throw new Error(`npm install failed: ${npm.stderr.trim().slice(-1000)}`);
  return specs;
}

/** The kinds of bundle built. */
export const PLATFORMS = ["node", "browser"] as const;
/** One of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number];

/** A bundle, or why it could not be built. */
export type BundleResult =
  | { ok: true; bytes: number; gzipBytes: number; file: string; metafile: Metafile }
  | { ok: false; error: string };

function describe(message: Message): string {
  const where = message.location ? `${message.location.file}:${message.location.line}: ` : "";
  return `${where}${message.text}`;
}

/** What a build from dynaport's sources adds to a user's build. */
export interface SourceOptions {
  /** Package name to file (`dynaport` to the snapshot's `src/index.ts`). */
  alias: Record<string, string>;
  /** The package build's own plugins (the portable twins). */
  plugins: Plugin[];
}

/**
 * Bundles `entry` with esbuild as a user's bundler would: minified, for Node
 * as CommonJS (what Lambda bundlers emit) or for browsers as ESM, written
 * next to the entry (`<name>.node.cjs`, `<name>.browser.mjs`). `source`
 * builds dynaport from its sources instead of the installed package.
 */
export async function bundleApp(dir: string, entry: string, platform: Platform, source?: SourceOptions): Promise<BundleResult> {
  const outfile = entry.replace(/\.mjs$/, platform === "node" ? ".node.cjs" : ".browser.mjs");
  try {
    const result = await build({
      absWorkingDir: dir,
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      platform,
      format: platform === "node" ? "cjs" : "esm",
      target: platform === "node" ? "node20" : "es2022",
      metafile: true,
      write: false,
      logLevel: "silent",
      legalComments: "none",
      ...(source === undefined ? {} : source),
    });
    const output = result.outputFiles.find((file) => file.path === outfile);
    if (output === undefined) return { ok: false, error: "esbuild wrote no output" };
    writeFileSync(outfile, output.contents);
    return { ok: true, bytes: output.contents.length, gzipBytes: gzipSync(output.contents, { level: 9 }).length, file: outfile, metafile: result.metafile };
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    return { ok: false, error: errors !== undefined && errors.length > 0 ? describe(errors[0]!) : firstLine((err as Error).message) };
  }
}

/** Bytes of one bundle attributed to a part (a package, a file, an area). */
export interface Share {
  name: string;
  bytes: number;
}

/**
 * Bytes in the bundle by input, grouped by `group(path)`, largest first. The
 * bytes esbuild attributes to no input (its module wrappers and helpers) are
 * the `(esbuild runtime and wrappers)` share.
 */
export function breakdown(metafile: Metafile, group: (input: string) => string): Share[] {
  const [output] = Object.values(metafile.outputs);
  if (output === undefined) return [];
  const totals = new Map<string, number>();
  let attributed = 0;
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const name = group(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    attributed += bytesInOutput;
  }
  const shares = [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  if (output.bytes > attributed) shares.push({ name: "(esbuild runtime and wrappers)", bytes: output.bytes - attributed });
  return shares;
}

/** The package an input belongs to (`@smithy/core`), or `app` for the app's own file. */
export function packageOf(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  if (at < 0) return input.startsWith("src/") || input.includes("/src/") ? "dynaport (src)" : "app";
  const [first, second] = input.slice(at + "node_modules/".length).split("/");
  return first!.startsWith("@") ? `${first}/${second}` : first!;
}

/** For dynaport's inputs, the file of the installed package (`dist/chunks/...`); others by package. */
export function distFileOf(input: string): string {
  const at = input.lastIndexOf("node_modules/dynaport/");
  return at < 0 ? packageOf(input) : `dynaport/${input.slice(at + "node_modules/dynaport/".length)}`;
}

/** For inputs under the repository's `src/`, the source file; others by package. */
export function sourceFileOf(input: string): string {
  const at = input.indexOf("src/");
  return !input.includes("node_modules/") && at >= 0 ? input.slice(at) : packageOf(input);
}

/** For inputs under `src/`, the area (`src/runtime`, `src/runtime/credentials`, `src/generated/dynamodb`); others by package. */
export function sourceAreaOf(input: string): string {
  const file = sourceFileOf(input);
  return file.startsWith("src/") ? dirname(file) : file;
}

/** A fresh scratch folder for one run. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), "dynaport-bench-bundle-"));
}

/** Removes a scratch folder. */
export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
