/**
 * The published build: `scripts/build.mjs` bundles each package entry twice,
 * the Node build (`dist/`) and the portable build (`dist/portable/`); the
 * bundles work on their own in a fresh process, over real sockets, keep
 * their exported classes' names, and the portable build holds nothing a
 * browser or a worker cannot load.
 */
import { expect } from "chai";
import { build } from "esbuild";
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { sendDynamoJson, startStubServer, type StubServer } from "../support/stub-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
// Inside the repository, so that the bundles' bare imports (undici, smithy)
// resolve through its node_modules as they would in an installed package.
const OUT = join(ROOT, ".tmp", `package-test-${process.pid}`);

/** The Node build's entries, and the portable build's (all but `dynaport/undici`). */
const PORTABLE_ENTRIES = ["index.js", "runtime/index.js", "generated/dynamodbstreams/index.js", "appsync/index.js", "expressions/index.js"];
const NODE_ENTRIES = [...PORTABLE_ENTRIES, "undici.js"];

/** Every `.js` file under `dir`, relative to it. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(".js"));
}

/** A Node built-in module name, with or without `node:`. */
function isBuiltin(path: string): boolean {
  return path.startsWith("node:") || builtinModules.includes(path.split("/")[0]!);
}

/** `entry` bundled as a browser app would be, dependencies included; throws on anything unresolvable (a Node built-in). */
function bundleForBrowser(entry: string, extra: { define?: Record<string, string> } = {}) {
  return build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir: join(OUT, "browser-bundle"),
    logLevel: "silent",
    ...extra,
  });
}

/** The files a bundle of `entry` is made of, relative to the repository, dependencies included (Node built-ins external). */
async function bundledInputs(entry: string, platform: "node" | "browser"): Promise<string[]> {
  const { metafile } = await build({ entryPoints: [entry], absWorkingDir: ROOT, bundle: true, write: false, metafile: true, format: "esm", platform, outdir: join(OUT, "app-bundle"), logLevel: "silent" });
  return Object.keys(metafile.inputs).map((input) => relative(ROOT, resolve(ROOT, input)));
}

