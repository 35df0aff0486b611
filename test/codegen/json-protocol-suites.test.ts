/**
 * botocore's JSON protocol test suites, every case, against the generator
 * and the runtime: `tests/unit/protocols/input/json.json` (what a call
 * sends) and `tests/unit/protocols/output/json.json` (what a response
 * becomes), kept in `test/codegen/protocols/` (see its README).
 *
 * Each case is a small service: the suite's `metadata` and `shapes` with the
 * case's operation (`given`). The case's metadata lacks what a real model
 * always has (`serviceId`, `endpointPrefix`, `apiVersion`, and on the output
 * side `targetPrefix`), so those are filled with fixed values. Every case is
 * generated into its own folder of one temporary directory while the tests
 * are defined (an operation the generator leaves out makes its case pending,
 * with the generator's reason in the title), and imported through tsx once.
 *
 * Calls go through the typed client methods, so the generated serializers and
 * deserializers are what is checked: `params` are turned into the typed form
 * with the generator's member names (timestamps in epoch seconds become
 * `Date`s, blobs become their UTF-8 bytes), and typed results are turned back
 * into botocore's form (member names, epoch seconds, blob text) before the
 * comparison. Requests go over a real socket to a stub server, which answers
 * output cases with the case's status, headers and body.
 */
import { expect } from "chai";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { ServiceContext } from "../../codegen/context.js";
import { generateService } from "../../codegen/generate.js";
import { parseModel, type ServiceModel, type Shape } from "../../codegen/model.js";
import { NodeHttpTransport, ServiceException, type HttpRequest, type Transport, type TransportOptions } from "../../src/runtime/index.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { REPO } from "./models.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Suite {
  description: string;
  metadata: JsonObject;
  shapes: JsonObject;
  clientEndpoint?: string;
  cases: BotocoreCase[];
}

interface BotocoreCase {
  given: JsonObject & { name: string };
  params?: JsonObject;
  serialized?: { method?: string; uri: string; headers: Record<string, string>; body: string; host?: string };
  response?: { status_code: number; headers: Record<string, string>; body: string };
  result?: JsonObject;
  error?: JsonObject;
  errorCode?: string;
  errorMessage?: string;
}

/** One case ready to run: its model, the generator's view of it, and where it was generated. */
interface Prepared {
  title: string;
  suite: Suite;
  test: BotocoreCase;
  ctx: ServiceContext;
  folder: string;
  /** Why the case cannot run, when the generator left its operation out. */
  pending?: string;
}

const SUITES = join(REPO, "test/codegen/protocols");
/** botocore's protocol tests use this endpoint where a case does not name one. */
const DEFAULT_ENDPOINT = "https://service.region.amazonaws.com";
/** The token botocore's tests fix the idempotency token generator to. */
const FIXED_TOKEN = "00000000-0000-4000-8000-000000000000";

function loadSuites(kind: "input" | "output"): Suite[] {
  const suites = JSON.parse(readFileSync(join(SUITES, kind, "json.json"), "utf8")) as Suite[];
  return kind === "output" ? [...suites, ...PROJECT_OUTPUT_SUITES] : suites;
}

/**
 * Cases of this project in botocore's form, run after the suite's: botocore's
 * "Lists" case has nulls only in lists of empty structures, where a reader that
 * ignored its input passed; these lists have elements that must be converted.
 */
const PROJECT_OUTPUT_SUITES: Suite[] = [
  {
    description: "(dynaport) null elements of lists of structures, timestamps and blobs stay null",
    metadata: { protocol: "json", jsonVersion: "1.0", targetPrefix: "Foo" },
    shapes: {
      OutputShape: {
        type: "structure",
        members: { Structs: { shape: "StructList" }, Times: { shape: "TimeList" }, Blobs: { shape: "BlobList" } },
      },
      StructList: { type: "list", member: { shape: "Struct" } },
      TimeList: { type: "list", member: { shape: "TimestampType" } },
      BlobList: { type: "list", member: { shape: "BlobType" } },
      Struct: { type: "structure", members: { Name: { shape: "StringType" }, At: { shape: "TimestampType" } } },
      StringType: { type: "string" },
      TimestampType: { type: "timestamp" },
      BlobType: { type: "blob" },
    },
    cases: [
      {
        given: { name: "OperationName", output: { shape: "OutputShape" } },
        result: { Structs: [{ Name: "a", At: 1398796238 }, null], Times: [null, 1398796238], Blobs: ["hi!", null] },
        response: {
          status_code: 200,
          headers: {},
          body: '{"Structs": [{"Name": "a", "At": 1398796238}, null], "Times": [null, 1398796238], "Blobs": ["aGkh", null]}',
        },
      },
    ],
  },
];

