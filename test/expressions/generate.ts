/**
 * A seeded generator of DynamoDB expression requests, from the grammar of
 * the Developer Guide: conditions and filters, key conditions, update
 * expressions and projections, each with the `ExpressionAttributeNames` and
 * `ExpressionAttributeValues` it needs (wire attribute values), written to be
 * valid; and mutations of them (a token dropped, duplicated or swapped, a
 * placeholder renamed, a reserved word unaliased, a parenthesis unbalanced,
 * a clause repeated, an overlapping path, an operand of the wrong type, a map
 * entry missing or extra, ...), most of which make the request invalid.
 *
 * The generator only proposes: whether a request is valid is the oracle's
 * (dynalite's) answer, never the generator's intent. The same seed gives the
 * same cases.
 *
 * `npx tsx test/expressions/generate.ts [seed] [count]` prints cases as JSON.
 */
import type { CorpusOperation, WireRequest } from "./oracle.js";

/** One generated request: the expression members only (see `completeRequest`). */
export interface GeneratedCase {
  operation: CorpusOperation;
  request: WireRequest;
  /** How it was made: `valid <operation> <members>` or `<mutation>: <operation> <members>`. */
  note: string;
}

/** A wire attribute value. */
type Wire = Record<string, unknown>;

/** mulberry32: small, fast, and the same everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names usable bare: not reserved, identifier-shaped. */
const PLAIN = ["price", "title", "tags", "info", "rating", "color", "Brand", "qty", "a1", "x_y", "Pictures", "reviews", "ProductCategory", "InStock", "owner_id"];
/** Reserved words (and awkward names) that must be aliased with `#name`. */
const ALIASED = ["status", "name", "size", "count", "year", "data", "comment", "date", "value", "order", "key", "timestamp", "user", "first.name", "my-attr", "Total Sales", "level"];
/** Member names below the top level. */
const MEMBERS = ["street", "zip", "label", "Votes", "city", "FrontView"];
const TYPE_NAMES = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"];

/** Keeps the placeholders one request defines, and what it has used of them. */
class Scope {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, Wire> = {};
  #nameCount = 0;
  #valueCount = 0;
  constructor(readonly rnd: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)]!;
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  /** A `#name` placeholder for `attribute`, reusing one already defined for it. */
  alias(attribute: string): string {
    for (const [k, v] of Object.entries(this.names)) if (v === attribute) return k;
    const key = this.chance(0.5) ? `#n${this.#nameCount++}` : `#${attribute.replace(/[^A-Za-z0-9_]/g, "_")}${this.#nameCount++}`;
    this.names[key] = attribute;
    return key;
  }

  /** A `:value` placeholder for `value`. */
  value(value: Wire): string {
    const key = this.chance(0.7) ? `:v${this.#valueCount++}` : `:val_${this.#valueCount++}`;
    this.values[key] = value;
    return key;
  }

  /** An attribute name as written in a path: bare, or through an alias. */
  name(attribute?: string): string {
    const a = attribute ?? (this.chance(0.65) ? this.pick(PLAIN) : this.pick(ALIASED));
    if (ALIASED.includes(a) || this.chance(0.15)) return this.alias(a);
    return a;
  }

  /** A document path under a given head, with up to two members or list indexes. */
  path(head?: string, depth = this.int(0, 2)): string {
    let out = head ?? this.name();
    for (let i = 0; i < depth; i++) {
      out += this.chance(0.6) ? `.${this.chance(0.8) ? this.pick(MEMBERS) : this.alias(this.pick(ALIASED))}` : `[${this.int(0, 12)}]`;
    }
    return out;
  }

  /** A random scalar value: S, N or B (what every comparison and key accepts). */
  scalar(type = this.pick(["S", "S", "N", "N", "B"])): Wire {
    if (type === "N") return { N: String(this.int(-50, 500)) };
    if (type === "B") return { B: this.pick(["AQID", "AAEC", "/w==", "ZGF0YQ=="]) };
    return { S: this.pick(["alpha", "Bicycle", "red", "2024-01-01", "x y z", "Ω"]) };
  }

  /** Any value, sets and documents included. */
  any(): Wire {
    switch (this.int(0, 8)) {
      case 0:
        return { BOOL: this.chance(0.5) };
      case 1:
        return { NULL: true };
      case 2:
        return { SS: ["a", "b"] };
      case 3:
        return { NS: ["1", "2.5"] };
      case 4:
        return { L: [{ S: "x" }, { N: "2" }] };
      case 5:
        return { M: { inner: { S: "y" } } };
      default:
        return this.scalar();
    }
  }

  /** Bounds for BETWEEN: two values of one type, lower first. */
  bounds(): [Wire, Wire] {
    const type = this.pick(["S", "N", "N"]);
    if (type === "N") {
      const a = this.int(-10, 100);
      return [{ N: String(a) }, { N: String(a + this.int(0, 50)) }];
    }
    const [a, b] = [this.pick(["a", "c", "m"]), this.pick(["n", "t", "z"])];
    return [{ S: a }, { S: b }];
  }
}

