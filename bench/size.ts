/**
 * Installed size: what `npm install <package>` adds to an application's
 * `node_modules` with production dependencies only.
 *
 * dynaport is `npm pack`ed from the staged build; the peers are installed
 * from the registry at the versions the repository has, each into its own
 * empty folder. `--prefer-offline` lets npm's cache serve repeated runs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, STAGE_DIR } from "./build.js";

/** What one installation weighs. */
export interface InstallSize {
  /** Sum of file sizes under `node_modules` (`du -sb`-like, apparent bytes). */
  bytes: number;
  /** Disk usage in bytes as `du -sk` counts it (whole blocks). */
  diskBytes: number;
  files: number;
  /** Installed packages, including the ones asked for. */
  packages: number;
  /** The heaviest packages, by apparent bytes. */
  heaviest: { name: string; bytes: number }[];
  /** The size of the tarball, for dynaport. */
  tarballBytes?: number;
}

/** The installations measured, by the name the report uses. */
export type SizeName = "dynaport" | "aws-sdk" | "aws-sdk-doc" | "aws-lite";

function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

function walk(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = walk(path);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += statSync(path).size;
      files++;
    }
  }
  return { bytes, files };
}

/** Every package directory under a `node_modules`, including scoped and nested ones. */
function packageDirs(nodeModules: string): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  let entries;
  try {
    entries = readdirSync(nodeModules, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dirs = entry.name.startsWith("@")
      ? readdirSync(join(nodeModules, entry.name)).map((inner) => ({ name: `${entry.name}/${inner}`, dir: join(nodeModules, entry.name, inner) }))
      : [{ name: entry.name, dir: join(nodeModules, entry.name) }];
    for (const pkg of dirs) {
      out.push(pkg);
      out.push(...packageDirs(join(pkg.dir, "node_modules")));
    }
  }
  return out;
}

function install(specs: string[]): InstallSize {
  const dir = mkdtempSync(join(tmpdir(), "dynaport-bench-size-"));
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "size-probe", version: "1.0.0", private: true }));
    const npm = spawnSync(
      "npm",
      ["install", "--omit=dev", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", "--prefer-offline", "--loglevel=error", ...specs],
      { cwd: dir, encoding: "utf8" },
    );
    if (npm.status !== 0) throw new Error(`npm install ${specs.join(" ")} failed: ${npm.stderr.trim().slice(-1000)}`);
    const nodeModules = join(dir, "node_modules");
    const { bytes, files } = walk(nodeModules);
    const diskBytes = Number(execFileSync("du", ["-sk", nodeModules], { encoding: "utf8" }).split("\t")[0]) * 1024;
    const packages = packageDirs(nodeModules);
    const heaviest = packages
      .map(({ name, dir: pkgDir }) => {
        // A package's own files, without the dependencies nested under it.
        let own = 0;
        for (const entry of readdirSync(pkgDir, { withFileTypes: true })) {
          if (entry.name === "node_modules") continue;
          const path = join(pkgDir, entry.name);
          own += entry.isDirectory() ? walk(path).bytes : statSync(path).size;
        }
        return { name, bytes: own };
      })
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 4);
    return { bytes, diskBytes, files, packages: packages.length, heaviest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Installs dynaport's tarball (when staged) and each peer; returns sizes and failures. */
export function measureSizes(
  dynaportStaged: boolean,
  log: (line: string) => void,
): { sizes: Map<SizeName, InstallSize>; skipped: Map<SizeName, string> } {
  const sizes = new Map<SizeName, InstallSize>();
  const skipped = new Map<SizeName, string>();
  const client = `@aws-sdk/client-dynamodb@${installedVersion("@aws-sdk/client-dynamodb")}`;
  const jobs: [SizeName, () => string[]][] = [
    ["aws-sdk", () => [client]],
    ["aws-sdk-doc", () => [client, `@aws-sdk/lib-dynamodb@${installedVersion("@aws-sdk/lib-dynamodb")}`]],
    ["aws-lite", () => [`@aws-lite/client@${installedVersion("@aws-lite/client")}`, `@aws-lite/dynamodb@${installedVersion("@aws-lite/dynamodb")}`]],
  ];
  let tarballBytes: number | undefined;
  let packDir: string | undefined;
  if (dynaportStaged) {
    jobs.unshift([
      "dynaport",
      () => {
        packDir = mkdtempSync(join(tmpdir(), "dynaport-bench-pack-"));
        const packed = spawnSync(
          "npm",
          // The stage is built already; its prepack script (npm run build) has no tsconfig to run with there.
          ["pack", STAGE_DIR, "--pack-destination", packDir, "--json", "--ignore-scripts", "--loglevel=error"],
          { encoding: "utf8" },
        );
        if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr.trim().slice(-1000)}`);
        const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
        const tarball = join(packDir, filename);
        tarballBytes = statSync(tarball).size;
        return [tarball];
      },
    ]);
  } else skipped.set("dynaport", "dynaport is not built yet");
  for (const [name, specs] of jobs) {
    try {
      const size = install(specs());
      if (name === "dynaport" && tarballBytes !== undefined) size.tarballBytes = tarballBytes;
      sizes.set(name, size);
      log(`  ${name}: ${(size.bytes / 1e6).toFixed(2)} MB in ${size.packages} packages`);
    } catch (err) {
      skipped.set(name, (err as Error).message);
    }
  }
  if (packDir !== undefined) rmSync(packDir, { recursive: true, force: true });
  return { sizes, skipped };
}
