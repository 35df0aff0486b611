/**
 * Per-call CPU cost of the runtime's pieces, with no network in the way:
 * `npx tsx bench/runtime-micro.ts [--rounds N] [--only name,name]`.
 *
 * Each case runs a fixed number of iterations per round and reports the
 * median over rounds of CPU microseconds (user + system, from
 * `process.cpuUsage`) per iteration, and the wall time beside it. CPU time is
 * what the other processes on a shared machine disturb least.
 *
 * The cases:
 * - `call`: `AwsJsonClient.call("GetItem")` end to end over an in-memory
 *   transport answering a canned 0.65 kB item with its `x-amz-crc32`, one
 *   call at a time; `call x16` keeps 16 calls in flight, as the throughput
 *   benchmark does.
 * - `sign`: the runtime's `RequestSigner.sign` on a GetItem request.
 * - `smithy sign`: `SignatureV4.sign` from `@smithy/signature-v4` on the same
 *   request (node:crypto hashing), and with `@aws-crypto/sha256-js`.
 * - `parse`: `parseResponse` on the canned answer (CRC32 + JSON).
 * - `stringify`: `JSON.stringify` of the GetItem and PutItem bodies.
 */
import { HttpRequest as SmithyRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 as JsSha256 } from "@aws-crypto/sha256-js";
import { AwsJsonClient } from "../src/runtime/json-client.js";
import { parseResponse, defaultErrorFactory } from "../src/runtime/response.js";
import { RequestSigner } from "../src/runtime/signer.js";
import { Sha256 } from "../src/runtime/sha256.js";
import { crc32 } from "../src/runtime/crc32.js";
import type { HttpRequest, HttpResponse, ServiceMetadata, Transport } from "../src/runtime/types.js";
import { WIRE_REQUESTS, wireItem } from "./fixtures.js";

const DYNAMODB: ServiceMetadata = {
  serviceId: "DynamoDB",
  signingName: "dynamodb",
  endpointPrefix: "dynamodb",
  targetPrefix: "DynamoDB_20120810",
  jsonVersion: "1.0",
  apiVersion: "2012-08-10",
};
const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE" };
const ENDPOINT = "http://127.0.0.1:8000";

const answerBody = Buffer.from(JSON.stringify({ Item: wireItem(42) }));
const answer: HttpResponse = {
  statusCode: 200,
  headers: {
    "content-type": "application/x-amz-json-1.0",
    "x-amzn-requestid": "8H5ESPD0VDVQNJ1JUGQB6CMV7BVV4KQNSO5AEMVJF66Q9ASUAAJG",
    "x-amz-crc32": String(crc32(answerBody)),
    date: new Date().toUTCString(),
    "content-length": String(answerBody.length),
  },
  body: answerBody,
};

/** Answers every request at once with the canned item; what it costs is not the runtime's. */
class MemoryTransport implements Transport {
  send(_request: HttpRequest): Promise<HttpResponse> {
    return Promise.resolve({ ...answer, headers: { ...answer.headers } });
  }
  async close(): Promise<void> {}
}

interface Case {
  name: string;
  iterations: number;
  /** Runs `n` iterations. */
  run(n: number): Promise<void> | void;
}

function getItemRequest(): HttpRequest {
  return {
    method: "POST",
    url: new URL(ENDPOINT),
    headers: {
      host: "127.0.0.1:8000",
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "DynamoDB_20120810.GetItem",
      "amz-sdk-invocation-id": "5d6bbf44-0b8d-4d55-a1a2-4e8b8c1a9f5e",
      "amz-sdk-request": "attempt=1; max=3",
      "user-agent": "dynaport/0.1.0 lang/js md/nodejs#20 api/dynamodb#2012-08-10",
    },
    body: JSON.stringify(WIRE_REQUESTS.GetItem),
  };
}

