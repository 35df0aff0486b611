import { expect } from "chai";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { emitPaginators, type PaginatorConfig, type PaginatorsContext } from "../../codegen/emit-paginators.js";
import { emitWaiters, type WaiterConfig, type WaitersContext } from "../../codegen/emit-waiters.js";
import { generateService } from "../../codegen/generate.js";
import { parse } from "../../src/runtime/jmespath.js";
import { startStubServer, sendJson, type StubServer } from "../support/stub-server.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

// A small JSON 1.1 service that is not DynamoDB, with the paginator and
// waiter shapes found across botocore: several tokens, JMESPath token paths,
// `more_results`, aggregate result keys, maps whose keys must not be renamed.
const model = {
  metadata: {
    apiVersion: "2024-01-01",
    endpointPrefix: "things",
    jsonVersion: "1.1",
    protocol: "json",
    serviceId: "Thing Store",
    signatureVersion: "v4",
    targetPrefix: "ThingStore_20240101",
    uid: "things-2024-01-01",
  },
  operations: {
    ListThings: { name: "ListThings", http: { method: "POST", requestUri: "/" }, input: { shape: "ListThingsRequest" }, output: { shape: "ListThingsResponse" } },
    ListParts: { name: "ListParts", http: { method: "POST", requestUri: "/" }, input: { shape: "ListPartsRequest" }, output: { shape: "ListPartsResponse" } },
    DescribeStream: { name: "DescribeStream", http: { method: "POST", requestUri: "/" }, input: { shape: "DescribeStreamRequest" }, output: { shape: "DescribeStreamResponse" } },
    GetThing: {
      name: "GetThing",
      http: { method: "POST", requestUri: "/" },
      input: { shape: "GetThingRequest" },
      output: { shape: "GetThingResponse" },
      errors: [{ shape: "NoSuchThing" }],
    },
  },
  shapes: {
    String: { type: "string" },
    Integer: { type: "integer" },
    Boolean: { type: "boolean" },
    ListThingsRequest: { type: "structure", members: { Owner: { shape: "String" }, NextToken: { shape: "String" }, MaxResults: { shape: "Integer" } } },
    ListThingsResponse: { type: "structure", members: { Count: { shape: "Integer" }, Things: { shape: "ThingList" }, NextToken: { shape: "String" } } },
    ThingList: { type: "list", member: { shape: "Thing" } },
    Thing: { type: "structure", members: { Id: { shape: "String" }, Status: { shape: "String" }, Tags: { shape: "TagMap" } } },
    TagMap: { type: "map", key: { shape: "String" }, value: { shape: "String" } },
    ListPartsRequest: { type: "structure", required: ["Upload"], members: { Upload: { shape: "String" }, PartMarker: { shape: "String" }, IdMarker: { shape: "String" } } },
    ListPartsResponse: { type: "structure", members: { Parts: { shape: "PartList" }, NextPartMarker: { shape: "String" }, IsTruncated: { shape: "Boolean" } } },
    PartList: { type: "list", member: { shape: "Part" } },
    Part: { type: "structure", members: { Id: { shape: "String" }, Marker: { shape: "String" } } },
    DescribeStreamRequest: { type: "structure", required: ["StreamName"], members: { StreamName: { shape: "String" }, ExclusiveStartShardId: { shape: "String" }, Limit: { shape: "Integer" } } },
    DescribeStreamResponse: { type: "structure", members: { StreamDescription: { shape: "StreamDescription" } } },
    StreamDescription: { type: "structure", members: { Shards: { shape: "ShardList" }, HasMoreShards: { shape: "Boolean" } } },
    ShardList: { type: "list", member: { shape: "Shard" } },
    Shard: { type: "structure", members: { ShardId: { shape: "String" } } },
    GetThingRequest: { type: "structure", required: ["Id"], members: { Id: { shape: "String" } } },
    GetThingResponse: { type: "structure", members: { Thing: { shape: "Thing" }, Parts: { shape: "PartList" } } },
    NoSuchThing: { type: "structure", members: { message: { shape: "String" } }, exception: true, error: { httpStatusCode: 404, senderFault: true } },
  },
};

const paginators: Record<string, PaginatorConfig> = {
  ListThings: { input_token: "NextToken", output_token: "NextToken", limit_key: "MaxResults", result_key: ["Count", "Things"] },
  ListParts: { input_token: ["PartMarker", "IdMarker"], output_token: ["NextPartMarker", "Parts[-1].Id"], more_results: "IsTruncated", result_key: "Parts" },
  DescribeStream: {
    input_token: "ExclusiveStartShardId",
    output_token: "StreamDescription.Shards[-1].ShardId",
    limit_key: "Limit",
    more_results: "StreamDescription.HasMoreShards",
    result_key: "StreamDescription.Shards",
  },
};