// ---------------------------------------------------------------------------
// Valid expressions.

/** An operand of a comparison: a path, a value, or `size(path)`. */
function operand(s: Scope): string {
  const r = s.rnd();
  if (r < 0.45) return s.path();
  if (r < 0.85) return s.value(s.scalar());
  return `size(${s.path()})`;
}

/** One comparison or function call of a condition. */
function atom(s: Scope): string {
  switch (s.int(0, 9)) {
    case 0:
    case 1:
    case 2: {
      const left = s.chance(0.8) ? s.path() : `size(${s.path()})`;
      return `${left} ${s.pick(["=", "<>", "<", "<=", ">", ">="])} ${s.chance(0.85) ? s.value(s.scalar()) : operand(s)}`;
    }
    case 3: {
      const [lo, hi] = s.bounds();
      return `${s.path()} ${s.pick(["BETWEEN", "between", "Between"])} ${s.value(lo)} ${s.pick(["AND", "and"])} ${s.value(hi)}`;
    }
    case 4: {
      const n = s.int(1, 6);
      const items = Array.from({ length: n }, () => s.value(s.scalar()));
      return `${s.path()} ${s.pick(["IN", "in"])} (${items.join(s.pick([", ", ",", " , "]))})`;
    }
    case 5:
      return `${s.pick(["attribute_exists", "attribute_not_exists"])}(${s.path()})`;
    case 6:
      return `attribute_type(${s.path()}, ${s.value({ S: s.pick(TYPE_NAMES) })})`;
    case 7:
      return `begins_with(${s.path()}, ${s.value(s.scalar(s.pick(["S", "S", "B"])))})`;
    case 8:
      return `contains(${s.path()}, ${s.value(s.chance(0.8) ? s.scalar() : s.any())})`;
    default:
      return `size(${s.path()}) ${s.pick(["<", ">=", "="])} ${s.value({ N: String(s.int(0, 40)) })}`;
  }
}

/** A condition of up to `depth` levels of AND/OR/NOT, parenthesised where it must be or may be. */
function condition(s: Scope, depth: number): string {
  if (depth <= 0 || s.chance(0.35)) return atom(s);
  switch (s.int(0, 4)) {
    case 0:
      return `${s.pick(["NOT", "not"])} ${group(s, depth - 1)}`;
    case 1:
    case 2:
      return `${group(s, depth - 1)} ${s.pick(["AND", "and", "And"])} ${group(s, depth - 1)}`;
    default:
      return `${group(s, depth - 1)} ${s.pick(["OR", "or"])} ${group(s, depth - 1)}`;
  }
}

/** A condition as an operand of AND/OR/NOT: compound ones in parentheses, atoms sometimes. */
function group(s: Scope, depth: number): string {
  const inner = condition(s, depth);
  return /\s(AND|OR|NOT)\s/i.test(` ${inner} `) || s.chance(0.2) ? `(${inner})` : inner;
}

