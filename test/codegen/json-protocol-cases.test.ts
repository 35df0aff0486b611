/**
 * The JSON protocol cases the generator used to fail, on the wire: host
 * prefixes with labels, and ISO 8601 timestamps without a zero fraction.
 *
 * The cases come from the JSON protocol test suites: botocore's
 * `tests/unit/protocols/input/json.json` ("Endpoint host trait static
 * prefix": `StaticOp`, `MemberRefOp`; "Timestamp values"), and the Smithy
 * AWS JSON 1.1 protocol tests botocore's newer suites are generated from
 * (`AwsJson11EndpointTrait`, `AwsJson11EndpointTraitWithHostLabel`,
 * `serializes_timestamp_shapes`, `serializes_timestamp_shapes_with_iso8601_timestampformat`,
 * `serializes_timestamp_shapes_with_httpdate_timestampformat`,
 * `parses_timestamp_shapes`, `parses_iso8601_timestamps`,
 * `parses_httpdate_timestamps`). Each test names the case it follows.
 *
 * A small hand-written model is generated into a temporary folder and its
 * client talks to a stub server over a real socket. The prefixed host
 * (`foo-myname.127.0.0.1`) resolves nowhere, so the client's transport sends
 * each request to the stub's address as it is, Host header and signature
 * included: what the stub records is what a server at that host would get.
 */
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { generateService } from "../../codegen/generate.js";
import { UnsupportedModelError } from "../../codegen/model.js";
import {
  checkHostLabel,
  hostPrefixFor,
  NodeHttpTransport,
  ParamValidationError,
  toIsoTimestamp,
  type HttpRequest,
  type Transport,
  type TransportOptions,
  type ValidationProblem,
} from "../../src/runtime/index.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";
import { sendJson, startStubServer, type StubServer } from "../support/stub-server.js";
import { expectedSignature } from "../wire/sigv4.js";
import { REPO } from "./models.js";

/** A JSON 1.1 service shaped like the protocol suites' test services. */
function protocolModel(): Record<string, unknown> {
  const op = (name: string, extra: Record<string, unknown>) => ({ name, http: { method: "POST", requestUri: "/" }, ...extra });
  return {
    version: "2.0",
    metadata: {
      apiVersion: "2014-01-01",
      endpointPrefix: "foo",
      jsonVersion: "1.1",
      protocol: "json",
      serviceFullName: "Protocol Cases",
      serviceId: "Protocol Cases",
      signatureVersion: "v4",
      signingName: "foo",
      targetPrefix: "com.amazonaws.foo",
    },
    operations: {
      StaticOp: op("StaticOp", { input: { shape: "StaticInputShape" }, endpoint: { hostPrefix: "data-" } }),
      MemberRefOp: op("MemberRefOp", { input: { shape: "MemberRefInputShape" }, endpoint: { hostPrefix: "foo-{Name}." } }),
      EndpointOperation: op("EndpointOperation", { endpoint: { hostPrefix: "foo." } }),
      EndpointWithHostLabelOperation: op("EndpointWithHostLabelOperation", { input: { shape: "HostLabelInput" }, endpoint: { hostPrefix: "foo.{label}." } }),
      // A label beside other constraints, and bound to a member renamed on the wire.
      GetRecords: op("GetRecords", { input: { shape: "GetRecordsInput" }, endpoint: { hostPrefix: "{AccountId}.data-" } }),
      KitchenSinkOperation: op("KitchenSinkOperation", { input: { shape: "KitchenSink" }, output: { shape: "KitchenSink" } }),
    },
    shapes: {
      StaticInputShape: { type: "structure", members: { Name: { shape: "StringType" } } },
      MemberRefInputShape: { type: "structure", members: { Name: { shape: "StringType", hostLabel: true } } },
      HostLabelInput: { type: "structure", required: ["label"], members: { label: { shape: "StringType", hostLabel: true } } },
      GetRecordsInput: {
        type: "structure",
        required: ["AccountId", "StreamName"],
        members: {
          AccountId: { shape: "StringType", hostLabel: true, locationName: "accountId" },
          StreamName: { shape: "StreamName" },
        },
      },
      KitchenSink: {
        type: "structure",
        members: {
          Timestamp: { shape: "Timestamp" },
          Iso8601Timestamp: { shape: "Timestamp", timestampFormat: "iso8601" },
          HttpdateTimestamp: { shape: "Timestamp", timestampFormat: "rfc822" },
          IsoShaped: { shape: "IsoTimestamp" },
        },
      },
      StringType: { type: "string" },
      StreamName: { type: "string", min: 3, max: 8 },
      Timestamp: { type: "timestamp" },
      IsoTimestamp: { type: "timestamp", timestampFormat: "iso8601" },
    },
  };
}

