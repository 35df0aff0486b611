/**
 * The published build: `scripts/build.mjs` bundles each package entry, and
 * the bundles work on their own in a fresh process, over real sockets.
 */
import { expect } from "chai";
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { sendDynamoJson, startStubServer, type StubServer } from "../support/stub-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
// Inside the repository, so that the bundles' bare imports (undici, smithy)
// resolve through its node_modules as they would in an installed package.
const OUT = join(ROOT, ".tmp", `package-test-${process.pid}`);

/** Runs a script in a fresh `node` and returns the JSON it printed last. */
async function runScript(source: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const file = join(OUT, `script-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
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

  it("has one module per entry, and shared code in chunks", () => {
    for (const entry of ["index.js", "runtime/index.js", "generated/dynamodbstreams/index.js"]) {
      expect(existsSync(join(OUT, "dist", entry)), entry).to.equal(true);
    }
    const files = readdirSync(join(OUT, "dist"), { recursive: true }).map(String).filter((name) => name.endsWith(".js"));
    expect(files.every((name) => /^(index|runtime\/index|generated\/dynamodbstreams\/index|chunks\/[\w-]+)\.js$/.test(name)), files.join(", ")).to.equal(true);
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
