/**
 * The published build keeps names: in the packed package, every exported
 * class's `name` is the name it is exported under, for every public entry,
 * in the Node build (Node's own resolution of `dynaport/...`) and in the
 * portable build (the file `exports` gives for the `browser` and `default`
 * conditions). A bundler renames a class (`_ParamValidationError`) when the
 * class body refers to itself by name; `err.name` and stack traces then
 * show the renamed one.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { installPacked, ROOT } from "../support/packed.js";

/** The condition sets a runtime or bundler resolves `exports` with. */
const CONDITIONS = {
  node: ["node", "import"],
  browser: ["browser", "import"],
  default: ["import"],
} as const;
type ConditionSet = keyof typeof CONDITIONS;

/** The target `exports` gives for `conditions`, as Node resolves it: the first matching key, in order. */
function resolveTarget(value: unknown, conditions: readonly string[]): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const target = resolveTarget(v, conditions);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key !== "default" && !conditions.includes(key)) continue;
      const target = resolveTarget(v, conditions);
      if (target !== undefined) return target;
    }
  }
  return undefined;
}

/** Entries that export functions and types only: the expression builder. */
const CLASSLESS = new Set(["dynaport/expressions"]);

/** The package's public JavaScript entries, from package.json `exports`: `.` -> `dynaport`. */
function publicEntries(exportsField: Record<string, unknown>): string[] {
  return Object.keys(exportsField)
    .filter((key) => key !== "./package.json" && !key.endsWith(".json"))
    .map((key) => (key === "." ? "dynaport" : `dynaport/${key.slice(2)}`));
}

/** What one import showed: the classes it checked and the ones named otherwise. */
interface NameReport {
  file?: string;
  classes: string[];
  misnamed: { exportedAs: string; name: string }[];
  error?: string;
}

/**
 * Imports each module in a fresh `node` (run from the app folder, so bare
 * specifiers resolve as in an app) and reports every exported class.
 */
const CHECK_SCRIPT = `
const targets = JSON.parse(process.argv[1]);
const isClass = (v) => typeof v === "function" && Function.prototype.toString.call(v).startsWith("class") && v.prototype?.constructor === v;
const out = {};
for (const [label, specifier] of Object.entries(targets)) {
  try {
    const mod = await import(specifier);
    const classes = [], misnamed = [];
    for (const [exportedAs, value] of Object.entries(mod)) {
      if (!isClass(value)) continue;
      classes.push(exportedAs);
      if (value.name !== exportedAs) misnamed.push({ exportedAs, name: value.name });
    }
    out[label] = { file: import.meta.resolve(specifier), classes, misnamed };
  } catch (err) {
    out[label] = { classes: [], misnamed: [], error: String(err?.stack ?? err) };
  }
}
console.log(JSON.stringify(out));
`;

describe("the packed package: exported class names", function () {
  // The packed checkout's exports name the tests; the installed package's are the ones resolved.
  const repoExports = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> }).exports;
  const entries = publicEntries(repoExports);
  let reports: Record<string, NameReport> = {};
  const unresolved: Record<string, string> = {};

  before(async function () {
    this.timeout(6 * 60_000);
    const pkg = await installPacked();
    const installedExports = (pkg.manifest.exports ?? {}) as Record<string, unknown>;
    const targets: Record<string, string> = {};
    for (const entry of entries) {
      const key = entry === "dynaport" ? "." : `./${entry.slice("dynaport/".length)}`;
      for (const set of Object.keys(CONDITIONS) as ConditionSet[]) {
        if (set === "node") {
          targets[`${entry} [node]`] = entry;
          continue;
        }
        const target = resolveTarget(installedExports[key], CONDITIONS[set]);
        if (target === undefined) unresolved[`${entry} [${set}]`] = `exports[${JSON.stringify(key)}] has no target for the conditions ${CONDITIONS[set].join(", ")}`;
        else targets[`${entry} [${set}]`] = pathToFileURL(join(pkg.packageDir, target)).href;
      }
    }
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", CHECK_SCRIPT, JSON.stringify(targets)], {
      cwd: pkg.dir,
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    reports = JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, NameReport>;
  });

  for (const entry of entries) {
    for (const set of Object.keys(CONDITIONS) as ConditionSet[]) {
      const label = `${entry} [${set}]`;
      it(`${label}: every exported class is named as exported`, () => {
        expect(unresolved[label], label).to.equal(undefined);
        const report = reports[label];
        expect(report, `no report for ${label}`).to.not.equal(undefined);
        expect(report!.error, `importing ${label}`).to.equal(undefined);
        // An entry of functions only has no class to get wrong; every other must show some.
        if (!CLASSLESS.has(entry)) expect(report!.classes.length, `${label} exports no class at all`).to.be.greaterThan(0);
        const misnamed = report!.misnamed.map((m) => `${m.exportedAs} is named ${m.name}`);
        expect(misnamed, `classes renamed by the build in ${report!.file}`).to.deep.equal([]);
      });
    }
  }
});
