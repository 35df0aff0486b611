/**
 * The part of JMESPath (https://jmespath.org/specification.html) that AWS
 * models use: waiter acceptor `argument`s and paginator token and result
 * paths.
 *
 * Every waiter in botocore's data was surveyed. They use field access and
 * subexpressions (`Table.TableStatus`), flatten (`Reservations[].Instances[]`),
 * wildcard projections (`VerificationAttributes.*.VerificationStatus`),
 * filters (`Items[?Status == 'X' || Status == 'Y']`), `length()`,
 * comparisons, `&&`, `||`, `!`, parentheses, JSON literals (`` `0` ``) and raw
 * strings (`'DELETING'`); paginators add negative indexes
 * (`Shards[-1].ShardId`). All of that is here, plus the rest of the grammar
 * that costs a few lines (slices, pipes, multi-select lists and hashes, `@`)
 * and the common functions. Expression references (`&foo`) and the
 * functions that need them (`sort_by`, `max_by`, ...) are not.
 *
 * Expressions are parsed once and cached; evaluation never touches an
 * object's prototype, so a member named `__proto__` or `constructor` in a
 * response is just another (absent or present) field.
 */
import type { JsonValue } from "./types.js";

/** A parsed expression. `start`/`end` on a field delimit it in the source, for tools that rewrite names. */
export type JmesNode =
  | { type: "current" }
  | { type: "field"; name: string; start: number; end: number; quoted: boolean }
  | { type: "literal"; value: JsonValue }
  | { type: "subexpression"; left: JmesNode; right: JmesNode }
  | { type: "index"; left: JmesNode; index: number }
  | { type: "slice"; left: JmesNode; start: number | null; stop: number | null; step: number | null }
  | { type: "projection"; left: JmesNode; right: JmesNode }
  | { type: "valueProjection"; left: JmesNode; right: JmesNode }
  | { type: "filterProjection"; left: JmesNode; condition: JmesNode; right: JmesNode }
  | { type: "flatten"; node: JmesNode }
  | { type: "comparator"; op: Comparator; left: JmesNode; right: JmesNode }
  | { type: "and" | "or" | "pipe"; left: JmesNode; right: JmesNode }
  | { type: "not"; node: JmesNode }
  | { type: "function"; name: string; args: JmesNode[] }
  | { type: "multiSelectList"; items: JmesNode[] }
  | { type: "multiSelectHash"; entries: { key: string; value: JmesNode }[] };

type Comparator = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** A JMESPath syntax error or a function called with arguments of the wrong type. */
export class JmesPathError extends Error {
  override readonly name = "JmesPathError";
  constructor(
    message: string,
    /** The expression being parsed or evaluated. */
    readonly expression: string,
  ) {
    super(`${message} in JMESPath expression ${JSON.stringify(expression)}`);
  }
}

/** Evaluates `expression` against `data` (parsed once, then cached). */
export function search(expression: string, data: unknown): JsonValue {
  let ast = cache.get(expression);
  if (ast === undefined) {
    ast = parse(expression);
    cache.set(expression, ast);
  }
  return evaluate(ast, data, expression);
}

/** A compiled expression: evaluates against its argument; `expression` is the source text. */
export interface PathFunction {
  (data: unknown): JsonValue;
  readonly expression: string;
}

/**
 * Compiles `expression` into a function of the data, parsing it now (so a
 * syntax error surfaces here). Generated paginators pass these for token and
 * result paths that are not plain member paths.
 */
export function jmesPath(expression: string): PathFunction {
  const ast = parse(expression);
  return Object.assign((data: unknown) => evaluate(ast, data, expression), { expression });
}

// Models hold a few hundred distinct expressions at most.
const cache = /* @__PURE__ */ new Map<string, JmesNode>();

