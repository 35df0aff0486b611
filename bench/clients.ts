/**
 * One adapter per client under test: each makes the four benchmark calls in
 * its own idiom (typed members, raw `send`, plain values) against the stub.
 *
 * Adapters load their package lazily, so that a worker process only ever
 * loads the client it measures (its RSS is that client's) and a package that
 * is not built yet is reported as skipped instead of failing the run. Peers
 * are imported by name (the compiled scripts sit inside the repository, so
 * its node_modules is found); dynaport by the URL of its staged build.
 */
import {
  OPERATIONS,
  QUERY_ITEMS,
  WIRE_REQUESTS,
  plainItem,
  typedItem,
  type Operation,
  type WireItem,
} from "./fixtures.js";

/** Credentials for the stub, which never checks signatures. */
export const BENCH_CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
/** Region every client signs for. */
export const BENCH_REGION = "us-east-1";

/** Where dynaport's build lives; the peers are imported by name. */
export interface ModuleUrls {
  /**
   * The `file:` URL of dynaport's built entry, `dist/index.js`; empty when
   * nothing is built.
   */
  dynaport: string[];
}

/** Imports dynaport's built modules and merges their exports into one namespace. */
export async function loadDynaport(modules: ModuleUrls): Promise<Record<string, any>> {
  if (modules.dynaport.length === 0) throw new Error("dynaport is not built yet");
  const namespaces = await Promise.all(modules.dynaport.map((url) => import(url) as Promise<Record<string, any>>));
  return Object.assign({}, ...namespaces);
}

/** A client ready to make the benchmark calls. */
export interface BenchClient {
  call(operation: Operation): Promise<unknown>;
  /** Throws when a result does not look like the canned answer for `operation`. */
  check(operation: Operation, result: unknown): void;
  close(): Promise<void>;
}

/** Everything an adapter gets to build its client. */
export interface ClientContext {
  endpoint: string;
  modules: ModuleUrls;
}

/** The clients, by the name the runner and the tables use. */
export const CLIENTS = [
  "dynaport",
  "dynaport-unchecked",
  "dynaport-send",
  "dynaport-doc",
  "aws-sdk",
  "aws-sdk-doc",
  "aws-lite",
  "sign+undici",
  "floor+parse",
  "floor",
] as const;
/** One of {@link CLIENTS}. */
export type ClientName = (typeof CLIENTS)[number];

/** What each client is, for the tables' legend. */
export const CLIENT_NOTES: Record<ClientName, string> = {
  dynaport: "dynaport, typed methods (`getItem({ tableName, key })`)",
  "dynaport-unchecked": "the same with `checkExpressions: false`: expressions sent unread",
  "dynaport-send": "dynaport, raw `send(\"GetItem\", wireInput)`",
  "dynaport-doc": "dynaport document layer, plain values",
  "aws-sdk": "`@aws-sdk/client-dynamodb` `DynamoDBClient.send(new GetItemCommand(...))`",
  "aws-sdk-doc": "`@aws-sdk/lib-dynamodb` `DynamoDBDocumentClient`, plain values",
  "aws-lite": "`@aws-lite/client` + `@aws-lite/dynamodb`, plain values",
  "sign+undici": "reference: `@smithy/signature-v4` (sha256-js) per call + undici `Pool` + `JSON.parse`",
  "floor+parse": "the floor plus `JSON.parse` of each body: the ceiling for any client that hands back parsed data",
  floor: "raw floor: one pre-signed request replayed on an undici `Pool`, body read, not parsed",
};

type AnyModule = Record<string, any>;

async function load(specifier: string): Promise<AnyModule> {
  return (await import(specifier)) as AnyModule;
}

// ---- what the results must look like --------------------------------------

function expectItem(item: any, where: string): void {
  if (item === undefined || item === null || typeof item !== "object") throw new Error(`${where}: no item in result`);
  const pk = item.pk;
  const ok = pk === "tenant#7" || pk?.S === "tenant#7" || pk?.s === "tenant#7";
  if (!ok) throw new Error(`${where}: unexpected item ${JSON.stringify(item).slice(0, 200)}`);
}

/** Checks a result whose members are named as on the wire (`Item`) or in lowerCamelCase (`item`). */
function checkResult(operation: Operation, result: any): void {
  switch (operation) {
    case "GetItem":
      return expectItem(result?.Item ?? result?.item, operation);
    case "PutItem":
      if (result === undefined || result === null) throw new Error("PutItem: no result");
      return;
    case "UpdateItem":
      return expectItem(result?.Attributes ?? result?.attributes, operation);
    case "Query": {
      const items = result?.Items ?? result?.items;
      if (!Array.isArray(items) || items.length !== QUERY_ITEMS) throw new Error(`Query: expected ${QUERY_ITEMS} items`);
      return expectItem(items[0], operation);
    }
  }
}

// ---- inputs in each style ---------------------------------------------------

