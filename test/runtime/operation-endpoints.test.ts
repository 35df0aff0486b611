/**
 * Operations with endpoint rule parameters of their own: DynamoDB's
 * `SearchVectors` sets `IsSearchOperation: true` (the model's
 * `staticContextParams`), so it goes to `search-dynamodb.<region>`, signed for
 * that host, whether sent through its function, the class method, raw `send`
 * or `sendOperation`; every other operation stays on the client's endpoint.
 * A recording transport sees each request as it would be sent (nothing
 * reaches AWS).
 */
import { expect } from "chai";
import { DynamoDB, DynamoDBClient, getItem, searchVectors, SearchVectors, sendOperation } from "../../src/index.js";
import { AwsJsonClient, type HttpRequest, type HttpResponse, type Transport } from "../../src/runtime/index.js";
import { endpoint_SearchVectors } from "../../src/generated/dynamodb/operations.js";
import { CREDENTIALS, DYNAMODB, SECRET } from "./fixtures.js";
import { verifySigV4 } from "./sigv4-verifier.js";

/** Records each request and answers `{}`. */
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

/** Where a request went and what it was signed for; throws when the signature does not verify. */
function sentTo(request: HttpRequest): { url: string; host: string; scope: string; target: string } {
  const verified = verifySigV4({ method: request.method, path: request.url.pathname + request.url.search, headers: request.headers, body: request.body as string }, SECRET);
  expect(verified.valid, `${verified.expected} != ${verified.actual}`).to.equal(true);
  expect(verified.signedHeaders).to.include("host");
  return {
    url: request.url.href,
    host: request.headers.host!,
    scope: `${verified.scope.region}/${verified.scope.service}`,
    target: request.headers["x-amz-target"]!,
  };
}

const SEARCH_INPUT = { tableName: "docs", indexName: "by-embedding", searchVector: [{ n: "0.25" }, { n: "-1" }], topK: 3 };
const SEARCH_WIRE = { TableName: "docs", IndexName: "by-embedding", SearchVector: [{ N: "0.25" }, { N: "-1" }], TopK: 3 };

// Keep the machine's endpoint settings out of these clients.
const ENV_NAMES = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"];