/** JMESPath truthiness: `null`, `false`, `""`, `[]` and `{}` are false, everything else true. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) {
    for (const key in value) if (Object.hasOwn(value, key)) return true;
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Lexer

type TokenType =
  | "identifier" | "quoted" | "literal" | "number" | "eof"
  | "." | "*" | "[]" | "[?" | "[" | "]" | "{" | "}" | "(" | ")" | "," | ":" | "@"
  | "|" | "||" | "&&" | "!" | "==" | "!=" | "<" | "<=" | ">" | ">=";

interface Token {
  type: TokenType;
  value?: JsonValue;
  start: number;
  end?: number;
}

const SINGLE: Record<string, TokenType> = {
  ".": ".", "*": "*", "]": "]", "{": "{", "}": "}", "(": "(", ")": ")", ",": ",", ":": ":", "@": "@",
};

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new JmesPathError(`${what} at offset ${i}`, src);
  };
  while (i < src.length) {
    const c = src[i]!;
    const start = i;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      tokens.push({ type: "identifier", value: src.slice(start, i), start, end: i });
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      i++;
      while (i < src.length && src[i]! >= "0" && src[i]! <= "9") i++;
      if (src.slice(start, i) === "-") fail("a '-' without digits");
      tokens.push({ type: "number", value: Number(src.slice(start, i)), start });
    } else if (c === '"') {
      i = closing(src, i, '"') ?? fail("an unterminated quoted identifier");
      tokens.push({ type: "quoted", value: JSON.parse(src.slice(start, i)) as string, start, end: i });
    } else if (c === "'") {
      i = closing(src, i, "'") ?? fail("an unterminated raw string");
      // Only \' is unescaped in a raw string; other backslashes are kept, as
      // the reference implementation (which botocore runs waiters with) does.
      tokens.push({ type: "literal", value: src.slice(start + 1, i - 1).replace(/\\'/g, "'"), start });
    } else if (c === "`") {
      i = closing(src, i, "`") ?? fail("an unterminated literal");
      const text = src.slice(start + 1, i - 1).replace(/\\`/g, "`");
      tokens.push({ type: "literal", value: parseLiteral(text), start });
    } else if (c === "[") {
      const next = src[i + 1];
      if (next === "]") (tokens.push({ type: "[]", start }), (i += 2));
      else if (next === "?") (tokens.push({ type: "[?", start }), (i += 2));
      else (tokens.push({ type: "[", start }), i++);
    } else if (SINGLE[c]) {
      tokens.push({ type: SINGLE[c]!, start });
      i++;
    } else {
      const two = src.slice(i, i + 2);
      if (two === "||" || two === "&&" || two === "==" || two === "!=" || two === "<=" || two === ">=") {
        tokens.push({ type: two, start });
        i += 2;
      } else if (c === "|" || c === "!" || c === "<" || c === ">") {
        tokens.push({ type: c, start });
        i++;
      } else {
        fail(`an unexpected character ${JSON.stringify(c)}`);
      }
    }
  }
  tokens.push({ type: "eof", start: src.length });
  return tokens;
}

/** Index just past the quote that closes the one at `open`, honouring backslash escapes. */
function closing(src: string, open: number, quote: string): number | undefined {
  for (let i = open + 1; i < src.length; i++) {
    if (src[i] === "\\") i++;
    else if (src[i] === quote) return i + 1;
  }
  return undefined;
}

function parseLiteral(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    // Older models write bare strings between backticks (`` `ACTIVE` ``);
    // JMESPath implementations accept them as strings, so do we.
    return text.trim();
  }
}

// ---------------------------------------------------------------------------
// Parser: top-down operator precedence, with the binding powers of the
// reference implementation so that projections stop where it stops them.

const BINDING: Partial<Record<TokenType, number>> = {
  "|": 1, "||": 2, "&&": 3, "==": 5, "!=": 5, "<": 5, "<=": 5, ">": 5, ">=": 5,
  "[]": 9, "*": 20, "[?": 21, ".": 40, "!": 45, "{": 50, "[": 55, "(": 60,
};
// A projection's right-hand side ends at any token that binds less than this.
const PROJECTION_STOP = 10;
const CURRENT: JmesNode = { type: "current" };

