/**
 * Paginators: turn an operation that returns one page and a continuation
 * token into an async iterable of every page.
 *
 * Generated `paginate*` functions are one call to `paginate` with the
 * paginator's definition from `paginators-1.json`: which input members carry
 * the token in, which output paths carry it out, the page size member and
 * the path of the results. The names in a definition are the ones the
 * client's input and output objects use.
 *
 * Most paths are plain member paths (`lastEvaluatedKey`,
 * `streamDescription.shards`; all of DynamoDB's are), which `paginate` reads
 * itself. A few models write JMESPath there (`Shards[-1].ShardId`,
 * `NextMarker || Contents[-1].Key`); for those the generated code passes
 * `jmesPath(expression)`, so only the apps that page such a service bundle
 * the JMESPath evaluator.
 */
import { DynaportError, hasErrorCode } from "./errors.js";
import { isTruthy } from "./jmespath.js";
import type { CallOptions } from "./types.js";

export { jmesPath, type PathFunction } from "./jmespath.js";

/**
 * Where a value sits in an operation's output: a plain member path
 * (`a.b.c`, each step an own property, absent when any step is missing), or
 * a function of the output, such as `jmesPath("parts[-1].id")`.
 */
export type OutputPath = string | ((output: unknown) => unknown);

/** A paginator from the model, in the client's member names. */
export interface PaginatorDefinition {
  /** The operation's name in the model, for messages. */
  readonly operation: string;
  /** Input members that take the continuation token(s). */
  readonly inputTokens: readonly string[];
  /** Paths of the next token(s) in the output, in the order of `inputTokens`. */
  readonly outputTokens: readonly OutputPath[];
  /** Input member that sets the page size, if the operation has one. */
  readonly limitKey?: string;
  /** Path of a value that must be truthy (in JMESPath's sense) for more pages to exist, for models that say so. */
  readonly moreResults?: OutputPath;
  /** Path of the list whose elements `items()` yields. */
  readonly items?: OutputPath;
}

/** Options of every `paginate*` function. */
export interface PaginateOptions<Token> {
  /** Results per page: sets the operation's limit member (`Limit` for DynamoDB). */
  pageSize?: number;
  /**
   * Where to start: the token a previous page returned (for DynamoDB `Query`
   * and `Scan`, a page's `lastEvaluatedKey`). Paginators that carry several
   * tokens take them as an array in the model's order.
   */
  startingToken?: Token;
  /** Cancels the request in flight and ends the iteration with its error. */
  signal?: AbortSignal;
  /**
   * What to do when the service returns the token it was just sent. By
   * default that throws a `PaginationError` (it would loop forever); `true`
   * ends the iteration quietly, as some services signal the end that way.
   */
  stopOnSameToken?: boolean;
}

/** The pages of an operation. Iterating again starts again from the first page. */
export interface Paginator<Page, Item> extends AsyncIterable<Page> {
  /** Each element of each page's result list, in order. */
  items(): AsyncIterable<Item>;
}

/** The element type of a list member that may be absent. */
export type ElementOf<List> = NonNullable<List> extends readonly (infer Element)[] ? Element : never;

/**
 * Thrown when a service hands back the continuation token it was sent: the
 * next page would be the same one, forever. Its `code` is `ERR_PAGINATION`.
 */
export class PaginationError extends DynaportError {
  static readonly code = "ERR_PAGINATION";
  constructor(
    message: string,
    /** The operation being paged. */
    readonly operation: string,
    /** Pages fetched before the error, the repeating one included. */
    readonly pages: number,
  ) {
    super("ERR_PAGINATION", message);
  }

  // Recognised by code, so that two copies of the package agree (see errors.ts).
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return hasErrorCode(this, "ERR_PAGINATION", instance);
  }
}

/**
 * Pages through `operation` from `input`. The caller's `input` is never
 * modified; each request is a copy with the token and page size set.
 */
