/**
 * The package as users get it: `npm pack` of the repository (its `prepack`
 * runs the build), installed from the tarball into an empty folder outside
 * the repository, where its dependencies come from the registry (or npm's
 * cache) as in any app. Tests of the published package import it from there
 * by its name, so they see exactly what `package.json` publishes: `files`,
 * `exports` and the build, whatever their layout.
 *
 * The install is keyed by a hash of what the build reads (sources, scripts,
 * package.json, ...): every test file of a process shares one, and a later
 * process with the same sources reuses it.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The checkout that is packed: this repository, or the one
 * `DYNAPORT_PACK_ROOT` names (a clean copy of a commit, say, to test the
 * package while the working tree is in the middle of a change).
 */
export const ROOT = resolve(process.env.DYNAPORT_PACK_ROOT || join(import.meta.dirname, "../.."));

/** The installed package. */
export interface PackedPackage {
  /** The app folder it is installed in: `<dir>/node_modules/dynaport`. */
  readonly dir: string;
  /** `<dir>/node_modules/dynaport` */
  readonly packageDir: string;
  /** The installed package's package.json. */
  readonly manifest: { name: string; version: string; exports?: Record<string, unknown> } & Record<string, unknown>;
}

const installs = new Map<string, Promise<PackedPackage>>();

/**
 * Packs and installs the package once per content of the repository and
 * returns the folder it is installed in. Takes a while the first time (the
 * build and an `npm install`): call it from a `before` hook with a long
 * timeout.
 */
export function installPacked(): Promise<PackedPackage> {
  const key = contentHash();
  let install = installs.get(key);
  if (!install) {
    install = packAndInstall(key);
    installs.set(key, install);
    // A failure is not cached: the next caller tries again.
    install.catch(() => installs.delete(key));
  }
  return install;
}

/** What the build reads, beside the generated `dist/`. */
function buildInputs(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files?: string[] };
  const published = (manifest.files ?? []).filter((f) => !/^\.?\/?dist\b/.test(f));
  const top = readdirSync(ROOT).filter((name) => /^tsconfig.*\.json$/.test(name));
  return [...new Set(["package.json", "src", "scripts", ...top, ...published])];
}

/** A hash of every file under the build inputs, names and contents. */
function contentHash(): string {
  const hash = createHash("sha256");
  const visit = (rel: string) => {
    const abs = join(ROOT, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(join(rel, name));
      return;
    }
    hash.update(`${rel}\u0000`);
    hash.update(readFileSync(abs));
    hash.update("\u0000");
  };
  for (const input of buildInputs().sort()) visit(input);
  return hash.digest("hex").slice(0, 16);
}

async function packAndInstall(key: string): Promise<PackedPackage> {
  const dir = join(tmpdir(), `dynaport-packed-${key}`);
  if (!isInstalled(dir)) {
    // Other test processes (another `npm test`) may pack the same checkout
    // at the same time: the build rewrites dist/, so one packs at a time.
    const unlock = await lock(join(tmpdir(), `dynaport-pack-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}.lock`));
    try {
      if (!isInstalled(dir)) await packInto(dir, key);
    } finally {
      unlock();
    }
  }
  const packageDir = join(dir, "node_modules", "dynaport");
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as PackedPackage["manifest"];
  return { dir, packageDir, manifest };
}

/** A complete install is only ever renamed into place, never changed or removed while fresh. */
function isInstalled(dir: string): boolean {
  return existsSync(join(dir, ".installed"));
}

/** Packs ROOT and installs the tarball into a new folder, then moves it to `dir`. */
async function packInto(dir: string, key: string): Promise<void> {
  removeStale(key);
  const work = mkdtempSync(join(tmpdir(), `dynaport-pack-${key}-`));
  try {
    const packDir = join(work, "pack");
    const appDir = join(work, "app");
    mkdirSync(packDir);
    mkdirSync(appDir);
    await npm(["pack", "--pack-destination", packDir, "--loglevel=error"], ROOT, "npm pack");
    const tarballs = readdirSync(packDir).filter((name) => name.endsWith(".tgz"));
    if (tarballs.length !== 1) throw new Error(`npm pack made ${tarballs.length} tarballs in ${packDir}`);
    // An app of its own, so npm installs here and not in a folder above.
    writeFileSync(join(appDir, "package.json"), `${JSON.stringify({ name: "packed-app", private: true, type: "module" }, null, 2)}\n`);
    await npm(["install", "--no-audit", "--no-fund", "--loglevel=error", join(packDir, tarballs[0]!)], appDir, "npm install of the packed tarball");
    writeFileSync(join(appDir, ".installed"), `${new Date().toISOString()}\n`);
    try {
      renameSync(appDir, dir);
    } catch (err) {
      // Another process got there first with the same content: use theirs.
      if (!isInstalled(dir)) throw err;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Takes a lock between processes (a folder, created atomically) and returns
 * its release. A lock older than ten minutes is taken as left behind by a
 * process that died.
 */
async function lock(path: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    try {
      if (Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Released meanwhile.
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
}

/** Runs npm, failing with its output. */
async function npm(args: string[], cwd: string, what: string): Promise<void> {
  // Variables npm sets for a script it runs (as `npm test` does) would point
  // the inner npm at the outer one's package and settings.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  try {
    await run("npm", args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  } catch (err) {
    const { stdout = "", stderr = "", message } = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${what} failed: ${message}\n${String(stdout).slice(-4000)}\n${String(stderr).slice(-4000)}`);
  }
}

/** Removes installs of other contents older than a day. */
function removeStale(key: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith("dynaport-packed-") || name === `dynaport-packed-${key}`) continue;
    const path = join(tmpdir(), name);
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already, or another process's: leave it.
    }
  }
}