/** A key condition on `pk` (hash) and, sometimes, `sk` (range). */
function keyCondition(s: Scope): string {
  const pk = s.chance(0.3) ? s.alias("pk") : "pk";
  const hash = s.chance(0.85) ? `${pk} = ${s.value(s.scalar("S"))}` : `${s.value(s.scalar("S"))} = ${pk}`;
  if (s.chance(0.3)) return hash;
  const sk = s.chance(0.3) ? s.alias("sk") : "sk";
  let range: string;
  switch (s.int(0, 3)) {
    case 0:
      range = `${sk} ${s.pick(["=", "<", "<=", ">", ">="])} ${s.value(s.scalar("S"))}`;
      break;
    case 1: {
      const lo = s.pick(["a", "b"]);
      range = `${sk} BETWEEN ${s.value({ S: lo })} AND ${s.value({ S: lo + s.pick(["x", "zz"]) })}`;
      break;
    }
    case 2:
      range = `begins_with(${sk}, ${s.value(s.scalar("S"))})`;
      break;
    default:
      range = `${s.value(s.scalar("S"))} ${s.pick(["<", ">"])} ${sk}`;
  }
  const parts = s.chance(0.8) ? [hash, range] : [range, hash];
  const wrap = (p: string) => (s.chance(0.15) ? `(${p})` : p);
  return `${wrap(parts[0]!)} ${s.pick(["AND", "and"])} ${wrap(parts[1]!)}`;
}

/** Distinct top-level names for the targets of one update, so that no two paths overlap. */
function targetHeads(s: Scope, n: number): string[] {
  const pool = [...PLAIN, ...ALIASED].sort(() => s.rnd() - 0.5);
  return pool.slice(0, n).map((a) => s.name(a));
}

/** The right-hand side of a SET action. */
function setValue(s: Scope, target: string): string {
  switch (s.int(0, 6)) {
    case 0:
      return `${s.chance(0.5) ? target : s.path()} ${s.pick(["+", "-"])} ${s.value({ N: String(s.int(1, 9)) })}`;
    case 1:
      return `if_not_exists(${s.chance(0.6) ? target : s.path()}, ${s.value(s.any())})`;
    case 2:
      return s.chance(0.5)
        ? `list_append(${target}, ${s.value({ L: [{ S: "n" }] })})`
        : `list_append(${s.value({ L: [{ N: "1" }] })}, ${s.path()})`;
    case 3:
      return `if_not_exists(${target}, ${s.value({ N: "0" })}) + ${s.value({ N: "1" })}`;
    case 4:
      return s.path();
    default:
      return s.value(s.any());
  }
}

/** An update expression of one to four clauses in any order, on non-overlapping paths. */
function update(s: Scope): string {
  const kinds = (["SET", "REMOVE", "ADD", "DELETE"] as const).filter(() => s.chance(0.5));
  if (kinds.length === 0) kinds.push("SET");
  kinds.sort(() => s.rnd() - 0.5);
  const counts = kinds.map(() => s.int(1, 3));
  const heads = targetHeads(s, counts.reduce((a, b) => a + b, 0));
  const clauses = kinds.map((kind, i) => {
    const mine = heads.splice(0, counts[i]!);
    const actions = mine.map((head) => {
      const target = s.path(head, s.chance(0.7) ? 0 : s.int(1, 2));
      switch (kind) {
        case "SET":
          return `${target} ${s.pick(["=", " = ", "="])} ${setValue(s, target)}`.replace(/\s+/g, " ");
        case "REMOVE":
          return target;
        case "ADD":
          return `${target} ${s.value(s.pick<Wire>([{ N: "1" }, { N: "-2.5" }, { SS: ["p", "q"] }, { NS: ["7"] }, { BS: ["AQID"] }]))}`;
        default:
          return `${target} ${s.value(s.pick<Wire>([{ SS: ["p"] }, { NS: ["1", "2"] }, { BS: ["AAEC"] }]))}`;
      }
    });
    const keyword = s.chance(0.8) ? kind : kind.toLowerCase();
    return `${keyword} ${actions.join(s.pick([", ", ","]))}`;
  });
  return clauses.join(s.pick([" ", "  ", "\n"]));
}