/** The service model of one case: the suite's metadata and shapes, and the case's operation. */
function caseModel(suite: Suite, test: BotocoreCase): ServiceModel {
  const given = test.given;
  const http = { method: "POST", requestUri: "/", ...((given.http as JsonObject | undefined) ?? {}) };
  const model = {
    version: "2.0",
    metadata: {
      apiVersion: "2014-01-01",
      endpointPrefix: "foo",
      serviceId: "Protocol Suite",
      signatureVersion: "v4",
      signingName: "foo",
      targetPrefix: "com.amazonaws.foo",
      ...suite.metadata,
    },
    operations: { [given.name]: { ...given, http } },
    shapes: suite.shapes,
  };
  return parseModel(model, `${suite.description}.json`);
}

/** Generates every case of both suites into folders of one temporary directory. */
function prepareAll(): { dir: string; input: Prepared[]; output: Prepared[] } {
  const dir = mkdtempSync(join(tmpdir(), "dynaport-protocol-suites-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  const prepare = (kind: "input" | "output"): Prepared[] => {
    const out: Prepared[] = [];
    loadSuites(kind).forEach((suite, s) => {
      suite.cases.forEach((test, c) => {
        const title = suite.cases.length > 1 ? `${suite.description} (case ${c + 1} of ${suite.cases.length})` : suite.description;
        const folder = join(dir, `${kind}-${s}-${c}`);
        const model = caseModel(suite, test);
        const ctx = new ServiceContext(model, { source: "case.json" });
        const skipped = ctx.skipped.find((op) => op.name === test.given.name);
        if (skipped) {
          out.push({ title, suite, test, ctx, folder, pending: `the generator leaves ${skipped.name} out: ${skipped.reason}` });
          return;
        }
        mkdirSync(folder);
        const runtime = relative(folder, join(REPO, "src/runtime/index.js")).split("\\").join("/");
        const { files } = generateService({ model, source: `botocore ${kind}/json.json: ${suite.description}`, runtimeImport: runtime });
        for (const [name, text] of files) writeFileSync(join(folder, name), text);
        out.push({ title, suite, test, ctx, folder });
      });
    });
    return out;
  };
  return { dir, input: prepare("input"), output: prepare("output") };
}

// ---- between botocore's value forms and the typed ones ---------------------

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A botocore parameter value of shape `shapeName` in the typed form the generated client takes. */
function toTyped(ctx: ServiceContext, shapeName: string, value: Json): unknown {
  if (value === null) return null;
  const shape = ctx.shape(shapeName);
  switch (shape.type) {
    case "structure": {
      const typed: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(value as JsonObject)) {
        const info = ctx.members(shapeName).find((m) => m.modelName === key);
        if (!info) throw new Error(`${shapeName} has no member ${key}`);
        typed[info.name] = toTyped(ctx, info.ref.shape, member);
      }
      return typed;
    }
    case "list":
      return (value as Json[]).map((item) => toTyped(ctx, shape.member!.shape, item));
    case "map":
      return Object.fromEntries(Object.entries(value as JsonObject).map(([k, v]) => [k, toTyped(ctx, shape.value!.shape, v)]));
    case "timestamp":
      return typeof value === "number" ? new Date(value * 1000) : new Date(value as string);
    case "blob":
      return utf8.encode(value as string);
    default:
      return value;
  }
}

/** A typed value of shape `shapeName` as botocore writes results: member names, epoch seconds, blob text. */
function fromTyped(ctx: ServiceContext, shapeName: string, value: unknown): Json {
  if (value === null || value === undefined) return null;
  const shape: Shape = ctx.shape(shapeName);
  switch (shape.type) {
    case "structure": {
      const result: JsonObject = {};
      for (const info of ctx.members(shapeName)) {
        const member = (value as Record<string, unknown>)[info.name];
        if (member !== undefined) result[info.modelName] = fromTyped(ctx, info.ref.shape, member);
      }
      return result;
    }
    case "list":
      return (value as unknown[]).map((item) => fromTyped(ctx, shape.member!.shape, item));
    case "map":
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, fromTyped(ctx, shape.value!.shape, v)]));
    case "timestamp":
      expect(value, "a timestamp is read as a Date").to.be.instanceOf(Date);
      return (value as Date).getTime() / 1000;
    case "blob":
      expect(value, "a blob is read as bytes").to.be.instanceOf(Uint8Array);
      return fromUtf8.decode(value as Uint8Array);
    default:
      return typeof value === "bigint" ? Number(value) : (value as Json);
  }
}

/** Sends every request to `target` (the stub) with its URL's path, keeping the headers, Host included, as signed; records the URLs the client built. */
function redirectingTransport(target: () => string): Transport & { urls: string[] } {
  const inner = new NodeHttpTransport();
  const urls: string[] = [];
  return {
    urls,
    send(request: HttpRequest, options?: TransportOptions) {
      urls.push(request.url.href);
      return inner.send({ ...request, url: new URL(request.url.pathname + request.url.search, target()) }, options);
    },
    close: () => inner.close(),
  };
}