export function paginate<Input extends object, Output, Item = unknown>(
  operation: (input: Input, options: CallOptions) => Promise<Output>,
  input: Input,
  definition: PaginatorDefinition,
  options: PaginateOptions<unknown> = {},
): Paginator<Output, Item> {
  const { pageSize, signal } = options;
  if (pageSize !== undefined) {
    if (!definition.limitKey) throw new TypeError(`${definition.operation} has no page size to set`);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  }
  const callOptions: CallOptions = signal ? { signal } : {};
  const outputTokens = definition.outputTokens.map((path) => reader(definition, path));
  const moreResults = definition.moreResults === undefined ? undefined : reader(definition, definition.moreResults);
  const items = definition.items === undefined ? undefined : reader(definition, definition.items);
  const firstTokens = startingTokens(definition, input, options.startingToken);

  async function* pages(): AsyncGenerator<Output> {
    let tokens = firstTokens;
    for (let page = 1; ; page++) {
      const request = { ...input } as Record<string, unknown>;
      definition.inputTokens.forEach((member, i) => {
        if (tokens[i] === undefined) delete request[member];
        else request[member] = tokens[i];
      });
      if (pageSize !== undefined) request[definition.limitKey!] = pageSize;

      const output = await operation(request as Input, callOptions);
      yield output;

      if (moreResults && !isTruthy(moreResults(output))) return;
      const next = outputTokens.map((read) => present(read(output)));
      if (next.every((token) => token === undefined)) return;
      if (sameTokens(next, tokens)) {
        if (options.stopOnSameToken) return;
        const names = definition.outputTokens.map(pathText).join(", ");
        throw new PaginationError(
          `${definition.operation} returned the same ${names} it was sent on page ${page}; stopping, as the next page would be the same ` +
            "(pass stopOnSameToken: true if this service ends its pages that way)",
          definition.operation,
          page,
        );
      }
      tokens = next;
    }
  }

  return {
    [Symbol.asyncIterator]: pages,
    async *items() {
      if (items === undefined) throw new TypeError(`${definition.operation} pages have no result list`);
      for await (const output of pages()) {
        const list = items(output);
        if (Array.isArray(list)) yield* list as Item[];
      }
    },
  };
}

const MEMBER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A function reading `path` from an output. A string must be a plain member
 * path: reading anything else would need the JMESPath evaluator, which
 * generated paginators pass as a function where they need it.
 */
function reader(definition: PaginatorDefinition, path: OutputPath): (output: unknown) => unknown {
  if (typeof path === "function") return path;
  if (!MEMBER_PATH.test(path)) {
    throw new TypeError(
      `${definition.operation}: ${JSON.stringify(path)} is not a plain member path (a.b.c); pass jmesPath(${JSON.stringify(path)}) from the runtime for a JMESPath expression`,
    );
  }
  const members = path.split(".");
  return (output) => {
    let value = output;
    for (const member of members) {
      // Own properties of objects only, as JMESPath reads them: an array or a prototype's member is absent.
      if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, member)) return undefined;
      value = (value as Record<string, unknown>)[member];
    }
    return value;
  };
}

/** A path as messages show it: its text, or the expression a `jmesPath` function was made from. */
function pathText(path: OutputPath): string {
  return typeof path === "string" ? path : ((path as { expression?: string }).expression ?? "(output token)");
}

/** The tokens of the first request: `startingToken`, else whatever the input already holds. */
function startingTokens(definition: PaginatorDefinition, input: object, starting: unknown): unknown[] {
  const count = definition.inputTokens.length;
  if (starting === undefined) return definition.inputTokens.map((member) => (input as Record<string, unknown>)[member]);
  if (count === 1) return [starting];
  if (!Array.isArray(starting) || starting.length !== count) {
    throw new TypeError(`${definition.operation} takes ${count} starting tokens (${definition.inputTokens.join(", ")}), as an array`);
  }
  return starting;
}

/** Absent, `null` and empty (`""`, `[]`, `{}`) tokens all mean "no more pages". */
function present(token: unknown): unknown {
  return isTruthy(token) ? token : undefined;
}

function sameTokens(next: unknown[], previous: unknown[]): boolean {
  return next.every((token, i) => token === previous[i] || (token !== undefined && stableJson(token) === stableJson(previous[i])));
}

// Token maps (DynamoDB's LastEvaluatedKey) may come back with their keys in
// another order; compare them by content. Plain-value keys may hold bigints
// (numbers beyond 2^53), which JSON cannot write: they get a tagged string.
function stableJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "bigint"
      ? `bigint:${v}`
      : v && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
        : ArrayBuffer.isView(v)
          ? Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).join(",")
          : v,
  );
}
