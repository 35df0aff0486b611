/**
 * Operations with `staticContextParams`: the generator emits one constant of
 * them per operation (`endpoint_Find`), which the operation function and the
 * wire descriptor pass to `call`, so the typed function, the class method,
 * raw `send` and `sendOperation` all go to the endpoint the rules give for
 * them, signed with the scope the rules name. Operations without them, and
 * services without any, are generated as before.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { generateService } from "../../codegen/generate.js";
import type { HttpRequest, HttpResponse, Transport } from "../../src/runtime/index.js";
import { REPO, generateToTemp, widgetModel } from "./models.js";

function gadgetModel(): Record<string, unknown> {
  return {
    version: "2.0",
    metadata: {
      apiVersion: "2021-01-01",
      endpointPrefix: "gadgets",
      jsonVersion: "1.0",
      protocol: "json",
      serviceId: "Gadgets",
      signingName: "gadgets",
      targetPrefix: "Gadgets_20210101",
    },
    operations: {
      Find: {
        name: "Find",
        http: { method: "POST", requestUri: "/" },
        input: { shape: "FindInput" },
        output: { shape: "Empty" },
        // Out of order on purpose: the constant is written sorted.
        staticContextParams: { Mode: { value: "search" }, IsFind: { value: true } },
      },
      Get: { name: "Get", http: { method: "POST", requestUri: "/" }, input: { shape: "FindInput" }, output: { shape: "Empty" } },
    },
    shapes: {
      FindInput: { type: "structure", required: ["Name"], members: { Name: { shape: "String" } } },
      Empty: { type: "structure", members: {} },
      String: { type: "string" },
    },
  };
}

function gadgetRules(): unknown {
  const isFind = [{ fn: "booleanEquals", argv: [{ ref: "IsFind" }, true] }, { fn: "stringEquals", argv: [{ ref: "Mode" }, "search"] }];
  return {
    version: "1.0",
    parameters: {
      Region: { builtIn: "AWS::Region", required: false, type: "String" },
      Endpoint: { builtIn: "SDK::Endpoint", required: false, type: "String" },
      IsFind: { required: false, type: "Boolean" },
      Mode: { required: false, type: "String" },
    },
    rules: [
      { conditions: [{ fn: "isSet", argv: [{ ref: "Endpoint" }] }], endpoint: { url: { ref: "Endpoint" }, properties: {}, headers: {} }, type: "endpoint" },
      {
        conditions: isFind,
        endpoint: {
          url: "https://find.{Region}.gadgets.example.com",
          properties: { authSchemes: [{ name: "sigv4", signingName: "gadgetfind", signingRegion: "{Region}" }] },
          headers: { "x-gadget-route": ["find"] },
        },
        type: "endpoint",
      },
      { conditions: [], endpoint: { url: "https://{Region}.gadgets.example.com", properties: {}, headers: {} }, type: "endpoint" },
    ],
  };
}

function recording(): Transport & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async send(request: HttpRequest): Promise<HttpResponse> {
      requests.push(request);
      return { statusCode: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: new TextEncoder().encode("{}") };
    },
    async close() {},
  };
}

describe("codegen: operations' endpoint parameters (staticContextParams)", () => {
  let dir: string;
  let files: ReadonlyMap<string, string>;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "dynaport-endpoint-params-"));
    const runtimeImport = relative(dir, join(REPO, "src/runtime/index.js")).split("\\").join("/");
    ({ files } = generateService({
      model: gadgetModel(),
      source: "test/gadgets.json",
      runtimeImport,
      endpointRuleSet: { json: gadgetRules(), source: "test/gadgets-rules.json" },
    }));
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("emits one sorted constant, passed by the function and the descriptor; other operations pass nothing", () => {
    const operations = files.get("operations.ts")!;
    const functions = files.get("functions.ts")!;
    expect(operations).to.include('export const endpoint_Find: EndpointParams = {"IsFind":true,"Mode":"search"};');
    expect(operations).to.include("  endpointParams: endpoint_Find,");
    expect(operations).to.include("wireErrors(operation.modeledErrors), operation.endpointParams);");
    expect(functions).to.match(/client\.call\("Find", se_FindInput\(input\), options, undefined, read_Empty, undefined, endpoint_Find\)/);
    expect(functions).to.match(/client\.call\("Get", se_FindInput\(input\), options, undefined, read_Empty\)/);
  });

  it("a service without them is generated without any of it", () => {
    const widget = generateToTemp(widgetModel()).files;
    for (const text of [widget.get("operations.ts")!, widget.get("functions.ts")!]) {
      expect(text).not.to.match(/EndpointParams|endpointParams|endpoint_/);
    }
  });

  it("the function, the method, raw send and sendOperation go to the rules' endpoint for them, signed with its scope and headers", async () => {
    const mod = (await import(pathToFileURL(join(dir, "index.ts")).href)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const transport = recording();
    const client = new mod.Gadgets({ region: "eu-west-3", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, transport });
    await mod.find(client, { name: "a" });
    await client.find({ name: "a" });
    await client.send("Find", { Name: "a" });
    await mod.sendOperation(client, mod.Find, { Name: "a" });
    await client.get({ name: "a" });
    await client.send("Get", { Name: "a" });
    const seen = transport.requests.map((r) => [r.url.hostname, r.headers.host, /Credential=[^/]+\/\d+\/([^/]+\/[^/]+)\//.exec(r.headers.authorization!)![1], r.headers["x-gadget-route"] ?? "-"]);
    const find = ["find.eu-west-3.gadgets.example.com", "find.eu-west-3.gadgets.example.com", "eu-west-3/gadgetfind", "find"];
    const get = ["eu-west-3.gadgets.example.com", "eu-west-3.gadgets.example.com", "eu-west-3/gadgets", "-"];
    expect(seen).to.deep.equal([find, find, find, find, get, get]);
    // The routed request signs the rules' header with the rest.
    expect(transport.requests[0]!.headers.authorization).to.match(/SignedHeaders=[^,]*x-gadget-route/);
  });

  it("a custom endpoint takes every operation", async () => {
    const mod = (await import(pathToFileURL(join(dir, "index.ts")).href)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const transport = recording();
    const client = new mod.Gadgets({ region: "eu-west-3", endpoint: "http://127.0.0.1:9/x", credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, transport });
    await client.find({ name: "a" });
    await client.get({ name: "a" });
    expect(transport.requests.map((r) => r.url.href)).to.deep.equal(["http://127.0.0.1:9/x", "http://127.0.0.1:9/x"]);
  });
});
