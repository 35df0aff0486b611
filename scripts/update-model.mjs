#!/usr/bin/env node
// Moves models/ to another botocore release in one command:
//
//   node scripts/update-model.mjs <botocore data dir> [--version X.Y.Z] [--no-test]
//   make update-model FROM=<botocore data dir> [VERSION=X.Y.Z]
//
// <botocore data dir> is either the `botocore/data/` folder of an installed
// botocore (files may be `.json.gz`), or a folder laid out the same way with
// the release's LICENSE.txt and NOTICE beside it (../shared/models/botocore-X/).
//
// It copies, for DynamoDB and DynamoDB Streams, the API model, paginators and
// waiters into models/<service>/<version>/ and the endpoint rule sets (and
// STS's, and partitions.json) into models/endpoints/, unpacked and otherwise
// unchanged; copies the release's LICENSE.txt and NOTICE into models/;
// records the release and every file's SHA-256 in models/PROVENANCE.json and
// the release in both READMEs; regenerates src/generated/ and the embedded
// partitions; and runs the code generator's, endpoint and wire tests.
// Nothing is written unless every file the update needs is found.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const models = join(repo, "models");

/** The services this repository generates, and which of their files it keeps. */
const SERVICES = [
  { name: "dynamodb", files: ["service-2.json", "paginators-1.json", "waiters-2.json"], rules: true },
  { name: "dynamodbstreams", files: ["service-2.json", "paginators-1.json"], rules: true },
  // Only the endpoint rules: the reference the STS client's endpoint function is tested against.
  { name: "sts", files: [], rules: true },
];
const RULES = "endpoint-rule-set-1.json";

