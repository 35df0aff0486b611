import { expect } from "chai";
import { jmesPath, paginate, PaginationError, type PaginatorDefinition } from "../../src/runtime/paginate.js";
import type { CallOptions } from "../../src/runtime/types.js";

// The runtime loop against fake operations: what each request carried, and
// when the loop stops. The generated paginators against dynalite are in
// dynamodb.test.ts.

interface ListInput {
  prefix?: string;
  startAfter?: string;
  limit?: number;
}
interface ListOutput {
  names?: string[];
  next?: string;
}

const LIST: PaginatorDefinition = {
  operation: "ListThings",
  inputTokens: ["startAfter"],
  outputTokens: ["next"],
  limitKey: "limit",
  items: "names",
};

/** A fake operation over `all`, recording each request and its options. */
function lister(all: string[], defaultLimit = 3) {
  const requests: ListInput[] = [];
  const options: CallOptions[] = [];
  const op = async (input: ListInput, callOptions: CallOptions): Promise<ListOutput> => {
    requests.push({ ...input });
    options.push(callOptions);
    const start = input.startAfter === undefined ? 0 : all.indexOf(input.startAfter) + 1;
    const limit = input.limit ?? defaultLimit;
    const names = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return more ? { names, next: names[names.length - 1] } : { names };
  };
  return { op, requests, options };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

const letters = "abcdefghij".split("");

describe("paginate", () => {
  it("follows the output token until it is absent", async () => {
    const { op, requests } = lister(letters);
    const pages = await collect(paginate(op, { prefix: "p" }, LIST));
    expect(pages.map((p) => p.names)).to.deep.equal([["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"], ["j"]]);
    expect(requests).to.deep.equal([
      { prefix: "p" },
      { prefix: "p", startAfter: "c" },
      { prefix: "p", startAfter: "f" },
      { prefix: "p", startAfter: "i" },
    ]);
  });

  it("sets the page size and starts from a starting token", async () => {
    const { op, requests } = lister(letters);
    const pages = await collect(paginate(op, {}, LIST, { pageSize: 4, startingToken: "b" }));
    expect(pages.map((p) => p.names)).to.deep.equal([["c", "d", "e", "f"], ["g", "h", "i", "j"]]);
    expect(requests[0]).to.deep.equal({ startAfter: "b", limit: 4 });
  });

  it("yields every item, in order, from items()", async () => {
    const { op } = lister(letters);
    expect(await collect(paginate<ListInput, ListOutput, string>(op, {}, LIST, { pageSize: 2 }).items())).to.deep.equal(letters);
  });

  it("starts again on each iteration and leaves the caller's input alone", async () => {
    const { op, requests } = lister(letters);
    const input: ListInput = { prefix: "x" };
    const paginator = paginate(op, input, LIST);
    expect((await collect(paginator)).length).to.equal(4);
    expect((await collect(paginator)).length).to.equal(4);
    expect(requests.filter((r) => r.startAfter === undefined)).to.have.length(2);
    expect(input).to.deep.equal({ prefix: "x" });
  });

  it("continues from a token already in the input", async () => {
    const { op } = lister(letters);
    const pages = await collect(paginate(op, { startAfter: "h" }, LIST));
    expect(pages.map((p) => p.names)).to.deep.equal([["i", "j"]]);
  });

  it("treats an empty token as the end", async () => {
    const op = async (): Promise<ListOutput> => ({ names: ["a"], next: "" });
    expect(await collect(paginate(op, {}, LIST))).to.have.length(1);
  });

  it("throws a PaginationError when the service repeats the token it was sent", async () => {
    let calls = 0;
    const op = async (input: ListInput): Promise<ListOutput> => {
      calls++;
      return { names: ["x"], next: input.startAfter ?? "t1" };
    };
    const seen: ListOutput[] = [];
    let error: unknown;
    try {
      for await (const page of paginate(op, {}, LIST)) seen.push(page);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(PaginationError);
    expect((error as PaginationError).message).to.match(/ListThings returned the same next it was sent on page 2/);
    expect((error as PaginationError).pages).to.equal(2);
    expect(seen).to.have.length(2);
    expect(calls).to.equal(2);
  });

  it("compares map tokens by content, whatever their key order", async () => {
    const def: PaginatorDefinition = { operation: "Scan", inputTokens: ["exclusiveStartKey"], outputTokens: ["lastEvaluatedKey"] };
    let calls = 0;
    const op = async (): Promise<Record<string, unknown>> => {
      calls++;
      return calls === 1 ? { lastEvaluatedKey: { pk: { s: "a" }, sk: { n: "1" } } } : { lastEvaluatedKey: { sk: { n: "1" }, pk: { s: "a" } } };
    };
    const out = await collect(paginate(op, {}, def)).catch((e: unknown) => e);
    expect(out).to.be.instanceOf(PaginationError);
    expect(calls).to.equal(2);
  });

  it("compares tokens holding bigints (plain keys beyond 2^53)", async () => {
    const def: PaginatorDefinition = { operation: "Query", inputTokens: ["exclusiveStartKey"], outputTokens: ["lastEvaluatedKey"] };
    const keys = [{ id: 2n ** 60n }, { id: 2n ** 60n + 1n }, { id: 2n ** 60n + 1n }];
    let calls = 0;
    const op = async (): Promise<Record<string, unknown>> => ({ lastEvaluatedKey: keys[calls++] });
    const out = await collect(paginate(op, {}, def)).catch((e: unknown) => e);
    // Pages 1 and 2 carry different keys; page 3 repeats page 2's.
    expect(out).to.be.instanceOf(PaginationError);
    expect(calls).to.equal(3);
  });

  it("ends quietly on a repeated token with stopOnSameToken", async () => {
    const op = async (input: ListInput): Promise<ListOutput> => ({ names: ["x"], next: input.startAfter ?? "t1" });
    expect(await collect(paginate(op, {}, LIST, { stopOnSameToken: true }))).to.have.length(2);
  });

  it("stops when more_results says so, even with a token", async () => {
    const def: PaginatorDefinition = { ...LIST, moreResults: "truncated" };
    const outputs = [{ names: ["a"], next: "a", truncated: true }, { names: ["b"], next: "b", truncated: false }];
    let i = 0;
    const op = async () => outputs[i++]!;
    expect(await collect(paginate(op, {}, def))).to.have.length(2);
  });

  it("carries several tokens and evaluates JMESPath output tokens", async () => {
    const def: PaginatorDefinition = {
      operation: "ListParts",
      inputTokens: ["keyMarker", "idMarker"],
      outputTokens: [jmesPath("nextKey || parts[-1].key"), "nextId"],
      // As in S3's ListObjects, the token path always yields something; the flag ends the pages.
      moreResults: "isTruncated",
      items: "parts",
    };
    const requests: Record<string, unknown>[] = [];
    const op = async (input: Record<string, unknown>) => {
      requests.push({ ...input });
      if (requests.length === 1) return { parts: [{ key: "k1" }, { key: "k2" }], nextId: "i1", isTruncated: true };
      if (requests.length === 2) return { parts: [{ key: "k3" }], nextKey: "k9", nextId: "i2", isTruncated: true };
      return { parts: [{ key: "k4" }], isTruncated: false };
    };
    const items = await collect(paginate(op, { bucket: "b" }, def, { startingToken: ["k0", "i0"] }).items());
    expect(items).to.deep.equal([{ key: "k1" }, { key: "k2" }, { key: "k3" }, { key: "k4" }]);
    expect(requests).to.deep.equal([
      { bucket: "b", keyMarker: "k0", idMarker: "i0" },
      { bucket: "b", keyMarker: "k2", idMarker: "i1" },
      { bucket: "b", keyMarker: "k9", idMarker: "i2" },
    ]);
    expect(() => paginate(op, {}, def, { startingToken: "k0" })).to.throw(TypeError, /2 starting tokens/);
  });

  it("reads plain member paths itself: own properties of objects only", async () => {
    const def: PaginatorDefinition = { operation: "Walk", inputTokens: ["token"], outputTokens: ["page.next.id"], moreResults: "page.more", items: "page.list" };
    const outputs: unknown[] = [
      { page: { next: { id: "t1" }, more: true, list: [1, 2] } },
      // `more` is a JMESPath-truthy non-boolean; `list` is not a list, so it yields nothing.
      { page: { next: { id: "t2" }, more: "yes", list: { 0: 3 } } },
      // An inherited `id` is no token, as with JMESPath: the pages end here.
      { page: { next: Object.create({ id: "t3" }) as object, more: true, list: [4] } },
    ];
    const requests: unknown[] = [];
    const op = async (input: Record<string, unknown>) => (requests.push(input.token), outputs[requests.length - 1]!);
    expect(await collect(paginate(op, {}, def).items())).to.deep.equal([1, 2, 4]);
    expect(requests).to.deep.equal([undefined, "t1", "t2"]);

    // An array on the way, or an empty `more`, ends the pages too.
    const ends = [{ page: [{ next: { id: "x" } }], more: true }, { page: { next: { id: "x" }, more: [] } }];
    for (const output of ends) {
      const pages = await collect(paginate(async () => output, {}, def));
      expect(pages).to.have.length(1);
    }
  });

  it("takes other paths as functions, such as jmesPath(), and names a JMESPath string it would need one for", async () => {
    const last = jmesPath("parts[-1].key");
    expect(last.expression).to.equal("parts[-1].key");
    expect(last({ parts: [{ key: "a" }, { key: "b" }] })).to.equal("b");
    const def: PaginatorDefinition = { operation: "ListParts", inputTokens: ["marker"], outputTokens: [last], items: (output) => (output as { parts: unknown[] }).parts };
    const op = async (input: { marker?: string }) => ({ parts: input.marker ? [{ key: input.marker }] : [{ key: "a" }] });
    const error = await collect(paginate(op, {}, def)).catch((e: unknown) => e);
    // The repeated-token message names the expression the function was compiled from.
    expect(error).to.be.instanceOf(PaginationError).and.have.property("message").that.includes("same parts[-1].key");
    for (const path of ["parts[-1].key", "a || b", "a.\"b-c\"", "list[]", "a..b"]) {
      expect(() => paginate(op, {}, { ...def, outputTokens: [path] }), path).to.throw(TypeError, /is not a plain member path.*jmesPath\(/);
      expect(() => paginate(op, {}, { ...def, items: path }), path).to.throw(TypeError, /is not a plain member path/);
      expect(() => paginate(op, {}, { ...def, moreResults: path }), path).to.throw(TypeError, /is not a plain member path/);
    }
  });

  it("passes the signal to each call and stops on its error", async () => {
    const controller = new AbortController();
    const { op, options } = lister(letters);
    const failing = async (input: ListInput, callOptions: CallOptions) => {
      if (callOptions.signal?.aborted) throw callOptions.signal.reason;
      return op(input, callOptions);
    };
    const pages: ListOutput[] = [];
    const error = await (async () => {
      for await (const page of paginate(failing, {}, LIST, { signal: controller.signal })) {
        pages.push(page);
        controller.abort(new Error("stop"));
      }
    })().catch((e: Error) => e);
    expect((error as Error).message).to.equal("stop");
    expect(pages).to.have.length(1);
    expect(options[0]!.signal).to.equal(controller.signal);
  });

  it("rejects a page size the operation cannot take", () => {
    const { op } = lister(letters);
    expect(() => paginate(op, {}, LIST, { pageSize: 0 })).to.throw(RangeError, /positive integer/);
    const { limitKey: _none, ...noLimit } = LIST;
    expect(() => paginate(op, {}, noLimit, { pageSize: 5 })).to.throw(TypeError, /no page size/);
  });
});