/** The wire requests rewritten with plain values for keys, items and expression values. */
function plainRequests(): Record<Operation, Record<string, any>> {
  const out = {} as Record<Operation, Record<string, any>>;
  for (const op of OPERATIONS) {
    const wire = structuredClone(WIRE_REQUESTS[op]) as Record<string, any>;
    for (const member of ["Key", "Item", "ExpressionAttributeValues"]) {
      if (wire[member] !== undefined) wire[member] = plainItem(wire[member] as WireItem);
    }
    out[op] = wire;
  }
  return out;
}

/** lowerCamelCase a wire member name the way the generator does (`TableName` -> `tableName`). */
function camel(name: string): string {
  const run = /^[A-Z]+/.exec(name)?.[0] ?? "";
  if (run.length <= 1) return name.charAt(0).toLowerCase() + name.slice(1);
  // A leading run of capitals is one word, except its last letter when a lower-case letter follows.
  const cut = run.length === name.length ? run.length : run.length - 1;
  return name.slice(0, cut).toLowerCase() + name.slice(cut);
}

/** The wire requests as typed inputs for the generated methods. */
function typedRequests(): Record<Operation, Record<string, unknown>> {
  const out = {} as Record<Operation, Record<string, unknown>>;
  for (const op of OPERATIONS) {
    const input: Record<string, unknown> = {};
    for (const [member, value] of Object.entries(WIRE_REQUESTS[op])) {
      input[camel(member)] =
        member === "Key" || member === "Item" || member === "ExpressionAttributeValues"
          ? typedItem(value as WireItem)
          : value;
    }
    out[op] = input;
  }
  return out;
}

// ---- the adapters -------------------------------------------------------------

// Every client runs with its defaults (retries included) apart from where to
// send and how to sign: that is what applications get. The stub never fails,
// so no call is retried.
function dynaportConfig(endpoint: string): Record<string, unknown> {
  return { region: BENCH_REGION, endpoint, credentials: BENCH_CREDENTIALS };
}

const TYPED_METHODS: Record<Operation, string> = {
  GetItem: "getItem",
  PutItem: "putItem",
  UpdateItem: "updateItem",
  Query: "query",
};

async function dynaportTyped({ endpoint, modules }: ClientContext, checkExpressions = true): Promise<BenchClient> {
  const { DynamoDB } = await loadDynaport(modules);
  const client = new DynamoDB({ ...dynaportConfig(endpoint), checkExpressions });
  const inputs = typedRequests();
  return {
    call: (op) => client[TYPED_METHODS[op]](inputs[op]),
    check: checkResult,
    close: () => client.destroy(),
  };
}

async function dynaportSend({ endpoint, modules }: ClientContext): Promise<BenchClient> {
  const { DynamoDB } = await loadDynaport(modules);
  const client = new DynamoDB(dynaportConfig(endpoint));
  if (typeof client.send !== "function") throw new Error("dynaport's DynamoDB has no send() yet");
  return {
    call: (op) => client.send(op, WIRE_REQUESTS[op]),
    check: checkResult,
    close: () => client.destroy(),
  };
}

const DOCUMENT_METHODS: Record<Operation, string> = { GetItem: "get", PutItem: "put", UpdateItem: "update", Query: "query" };

async function dynaportDocument({ endpoint, modules }: ClientContext): Promise<BenchClient> {
  const mod = await loadDynaport(modules);
  if (mod.DynamoDBDocument === undefined) throw new Error("dynaport does not export DynamoDBDocument yet");
  const client = new mod.DynamoDB(dynaportConfig(endpoint));
  const doc = typeof mod.DynamoDBDocument.from === "function" ? mod.DynamoDBDocument.from(client) : new mod.DynamoDBDocument(client);
  // The document layer takes the typed members with plain values in place of attribute values.
  const typed = typedRequests();
  const plain = plainRequests();
  const inputs = {} as Record<Operation, Record<string, unknown>>;
  for (const op of OPERATIONS) {
    inputs[op] = { ...typed[op] };
    for (const member of ["Key", "Item", "ExpressionAttributeValues"]) {
      if (plain[op][member] !== undefined) inputs[op][camel(member)] = plain[op][member];
    }
  }
  return {
    call: (op) => doc[DOCUMENT_METHODS[op]](inputs[op]),
    check: checkResult,
    close: () => client.destroy(),
  };
}

async function officialClient({ endpoint }: ClientContext): Promise<AnyModule> {
  const sdk = await load("@aws-sdk/client-dynamodb");
  return {
    sdk,
    client: new sdk.DynamoDBClient({ region: BENCH_REGION, endpoint, credentials: BENCH_CREDENTIALS }),
  };
}