function fail(message) {
  console.error(`update-model: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { from: undefined, version: undefined, test: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--no-test") args.test = false;
    else if (a === "--version") args.version = argv[++i];
    else if (a.startsWith("--version=")) args.version = a.slice("--version=".length);
    else if (a === "-h" || a === "--help") {
      console.log("usage: node scripts/update-model.mjs <botocore data dir> [--version X.Y.Z] [--no-test]");
      process.exit(0);
    } else if (a.startsWith("-")) fail(`unknown option ${a}`);
    else if (args.from === undefined) args.from = a;
    else fail(`unexpected argument ${a}`);
  }
  if (!args.from) fail("give the botocore data folder: make update-model FROM=<dir> (e.g. .../site-packages/botocore/data)");
  return args;
}

/** The bytes of `<dir>/<name>`, or of `<dir>/<name>.gz` unpacked; undefined when neither exists. */
function readData(dir, name) {
  const plain = join(dir, name);
  if (existsSync(plain)) return readFileSync(plain);
  if (existsSync(plain + ".gz")) return gunzipSync(readFileSync(plain + ".gz"));
  return undefined;
}

/** The newest `<version>` folder of a service (API versions are dates, so they sort as text). */
function newestVersion(from, service) {
  const dir = join(from, service);
  if (!existsSync(dir)) fail(`${dir} does not exist: is ${from} a botocore data folder?`);
  const versions = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(e.name))
    .map((e) => e.name)
    .sort();
  if (versions.length === 0) fail(`${dir} holds no <version> folder`);
  return versions.at(-1);
}

/** The release: --version, else botocore's __init__.py beside data/, else a `botocore-X.Y.Z` folder in the path. */
function releaseOf(from, given) {
  if (given) return given;
  const init = join(from, "..", "__init__.py");
  if (existsSync(init)) {
    const m = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(readFileSync(init, "utf8"));
    if (m) return m[1];
  }
  const m = /botocore-(\d+\.\d+\.\d+)/.exec(from);
  if (m) return m[1];
  fail(`cannot tell which botocore release ${from} is: pass --version (make update-model VERSION=...)`);
}

/** LICENSE.txt or NOTICE of the release: beside the data, one folder up, or in an installed package's dist-info. */
function legalFile(from, name) {
  const candidates = [join(from, name), join(from, "..", name)];
  const site = join(from, "..", "..");
  if (existsSync(site)) {
    for (const e of readdirSync(site)) {
      if (/^botocore-.*\.dist-info$/.test(e)) candidates.push(join(site, e, name), join(site, e, "licenses", name));
    }
  }
  const found = candidates.find((c) => existsSync(c));
  return found === undefined ? undefined : readFileSync(found);
}

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

function run(cmd, args) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

/** Rewrites the botocore release named in a README's prose, and checks it was there to rewrite. */
function recordRelease(readme, release) {
  const text = readFileSync(readme, "utf8");
  const next = text.replace(/botocore \d+\.\d+\.\d+/g, `botocore ${release}`);
  if (!/botocore \d+\.\d+\.\d+/.test(text)) fail(`${readme} does not name a botocore release to update`);
  writeFileSync(readme, next);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const from = resolve(args.from);
  const release = releaseOf(from, args.version);

  // Gather everything first: a missing file leaves models/ as it was.
  const writes = []; // [path relative to models/, bytes, path relative to the data folder]
  for (const service of SERVICES) {
    const version = newestVersion(from, service.name);
    for (const file of service.files) {
      const bytes = readData(join(from, service.name, version), file);
      if (bytes === undefined) fail(`${service.name}/${version}/${file} (or .gz) is missing in ${from}`);
      writes.push([`${service.name}/${version}/${file}`, bytes, `${service.name}/${version}/${file}`]);
    }
    if (service.rules) {
      const bytes = readData(join(from, service.name, version), RULES);
      if (bytes === undefined) fail(`${service.name}/${version}/${RULES} (or .gz) is missing in ${from}`);
      writes.push([`endpoints/${service.name}/${version}/${RULES}`, bytes, `${service.name}/${version}/${RULES}`]);
    }
  }
  const partitions = readData(from, "partitions.json");
  if (partitions === undefined) fail(`partitions.json is missing in ${from}`);
  writes.push(["endpoints/partitions.json", partitions, "partitions.json"]);
  for (const [, bytes, source] of writes) {
    try {
      JSON.parse(bytes.toString("utf8"));
    } catch (err) {
      fail(`${source} is not JSON: ${err.message}`);
    }
  }
  const license = legalFile(from, "LICENSE.txt");
  const notice = legalFile(from, "NOTICE");
  if (!license || !notice) fail(`botocore's LICENSE.txt and NOTICE are not beside ${from} (the models are Apache-2.0 and ship with them)`);

  for (const [path, bytes] of writes) {
    const target = join(models, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  writeFileSync(join(models, "LICENSE.txt"), license);
  writeFileSync(join(models, "NOTICE"), notice);
  const provenance = {
    source: "botocore",
    release,
    license: "Apache-2.0 (models/LICENSE.txt, models/NOTICE)",
    note: "Taken unchanged from botocore/data/ (.json.gz unpacked) by scripts/update-model.mjs.",
    files: Object.fromEntries(
      [...writes, ["LICENSE.txt", license, "LICENSE.txt"], ["NOTICE", notice, "NOTICE"]]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([path, bytes, source]) => [path, { from: source, sha256: sha256(bytes) }]),
    ),
  };
  writeFileSync(join(models, "PROVENANCE.json"), JSON.stringify(provenance, null, 2) + "\n");
  recordRelease(join(models, "README.md"), release);
  recordRelease(join(models, "endpoints", "README.md"), release);
  console.log(`update-model: models/ now holds botocore ${release} (${writes.length} data files)`);

  run("npx", ["tsx", "codegen/cli.ts", "--all-in-repo"]);
  run("node", ["models/endpoints/embed.mjs"]);
  if (args.test) {
    run("npx", [
      "mocha",
      "test/codegen/**/*.test.ts",
      "test/runtime/endpoints/**/*.test.ts",
      "test/runtime/sts-endpoint.test.ts",
      "test/wire/**/*.test.ts",
    ]);
  }
  console.log(`update-model: done; review and commit models/, src/generated/ and src/runtime/endpoints/data/`);
}

main();