interface Client {
  [method: string]: unknown;
  destroy(): Promise<void>;
}

describe("codegen: botocore JSON protocol suites (test/codegen/protocols)", function () {
  const { input, output } = prepareAll();
  const modules = new Map<Prepared, Record<string, unknown>>();
  let stub: StubServer;
  let transport: ReturnType<typeof redirectingTransport>;

  before(async function () {
    this.timeout(60_000);
    const all = [...input, ...output].filter((p) => !p.pending);
    for (const p of all) modules.set(p, (await import(pathToFileURL(join(p.folder, "index.ts")).href)) as Record<string, unknown>);
    stub = await startStubServer();
    transport = redirectingTransport(() => stub.endpoint);
  });

  after(async () => {
    await transport?.close();
    await stub?.close();
  });

  /** A client of the case's generated service; the caller destroys it. */
  function clientFor(p: Prepared): Client {
    const Service = modules.get(p)![p.ctx.clientName] as new (config: object) => Client;
    return new Service({
      region: "us-east-1",
      endpoint: p.suite.clientEndpoint ?? DEFAULT_ENDPOINT,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      transport,
    });
  }

  /** Calls the case's operation through its typed client method with `typedInput`. */
  async function callTyped(p: Prepared, typedInput: unknown): Promise<Record<string, unknown>> {
    const method = p.ctx.methodName(p.test.given.name)!;
    const client = clientFor(p);
    try {
      return await (client[method] as (input: unknown) => Promise<Record<string, unknown>>).call(client, typedInput);
    } finally {
      await client.destroy();
    }
  }

  describe("input: tests/unit/protocols/input/json.json", () => {
    for (const p of input) {
      if (p.pending) {
        it(`${p.title} [pending: ${p.pending}]`);
        continue;
      }
      it(p.title, async () => {
        const { test, ctx } = p;
        const expected = test.serialized!;
        const op = ctx.operations.find((o) => o.name === test.given.name)!;
        const typed = op.input ? toTyped(ctx, op.input, test.params ?? {}) : undefined;
        stub.handle((_req, res) => {
          res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": 2 });
          res.end("{}");
        });
        const before = stub.requests.length;
        // botocore fixes the token generator; the runtime's comes from Web Crypto.
        const randomUUID = globalThis.crypto.randomUUID;
        globalThis.crypto.randomUUID = () => FIXED_TOKEN;
        try {
          await callTyped(p, typed);
        } finally {
          globalThis.crypto.randomUUID = randomUUID;
        }
        expect(stub.requests.length, "one request").to.equal(before + 1);
        const sent = stub.requests.at(-1)!;
        expect(sent.method).to.equal(expected.method ?? "POST");
        expect(sent.path).to.equal(expected.uri);
        for (const [name, value] of Object.entries(expected.headers)) expect(sent.headers[name.toLowerCase()], `header ${name}`).to.equal(value);
        expect(JSON.parse(sent.body)).to.deep.equal(JSON.parse(expected.body));
        if (expected.host !== undefined) {
          expect(new URL(transport.urls.at(-1)!).host).to.equal(expected.host);
          expect(sent.headers.host).to.equal(expected.host);
        }
      });
    }
  });

  describe("output: tests/unit/protocols/output/json.json", () => {
    for (const p of output) {
      if (p.pending) {
        it(`${p.title} [pending: ${p.pending}]`);
        continue;
      }
      it(p.title, async () => {
        const { test, ctx } = p;
        const response = test.response!;
        stub.handle((_req, res) => {
          res.writeHead(response.status_code, { ...response.headers, "content-length": Buffer.byteLength(response.body) });
          res.end(response.body);
        });
        const op = ctx.operations.find((o) => o.name === test.given.name)!;
        if (test.result !== undefined) {
          const out = await callTyped(p, {});
          const { $metadata, ...members } = out;
          expect($metadata, "$metadata").to.be.an("object");
          const result = op.output ? fromTyped(ctx, op.output, members) : members;
          expect(result).to.deep.equal(test.result);
          return;
        }
        const err = await rejectionOf(callTyped(p, {}));
        expect(err).to.be.instanceOf(ServiceException);
        const thrown = err as ServiceException & Record<string, unknown>;
        expect(thrown.name, "error code").to.equal(test.errorCode);
        if (test.errorMessage !== undefined) expect(thrown.message, "error message").to.equal(test.errorMessage);
        expect(thrown.$metadata.httpStatusCode).to.equal(response.status_code);
        // The modeled members of the error's shape, when the code names an exception of the model.
        const shapeName = ctx.exceptions.find((name) => name === test.errorCode);
        const members = shapeName ? fromTyped(ctx, shapeName, thrown) : {};
        expect(members, "modeled members").to.deep.equal(test.error);
      });
    }
  });
});