/** Sends every request to `target` (the stub) with its URL's path, keeping the headers, Host included, as signed. */
function redirectingTransport(target: () => string): Transport & { urls: string[] } {
  const inner = new NodeHttpTransport();
  const urls: string[] = [];
  return {
    urls,
    send(request: HttpRequest, options?: TransportOptions) {
      urls.push(request.url.href);
      const url = new URL(request.url.pathname + request.url.search, target());
      return inner.send({ ...request, url }, options);
    },
    close: () => inner.close(),
  };
}

interface Client {
  [method: string]: unknown;
  destroy(): Promise<void>;
}
type Call = (input?: object) => Promise<Record<string, unknown>>;

describe("codegen: JSON protocol cases (host labels, ISO 8601 timestamps)", function () {
  let dir: string;
  let files: ReadonlyMap<string, string>;
  let stub: StubServer;
  let transport: ReturnType<typeof redirectingTransport>;
  let client: Client;
  let mod: Record<string, unknown>;
  const call = (method: string, input?: object) => (client[method] as Call).call(client, input);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dynaport-protocol-cases-"));
    const runtime = relative(dir, join(REPO, "src/runtime/index.js")).split("\\").join("/");
    ({ files } = generateService({ model: protocolModel(), source: "test/protocol-cases.json", runtimeImport: runtime }));
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    mod = (await import(pathToFileURL(join(dir, "index.ts")).href)) as Record<string, unknown>;
    stub = await startStubServer();
    transport = redirectingTransport(() => stub.endpoint);
    const ProtocolCases = mod.ProtocolCases as new (config: object) => Client;
    client = new ProtocolCases({
      region: "us-east-1",
      endpoint: "https://service.region.amazonaws.com",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      transport,
    });
  });

  after(async () => {
    await client?.destroy();
    await transport?.close();
    await stub?.close();
  });

  /** The last request: its Host, its URL as the client built it, its body; checks it is signed for that Host. */
  function lastRequest() {
    const req = stub.requests.at(-1)!;
    expect(req.headers.authorization).to.include("SignedHeaders=").and.match(/[;=]host[;,]/);
    expect(req.headers.authorization!.split("Signature=")[1]).to.equal(expectedSignature(req, TEST_CREDENTIALS.secretAccessKey));
    return { host: req.headers.host, url: transport.urls.at(-1), body: JSON.parse(req.body) as unknown, target: req.headers["x-amz-target"] };
  }

  describe("host prefixes", () => {
    it("botocore StaticOp / Smithy AwsJson11EndpointTrait: a static prefix goes in front of the host", async () => {
      await call("staticOp", { name: "myname" });
      expect(lastRequest()).to.deep.include({ host: "data-service.region.amazonaws.com", body: { Name: "myname" }, target: "com.amazonaws.foo.StaticOp" });
      await call("endpointOperation");
      expect(lastRequest()).to.deep.include({ host: "foo.service.region.amazonaws.com", body: {} });
    });

    it("botocore MemberRefOp: {Name} is filled from the hostLabel member, which stays in the body", async () => {
      await call("memberRefOp", { name: "myname" });
      const sent = lastRequest();
      expect(sent).to.deep.include({ host: "foo-myname.service.region.amazonaws.com", body: { Name: "myname" }, target: "com.amazonaws.foo.MemberRefOp" });
      expect(sent.url).to.equal("https://foo-myname.service.region.amazonaws.com/");
    });

    it("Smithy AwsJson11EndpointTraitWithHostLabel: foo.{label}. with label bar is foo.bar.<host>", async () => {
      await call("endpointWithHostLabelOperation", { label: "bar" });
      expect(lastRequest()).to.deep.include({ host: "foo.bar.service.region.amazonaws.com", body: { label: "bar" } });
    });

    it("raw send fills the label from the wire input, by its wire name", async () => {
      const send = client.send as (op: string, input: object) => Promise<object>;
      await send.call(client, "EndpointWithHostLabelOperation", { label: "bar" });
      expect(lastRequest()).to.deep.include({ host: "foo.bar.service.region.amazonaws.com", body: { label: "bar" } });
      await send.call(client, "GetRecords", { accountId: "123456789012", StreamName: "orders" });
      expect(lastRequest()).to.deep.include({ host: "123456789012.data-service.region.amazonaws.com", body: { accountId: "123456789012", StreamName: "orders" } });
      await send.call(client, "StaticOp", { Name: "x" });
      expect(lastRequest().host).to.equal("data-service.region.amazonaws.com");
    });

    it("the typed function of a labelled operation sends the same", async () => {
      const getRecords = mod.getRecords as (c: Client, input: object) => Promise<object>;
      await getRecords(client, { accountId: "123456789012", streamName: "orders" });
      expect(lastRequest()).to.deep.include({ host: "123456789012.data-service.region.amazonaws.com", body: { accountId: "123456789012", StreamName: "orders" } });
    });

    const invalid: [string, string, RegExp][] = [
      ["a.b", "a dot would add a host level", /contains a dot/],
      ["", "empty", /is empty/],
      ["-bar", "leading hyphen", /starts or ends with a hyphen/],
      ["bar-", "trailing hyphen", /starts or ends with a hyphen/],
      ["x".repeat(64), "64 characters", /is 64 characters long/],
      ["b ar", "a space", /other than a letter, digit or hyphen/],
      ["bär", "a non-ASCII letter", /other than a letter, digit or hyphen/],
      ["evil.com/", "a host injection", /contains a dot/],
    ];
    for (const [label, what, why] of invalid) {
      it(`rejects a label that is not a host label (${what}) before any request, naming the member`, async () => {
        const before = stub.requests.length;
        const err = await rejectionOf(call("endpointWithHostLabelOperation", { label }));
        expect(err).to.be.instanceOf(ParamValidationError);
        const problems = (err as ParamValidationError).problems;
        expect(problems).to.have.length(1);
        expect(problems[0]!.path).to.equal("label");
        expect(problems[0]!.message).to.match(/must be a valid host label/).and.match(why);
        expect((err as Error).message).to.include("endpointWithHostLabelOperation").and.include("label");
        expect(stub.requests.length).to.equal(before);
      });
    }

    it("accepts every valid host label: 1 and 63 characters, digits first, inner hyphens, any case", async () => {
      for (const label of ["a", "x".repeat(63), "123456789012", "a-b--c", "MiXeD-9"]) {
        await call("endpointWithHostLabelOperation", { label });
        expect(lastRequest().host).to.equal(`foo.${label}.service.region.amazonaws.com`);
      }
    });

    it("lists a bad label with the input's other problems, typed and raw, each by its own names", async () => {
      const before = stub.requests.length;
      const typed = (await rejectionOf(call("getRecords", { accountId: "1.2", streamName: "no" }))) as ParamValidationError;
      expect(typed.problems.map((p: ValidationProblem) => p.path).sort()).to.deep.equal(["accountId", "streamName"]);
      const send = client.send as (op: string, input: object) => Promise<object>;
      const raw = (await rejectionOf(send.call(client, "GetRecords", { accountId: "1.2", StreamName: "no" }))) as ParamValidationError;
      expect(raw).to.be.instanceOf(ParamValidationError);
      expect(raw.operation).to.equal("GetRecords");
      expect(raw.problems.map((p: ValidationProblem) => p.path).sort()).to.deep.equal(["StreamName", "accountId"]);
      expect(raw.problems.find((p) => p.path === "accountId")!.message).to.match(/must be a valid host label/);
      // Missing: reported once, by the required check; a label that is not a string, as such.
      const missing = (await rejectionOf(send.call(client, "GetRecords", { StreamName: "orders" }))) as ParamValidationError;
      expect(missing.problems).to.deep.equal([{ path: "accountId", message: "is required" }]);
      const notString = (await rejectionOf(send.call(client, "EndpointWithHostLabelOperation", { label: 7 }))) as ParamValidationError;
      expect(notString.problems.map((p) => p.path)).to.deep.equal(["label"]);
      expect(stub.requests.length).to.equal(before);
    });

    it("an optional hostLabel member left unset is a problem: the host cannot be built without it", async () => {
      const before = stub.requests.length;
      const err = (await rejectionOf(call("memberRefOp", {}))) as ParamValidationError;
      expect(err).to.be.instanceOf(ParamValidationError);
      expect(err.problems).to.have.length(1);
      expect(err.problems[0]).to.deep.include({ path: "name" });
      expect(err.problems[0]!.message).to.match(/required.*host/);
      expect(stub.requests.length).to.equal(before);
    });

    it("writes the prefix as the model has it into the descriptor, by wire names", () => {
      const operations = files.get("operations.ts")!;
      expect(operations).to.include('  hostPrefix: "foo.{label}.",').and.include('  hostPrefix: "{accountId}.data-",').and.include('  hostPrefix: "data-",');
      expect(operations).to.include("hostPrefixFor(operation.hostPrefix, input)");
      expect(files.get("functions.ts")).to.include('"foo." + input.label + "."');
    });

    it("refuses a model whose prefix names a member not marked hostLabel, or has a stray brace", () => {
      const unmarked = protocolModel();
      ((unmarked.shapes as Record<string, { members: Record<string, object> }>).MemberRefInputShape!.members.Name = { shape: "StringType" });
      expect(() => generateService({ model: unmarked, source: "x.json" })).to.throw(UnsupportedModelError, /MemberRefOp: host prefix "foo-\{Name\}\.": \{Name\} names no member of the input marked hostLabel/);
      const stray = protocolModel();
      ((stray.operations as Record<string, { endpoint: object }>).StaticOp!.endpoint = { hostPrefix: "data}-" });
      expect(() => generateService({ model: stray, source: "x.json" })).to.throw(UnsupportedModelError, /unbalanced braces/);
    });

    it("runtime helpers: hostPrefixFor leaves static prefixes alone; checkHostLabel reports nothing for a good label", () => {
      expect(hostPrefixFor(undefined, {})).to.equal(undefined);
      expect(hostPrefixFor("data-", { a: "b" })).to.equal("data-");
      expect(hostPrefixFor("{A}.{B}-x.", { A: "one", B: "two" })).to.equal("one.two-x.");
      const problems: ValidationProblem[] = [];
      checkHostLabel(problems, "label", "bar");
      checkHostLabel(problems, "label", undefined);
      expect(problems).to.deep.equal([]);
    });
  });

  describe("timestamps", () => {
    const WHOLE = new Date(946845296 * 1000); // 2000-01-02T20:34:56Z
    const FRACTION = new Date(946845296 * 1000 + 123);

    it("Smithy serializes_timestamp_shapes / botocore Timestamp values: epoch seconds by default", async () => {
      await call("kitchenSinkOperation", { timestamp: WHOLE });
      expect(lastRequest().body).to.deep.equal({ Timestamp: 946845296 });
      await call("kitchenSinkOperation", { timestamp: new Date(1422172800 * 1000) });
      expect(lastRequest().body).to.deep.equal({ Timestamp: 1422172800 });
    });

    it("Smithy serializes_timestamp_shapes_with_iso8601_timestampformat: no fraction when it is zero", async () => {
      await call("kitchenSinkOperation", { iso8601Timestamp: WHOLE, isoShaped: WHOLE });
      expect(lastRequest().body).to.deep.equal({ Iso8601Timestamp: "2000-01-02T20:34:56Z", IsoShaped: "2000-01-02T20:34:56Z" });
    });

    it("ISO 8601 with milliseconds when there are some", async () => {
      await call("kitchenSinkOperation", { iso8601Timestamp: FRACTION, timestamp: FRACTION });
      expect(lastRequest().body).to.deep.equal({ Iso8601Timestamp: "2000-01-02T20:34:56.123Z", Timestamp: 946845296.123 });
      expect(toIsoTimestamp(new Date(Date.UTC(2000, 0, 2, 20, 34, 56, 5)))).to.equal("2000-01-02T20:34:56.005Z");
      expect(toIsoTimestamp(new Date(Date.UTC(1969, 11, 31, 23, 59, 59)))).to.equal("1969-12-31T23:59:59Z");
    });

    it("Smithy serializes_timestamp_shapes_with_httpdate_timestampformat / botocore TimeCustom: RFC 822", async () => {
      await call("kitchenSinkOperation", { httpdateTimestamp: WHOLE });
      expect(lastRequest().body).to.deep.equal({ HttpdateTimestamp: "Sun, 02 Jan 2000 20:34:56 GMT" });
      await call("kitchenSinkOperation", { httpdateTimestamp: new Date(1422172800 * 1000) });
      expect(lastRequest().body).to.deep.equal({ HttpdateTimestamp: "Sun, 25 Jan 2015 08:00:00 GMT" });
    });

    it("Smithy parses_timestamp_shapes, parses_iso8601_timestamps, parses_httpdate_timestamps, with and without fractions", async () => {
      stub.handle((_req, res) =>
        sendJson(res, 200, {
          Timestamp: 946845296,
          Iso8601Timestamp: "2000-01-02T20:34:56Z",
          HttpdateTimestamp: "Sun, 02 Jan 2000 20:34:56 GMT",
          IsoShaped: "2000-01-02T20:34:56.123Z",
        }),
      );
      try {
        const out = await call("kitchenSinkOperation", {});
        expect(out).to.deep.include({ timestamp: WHOLE, iso8601Timestamp: WHOLE, httpdateTimestamp: WHOLE, isoShaped: FRACTION });
      } finally {
        stub.handle((_req, res) => sendJson(res, 200, {}));
      }
    });
  });
});