const waiters: Record<string, WaiterConfig> = {
  ThingReady: {
    operation: "GetThing",
    delay: 5,
    maxAttempts: 10,
    description: "Waits for a thing; a */ in a description must not end the comment.",
    acceptors: [
      { state: "success", matcher: "path", argument: "Thing.Status", expected: "READY" },
      { state: "failure", matcher: "path", argument: "Thing.Tags.Broken", expected: "yes" },
      { state: "failure", matcher: "pathAny", argument: "Parts[?Marker == 'BAD'].Id", expected: "p1" },
      { state: "retry", matcher: "error", expected: "NoSuchThing" },
    ],
  },
  ThingGone: {
    operation: "GetThing",
    delay: 5,
    maxAttempts: 10,
    acceptors: [
      { state: "success", matcher: "error", expected: "NoSuchThing" },
      { state: "retry", matcher: "error", expected: false },
      { state: "failure", matcher: "status", expected: 500 },
      { state: "success", matcher: "pathAll", argument: "Parts[].Id", expected: "gone" },
    ],
  },
};

const base = { model, clientClass: "ThingStore", runtimeImport: "dynaport/runtime", typesImport: "./types.js" };
const paginatorsOf = (pick: Record<string, PaginatorConfig>, extra: Partial<PaginatorsContext> = {}) =>
  emitPaginators({ ...base, paginators: { pagination: pick }, ...extra });
const waitersOf = (pick: Record<string, WaiterConfig>, extra: Partial<WaitersContext> = {}) =>
  emitWaiters({ ...base, waiters: { version: 2, waiters: pick }, ...extra });

describe("emitPaginators", () => {
  const cases: [string, () => string, { has: string[]; lacks?: string[] }][] = [
    [
      "a single token with a page size; items() from the first list result key, not the Count aggregate",
      () => paginatorsOf({ ListThings: paginators.ListThings! }),
      {
        has: [
          "// Code generated by codegen from paginators-1.json; DO NOT EDIT.",
          'import { paginate, type ElementOf, type PaginateOptions, type Paginator } from "dynaport/runtime";',
          'import type { ThingStore } from "./client.js";',
          "export function paginateListThings(",
          "  input: ListThingsRequest = {},",
          '  options: PaginateOptions<ListThingsRequest["nextToken"]> = {},',
          '): Paginator<Awaited<ReturnType<ThingStore["listThings"]>>, ElementOf<ListThingsResponse["things"]>> {',
          "client.listThings(request, callOptions)",
          'inputTokens: ["nextToken"],',
          'outputTokens: ["nextToken"],',
          'limitKey: "maxResults",',
          'items: "things",',
        ],
        lacks: ["moreResults", "jmesPath"],
      },
    ],
    [
      "several tokens, a JMESPath output token, more_results, no page size, a required input",
      () => paginatorsOf({ ListParts: paginators.ListParts! }),
      {
        has: [
          "  input: ListPartsRequest,",
          '  options: Omit<PaginateOptions<[ListPartsRequest["partMarker"], ListPartsRequest["idMarker"]]>, "pageSize"> = {},',
          'inputTokens: ["partMarker","idMarker"],',
          'import { jmesPath, paginate, type ElementOf, type PaginateOptions, type Paginator } from "dynaport/runtime";',
          'outputTokens: ["nextPartMarker",jmesPath("parts[-1].id")],',
          'moreResults: "isTruncated",',
          "The operation has no page size.",
        ],
        lacks: ["limitKey"],
      },
    ],
    [
      "dotted paths through nested structures",
      () => paginatorsOf({ DescribeStream: paginators.DescribeStream! }),
      {
        has: [
          'outputTokens: [jmesPath("streamDescription.shards[-1].shardId")],',
          'moreResults: "streamDescription.hasMoreShards",',
          'items: "streamDescription.shards",',
          'ElementOf<NonNullable<DescribeStreamResponse["streamDescription"]>["shards"]>',
        ],
      },
    ],
    [
      "the generator's own names for types, methods and members",
      () =>
        paginatorsOf(
          { ListThings: paginators.ListThings! },
          { typeName: (s) => `${s}Shape`, methodName: (op) => `${op}Op`, memberName: (_shape, m) => `m_${m}`, header: "// HEADER" },
        ),
      {
        has: ["// HEADER\n", "input: ListThingsRequestShape = {}", "client.ListThingsOp(", 'inputTokens: ["m_NextToken"]', 'items: "m_Things"'],
        lacks: ["Code generated"],
      },
    ],
  ];
  for (const [name, emit, { has, lacks = [] }] of cases) {
    it(name, () => {
      const text = emit();
      for (const fragment of has) expect(text, fragment).to.include(fragment);
      for (const fragment of lacks) expect(text, fragment).to.not.include(fragment);
    });
  }

  it("is sorted by operation and the same on every run", () => {
    const reversed = Object.fromEntries(Object.entries(paginators).reverse());
    const text = paginatorsOf(reversed);
    expect(text).to.equal(paginatorsOf(paginators));
    const order = ["paginateDescribeStream", "paginateListParts", "paginateListThings"].map((f) => text.indexOf(`function ${f}(`));
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
  });

  it("leaves out paginators of operations the client leaves out, and emits nothing when none remain", () => {
    expect(paginatorsOf(paginators, { methodName: (op) => (op === "ListParts" ? undefined : op) })).to.not.include("paginateListParts");
    expect(paginatorsOf({})).to.equal("");
    expect(paginatorsOf({ ListThings: paginators.ListThings! }, { methodName: () => undefined })).to.equal("");
  });

  it("rejects a paginator for an operation the model does not have", () => {
    expect(() => paginatorsOf({ Nope: paginators.ListThings! })).to.throw(/Nope is not an operation/);
  });
});