/** Runs a script in a fresh `node` and returns the JSON it printed last. */
async function runScript(source: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const file = join(OUT, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  return runFile(file, env);
}

/** Runs a file in a fresh `node` and returns the JSON it printed last. */
async function runFile(file: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [file], { env: { ...process.env, ...env }, timeout: 30_000 });
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

describe("the published build", function () {
  this.timeout(60_000);
  let stub: StubServer;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    // The JavaScript only: the declarations are tsc's output, type-checked by `npm test` already.
    const build = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), "--out-dir", join(OUT, "dist"), "--no-types"], { encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    stub = await startStubServer((req, res) => {
      const target = req.headers["x-amz-target"];
      if (target === "DynamoDB_20120810.GetItem") sendDynamoJson(res, 200, { Item: { pk: { S: "a" }, n: { N: "7" } } });
      else if (target === "DynamoDBStreams_20120810.ListStreams") sendDynamoJson(res, 200, { Streams: [] });
      else sendDynamoJson(res, 400, { __type: "UnknownOperationException" });
    });
  });
  after(async () => {
    await stub?.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  it("has one module per entry, and shared code in chunks, in both builds", () => {
    for (const entry of [...NODE_ENTRIES, ...PORTABLE_ENTRIES.map((entry) => `portable/${entry}`)]) {
      expect(existsSync(join(OUT, "dist", entry)), entry).to.equal(true);
    }
    const files = readdirSync(join(OUT, "dist"), { recursive: true }).map(String).filter((name) => name.endsWith(".js"));
    const expected = /^(portable\/)?(index|runtime\/index|generated\/dynamodbstreams\/index|appsync\/index|expressions\/index|chunks\/[\w-]+)\.js$|^undici\.js$/;
    expect(files.filter((name) => !expected.test(name)), files.join(", ")).to.deep.equal([]);
  });

  it("keeps every exported class's name, in both builds", async () => {
    const renamed: string[] = [];
    let classes = 0;
    for (const entry of [...NODE_ENTRIES, ...PORTABLE_ENTRIES.map((entry) => `portable/${entry}`)]) {
      const module = (await import(join(OUT, "dist", entry))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value !== "function" || !Function.prototype.toString.call(value).startsWith("class")) continue;
        classes++;
        if (value.name !== name) renamed.push(`${entry}: ${name} is named ${value.name}`);
      }
    }
    expect(renamed).to.deep.equal([]);
    expect(classes).to.be.above(50);
  });

  it("exports the same names from both builds", async () => {
    for (const entry of PORTABLE_ENTRIES) {
      const node = Object.keys(await import(join(OUT, "dist", entry))).sort();
      const portable = Object.keys(await import(join(OUT, "dist", "portable", entry))).sort();
      expect(portable, entry).to.deep.equal(node);
    }
  });

  it("leaves undici, smithy and the portable SHA-256 out of the Node build, but for dynaport/undici", async () => {
    // No literal import a bundler would follow: undici is imported by a
    // specifier held in a variable, and node:crypto always signs.
    for (const file of jsFiles(join(OUT, "dist")).filter((file) => !file.startsWith("portable/") && file !== "undici.js")) {
      const text = readFileSync(join(OUT, "dist", file), "utf8");
      expect(text, file).to.not.match(/(?:from|import|require)\s*\(?\s*["'](undici|@smithy\/|@aws-crypto\/)/);
    }
    // What a bundler makes of an app of the main entry, dependencies included.
    const inputs = await bundledInputs(join(OUT, "dist", "index.js"), "node");
    expect(inputs.filter((input) => /node_modules\/(undici|@smithy|@aws-crypto)\//.test(input))).to.deep.equal([]);
    const undici = await bundledInputs(join(OUT, "dist", "undici.js"), "node");
    expect(undici.some((input) => input.includes("node_modules/undici/lib/dispatcher/agent.js"))).to.equal(true);
  });

  it("moves a bundled app's default transport to undici only where undici can be loaded at run time", async () => {
    const app = join(OUT, "transport-app.mjs");
    writeFileSync(
      app,
      `import { DefaultTransport } from ${JSON.stringify(join(OUT, "dist", "runtime", "index.js"))};
async function main() {
  const transport = new DefaultTransport({ switchAfter: 4 });
  const url = new URL(process.env.ENDPOINT);
  for (let i = 0; i < 8; i++) {
    await transport.send({ method: "POST", url, headers: { host: url.host, "x-amz-target": "DynamoDB_20120810.GetItem" }, body: "{}" });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.log(JSON.stringify({ current: transport.current }));
  await transport.close();
}
main();
`,
    );
    const bundled = await build({ entryPoints: [app], bundle: true, write: false, platform: "node", format: "cjs", logLevel: "silent" });
    const text = bundled.outputFiles[0]!.text;
    expect(text).to.not.include("node_modules/undici");
    // Beside the repository's node_modules, undici loads; outside any, it cannot.
    const inside = join(OUT, "bundled-app.cjs");
    const outsideDir = mkdtempSync(join(tmpdir(), "dynaport-bundle-"));
    const outside = join(outsideDir, "bundled-app.cjs");
    writeFileSync(inside, text);
    writeFileSync(outside, text);
    try {
      expect(await runFile(inside, { ENDPOINT: stub.endpoint })).to.deep.equal({ current: "undici" });
      expect(await runFile(outside, { ENDPOINT: stub.endpoint })).to.deep.equal({ current: "node:http" });
    } finally {
      rmSync(outsideDir, { recursive: true, force: true });
    }
  });

  describe("the portable build", () => {
    it("bundles for a browser with its dependencies, importing no Node built-in", async () => {
      for (const entry of PORTABLE_ENTRIES) {
        const { metafile } = await bundleForBrowser(join(OUT, "dist", "portable", entry));
        const builtins = Object.keys(metafile.inputs).filter((input) => isBuiltin(input));
        expect(builtins, entry).to.deep.equal([]);
        const external = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
        expect(external, entry).to.deep.equal([]);
        // No dependency at all: the signer's fallback where crypto.subtle is missing is the package's own sha256-js.ts.
        expect(Object.keys(metafile.inputs).filter((input) => input.includes("node_modules")), entry).to.deep.equal([]);
      }
    });

    it("has no node: import, no require, and no unguarded process or Buffer, its dependencies included", async () => {
      for (const entry of PORTABLE_ENTRIES) {
        // esbuild's `define` replaces only free references to a global, never
        // a property (`globalThis.process`), a local, a string or a comment:
        // each marker left in the output is a use of the global itself.
        const { outputFiles } = await bundleForBrowser(join(OUT, "dist", "portable", entry), {
          define: { process: "__GLOBAL_PROCESS__", Buffer: "__GLOBAL_BUFFER__", require: "__GLOBAL_REQUIRE__" },
        });
        const text = outputFiles.map((file) => file.text).join("\n");
        // A use counts as guarded when `typeof` of the same global comes
        // shortly before it (`typeof Buffer !== "undefined" && Buffer.from`).
        const unguarded = [...text.matchAll(/(typeof\s+)?__GLOBAL_(PROCESS|BUFFER|REQUIRE)__/g)].filter(
          (match) => match[1] === undefined && !text.slice(Math.max(0, match.index - 200), match.index).includes(`typeof __GLOBAL_${match[2]}__`),
        );
        expect(unguarded.map((match) => text.slice(match.index - 60, match.index + 40)), entry).to.deep.equal([]);
        expect(text, entry).to.not.match(/(?:from|import)\s*\(?\s*["']node:/);
      }
      // And the build's own files, before any bundler sees them.
      for (const file of jsFiles(join(OUT, "dist", "portable"))) {
        const text = readFileSync(join(OUT, "dist", "portable", file), "utf8");
        expect(text, file).to.not.match(/(?:from|import)\s*\(?\s*["']node:|\brequire\s*\(/);
      }
    });

    it("signs and reads a call with globalThis.process and Buffer hidden, and says which credentials to pass", async () => {
      const portable = join(OUT, "dist", "portable", "index.js");
      const result = await runScript(
        `const realProcess = globalThis.process;
delete globalThis.process;
delete globalThis.Buffer;
const { DynamoDB, DynamoDBDocument } = await import(${JSON.stringify(portable)});
const sent = [];
const bodies = {
  "DynamoDB_20120810.GetItem": { Item: { pk: { S: "a" }, bin: { B: "AQID" }, set: { BS: ["AQ==", "Ag=="] } } },
  "DynamoDB_20120810.PutItem": {},
};
const transport = {
  async send(request) {
    sent.push(request);
    return { statusCode: 200, headers: {}, body: new TextEncoder().encode(JSON.stringify(bodies[request.headers["x-amz-target"]])) };
  },
  async close() {},
};
const client = new DynamoDB({ region: "us-east-1", transport, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
const doc = new DynamoDBDocument(client);
await doc.put({ tableName: "t", item: { pk: "a", bin: new Uint8Array([1, 2, 3]) } });
const got = await doc.get({ tableName: "t", key: { pk: "a" } });
const signed = sent.every((request) => request.headers.authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKID/") && /us-east-1[/]dynamodb[/]aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(request.headers.authorization));
let missing;
try {
  await new DynamoDB({ region: "us-east-1", transport }).getItem({ tableName: "t", key: { pk: { s: "a" } } });
} catch (err) {
  missing = err.message;
}
realProcess.stdout.write(JSON.stringify({
  put: JSON.parse(sent[0].body).Item.bin,
  bin: Array.from(got.item.bin),
  set: [...got.item.set].map((bytes) => Array.from(bytes)),
  signed,
  missing,
}) + String.fromCharCode(10));
`,
        {},
      );
      expect(result).to.deep.include({ put: { B: "AQID" }, bin: [1, 2, 3], set: [[1], [2]], signed: true });
      expect(result.missing).to.match(/No AWS credentials: this runtime has no environment variables.*pass `credentials` to the client/);
    });
  });

  it("makes a short-lived process's call without loading undici", async () => {
    const result = await runScript(
      `import { createRequire } from "node:module";
import { DynamoDB } from ${JSON.stringify(join(OUT, "dist", "index.js"))};
const client = new DynamoDB({ region: "us-east-1", endpoint: process.env.ENDPOINT, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } });
const { item } = await client.getItem({ tableName: "t", key: { pk: { s: "a" } } });
const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes("/node_modules/undici/"));
console.log(JSON.stringify({ item, loaded }));
`,
      { ENDPOINT: stub.endpoint },
    );
    expect(result).to.deep.equal({ item: { pk: { s: "a" }, n: { n: "7" } }, loaded: [] });
  });

  it("serves every entry from a fresh process: typed, document, runtime and streams calls", async () => {
    const dist = join(OUT, "dist");
    const result = await runScript(
      `import { DynamoDB, DynamoDBDocument, ParamValidationError } from ${JSON.stringify(join(dist, "index.js"))};
import { AwsJsonClient } from ${JSON.stringify(join(dist, "runtime/index.js"))};
import { DynamoDBStreams } from ${JSON.stringify(join(dist, "generated/dynamodbstreams/index.js"))};
const config = { region: "us-east-1", endpoint: process.env.ENDPOINT, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } };
const client = new DynamoDB(config);
const typed = await client.getItem({ tableName: "t", key: { pk: { s: "a" } } });
const doc = await new DynamoDBDocument(client).get({ tableName: "t", key: { pk: "a" } });
let invalid;
try { await client.getItem({ key: {} }); } catch (err) { invalid = err instanceof ParamValidationError; }
const streams = await new DynamoDBStreams(config).listStreams({});
const raw = new AwsJsonClient(config, { serviceId: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb",
  targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0", apiVersion: "2012-08-10" });
const { output } = await raw.call("GetItem", { TableName: "t", Key: { pk: { S: "a" } } });
console.log(JSON.stringify({ typed: typed.item, doc: doc.item, invalid, streams: streams.streams, raw: output }));
`,
      { ENDPOINT: stub.endpoint },
    );
    expect(result).to.deep.equal({
      typed: { pk: { s: "a" }, n: { n: "7" } },
      doc: { pk: "a", n: 7 },
      invalid: true,
      streams: [],
      raw: { Item: { pk: { S: "a" }, n: { N: "7" } } },
    });
  });
});