/** A projection of one to five non-overlapping paths. */
function projection(s: Scope): string {
  const heads = targetHeads(s, s.int(1, 5));
  return heads.map((h) => s.path(h, s.chance(0.7) ? 0 : s.int(1, 2))).join(s.pick([", ", ","]));
}

/** A valid request of a random operation, with exactly the placeholders it uses. */
function validCase(s: Scope): GeneratedCase {
  const operation = s.pick<CorpusOperation>(["UpdateItem", "UpdateItem", "UpdateItem", "PutItem", "DeleteItem", "GetItem", "Query", "Query", "Scan", "Scan"]);
  const request: WireRequest = {};
  switch (operation) {
    case "UpdateItem":
      request.UpdateExpression = update(s);
      if (s.chance(0.5)) request.ConditionExpression = condition(s, s.int(0, 2));
      break;
    case "PutItem":
    case "DeleteItem":
      request.ConditionExpression = condition(s, s.int(0, 3));
      break;
    case "GetItem":
      request.ProjectionExpression = projection(s);
      break;
    case "Query":
      request.KeyConditionExpression = keyCondition(s);
      if (s.chance(0.4)) request.FilterExpression = condition(s, s.int(0, 2));
      if (s.chance(0.3)) request.ProjectionExpression = projection(s);
      break;
    case "Scan":
      if (s.chance(0.85)) request.FilterExpression = condition(s, s.int(0, 3));
      if (s.chance(0.3) || request.FilterExpression === undefined) request.ProjectionExpression = projection(s);
      break;
  }
  if (Object.keys(s.names).length > 0) request.ExpressionAttributeNames = { ...s.names };
  if (Object.keys(s.values).length > 0) request.ExpressionAttributeValues = { ...s.values };
  const kinds = Object.keys(request).filter((k) => k.endsWith("Expression")).join("+");
  return { operation, request, note: `valid ${operation} ${kinds}` };
}

// ---------------------------------------------------------------------------
// Mutations. Each takes a valid request (a copy) and changes one thing.

const EXPRESSIONS = ["UpdateExpression", "ConditionExpression", "KeyConditionExpression", "FilterExpression", "ProjectionExpression"];
const TOKEN = /#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\d+|<>|<=|>=|[=<>(),.[\]+-]/g;

interface Token {
  text: string;
  at: number;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], at: m.index! }));
}