describe("emitWaiters", () => {
  it("emits each acceptor with its argument renamed to the client's members, map keys untouched", () => {
    const text = waitersOf({ ThingReady: waiters.ThingReady! });
    for (const fragment of [
      'import { waitUntil, type WaiterOptions, type WaiterResult } from "dynaport/runtime";',
      "export function waitUntilThingReady(",
      "  input: GetThingRequest,",
      '): Promise<WaiterResult<Awaited<ReturnType<ThingStore["getThing"]>>>> {',
      "client.getThing(request, callOptions)",
      'name: "ThingReady",',
      'operation: "GetThing",',
      "delay: 5,",
      "maxAttempts: 10,",
      '{ state: "success", matcher: "path", argument: "thing.status", expected: "READY" },',
      '{ state: "failure", matcher: "path", argument: "thing.tags.Broken", expected: "yes" },',
      `{ state: "failure", matcher: "pathAny", argument: "parts[?marker == 'BAD'].id", expected: "p1" },`,
      '{ state: "retry", matcher: "error", expected: "NoSuchThing" },',
      // The model's spelling stays in the docs; a `*/` cannot close the comment.
      " * - success when `Thing.Status` == \"READY\"",
      "a *\\/ in a description",
      "giving up after the model's 10 attempts (50 s), or after `maxWaitTime` when given.",
    ]) {
      expect(text, fragment).to.include(fragment);
    }
  });

  it("keeps error true/false, status and pathAll acceptors as the model writes them", () => {
    const text = waitersOf({ ThingGone: waiters.ThingGone! });
    expect(text).to.include('{ state: "retry", matcher: "error", expected: false },');
    expect(text).to.include('{ state: "failure", matcher: "status", expected: 500 },');
    expect(text).to.include('{ state: "success", matcher: "pathAll", argument: "parts[].id", expected: "gone" },');
    expect(text).to.include(" * - retry when the call succeeds");
  });

  it("is sorted, deterministic, and empty without waiters", () => {
    const text = waitersOf(waiters);
    expect(text.indexOf("waitUntilThingGone(")).to.be.lessThan(text.indexOf("waitUntilThingReady("));
    expect(waitersOf(Object.fromEntries(Object.entries(waiters).reverse()))).to.equal(text);
    expect(waitersOf({})).to.equal("");
  });

  it("rejects unknown operations, matchers and versions", () => {
    expect(() => waitersOf({ X: { ...waiters.ThingGone!, operation: "Nope" } })).to.throw(/polls Nope/);
    expect(() => waitersOf({ X: { ...waiters.ThingGone!, acceptors: [{ state: "success", matcher: "jq" as never, expected: 1 }] } })).to.throw(/unknown matcher/);
    expect(() => emitWaiters({ ...base, waiters: { version: 1, waiters: {} } })).to.throw(/version 1/);
  });
});

