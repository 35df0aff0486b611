import { expect } from "chai";
import fc from "fast-check";
import { gzipSync } from "node:zlib";
import { ChecksumMismatchError, crc32, FetchTransport } from "../../src/runtime/index.js";
import { crc32Table } from "../../src/runtime/crc32.js";
import { sendJson, startStubServer, type StubServer } from "../support/stub-server.js";
import { rejectionOf, sendDynamo, testClient } from "./fixtures.js";

describe("crc32", () => {
  it("matches the standard check value", () => {
    expect(crc32(Buffer.from("123456789"))).to.equal(0xcbf43926);
    expect(crc32Table(Buffer.from("123456789"))).to.equal(0xcbf43926);
    expect(crc32(new Uint8Array(0))).to.equal(0);
  });

  it("agrees between the native and the table implementation", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => crc32(bytes) === crc32Table(bytes)));
  });

  describe("x-amz-crc32 check", () => {
    let server: StubServer;
    before(async () => {
      server = await startStubServer();
    });
    after(() => server.close());

    const body = JSON.stringify({ Item: { pk: { S: "é" } } });
    const badCrc = String((crc32(Buffer.from(body)) + 1) >>> 0);

    it("accepts a body whose CRC32 matches", async () => {
      server.handle((_req, res) => sendDynamo(res, 200, body));
      const client = testClient(server.endpoint);
      expect((await client.call("GetItem", {})).output).to.deep.equal({ Item: { pk: { S: "é" } } });
      await client.destroy();
    });

    it("retries a damaged body and succeeds", async () => {
      let n = 0;
      server.handle((_req, res) => (n++ === 0 ? sendJson(res, 200, body, { "x-amz-crc32": badCrc }) : sendDynamo(res, 200, body)));
      const client = testClient(server.endpoint);
      expect((await client.call("GetItem", {})).$metadata.attempts).to.equal(2);
      await client.destroy();
    });

    it("fails with ChecksumMismatchError when every attempt is damaged", async () => {
      server.handle((_req, res) => sendJson(res, 200, body, { "x-amz-crc32": badCrc }));
      const client = testClient(server.endpoint);
      const err = await rejectionOf(client.call("GetItem", {}));
      expect(err).to.be.instanceOf(ChecksumMismatchError);
      expect(err.code).to.equal("ERR_CRC32_MISMATCH");
      expect(err.expected).to.equal(Number(badCrc));
      expect(err.message).to.include("GetItem").and.include("REQ-200");
      expect(err.$metadata.attempts).to.equal(3);
      await client.destroy();
    });

    it("checks error responses too", async () => {
      server.handle((_req, res) => sendJson(res, 400, { __type: "ValidationException", message: "x" }, { "x-amz-crc32": "1" }));
      const client = testClient(server.endpoint, { maxAttempts: 1 });
      expect(await rejectionOf(client.call("GetItem", {}))).to.be.instanceOf(ChecksumMismatchError);
      await client.destroy();
    });

    for (const [name, transport] of [
      ["undici", undefined],
      ["fetch", new FetchTransport()],
    ] as const) {
      it(`skips the check for a content-encoded body (${name} transport)`, async () => {
        server.handle((_req, res) => {
          const gz = gzipSync(body);
          // The checksum of the uncompressed body does not match the bytes sent.
          res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "content-encoding": "gzip", "content-length": gz.length, "x-amz-crc32": badCrc });
          res.end(gz);
        });
        const client = testClient(server.endpoint, transport ? { transport } : {});
        const result = await client.call("GetItem", {});
        expect(result.output).to.deep.equal({ Item: { pk: { S: "é" } } });
        expect(result.$metadata.attempts).to.equal(1);
        await client.destroy();
      });
    }
  });
});