function splice(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

type Mutation = (s: Scope, r: WireRequest) => boolean;

/** One expression member of the request, at random. */
function someExpression(s: Scope, r: WireRequest): string | undefined {
  const present = EXPRESSIONS.filter((k) => typeof r[k] === "string");
  return present.length > 0 ? s.pick(present) : undefined;
}

function editTokens(edit: (s: Scope, text: string, list: Token[]) => string | undefined): Mutation {
  return (s, r) => {
    const member = someExpression(s, r);
    if (!member) return false;
    const text = r[member] as string;
    const list = tokens(text);
    if (list.length === 0) return false;
    const out = edit(s, text, list);
    if (out === undefined || out === text) return false;
    r[member] = out;
    return true;
  };
}

function names(r: WireRequest): Record<string, string> {
  return (r.ExpressionAttributeNames ??= {}) as Record<string, string>;
}

function values(r: WireRequest): Record<string, Wire> {
  return (r.ExpressionAttributeValues ??= {}) as Record<string, Wire>;
}

/** The mutations by name; `generateCases` picks among them evenly. */
export const MUTATIONS: Record<string, Mutation> = {
  "token dropped": editTokens((s, text, list) => {
    const t = s.pick(list);
    return splice(text, t.at, t.text.length, "");
  }),
  "token duplicated": editTokens((s, text, list) => {
    const t = s.pick(list);
    return splice(text, t.at, 0, `${t.text} `);
  }),
  "tokens swapped": editTokens((s, text, list) => {
    if (list.length < 2) return undefined;
    const i = s.int(0, list.length - 2);
    const [a, b] = [list[i]!, list[i + 1]!];
    return text.slice(0, a.at) + b.text + text.slice(a.at + a.text.length, b.at) + a.text + text.slice(b.at + b.text.length);
  }),
  "whitespace dropped": editTokens((s, text) => {
    const gaps = [...text.matchAll(/\s+/g)];
    if (gaps.length === 0) return undefined;
    const gap = s.pick(gaps);
    return splice(text, gap.index!, gap[0].length, "");
  }),
  "operator replaced": editTokens((s, text, list) => {
    const ops = list.filter((t) => /^(=|<>|<=|>=|<|>|\+|-|,)$/.test(t.text));
    if (ops.length === 0) return undefined;
    const t = s.pick(ops);
    return splice(text, t.at, t.text.length, s.pick(["==", "!=", "=<", "=>", "<", "=", ",", "+", ";", "&&"]));
  }),
  "keyword case changed": editTokens((s, text, list) => {
    const words = list.filter((t) => /^(and|or|not|between|in|set|remove|add|delete)$/i.test(t.text));
    if (words.length === 0) return undefined;
    const t = s.pick(words);
    const changed = [...t.text].map((c) => (s.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join("");
    return splice(text, t.at, t.text.length, changed);
  }),
  "function name case changed": editTokens((s, text, list) => {
    const fns = list.filter((t) => /^(attribute_exists|attribute_not_exists|attribute_type|begins_with|contains|size|if_not_exists|list_append)$/.test(t.text));
    if (fns.length === 0) return undefined;
    const t = s.pick(fns);
    return splice(text, t.at, t.text.length, s.chance(0.5) ? t.text.toUpperCase() : t.text[0]!.toUpperCase() + t.text.slice(1));
  }),
  "unknown function": editTokens((s, text, list) => {
    const fns = list.filter((t, i) => list[i + 1]?.text === "(" && /^[a-z_]+$/.test(t.text));
    if (fns.length === 0) return undefined;
    const t = s.pick(fns);
    return splice(text, t.at, t.text.length, s.pick(["exists", "attribute_exist", "beginswith", "length", "starts_with", "list_prepend", "if_exists"]));
  }),
  "placeholder renamed": editTokens((s, text, list) => {
    const ph = list.filter((t) => /^[#:]/.test(t.text));
    if (ph.length === 0) return undefined;
    const t = s.pick(ph);
    return splice(text, t.at, t.text.length, `${t.text}x`);
  }),
  "reserved word unaliased": (s, r) => {
    const member = someExpression(s, r);
    if (!member) return false;
    const text = r[member] as string;
    const map = (r.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const candidates = tokens(text).filter((t) => t.text.startsWith("#") && /^[A-Za-z][A-Za-z0-9_]*$/.test(map[t.text] ?? ""));
    if (candidates.length > 0) {
      const t = s.pick(candidates);
      r[member] = splice(text, t.at, t.text.length, map[t.text]!);
      return true;
    }
    // No alias to undo: put a reserved word where a bare name is.
    const bare = tokens(text).filter((t, i, all) => PLAIN.includes(t.text) && all[i + 1]?.text !== "(");
    if (bare.length === 0) return false;
    const t = s.pick(bare);
    r[member] = splice(text, t.at, t.text.length, s.pick(["status", "name", "size", "count", "year", "date", "Comment", "VALUE"]));
    return true;
  },
  "parenthesis unbalanced": editTokens((s, text, list) => {
    const parens = list.filter((t) => t.text === "(" || t.text === ")");
    if (parens.length === 0 || s.chance(0.3)) return s.chance(0.5) ? `(${text}` : `${text})`;
    const t = s.pick(parens);
    return splice(text, t.at, 1, "");
  }),
  "parentheses doubled": editTokens((s, text, list) => {
    const opens = list.filter((t) => t.text === "(");
    if (opens.length === 0) return `((${text}))`;
    // Double one parenthesised group: find its matching close.
    const open = s.pick(opens);
    let depth = 0;
    for (let i = open.at; i < text.length; i++) {
      if (text[i] === "(") depth++;
      else if (text[i] === ")" && --depth === 0) return `${text.slice(0, open.at)}(${text.slice(open.at, i + 1)})${text.slice(i + 1)}`;
    }
    return undefined;
  }),
  "name definition removed": (s, r) => {
    const map = r.ExpressionAttributeNames as Record<string, string> | undefined;
    if (!map) return false;
    delete map[s.pick(Object.keys(map))];
    if (Object.keys(map).length === 0 && s.chance(0.5)) delete r.ExpressionAttributeNames;
    return true;
  },
  "value definition removed": (s, r) => {
    const map = r.ExpressionAttributeValues as Record<string, Wire> | undefined;
    if (!map) return false;
    delete map[s.pick(Object.keys(map))];
    if (Object.keys(map).length === 0 && s.chance(0.5)) delete r.ExpressionAttributeValues;
    return true;
  },
  "unused name": (s, r) => {
    names(r)[s.pick(["#unused", "#n99", "#extra"])] = s.pick(["x", "status", "color"]);
    return true;
  },
  "unused value": (s, r) => {
    values(r)[s.pick([":unused", ":v99", ":extra"])] = s.scalar();
    return true;
  },
  "bad placeholder key": (s, r) => {
    if (s.chance(0.5)) names(r)[s.pick(["n", "#bad-key", "#", "# x", "##n"])] = "x";
    else values(r)[s.pick(["v", ":bad-key", ":", ": x", "::v"])] = { S: "x" };
    return true;
  },
  "empty map": (s, r) => {
    if (s.chance(0.5)) r.ExpressionAttributeNames = {};
    else r.ExpressionAttributeValues = {};
    return true;
  },
  "empty expression": (s, r) => {
    const member = someExpression(s, r);
    if (!member) return false;
    r[member] = s.pick(["", " ", "\t"]);
    return true;
  },
  "clause repeated": (s, r) => {
    const text = r.UpdateExpression as string | undefined;
    if (text === undefined) return false;
    const clause = text.match(/(?:^|\s)((?:set|remove|add|delete)\s[^]*?)(?=\s+(?:set|remove|add|delete)\s|$)/i);
    if (!clause) return false;
    r.UpdateExpression = s.chance(0.5) ? `${text} ${clause[1]}` : `${clause[1]} ${text}`;
    return true;
  },
  "path overlapping": (s, r) => {
    const text = r.UpdateExpression as string | undefined;
    if (text !== undefined) {
      const target = text.match(/(?:set|remove|add|delete)\s+([#A-Za-z_][#A-Za-z0-9_]*)/i);
      if (!target) return false;
      const nested = s.chance(0.5) ? `${target[1]}.${s.pick(MEMBERS)}` : s.chance(0.5) ? `${target[1]}[0]` : target[1]!;
      r.UpdateExpression = `${text} ${s.chance(0.5) ? "REMOVE" : "remove"} ${nested}`;
      if (/\sremove\s/i.test(text)) r.UpdateExpression = text.replace(/(remove\s+)/i, `$1${nested}, `);
      return true;
    }
    const projection = r.ProjectionExpression as string | undefined;
    if (projection === undefined) return false;
    const first = projection.split(",")[0]!.trim();
    r.ProjectionExpression = `${projection}, ${s.chance(0.5) ? first : `${first}.${s.pick(MEMBERS)}`}`;
    return true;
  },
  "operand of the wrong type": (s, r) => {
    const map = r.ExpressionAttributeValues as Record<string, Wire> | undefined;
    if (!map) return false;
    const key = s.pick(Object.keys(map));
    map[key] = s.pick<Wire>([{ BOOL: true }, { NULL: true }, { N: "3" }, { S: "s" }, { SS: ["z"] }, { L: [] }, { M: {} }, { S: "NOPE" }]);
    return true;
  },
  "BETWEEN bounds reversed": (s, r) => {
    const member = someExpression(s, r);
    if (!member) return false;
    const text = r[member] as string;
    const m = text.match(/between\s+(:[A-Za-z0-9_]+)\s+and\s+(:[A-Za-z0-9_]+)/i);
    if (!m) return false;
    r[member] = text.replace(m[0], m[0].replace(m[1]!, "\u0000").replace(m[2]!, m[1]!).replace("\u0000", m[2]!));
    return true;
  },
  "IN list changed": (s, r) => {
    const member = someExpression(s, r);
    if (!member) return false;
    const text = r[member] as string;
    const m = text.match(/\bin\s*\(([^()]*)\)/i);
    if (!m) return false;
    const choice = s.int(0, 2);
    if (choice === 0) r[member] = text.replace(m[0], `${m[0].slice(0, m[0].indexOf("("))}()`);
    else if (choice === 1) r[member] = text.replace(m[0], m[0].replace("(", "").replace(")", ""));
    else r[member] = text.replace(m[0], m[0].replace(")", ",)"));
    return true;
  },
  "key condition misused": (s, r) => {
    const text = r.KeyConditionExpression as string | undefined;
    if (text === undefined) return false;
    switch (s.int(0, 5)) {
      case 0:
        r.KeyConditionExpression = text.replace(/\band\b/i, "OR");
        break;
      case 1:
        r.KeyConditionExpression = `NOT ${text.includes(" ") ? `(${text})` : text}`;
        break;
      case 2:
        r.KeyConditionExpression = `${text} AND attribute_exists(other)`;
        break;
      case 3:
        r.KeyConditionExpression = `${text} AND pk <> ${Object.keys(values(r))[0] ?? ":v0"}`;
        break;
      case 4:
        r.KeyConditionExpression = text.replace(/\bpk\b/, "pk.part");
        break;
      default:
        r.KeyConditionExpression = `${text} AND size(sk) > ${Object.keys(values(r))[0] ?? ":v0"}`;
    }
    return r.KeyConditionExpression !== text;
  },
  "size misused": (s, r) => {
    const member = someExpression(s, r);
    if (member !== "ConditionExpression" && member !== "FilterExpression") return false;
    const text = r[member] as string;
    r[member] = s.chance(0.5) ? `size(${s.pick(PLAIN)})` : `${text} AND size(${s.pick(PLAIN)})`;
    return true;
  },
  "operands not distinct": (s, r) => {
    const member = someExpression(s, r);
    if (member !== "ConditionExpression" && member !== "FilterExpression") return false;
    const p = s.pick(PLAIN);
    r[member] = `${r[member] as string} ${s.pick(["AND", "OR"])} ${s.chance(0.5) ? `${p} = ${p}` : `begins_with(${p}, ${p})`}`;
    return true;
  },
};

/**
 * `count` cases from `seed`: about a third valid as generated, the rest one
 * mutation of a valid case each, the mutations taken in turn.
 */
export function generateCases(seed: number, count: number): GeneratedCase[] {
  const rnd = random(seed);
  const mutations = Object.entries(MUTATIONS);
  const out: GeneratedCase[] = [];
  let turn = 0;
  while (out.length < count) {
    const s = new Scope(rnd);
    const base = validCase(s);
    if (rnd() < 0.35) {
      out.push(base);
      continue;
    }
    for (let attempt = 0; attempt < mutations.length; attempt++) {
      const [name, mutate] = mutations[turn++ % mutations.length]!;
      const copy = structuredClone(base.request);
      if (mutate(s, copy)) {
        out.push({ operation: base.operation, request: copy, note: `${name}: ${base.note.slice("valid ".length)}` });
        break;
      }
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seed = Number(process.argv[2] ?? 15);
  const count = Number(process.argv[3] ?? 20);
  for (const c of generateCases(seed, count)) console.log(JSON.stringify(c));
}