/** Parses an expression; throws `JmesPathError` on a syntax error. */
export function parse(src: string): JmesNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (ahead = 0): Token => tokens[Math.min(pos + ahead, tokens.length - 1)]!;
  const bp = (t: Token): number => BINDING[t.type] ?? 0;
  const fail = (what: string, t = peek()): never => {
    throw new JmesPathError(`${what} at offset ${t.start}`, src);
  };
  const expect = (type: TokenType): Token => {
    const t = peek();
    if (t.type !== type) fail(`expected '${type}' but found '${t.type}'`);
    pos++;
    return t;
  };

  function expression(rbp: number): JmesNode {
    let left = nud(tokens[pos++]!);
    while (rbp < bp(peek())) left = led(tokens[pos++]!, left);
    return left;
  }

  function nud(t: Token): JmesNode {
    switch (t.type) {
      case "literal":
        return { type: "literal", value: t.value! };
      case "identifier":
        return { type: "field", name: t.value as string, start: t.start, end: t.end!, quoted: false };
      case "quoted":
        if (peek().type === "(") fail("a quoted identifier cannot name a function");
        return { type: "field", name: t.value as string, start: t.start, end: t.end!, quoted: true };
      case "@":
        return CURRENT;
      case "*":
        return { type: "valueProjection", left: CURRENT, right: projectionRhs(BINDING["*"]!) };
      case "[?":
        return filter(CURRENT);
      case "[]":
        return { type: "projection", left: { type: "flatten", node: CURRENT }, right: projectionRhs(BINDING["[]"]!) };
      case "!":
        return { type: "not", node: expression(BINDING["!"]!) };
      case "(": {
        const inner = expression(0);
        expect(")");
        return inner;
      }
      case "{":
        return multiSelectHash();
      case "[":
        if (peek().type === "number" || peek().type === ":") return indexOrSlice(CURRENT);
        if (peek().type === "*" && peek(1).type === "]") {
          pos += 2;
          return { type: "projection", left: CURRENT, right: projectionRhs(BINDING["*"]!) };
        }
        return multiSelectList();
      default:
        return fail(`unexpected '${t.type}'`, t);
    }
  }

  function led(t: Token, left: JmesNode): JmesNode {
    switch (t.type) {
      case ".":
        if (peek().type === "*") {
          pos++;
          return { type: "valueProjection", left, right: projectionRhs(BINDING["."]!) };
        }
        return { type: "subexpression", left, right: dotRhs(BINDING["."]!) };
      case "|":
        return { type: "pipe", left, right: expression(BINDING["|"]!) };
      case "||":
        return { type: "or", left, right: expression(BINDING["||"]!) };
      case "&&":
        return { type: "and", left, right: expression(BINDING["&&"]!) };
      case "==": case "!=": case "<": case "<=": case ">": case ">=":
        return { type: "comparator", op: t.type, left, right: expression(BINDING[t.type]!) };
      case "[]":
        return { type: "projection", left: { type: "flatten", node: left }, right: projectionRhs(BINDING["[]"]!) };
      case "[?":
        return filter(left);
      case "[":
        if (peek().type === "number" || peek().type === ":") return indexOrSlice(left);
        expect("*");
        expect("]");
        return { type: "projection", left, right: projectionRhs(BINDING["*"]!) };
      case "(": {
        if (left.type !== "field" || left.quoted) fail("only a name can be called", t);
        const args: JmesNode[] = [];
        while (peek().type !== ")") {
          args.push(expression(0));
          if (peek().type === ",") pos++;
          else if (peek().type !== ")") fail("expected ',' or ')'");
        }
        pos++;
        return { type: "function", name: (left as { name: string }).name, args };
      }
      default:
        return fail(`unexpected '${t.type}'`, t);
    }
  }

  function filter(left: JmesNode): JmesNode {
    const condition = expression(0);
    expect("]");
    const right = peek().type === "[]" ? CURRENT : projectionRhs(BINDING["[?"]!);
    return { type: "filterProjection", left, condition, right };
  }

  function indexOrSlice(left: JmesNode): JmesNode {
    const parts: (number | null)[] = [null, null, null];
    let part = 0;
    while (peek().type !== "]") {
      const t = peek();
      if (t.type === ":" && part < 2) (part++, pos++);
      else if (t.type === "number" && parts[part] === null) (parts[part] = t.value as number, pos++);
      else fail(`unexpected '${t.type}' in an index`);
    }
    pos++;
    if (part === 0) {
      if (parts[0] === null) fail("an empty index");
      return { type: "index", left, index: parts[0]! };
    }
    if (parts[2] === 0) fail("a slice step of 0");
    const slice: JmesNode = { type: "slice", left, start: parts[0]!, stop: parts[1]!, step: parts[2]! };
    return { type: "projection", left: slice, right: projectionRhs(BINDING["*"]!) };
  }

  function projectionRhs(rbp: number): JmesNode {
    const t = peek();
    if (bp(t) < PROJECTION_STOP) return CURRENT;
    if (t.type === "[" || t.type === "[?") return expression(rbp);
    if (t.type === ".") {
      pos++;
      return dotRhs(rbp);
    }
    return fail(`unexpected '${t.type}' after a projection`);
  }

  function dotRhs(rbp: number): JmesNode {
    const t = peek();
    if (t.type === "identifier" || t.type === "quoted" || t.type === "*") return expression(rbp);
    if (t.type === "[") {
      pos++;
      return multiSelectList();
    }
    if (t.type === "{") {
      pos++;
      return multiSelectHash();
    }
    return fail(`unexpected '${t.type}' after '.'`);
  }

  function multiSelectList(): JmesNode {
    const items: JmesNode[] = [];
    do items.push(expression(0));
    while (peek().type === "," && pos++);
    expect("]");
    return { type: "multiSelectList", items };
  }

  function multiSelectHash(): JmesNode {
    const entries: { key: string; value: JmesNode }[] = [];
    do {
      const key = peek();
      if (key.type !== "identifier" && key.type !== "quoted") fail("expected a key");
      pos++;
      expect(":");
      entries.push({ key: key.value as string, value: expression(0) });
    } while (peek().type === "," && pos++);
    expect("}");
    return { type: "multiSelectHash", entries };
  }

  const ast = expression(0);
  if (peek().type !== "eof") fail(`unexpected '${peek().type}'`);
  return ast;
}

