/**
 * Plain-value paging for `DynamoDBDocument.paginateQuery` and `paginateScan`,
 * on the runtime's `paginate` loop with the definitions of `Query` and `Scan`
 * from `paginators-1.json` (the same ones the generated `paginateQuery` and
 * `paginateScan` use).
 *
 * The caller sees plain values throughout: pages are document-client outputs,
 * `startingToken` and each page's `lastEvaluatedKey` are plain keys. Inside
 * the loop the continuation key stays in the wire form it arrived in and goes
 * back out unchanged. That keeps it exact whatever the unmarshall options made
 * of its numbers (a `bigint`, a `NumberValue`, or a `wrapNumbers` function's
 * own type, which marshall could not turn back into a number), and gives the
 * loop's repeated-token check plain JSON strings to compare.
 */
import { paginate, type CallOptions, type JsonObject, type PaginateOptions, type PaginatorDefinition, type Paginator } from "../runtime/index.js";
import type { DocumentItem } from "./types.js";

/** Options of `DynamoDBDocument.paginateQuery` and `paginateScan`; `startingToken` is a plain key, a page's `lastEvaluatedKey`. */
export type DocumentPaginateOptions = PaginateOptions<DocumentItem>;

/** One page as a document-client method returns it, with the continuation key still in wire form. */
export interface PageStep<Page> {
  readonly page: Page;
  readonly lastEvaluatedKey: JsonObject | undefined;
}

/** Reads one page: `input` without its start key, which comes separately in wire form. */
export type ReadPage<Input, Page> = (input: Input, wireStartKey: JsonObject | undefined, options: CallOptions) => Promise<PageStep<Page>>;

// `items` points into the step, where the page sits under `page`.
const definitions: Record<"Query" | "Scan", PaginatorDefinition> = {
  Query: { operation: "Query", inputTokens: ["exclusiveStartKey"], outputTokens: ["lastEvaluatedKey"], limitKey: "limit", items: "page.items" },
  Scan: { operation: "Scan", inputTokens: ["exclusiveStartKey"], outputTokens: ["lastEvaluatedKey"], limitKey: "limit", items: "page.items" },
};

/**
 * Pages through `Query` or `Scan` with `readPage`. The starting key
 * (`options.startingToken`, else `input.exclusiveStartKey`) is converted here,
 * so a key that cannot be stored fails at once, before any request.
 */
export function paginateDocument<Input extends { exclusiveStartKey?: DocumentItem }, Page, Item>(
  operation: "Query" | "Scan",
  readPage: ReadPage<Omit<Input, "exclusiveStartKey">, Page>,
  input: Input,
  options: DocumentPaginateOptions,
  toWireKey: (key: DocumentItem, root: string) => JsonObject,
): Paginator<Page, Item> {
  const { exclusiveStartKey, ...rest } = input;
  const start = options.startingToken ?? exclusiveStartKey;
  const root = options.startingToken !== undefined ? "startingToken" : "exclusiveStartKey";
  const steps = paginate<Omit<Input, "exclusiveStartKey"> & { exclusiveStartKey?: JsonObject }, PageStep<Page>, Item>(
    (request, callOptions) => {
      const { exclusiveStartKey: wireStartKey, ...plain } = request;
      return readPage(plain as Omit<Input, "exclusiveStartKey">, wireStartKey, callOptions);
    },
    rest,
    definitions[operation],
    { ...options, startingToken: start === undefined ? undefined : toWireKey(start, root) },
  );
  return {
    async *[Symbol.asyncIterator]() {
      for await (const step of steps) yield step.page;
    },
    items: () => steps.items(),
  };
}