function cases(): Case[] {
  const client = new AwsJsonClient({ region: "us-east-1", endpoint: ENDPOINT, credentials: CREDENTIALS, transport: new MemoryTransport() }, DYNAMODB);
  const getBody = WIRE_REQUESTS.GetItem as never;
  const putBody = WIRE_REQUESTS.PutItem;
  const signer = new RequestSigner({ service: "dynamodb", region: "us-east-1", credentials: async () => CREDENTIALS });
  const smithyNode = new SignatureV4({ service: "dynamodb", region: "us-east-1", credentials: CREDENTIALS, sha256: Sha256, applyChecksum: false });
  const smithyJs = new SignatureV4({ service: "dynamodb", region: "us-east-1", credentials: CREDENTIALS, sha256: JsSha256, applyChecksum: false });
  const template = getItemRequest();
  const smithyRequest = () =>
    new SmithyRequest({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 8000, path: "/", headers: { ...template.headers }, body: template.body });

  return [
    {
      name: "call",
      iterations: 20_000,
      async run(n) {
        for (let i = 0; i < n; i++) await client.call("GetItem", getBody);
      },
    },
    {
      name: "call x16",
      iterations: 20_000,
      async run(n) {
        let next = 0;
        const lane = async () => {
          while (next++ < n) await client.call("GetItem", getBody);
        };
        await Promise.all(Array.from({ length: 16 }, lane));
      },
    },
    {
      name: "sign",
      iterations: 20_000,
      async run(n) {
        const now = new Date();
        for (let i = 0; i < n; i++) {
          const request = getItemRequest();
          await signer.sign(request, now);
        }
      },
    },
    {
      name: "smithy sign (node:crypto)",
      iterations: 10_000,
      async run(n) {
        const now = new Date();
        for (let i = 0; i < n; i++) await smithyNode.sign(smithyRequest(), { signingDate: now });
      },
    },
    {
      name: "smithy sign (sha256-js)",
      iterations: 5_000,
      async run(n) {
        const now = new Date();
        for (let i = 0; i < n; i++) await smithyJs.sign(smithyRequest(), { signingDate: now });
      },
    },
    {
      name: "parse",
      iterations: 20_000,
      run(n) {
        for (let i = 0; i < n; i++) parseResponse("GetItem", answer, defaultErrorFactory, 1, 0);
      },
    },
    {
      name: "stringify GetItem",
      iterations: 100_000,
      run(n) {
        for (let i = 0; i < n; i++) JSON.stringify(getBody);
      },
    },
    {
      name: "stringify PutItem",
      iterations: 50_000,
      run(n) {
        for (let i = 0; i < n; i++) JSON.stringify(putBody);
      },
    },
    {
      name: "new request object",
      iterations: 200_000,
      run(n) {
        for (let i = 0; i < n; i++) getItemRequest();
      },
    },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf("--rounds");
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 7;
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? new Set(args[onlyAt + 1]!.split(",")) : undefined;
  const selected = cases().filter((c) => !only || only.has(c.name));
  const results: { name: string; cpu: number; wall: number }[] = [];
  for (const c of selected) {
    await c.run(Math.ceil(c.iterations / 10)); // warm up: let V8 optimise
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = process.cpuUsage();
      const t0 = performance.now();
      await c.run(c.iterations);
      const elapsed = performance.now() - t0;
      const used = process.cpuUsage(start);
      cpu.push(((used.user + used.system) / c.iterations));
      wall.push((elapsed * 1000) / c.iterations);
    }
    results.push({ name: c.name, cpu: median(cpu), wall: median(wall) });
  }
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`node ${process.version}, ${rounds} rounds, medians`);
  console.log(`${"case".padEnd(width)}  CPU µs/op  wall µs/op`);
  for (const r of results) console.log(`${r.name.padEnd(width)}  ${r.cpu.toFixed(2).padStart(9)}  ${r.wall.toFixed(2).padStart(10)}`);
}

await main();
