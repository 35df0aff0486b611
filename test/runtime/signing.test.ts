import { Sha256 as JsSha256 } from "@aws-crypto/sha256-js";
import { expect } from "chai";
import fc from "fast-check";
import { Sha256 } from "../../src/runtime/sha256.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";
import { CREDENTIALS, SECRET, SESSION_TOKEN, sendDynamo, testClient } from "./fixtures.js";
import { parseAmzDate, verifySigV4 } from "./sigv4-verifier.js";

describe("signing", () => {
  let server: StubServer;
  before(async () => {
    server = await startStubServer((_req, res) => sendDynamo(res, 200, {}));
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it("signs with SigV4 including the session token, verified independently", async () => {
    const client = testClient(server.endpoint, { region: "eu-west-1" });
    const before = Date.now();
    await client.call("PutItem", { TableName: "Music", Item: { Artist: { S: "Ærø – ☃" } } });
    const [request] = server.requests;
    const verified = verifySigV4(request!, SECRET);
    expect(verified.valid, `expected ${verified.expected}, got ${verified.actual}`).to.equal(true);
    expect(verified.accessKeyId).to.equal(CREDENTIALS.accessKeyId);
    expect(verified.scope).to.deep.equal({ date: verified.amzDate.slice(0, 8), region: "eu-west-1", service: "dynamodb" });
    expect(request!.headers["x-amz-security-token"]).to.equal(SESSION_TOKEN);
    expect(verified.signedHeaders).to.include.members(["host", "content-type", "x-amz-date", "x-amz-security-token", "x-amz-target"]);
    expect(verified.signedHeaders).to.not.include("user-agent");
    expect(Math.abs(parseAmzDate(verified.amzDate) - before)).to.be.below(5_000);
    await client.destroy();
  });

  it("signs a custom endpoint's path", async () => {
    const client = testClient(`${server.endpoint}/proxy/dynamo/`);
    await client.call("ListTables", {});
    expect(server.requests[0]!.path).to.equal("/proxy/dynamo/");
    expect(verifySigV4(server.requests[0]!, SECRET).valid).to.equal(true);
    await client.destroy();
  });

  it("omits x-amz-security-token for long-term keys", async () => {
    const client = testClient(server.endpoint, { credentials: { accessKeyId: "AKIDLONGTERM", secretAccessKey: SECRET } });
    await client.call("ListTables", {});
    const [request] = server.requests;
    expect(request!.headers).to.not.have.property("x-amz-security-token");
    expect(verifySigV4(request!, SECRET)).to.include({ valid: true, accessKeyId: "AKIDLONGTERM" });
    await client.destroy();
  });

  it("signs with refreshed credentials once the provider's expire", async () => {
    let n = 0;
    // Expiring within the refresh window, so every call fetches anew.
    const client = testClient(server.endpoint, {
      credentials: async () => ({
        accessKeyId: `AKID${++n}`,
        secretAccessKey: `${SECRET}${n}`,
        sessionToken: `token${n}`,
        expiration: new Date(Date.now() + 60_000),
      }),
    });
    await client.call("ListTables", {});
    await client.call("ListTables", {});
    const [first, second] = server.requests;
    expect(verifySigV4(first!, `${SECRET}1`)).to.include({ valid: true, accessKeyId: "AKID1" });
    expect(verifySigV4(second!, `${SECRET}2`)).to.include({ valid: true, accessKeyId: "AKID2" });
    expect(second!.headers["x-amz-security-token"]).to.equal("token2");
    await client.destroy();
  });

  it("fails without sending when the provider fails", async () => {
    const client = testClient(server.endpoint, {
      credentials: async () => {
        throw new Error("no credentials here");
      },
    });
    let caught: any;
    await client.call("ListTables", {}).catch((err) => (caught = err));
    expect(caught.message).to.equal("no credentials here");
    expect(caught.$metadata.attempts).to.equal(1);
    expect(server.requests).to.have.length(0);
    await client.destroy();
  });

  it("hashes and HMACs exactly like @aws-crypto/sha256-js", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.option(fc.string({ maxLength: 40 })), fc.string(), async (data, key, text) => {
        const mine = key === null ? new Sha256() : new Sha256(key);
        const reference = key === null ? new JsSha256() : new JsSha256(key);
        for (const part of [data, text]) {
          mine.update(part);
          reference.update(part);
        }
        expect(Buffer.from(await mine.digest()).toString("hex")).to.equal(Buffer.from(await reference.digest()).toString("hex"));
      }),
      { numRuns: 100 },
    );
  });
});
