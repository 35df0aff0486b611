import { expect } from "chai";
import type { HttpRequest, HttpResponse, Transport } from "../../src/runtime/index.js";
import { CREDENTIALS, DYNAMODB, SECRET, testClient } from "./fixtures.js";
import { verifySigV4 } from "./sigv4-verifier.js";

// An operation's modeled `endpoint.hostPrefix` (`data-` for servicediscovery's
// DiscoverInstances) goes in front of the endpoint's host, and the request is
// signed for that host. A capturing transport sees the request as it would be
// sent: a prefixed loopback name would not resolve.

/** Records each request and answers `{}`. */
function capturing(): Transport & { requests: HttpRequest[] } {
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

describe("host prefix", () => {
  it("sends to, and signs for, the prefixed host", async () => {
    const transport = capturing();
    const client = testClient("https://dynamodb.us-east-1.amazonaws.com:8443/base", { transport });
    await client.call("DiscoverInstances", {}, undefined, "data-");
    const [request] = transport.requests;
    expect(request!.url.href).to.equal("https://data-dynamodb.us-east-1.amazonaws.com:8443/base");
    expect(request!.headers.host).to.equal("data-dynamodb.us-east-1.amazonaws.com:8443");
    const verified = verifySigV4(
      { method: request!.method, path: request!.url.pathname, headers: request!.headers, body: request!.body },
      SECRET,
    );
    expect(verified.valid, `${verified.expected} != ${verified.actual}`).to.equal(true);
    expect(verified.signedHeaders).to.include("host");
    expect(CREDENTIALS.accessKeyId).to.equal(verified.accessKeyId);
  });

  it("leaves other operations, and clients built with disableHostPrefix, on the endpoint's host", async () => {
    const transport = capturing();
    const plain = testClient("https://dynamodb.us-east-1.amazonaws.com", { transport });
    await plain.call("GetItem", {});
    const disabled = testClient("https://dynamodb.us-east-1.amazonaws.com", { transport, disableHostPrefix: true }, DYNAMODB);
    await disabled.call("DiscoverInstances", {}, undefined, "data-");
    expect(transport.requests.map((r) => r.headers.host)).to.deep.equal(["dynamodb.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com"]);
    expect(transport.requests.map((r) => r.url.hostname)).to.deep.equal(["dynamodb.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com"]);
  });
});