// ---------------------------------------------------------------------------
// Evaluation

/** Evaluates a parsed expression; `source` only labels errors. */
export function evaluate(node: JmesNode, data: unknown, source = ""): JsonValue {
  const value = data as JsonValue;
  switch (node.type) {
    case "current":
      return value ?? null;
    case "field":
      return isObject(value) && Object.hasOwn(value, node.name) ? (value[node.name] ?? null) : null;
    case "literal":
      return node.value;
    case "subexpression":
      return evaluate(node.right, evaluate(node.left, value, source), source);
    case "pipe":
      return evaluate(node.right, evaluate(node.left, value, source), source);
    case "index": {
      const base = evaluate(node.left, value, source);
      if (!Array.isArray(base)) return null;
      return base[node.index < 0 ? base.length + node.index : node.index] ?? null;
    }
    case "slice": {
      const base = evaluate(node.left, value, source);
      return Array.isArray(base) ? slice(base, node.start, node.stop, node.step) : null;
    }
    case "flatten": {
      const base = evaluate(node.node, value, source);
      if (!Array.isArray(base)) return null;
      const out: JsonValue[] = [];
      for (const element of base) {
        if (Array.isArray(element)) out.push(...element);
        else out.push(element);
      }
      return out;
    }
    case "projection": {
      const base = evaluate(node.left, value, source);
      return Array.isArray(base) ? project(base, node.right, source) : null;
    }
    case "valueProjection": {
      const base = evaluate(node.left, value, source);
      return isObject(base) ? project(ownValues(base), node.right, source) : null;
    }
    case "filterProjection": {
      const base = evaluate(node.left, value, source);
      if (!Array.isArray(base)) return null;
      return project(base.filter((element) => isTruthy(evaluate(node.condition, element, source))), node.right, source);
    }
    case "comparator":
      return compare(node.op, evaluate(node.left, value, source), evaluate(node.right, value, source));
    case "and": {
      const left = evaluate(node.left, value, source);
      return isTruthy(left) ? evaluate(node.right, value, source) : left;
    }
    case "or": {
      const left = evaluate(node.left, value, source);
      return isTruthy(left) ? left : evaluate(node.right, value, source);
    }
    case "not":
      return !isTruthy(evaluate(node.node, value, source));
    case "function":
      return call(node.name, node.args.map((arg) => evaluate(arg, value, source)), source);
    case "multiSelectList":
      if (value === null || value === undefined) return null;
      return node.items.map((item) => evaluate(item, value, source));
    case "multiSelectHash": {
      if (value === null || value === undefined) return null;
      const out: { [key: string]: JsonValue } = Object.create(null);
      for (const { key, value: expr } of node.entries) out[key] = evaluate(expr, value, source);
      return out;
    }
  }
}

function project(elements: JsonValue[], right: JmesNode, source: string): JsonValue[] {
  const out: JsonValue[] = [];
  for (const element of elements) {
    const projected = evaluate(right, element, source);
    if (projected !== null) out.push(projected);
  }
  return out;
}