describe("generated paginators and waiters for a service other than DynamoDB", function () {
  this.timeout(60_000);
  let dir: string;
  let stub: StubServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dynaport-pw-"));
    const generated = generateService({
      model,
      source: "test/thing-store.json",
      runtimeImport: pathToFileURL(join(root, "src/runtime/index.ts")).href,
      paginators: { json: { pagination: paginators }, emit: emitPaginators as never },
      waiters: { json: { version: 2, waiters }, emit: emitWaiters as never },
    });
    for (const [name, text] of generated.files) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    stub = await startStubServer();
  });

  after(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("type-checks under the project's compiler settings", async () => {
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: join(root, "tsconfig.json"),
        compilerOptions: { noEmit: true, rootDir: "/", typeRoots: [join(root, "node_modules/@types")], types: ["node"], allowImportingTsExtensions: true },
        include: [join(dir, "*.ts")],
      }),
    );
    // The runtime is imported by file URL here; tsc needs it as a path.
    for (const name of ["paginators.ts", "waiters.ts", "client.ts", "functions.ts", "operations.ts", "serde.ts", "validate.ts", "errors.ts", "types.ts", "index.ts"]) {
      const file = join(dir, name);
      if (existsSync(file)) writeFileSync(file, readFileSync(file, "utf8").replaceAll(pathToFileURL(join(root, "src/runtime/index.ts")).href, join(root, "src/runtime/index.ts")));
    }
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")]).catch((e: { stdout: string }) => e);
    expect(stdout).to.equal("");
  });

  it("pages with two tokens and a JMESPath token against a live server", async () => {
    const mod = (await import(pathToFileURL(join(dir, "index.ts")).href)) as Record<string, any>;
    const client = new mod.ThingStore({ region: "us-east-1", endpoint: stub.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const bodies: Record<string, unknown>[] = [];
    stub.handle((req, res) => {
      const body = JSON.parse(req.body) as { PartMarker?: string; IdMarker?: string };
      bodies.push(body);
      // The second token comes from the last part when NextPartMarker is absent.
      if (!body.IdMarker) sendJson(res, 200, { Parts: [{ Id: "p1" }, { Id: "p2" }], NextPartMarker: "m1", IsTruncated: true });
      else if (body.IdMarker === "p2") sendJson(res, 200, { Parts: [{ Id: "p3" }], IsTruncated: true });
      else sendJson(res, 200, { Parts: [{ Id: "p4" }], IsTruncated: false });
    });
    const ids: string[] = [];
    for await (const part of mod.paginateListParts(client, { upload: "u" }).items()) ids.push(part.id);
    expect(ids).to.deep.equal(["p1", "p2", "p3", "p4"]);
    expect(bodies).to.deep.equal([
      { Upload: "u" },
      { Upload: "u", PartMarker: "m1", IdMarker: "p2" },
      { Upload: "u", IdMarker: "p3" },
    ]);
    expect(stub.requests.at(-1)!.headers["x-amz-target"]).to.equal("ThingStore_20240101.ListParts");
    expect(stub.requests.at(-1)!.headers["content-type"]).to.equal("application/x-amz-json-1.1");
    await client.destroy();
  });

  it("waits through a modeled error to success, and fails on a map-key acceptor", async () => {
    const mod = (await import(pathToFileURL(join(dir, "index.ts")).href)) as Record<string, any>;
    const client = new mod.ThingStore({ region: "us-east-1", endpoint: stub.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    let n = 0;
    stub.handle((_req, res) => {
      n++;
      if (n === 1) sendJson(res, 404, { __type: "NoSuchThing", message: "not yet" }, { "content-type": "application/x-amz-json-1.1" });
      else sendJson(res, 200, { Thing: { Id: "t", Status: n === 2 ? "PENDING" : "READY" } });
    });
    const ok = await mod.waitUntilThingReady(client, { id: "t" }, { minDelay: 0.01, maxDelay: 0.02 });
    expect(ok.state).to.equal("SUCCESS");
    expect(ok.attempts).to.equal(3);
    expect(ok.lastResponse.thing.status).to.equal("READY");

    stub.handle((_req, res) => sendJson(res, 200, { Thing: { Id: "t", Status: "PENDING", Tags: { Broken: "yes" } } }));
    const failed = await mod.waitUntilThingReady(client, { id: "t" }, { minDelay: 0.01 }).catch((e: unknown) => e);
    expect(failed.state).to.equal("FAILURE");
    expect(failed.result.reason).to.match(/thing\.tags\.Broken == "yes"/);
    await client.destroy();
  });
});

// The emitters over real botocore models: the trickiest paginator of the
// JSON services (Kinesis DescribeStream) and a JMESPath filter waiter (ECS).
describe("emitters on botocore models", () => {
  const dataDir = botocoreData();
  const load = (service: string, file: string) => {
    const version = readdirSync(join(dataDir!, service)).sort().at(-1)!;
    const path = join(dataDir!, service, version, file);
    return JSON.parse(existsSync(path) ? readFileSync(path, "utf8") : gunzipSync(readFileSync(`${path}.gz`)).toString("utf8"));
  };

  it("emits Kinesis paginators with JMESPath tokens and ECS waiters with filters", function () {
    if (!dataDir) this.skip();
    const kinesis = emitPaginators({ ...base, clientClass: "Kinesis", model: load("kinesis", "service-2.json"), paginators: load("kinesis", "paginators-1.json") });
    expect(kinesis).to.include('outputTokens: [jmesPath("streamDescription.shards[-1].shardId")],');
    expect(kinesis).to.include('moreResults: "streamDescription.hasMoreShards",');
    const ecs = emitWaiters({ ...base, clientClass: "ECS", model: load("ecs", "service-2.json"), waiters: load("ecs", "waiters-2.json") });
    expect(ecs).to.include("argument: \"length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`\"");
  });
});

// Every paginator and waiter of every JSON-protocol model on the machine:
// each emits, and each rewritten path is still valid JMESPath.
describe("emitters on every botocore JSON-protocol model", function () {
  this.timeout(120_000);
  const dataDir = botocoreData();

  it("emit every paginator and waiter, with paths that parse", function () {
    if (!dataDir) this.skip();
    let services = 0;
    let functions = 0;
    let paths = 0;
    const check = (path: string) => (parse(path), paths++);
    for (const service of readdirSync(dataDir!)) {
      const versionsDir = join(dataDir!, service);
      if (!existsSync(versionsDir) || service.includes(".")) continue;
      const version = readdirSync(versionsDir).sort().at(-1)!;
      const dir = join(versionsDir, version);
      if (!existsSync(join(dir, "service-2.json.gz"))) continue;
      const serviceModel = JSON.parse(gunzipSync(readFileSync(join(dir, "service-2.json.gz"))).toString("utf8"));
      if (serviceModel.metadata.protocol !== "json") continue;
      services++;
      const ctx = { model: serviceModel, clientClass: "Client", runtimeImport: "dynaport/runtime", typesImport: "./types.js" };
      const texts: string[] = [];
      if (existsSync(join(dir, "paginators-1.json"))) texts.push(emitPaginators({ ...ctx, paginators: JSON.parse(readFileSync(join(dir, "paginators-1.json"), "utf8")) }));
      if (existsSync(join(dir, "waiters-2.json"))) texts.push(emitWaiters({ ...ctx, waiters: JSON.parse(readFileSync(join(dir, "waiters-2.json"), "utf8")) }));
      for (const text of texts) {
        functions += (text.match(/^export function /gm) ?? []).length;
        // Token lists hold plain member paths as strings and anything else as jmesPath("...").
        for (const [, list] of text.matchAll(/(?:outputTokens): (\[.*\]),/g)) {
          for (const [literal] of list!.matchAll(/"(?:[^"\\]|\\.)*"/g)) check(JSON.parse(literal) as string);
          expect(list!.replace(/(?:jmesPath\()?"(?:[^"\\]|\\.)*"\)?/g, "S")).to.match(/^\[S(,S)*\]$/);
        }
        for (const [, path] of text.matchAll(/argument: ("(?:[^"\\]|\\.)*")/g)) check(JSON.parse(path!) as string);
        for (const [, call, path] of text.matchAll(/(?:items|moreResults): (jmesPath\()?("(?:[^"\\]|\\.)*")/g)) {
          const parsed = JSON.parse(path!) as string;
          check(parsed);
          // The runtime reads plain member paths itself; everything else must come compiled.
          expect(Boolean(call), parsed).to.equal(!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(parsed));
        }
      }
    }
    expect(services).to.be.greaterThan(100);
    expect(functions).to.be.greaterThan(1000);
    expect(paths).to.be.greaterThan(functions);
  });
});

/** botocore's data folder from the machine's Python, or undefined when there is none. */
function botocoreData(): string | undefined {
  try {
    const out = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const dir = join(out.trim(), "data");
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}
