/**
 * A DynamoDB stand-in for throughput benchmarks, meant to run in its own
 * process: `node bench/.out/stub-server.js [--port N]` prints
 * `listening <port>` on stdout once it accepts connections.
 *
 * It answers GetItem, PutItem, UpdateItem and Query (100 items) with canned
 * bodies and the headers DynamoDB sends (`x-amzn-requestid`, `x-amz-crc32`
 * over the exact body bytes, `date`), and ignores signatures. Anything else
 * gets DynamoDB's `UnknownOperationException`.
 *
 * It speaks HTTP/1.1 over a raw `net` server rather than `node:http`: the
 * parser below only finds the end of the head, `content-length` (or a chunked
 * body) and `x-amz-target`, and every response is a prebuilt buffer, so the
 * server spends far less CPU per request than any client under test and the
 * measured ceiling is the clients', not the stub's.
 */
import { createServer, type Socket } from "node:net";
import { crc32 } from "node:zlib";
import { wireResponses } from "./fixtures.js";

/** How many distinct request ids are prebuilt per operation and cycled through. */
const RESPONSE_POOL = 64;
const CRLF_CRLF = Buffer.from("\r\n\r\n");

interface Canned {
  status: string;
  body: Buffer;
  crc: string;
  /** Full responses (head and body), one per request id. */
  pool: Buffer[];
  next: number;
}

function canned(status: string, body: unknown): Canned {
  const bytes = Buffer.from(JSON.stringify(body));
  // x-amz-crc32 is the CRC32 of the body bytes as an unsigned decimal
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html#Programming.LowLevelAPI.DataIntegrity).
  return { status, body: bytes, crc: String(crc32(bytes) >>> 0), pool: [], next: 0 };
}

/** Answers by `x-amz-target`, lower-cased like the request heads they are looked up from. */
const answers = new Map<string, Canned>();
for (const [operation, body] of Object.entries(wireResponses())) {
  answers.set(`dynamodb_20120810.${operation.toLowerCase()}`, canned("200 OK", body));
}
const unknownOperation = canned("400 Bad Request", {
  __type: "com.amazon.coral.service#UnknownOperationException",
  message: "The requested operation is not supported by the benchmark stub",
});

let requestCounter = 0;

/** A 52-character request id shaped like DynamoDB's. */
function requestId(): string {
  requestCounter++;
  return "BENCH" + requestCounter.toString(36).toUpperCase().padStart(47, "0");
}

/**
 * Rebuilds every prebuilt response. Runs once a second so that `date` stays
 * current: clients learn clock skew from it.
 */
function rebuild(): void {
  const date = new Date().toUTCString();
  for (const c of [...answers.values(), unknownOperation]) {
    c.pool = [];
    for (let i = 0; i < RESPONSE_POOL; i++) {
      const head =
        `HTTP/1.1 ${c.status}\r\n` +
        `server: Server\r\n` +
        `date: ${date}\r\n` +
        `content-type: application/x-amz-json-1.0\r\n` +
        `content-length: ${c.body.length}\r\n` +
        `connection: keep-alive\r\n` +
        `x-amzn-requestid: ${requestId()}\r\n` +
        `x-amz-crc32: ${c.crc}\r\n\r\n`;
      c.pool.push(Buffer.concat([Buffer.from(head, "latin1"), c.body]));
    }
  }
}

function respond(socket: Socket, target: string): void {
  const c = answers.get(target) ?? unknownOperation;
  socket.write(c.pool[c.next]!);
  c.next = (c.next + 1) % RESPONSE_POOL;
}

/** Reads the value of a header (lower-case `name`, including the colon) from a head. */
function headerValue(head: string, name: string): string | undefined {
  const at = head.indexOf("\r\n" + name);
  if (at < 0) return undefined;
  const start = at + 2 + name.length;
  const end = head.indexOf("\r\n", start);
  return head.slice(start, end < 0 ? undefined : end).trim();
}

/**
 * Finds where a chunked body ends (after the terminating zero-size chunk and
 * its empty trailer), or -1 when more bytes are needed. Chunk contents are
 * skipped, never copied: the stub does not read request bodies.
 */
function chunkedEnd(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at, "latin1");
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.toString("latin1", at, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error("malformed chunk size");
    if (size === 0) {
      // The last chunk is followed by optional trailers and an empty line.
      const end = buffer.indexOf(CRLF_CRLF, lineEnd);
      return end < 0 ? -1 : end + 4;
    }
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return -1;
  }
}

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  let pending: Buffer | undefined;
  socket.on("data", (data: Buffer) => {
    let buffer = pending ? Buffer.concat([pending, data]) : data;
    pending = undefined;
    // A client may pipeline several requests in one segment.
    while (buffer.length > 0) {
      const headEnd = buffer.indexOf(CRLF_CRLF);
      if (headEnd < 0) break;
      // Header names are case-insensitive; lower-casing the head once is
      // cheaper than matching each name case-insensitively.
      const head = buffer.toString("latin1", 0, headEnd).toLowerCase();
      let end: number;
      if (headerValue(head, "transfer-encoding:")?.includes("chunked")) {
        try {
          end = chunkedEnd(buffer, headEnd + 4);
        } catch {
          socket.destroy();
          return;
        }
        if (end < 0) break;
      } else {
        end = headEnd + 4 + Number(headerValue(head, "content-length:") ?? 0);
        if (end > buffer.length) break;
      }
      respond(socket, headerValue(head, "x-amz-target:") ?? "");
      buffer = buffer.subarray(end);
    }
    if (buffer.length > 0) pending = Buffer.from(buffer);
  });
  socket.on("error", () => socket.destroy());
}

/** Starts the stub on `port` (0 for any free port) on 127.0.0.1 and resolves the port. */
export function startStub(port = 0): Promise<{ port: number; close(): void }> {
  rebuild();
  const timer = setInterval(rebuild, 1000);
  timer.unref();
  const server = createServer({ noDelay: true }, serve);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") return reject(new Error("no TCP address"));
      resolve({ port: address.port, close: () => server.close() });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--port");
  const { port } = await startStub(at > 0 ? Number(process.argv[at + 1]) : 0);
  process.stdout.write(`listening ${port}\n`);
  // The parent ends the stub by closing stdin (or killing it).
  process.stdin.resume();
  process.stdin.on("end", () => process.exit(0));
}