async function awsSdk(context: ClientContext): Promise<BenchClient> {
  const { sdk, client } = await officialClient(context);
  const commands: Record<Operation, any> = {
    GetItem: sdk.GetItemCommand,
    PutItem: sdk.PutItemCommand,
    UpdateItem: sdk.UpdateItemCommand,
    Query: sdk.QueryCommand,
  };
  return {
    // A command is built per call, as application code does.
    call: (op) => client.send(new commands[op](WIRE_REQUESTS[op])),
    check: checkResult,
    close: async () => client.destroy(),
  };
}

async function awsSdkDocument(context: ClientContext): Promise<BenchClient> {
  const { client } = await officialClient(context);
  const lib = await load("@aws-sdk/lib-dynamodb");
  const doc = lib.DynamoDBDocumentClient.from(client);
  const commands: Record<Operation, any> = {
    GetItem: lib.GetCommand,
    PutItem: lib.PutCommand,
    UpdateItem: lib.UpdateCommand,
    Query: lib.QueryCommand,
  };
  const inputs = plainRequests();
  return {
    call: (op) => doc.send(new commands[op](inputs[op])),
    check: checkResult,
    close: async () => client.destroy(),
  };
}

async function awsLite({ endpoint }: ClientContext): Promise<BenchClient> {
  const awsLiteFactory = (await load("@aws-lite/client")).default;
  const plugin = await load("@aws-lite/dynamodb");
  const aws = await awsLiteFactory({
    region: BENCH_REGION,
    ...BENCH_CREDENTIALS,
    endpoint,
    plugins: [plugin.default ?? plugin],
  });
  const inputs = plainRequests();
  return {
    call: (op) => aws.DynamoDB[op](inputs[op]),
    check: checkResult,
    close: async () => {},
  };
}

async function pool(endpoint: string): Promise<any> {
  const { Pool } = await load("undici");
  return new Pool(endpoint, { connections: 64, pipelining: 1 });
}

async function signer(): Promise<any> {
  const { SignatureV4 } = await load("@smithy/signature-v4");
  const { Sha256 } = await load("@aws-crypto/sha256-js");
  return new SignatureV4({ credentials: BENCH_CREDENTIALS, region: BENCH_REGION, service: "dynamodb", sha256: Sha256 });
}

function unsignedRequest(endpoint: string, op: Operation, body: string): any {
  const url = new URL(endpoint);
  return {
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {},
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${op}`,
      "content-length": String(Buffer.byteLength(body)),
    },
    body,
  };
}

/** Headers to hand undici: it sets `host` itself from the pool's origin. */
function withoutHost(headers: Record<string, string>): Record<string, string> {
  const { host: _host, ...rest } = headers;
  return rest;
}

async function signedUndici({ endpoint }: ClientContext): Promise<BenchClient> {
  const http = await pool(endpoint);
  const sigv4 = await signer();
  return {
    async call(op) {
      const body = JSON.stringify(WIRE_REQUESTS[op]);
      const signed = await sigv4.sign(unsignedRequest(endpoint, op, body));
      const response = await http.request({ method: "POST", path: "/", headers: withoutHost(signed.headers), body });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text}`);
      return JSON.parse(text);
    },
    check: checkResult,
    close: () => http.close(),
  };
}

/** Replays one pre-signed request per operation; `parse` also decodes each body as JSON. */
async function floor({ endpoint }: ClientContext, parse: boolean): Promise<BenchClient> {
  const http = await pool(endpoint);
  const sigv4 = await signer();
  const presigned = {} as Record<Operation, { headers: Record<string, string>; body: string }>;
  for (const op of OPERATIONS) {
    const body = JSON.stringify(WIRE_REQUESTS[op]);
    const signed = await sigv4.sign(unsignedRequest(endpoint, op, body));
    presigned[op] = { headers: withoutHost(signed.headers), body };
  }
  return {
    async call(op) {
      const { headers, body } = presigned[op];
      const response = await http.request({ method: "POST", path: "/", headers, body });
      if (parse) {
        const text = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
        return JSON.parse(text);
      }
      const bytes = await response.body.arrayBuffer();
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
      return bytes;
    },
    // The bare floor does not parse; parse here, outside the timed loop, to check the canned answer arrived.
    check: (op, result) => checkResult(op, parse ? result : JSON.parse(Buffer.from(result as ArrayBuffer).toString())),
    close: () => http.close(),
  };
}

/** Builds the named client. */
export function createClient(name: ClientName, context: ClientContext): Promise<BenchClient> {
  switch (name) {
    case "dynaport":
      return dynaportTyped(context);
    case "dynaport-unchecked":
      return dynaportTyped(context, false);
    case "dynaport-send":
      return dynaportSend(context);
    case "dynaport-doc":
      return dynaportDocument(context);
    case "aws-sdk":
      return awsSdk(context);
    case "aws-sdk-doc":
      return awsSdkDocument(context);
    case "aws-lite":
      return awsLite(context);
    case "sign+undici":
      return signedUndici(context);
    case "floor+parse":
      return floor(context, true);
    case "floor":
      return floor(context, false);
  }
}