describe("endpoints of operations with endpoint parameters (SearchVectors)", () => {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const name of ENV_NAMES) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  });
  after(() => {
    for (const name of ENV_NAMES) if (saved[name] !== undefined) process.env[name] = saved[name];
  });

  it("searchVectors(client), the class method, raw send and sendOperation go to search-dynamodb, signed for it; GetItem stays on dynamodb", async () => {
    const transport = recording();
    const client = new DynamoDB({ region: "us-east-1", credentials: CREDENTIALS, transport });
    await searchVectors(client, SEARCH_INPUT);
    await client.searchVectors(SEARCH_INPUT);
    await client.send("SearchVectors", SEARCH_WIRE);
    await sendOperation(client, SearchVectors, SEARCH_WIRE);
    await getItem(client, { tableName: "docs", key: { id: { s: "1" } } });
    await client.send("GetItem", { TableName: "docs", Key: { id: { S: "1" } } });
    await client.searchVectors(SEARCH_INPUT); // the cached route, after other operations
    const search = { url: "https://search-dynamodb.us-east-1.amazonaws.com/", host: "search-dynamodb.us-east-1.amazonaws.com", scope: "us-east-1/dynamodb", target: "DynamoDB_20120810.SearchVectors" };
    const get = { url: "https://dynamodb.us-east-1.amazonaws.com/", host: "dynamodb.us-east-1.amazonaws.com", scope: "us-east-1/dynamodb", target: "DynamoDB_20120810.GetItem" };
    expect(transport.requests.map(sentTo)).to.deep.equal([search, search, search, search, get, get, search]);
  });

  it("the bare client's function call is routed too, in another region", async () => {
    const transport = recording();
    const client = new DynamoDBClient({ region: "eu-west-1", credentials: CREDENTIALS, transport });
    await searchVectors(client, SEARCH_INPUT);
    expect(sentTo(transport.requests[0]!)).to.include({ host: "search-dynamodb.eu-west-1.amazonaws.com", scope: "eu-west-1/dynamodb" });
  });

  it("FIPS and dual-stack: the search endpoint's variants", async () => {
    const cases: [{ useFipsEndpoint?: boolean; useDualstackEndpoint?: boolean }, string, string][] = [
      [{ useFipsEndpoint: true }, "search-dynamodb-fips.us-east-1.amazonaws.com", "dynamodb-fips.us-east-1.amazonaws.com"],
      [{ useDualstackEndpoint: true }, "search-dynamodb.us-east-1.api.aws", "dynamodb.us-east-1.api.aws"],
      [{ useFipsEndpoint: true, useDualstackEndpoint: true }, "search-dynamodb-fips.us-east-1.api.aws", "dynamodb-fips.us-east-1.api.aws"],
    ];
    for (const [options, searchHost, getHost] of cases) {
      const transport = recording();
      const client = new DynamoDB({ region: "us-east-1", credentials: CREDENTIALS, transport, ...options });
      await client.searchVectors(SEARCH_INPUT);
      await client.send("SearchVectors", SEARCH_WIRE);
      await client.getItem({ tableName: "docs", key: { id: { s: "1" } } });
      expect(transport.requests.map((r) => sentTo(r).host), JSON.stringify(options)).to.deep.equal([searchHost, searchHost, getHost]);
    }
  });

  it("FIPS from AWS_USE_FIPS_ENDPOINT, as the client's own endpoint reads it", async () => {
    process.env.AWS_USE_FIPS_ENDPOINT = "true";
    try {
      const transport = recording();
      const client = new DynamoDB({ region: "us-west-2", credentials: CREDENTIALS, transport });
      await client.searchVectors(SEARCH_INPUT);
      expect(sentTo(transport.requests[0]!).host).to.equal("search-dynamodb-fips.us-west-2.amazonaws.com");
    } finally {
      delete process.env.AWS_USE_FIPS_ENDPOINT;
    }
  });

  it("a custom endpoint receives every operation, path and port kept, signed for the configured region", async () => {
    const transport = recording();
    const client = new DynamoDB({ region: "us-east-1", endpoint: "http://127.0.0.1:8000/base", credentials: CREDENTIALS, transport });
    await client.searchVectors(SEARCH_INPUT);
    await client.send("SearchVectors", SEARCH_WIRE);
    await client.getItem({ tableName: "docs", key: { id: { s: "1" } } });
    expect(transport.requests.map((r) => [r.url.href, r.headers.host])).to.deep.equal([
      ["http://127.0.0.1:8000/base", "127.0.0.1:8000"],
      ["http://127.0.0.1:8000/base", "127.0.0.1:8000"],
      ["http://127.0.0.1:8000/base", "127.0.0.1:8000"],
    ]);
    for (const r of transport.requests) expect(sentTo(r).scope).to.equal("us-east-1/dynamodb");
  });

  it("the local region keeps DynamoDB Local's endpoint for SearchVectors", async () => {
    const transport = recording();
    const client = new DynamoDB({ region: "local", credentials: CREDENTIALS, transport });
    await client.searchVectors(SEARCH_INPUT);
    expect(transport.requests[0]!.url.href).to.equal("http://localhost:8000/");
  });

  it("a host prefix applies to the operation's endpoint", async () => {
    const transport = recording();
    const client = new AwsJsonClient({ region: "us-east-1", credentials: CREDENTIALS, transport }, { ...DYNAMODB, ruleSet: new DynamoDB({ region: "us-east-1", credentials: CREDENTIALS }).service.ruleSet });
    await client.call("SearchVectors", {}, undefined, "data-", undefined, undefined, { IsSearchOperation: true });
    await client.call("GetItem", {}, undefined, "data-");
    expect(transport.requests.map((r) => sentTo(r).host)).to.deep.equal(["data-search-dynamodb.us-east-1.amazonaws.com", "data-dynamodb.us-east-1.amazonaws.com"]);
  });

  it("a service without endpoint rules, or parameters that change nothing, keep the client's endpoint", async () => {
    const transport = recording();
    const bare = new AwsJsonClient({ region: "us-east-1", credentials: CREDENTIALS, transport }, DYNAMODB);
    await bare.call("SearchVectors", {}, undefined, undefined, undefined, undefined, endpoint_SearchVectors);
    const client = new DynamoDB({ region: "us-east-1", credentials: CREDENTIALS, transport });
    await client.call("GetItem", {}, undefined, undefined, undefined, undefined, { IsSearchOperation: false });
    expect(transport.requests.map((r) => sentTo(r).host)).to.deep.equal(["dynamodb.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com"]);
  });

  it("rules that refuse an operation's parameters reject its calls, before any request, and leave the others working", async () => {
    const transport = recording();
    const client = new DynamoDB({ region: "us-east-1", credentials: CREDENTIALS, transport });
    // Account endpoints required, but no account id: the rules answer with an error.
    const err = await client.call("GetItem", {}, undefined, undefined, undefined, undefined, { AccountIdEndpointMode: "required" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).name).to.equal("EndpointError");
    expect(transport.requests).to.have.length(0);
    await client.getItem({ tableName: "docs", key: { id: { s: "1" } } });
    expect(transport.requests).to.have.length(1);
  });

  it("the descriptor and the function share one constant of the model's staticContextParams", () => {
    expect(endpoint_SearchVectors).to.deep.equal({ IsSearchOperation: true });
    expect(SearchVectors.endpointParams).to.equal(endpoint_SearchVectors);
  });
});