function slice(list: JsonValue[], start: number | null, stop: number | null, step: number | null): JsonValue[] {
  const n = list.length;
  const s = step ?? 1;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  const out: JsonValue[] = [];
  if (s > 0) {
    for (let i = start === null ? 0 : clamp(start, 0, n), end = stop === null ? n : clamp(stop, 0, n); i < end; i += s) out.push(list[i]!);
  } else {
    for (let i = start === null ? n - 1 : clamp(start, -1, n - 1), end = stop === null ? -1 : clamp(stop, -1, n - 1); i > end; i += s) {
      out.push(list[i]!);
    }
  }
  return out;
}

function compare(op: Comparator, a: JsonValue, b: JsonValue): JsonValue {
  if (op === "==") return deepEqual(a, b);
  if (op === "!=") return !deepEqual(a, b);
  // Ordering is defined between two numbers or, as in the reference
  // implementation botocore uses, two strings; anything else compares as null.
  const bothNumbers = typeof a === "number" && typeof b === "number";
  if (!bothNumbers && (typeof a !== "string" || typeof b !== "string")) return null;
  const x = a as number | string;
  const y = b as number | string;
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

function call(name: string, args: JsonValue[], source: string): JsonValue {
  const fn = FUNCTIONS[name];
  if (!fn) throw new JmesPathError(`unknown function ${name}()`, source);
  if (fn.arity !== undefined && args.length !== fn.arity) {
    throw new JmesPathError(`${name}() takes ${fn.arity} argument(s), got ${args.length}`, source);
  }
  const result = fn.run(args);
  if (result === undefined) throw new JmesPathError(`invalid argument type for ${name}()`, source);
  return result;
}

// Each function returns `undefined` for arguments of the wrong type, which
// `call` turns into an error as the specification requires.
const FUNCTIONS: Record<string, { arity?: number; run(args: JsonValue[]): JsonValue | undefined }> = {
  length: {
    arity: 1,
    run: ([v]) =>
      typeof v === "string" ? [...v].length : Array.isArray(v) ? v.length : isObject(v) ? ownValues(v).length : undefined,
  },
  contains: {
    arity: 2,
    run: ([subject, search]) =>
      typeof subject === "string"
        ? typeof search === "string" && subject.includes(search)
        : Array.isArray(subject)
          ? subject.some((x) => deepEqual(x, search!))
          : undefined,
  },
  starts_with: {
    arity: 2,
    run: ([s, prefix]) => (typeof s === "string" && typeof prefix === "string" ? s.startsWith(prefix) : undefined),
  },
  ends_with: {
    arity: 2,
    run: ([s, suffix]) => (typeof s === "string" && typeof suffix === "string" ? s.endsWith(suffix) : undefined),
  },
  keys: { arity: 1, run: ([v]) => (isObject(v) ? Object.keys(v) : undefined) },
  values: { arity: 1, run: ([v]) => (isObject(v) ? ownValues(v) : undefined) },
  type: {
    arity: 1,
    run: ([v]) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v),
  },
  not_null: { run: (args) => args.find((v) => v !== null) ?? null },
  to_string: { arity: 1, run: ([v]) => (typeof v === "string" ? v : JSON.stringify(v)) },
  to_number: {
    arity: 1,
    run: ([v]) => {
      if (typeof v === "number") return v;
      const n = typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
      return Number.isFinite(n) ? n : null;
    },
  },
  abs: { arity: 1, run: ([v]) => (typeof v === "number" ? Math.abs(v) : undefined) },
  sum: {
    arity: 1,
    run: ([v]) => (Array.isArray(v) && v.every((x) => typeof x === "number") ? (v as number[]).reduce((a, b) => a + b, 0) : undefined),
  },
  max: { arity: 1, run: ([v]) => extreme(v, (a, b) => a > b) },
  min: { arity: 1, run: ([v]) => extreme(v, (a, b) => a < b) },
};

function extreme(v: JsonValue | undefined, better: (a: number | string, b: number | string) => boolean): JsonValue | undefined {
  if (!Array.isArray(v)) return undefined;
  if (v.length === 0) return null;
  const kind = typeof v[0];
  if ((kind !== "number" && kind !== "string") || v.some((x) => typeof x !== kind)) return undefined;
  return (v as (number | string)[]).reduce((a, b) => (better(b, a) ? b : a));
}

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function ownValues(value: { [key: string]: JsonValue }): JsonValue[] {
  return Object.keys(value).map((k) => value[k]!);
}
