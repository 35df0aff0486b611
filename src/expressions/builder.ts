/**
 * The expression builder: conditions, filters, key conditions, updates and
 * projections composed from attribute paths and plain values, written out as
 * DynamoDB expression strings with their `ExpressionAttributeNames` and
 * `ExpressionAttributeValues` maps.
 *
 * Terms (`eq(...)`, `set(...)`) only record what they mean; `buildExpressions`
 * writes every expression of one request with one pair of maps, so
 * placeholders never collide across them. Every attribute name is aliased
 * (`#status`, or `#_0` for a name that is not a plain word), which makes
 * reserved words and names with dots, dashes, spaces or non-ASCII letters
 * safe without knowing DynamoDB's reserved words. The result is neutral (plain
 * values, no member naming); `builder-targets.ts` renders it for the typed
 * methods, raw `send`, the document client, `docs.send` and `queryAndUpdate`.
 *
 * With an item type (`expression<Job>()`) TypeScript checks every path and the
 * type of every value against it (`builder-types.ts`).
 */
import type { IsAny, Path, StringPath, ValueAt } from "./builder-types.js";

export type { Path, StringPath, TuplePath, ValueAt } from "./builder-types.js";

/** Marks the builder's terms, so a term is never mistaken for a plain map value (shared by every copy of the package). */
const TERM: unique symbol = /* @__PURE__ */ Symbol.for("dynaport.expression.term") as never;
/** Carries an operand's value type for TypeScript; never set at run time. */
declare const VALUE_TYPE: unique symbol;

/** What a term writes into while an expression is built: placeholders for names and values. */
export interface Placeholders {
  /** The `#placeholder` for an attribute name or map key. */
  name(name: string): string;
  /** The `:placeholder` for a value. */
  value(value: unknown): string;
}

/** Writes a term's text with placeholders from `p`. */
type Render = (p: Placeholders) => string;

/**
 * A value computed inside an expression: another attribute (`attr`),
 * `size(path)`, `a + b`, `if_not_exists`, `list_append`. `V` is the type
 * of value it stands for.
 */
export interface Operand<V = unknown> {
  readonly [TERM]: "operand";
  readonly [VALUE_TYPE]?: V;
  /** @internal */
  readonly render: Render;
}

/** A condition, for `condition`, `filter`, and (when `keyable`) `keyCondition`. */
export interface Condition {
  readonly [TERM]: "condition";
  /** How the condition combines others: `test` for a comparison or function. */
  readonly op: "and" | "or" | "not" | "test";
  /** Whether a key condition may hold it: `=`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `begins_with` on a path, and `AND` of those. */
  readonly keyable: boolean;
  /** @internal */
  readonly render: Render;
}

/** A condition a `KeyConditionExpression` accepts. */
export interface KeyCondition extends Condition {
  readonly keyable: true;
}

/** One action of an update expression. */
export interface UpdateAction {
  readonly [TERM]: "action";
  readonly clause: "SET" | "REMOVE" | "ADD" | "DELETE";
  /** @internal */
  readonly render: Render;
}

/** The attributes a read returns (`ProjectionExpression`). */
export interface Projection {
  readonly [TERM]: "projection";
  /** @internal */
  readonly render: Render;
}

/** A type name `attribute_type` tests for. */
export type AttributeTypeName = "S" | "SS" | "N" | "NS" | "B" | "BS" | "BOOL" | "NULL" | "L" | "M";

/** A value, or an operand that stands for one. */
export type Arg<V> = V | Operand<V>;
/** Where a comparison's left side goes: a path, or an operand such as `size(path)`. */
export type Left<T> = Path<T> | Operand<any>;
/** The value type of a left side. */
export type LeftValue<T, L> = L extends Operand<infer V> ? V : ValueAt<T, L>;
/** A comparison on a path may serve in a key condition; one on an operand (`size(x) > :n`) may not. */
export type Compared<L> = L extends Operand<any> ? Condition : KeyCondition;
/** What `begins_with` takes for an attribute of type `V`: any string (not only `V`'s literals), or bytes. */
export type Prefix<V> = unknown extends V ? unknown : V extends string ? string : V extends Uint8Array ? Uint8Array : never;
/** What `contains` takes for an attribute of type `V`: a substring, a set member, or a list element. */
export type Contained<V> = unknown extends V
  ? unknown
  : V extends string
    ? string
    : V extends ReadonlySet<infer E>
      ? E
      : V extends readonly (infer E)[]
        ? E
        : never;
/** An argument of `list_append`: a path (string form), a list value, or an operand giving a list. */
export type ListArg<T, E> = StringPath<T> | readonly E[] | Operand<IsAny<T> extends true ? any : readonly E[]>;
/** What `and`, `or` and `buildExpressions` skip, so optional parts can be written `flag && eq(...)`. */
export type Skipped = undefined | null | false;

/**
 * The builder's terms, typed by the item type `T` (`any`: untyped). Paths are
 * strings (`"address.city"`, `"tags[0]"`) or arrays taken literally
 * (`["first.name"]`, `["tags", 0]`); values are plain JavaScript values as the
 * document client takes them (`"x"`, `3`, `true`, `null`, `new Set(["a"])`,
 * `{ city: "Oslo" }`, `Uint8Array`, `bigint`, `NumberValue`).
 */
export interface ExpressionBuilder<T = any> {
  /** `left = right` */
  eq<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>>): Compared<L>;
  /** `left <> right` */
  ne<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>>): Condition;
  /** `left < right` */
  lt<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>>): Compared<L>;
  /** `left <= right` */
  le<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>>): Compared<L>;
  /** `left > right` */
  gt<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>>): Compared<L>;
  /** `left >= right` */
  ge<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>>): Compared<L>;
  /** `left BETWEEN low AND high` (both ends included) */
  between<L extends Left<T>>(left: L, low: Arg<LeftValue<T, L>>, high: Arg<LeftValue<T, L>>): Compared<L>;
  /** `left IN (v1, v2, ...)`: 1 to 100 candidates. */
  isIn<L extends Left<T>>(left: L, candidates: readonly Arg<LeftValue<T, L>>[]): Condition;
  /** `begins_with(path, prefix)` */
  beginsWith<P extends Path<T>>(path: P, prefix: Arg<Prefix<ValueAt<T, P>>>): KeyCondition;
  /** `contains(path, operand)`: a substring of a string, a member of a set, an element of a list. */
  contains<P extends Path<T>>(path: P, operand: Arg<Contained<ValueAt<T, P>>>): Condition;
  /** `attribute_exists(path)` */
  attributeExists(path: Path<T>): Condition;
  /** `attribute_not_exists(path)` */
  attributeNotExists(path: Path<T>): Condition;
  /** `attribute_type(path, :type)` */
  attributeType(path: Path<T>, type: AttributeTypeName): Condition;
  /** `size(path)`, an operand for comparisons: `gt(size("tags"), 2)`. */
  size(path: Path<T>): Operand<number>;
  /** Another attribute as an operand: `eq("a", attr("b"))`, `set("copy", attr("original"))`. */
  attr<P extends Path<T>>(path: P): Operand<ValueAt<T, P>>;
  /** `a AND b AND ...`; skipped entries (`undefined`, `null`, `false`) are left out. Key conditions stay key conditions. */
  and(...conditions: (KeyCondition | Skipped)[]): KeyCondition;
  and(...conditions: (Condition | Skipped)[]): Condition;
  /** `a OR b OR ...`; skipped entries are left out. */
  or(...conditions: (Condition | Skipped)[]): Condition;
  /** `NOT condition` */
  not(condition: Condition): Condition;
  /** `SET path = value`; the value may be an operand (`plus`, `ifNotExists`, `listAppend`, `attr`). */
  set<P extends Path<T>>(path: P, value: Arg<ValueAt<T, P>>): UpdateAction;
  /** `REMOVE path` */
  remove(path: Path<T>): UpdateAction;
  /** `ADD path value`: adds to a number, or adds members to a set (creating either). */
  add<P extends Path<T>>(path: P, value: Arg<ValueAt<T, P>>): UpdateAction;
  /** `DELETE path members`: removes members from a set. */
  deleteFromSet<P extends Path<T>>(path: P, members: Arg<ValueAt<T, P>>): UpdateAction;
  /** `left + right` in a SET; strings and arrays here are paths, numbers are values. */
  plus<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>> | Path<T>): Operand<LeftValue<T, L>>;
  /** `left - right` in a SET; strings and arrays here are paths, numbers are values. */
  minus<L extends Left<T>>(left: L, right: Arg<LeftValue<T, L>> | Path<T>): Operand<LeftValue<T, L>>;
  /** `if_not_exists(path, value)`: the attribute's value, or `value` when it is absent. */
  ifNotExists<P extends Path<T>>(path: P, value: Arg<ValueAt<T, P>>): Operand<ValueAt<T, P>>;
  /** `list_append(first, second)`; a string here is a path, an array a list value. */
  listAppend<E = never>(first: ListArg<T, E>, second: ListArg<T, E>): Operand<E[]>;
  /** The attributes to return: `projection("id", "address.city")`. */
  projection(...paths: Path<T>[]): Projection;
}

/** The parts of one request's expressions. */
export type ExpressionPart = "keyCondition" | "condition" | "filter" | "update" | "projection";

/** What `buildExpressions` takes: the expressions of one request. */
export interface ExpressionSpec {
  /** Query's `KeyConditionExpression`. */
  keyCondition?: KeyCondition | Skipped;
  /** A write's `ConditionExpression` (also a `ConditionCheck`'s). */
  condition?: Condition | Skipped;
  /** Query's or Scan's `FilterExpression`. */
  filter?: Condition | Skipped;
  /** `UpdateExpression`: one action or a list, in any order (grouped into clauses when written). */
  update?: UpdateAction | readonly (UpdateAction | Skipped)[] | Skipped;
  /** `ProjectionExpression`: a `projection(...)` or a list of paths. */
  projection?: Projection | readonly Path<any>[] | Skipped;
}

/**
 * The expressions of one request, written: each given part's text, and the
 * placeholders they use, names to attribute names and values as plain
 * values. `K` lists the parts given. Render it for a call with `forTyped`,
 * `forSend`, `forDocument`, `forDocumentSend` or `forQueryAndUpdate`.
 */
export type Expressions<K extends ExpressionPart = ExpressionPart> = { readonly [P in K]?: string } & {
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
};

/** The parts `S` gives for certain (not possibly skipped). */
type Certain<S> = { [P in keyof S]-?: [Extract<S[P], Skipped>] extends [never] ? P : never }[keyof S];

/** What `buildExpressions` returns for a spec of type `S`: its parts, those given for certain typed as present. */
export type BuiltExpressions<S> = Expressions<Extract<keyof S, ExpressionPart>> & { readonly [P in Extract<Certain<S>, ExpressionPart>]: string };

/** One step of a path: an attribute or map key, or a list index. */
type Step = string | number;

const isTerm = (x: unknown, kind: string): boolean => typeof x === "object" && x !== null && (x as { [TERM]?: unknown })[TERM] === kind;

function operand<V>(render: Render): Operand<V> {
  return { [TERM]: "operand", render };
}

function condition(op: Condition["op"], keyable: boolean, render: Render): Condition {
  return { [TERM]: "condition", op, keyable, render };
}

function action(clause: UpdateAction["clause"], render: Render): UpdateAction {
  return { [TERM]: "action", clause, render };
}

/** Reads a path into steps at once, so a malformed path fails where it was written. */
function steps(path: unknown): Step[] {
  if (typeof path === "string") return dottedSteps(path);
  if (Array.isArray(path)) {
    if (path.length === 0 || typeof path[0] !== "string") throw new TypeError(`a path array starts with an attribute name, got ${JSON.stringify(path)}`);
    for (const step of path) {
      if (typeof step === "string" ? step === "" : !(Number.isSafeInteger(step) && step >= 0)) {
        throw new TypeError(`path ${JSON.stringify(path)}: each step is a non-empty attribute name or a list index (a whole number of at least 0)`);
      }
    }
    return path.slice();
  }
  throw new TypeError(`expected an attribute path (a string such as "address.city" or an array such as ["first.name"]), got ${describe(path)}`);
}

// One dotted segment: a name without dots or brackets, then any list indexes.
const SEGMENT = /^([^.[\]]+)((?:\[\d+\])*)$/;

function dottedSteps(path: string): Step[] {
  const out: Step[] = [];
  for (const segment of path.split(".")) {
    const m = SEGMENT.exec(segment);
    if (m === null) {
      throw new TypeError(
        `path "${path}": expected names joined by "." with list indexes such as "[0]"; for a name holding ".", "[" or "]" use the array form, e.g. ["${path}"]`,
      );
    }
    out.push(m[1]!);
    for (const [, index] of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index));
  }
  return out;
}

function pathText(path: Step[], p: Placeholders): string {
  let text = "";
  for (const step of path) text += typeof step === "number" ? `[${step}]` : `${text === "" ? "" : "."}${p.name(step)}`;
  return text;
}

/** A path term's writer. */
function pathOf(path: unknown): Render {
  const parsed = steps(path);
  return (p) => pathText(parsed, p);
}

/** A left side: an operand, or a path. */
function leftOf(left: unknown): Render {
  return isTerm(left, "operand") ? (left as Operand).render : pathOf(left);
}

/** A value side: an operand, or a plain value. */
function valueOf(value: unknown, where: string): Render {
  if (isTerm(value, "operand")) return (value as Operand).render;
  if (value === undefined) throw new TypeError(`${where}: the value is undefined; DynamoDB stores no undefined (to delete an attribute, use remove)`);
  return (p) => p.value(value);
}

/** An argument where only numbers (arithmetic) or lists (`list_append`) make sense: a string is a path; an array is a path for arithmetic and a list for `list_append`. */
function mixedOf(arg: unknown, arraysArePaths: boolean, where: string): Render {
  if (typeof arg === "string" || (arraysArePaths && Array.isArray(arg))) return pathOf(arg);
  return valueOf(arg, where);
}

function comparison(symbol: string, keyable: boolean) {
  return (left: unknown, right: unknown): Condition => {
    const l = leftOf(left);
    const r = valueOf(right, symbol);
    return condition("test", keyable && !isTerm(left, "operand"), (p) => `${l(p)} ${symbol} ${r(p)}`);
  };
}

function pathFunction(name: string) {
  return (path: unknown): Condition => {
    const at = pathOf(path);
    return condition("test", false, (p) => `${name}(${at(p)})`);
  };
}

function pathValueFunction(name: string, keyable: boolean) {
  return (path: unknown, value: unknown): Condition => {
    const at = pathOf(path);
    const v = valueOf(value, name);
    return condition("test", keyable, (p) => `${name}(${at(p)}, ${v(p)})`);
  };
}

function present<X>(items: readonly (X | Skipped)[]): X[] {
  return items.filter((item): item is X => item !== undefined && item !== null && item !== false);
}

function checkCondition(c: unknown, where: string): Condition {
  if (!isTerm(c, "condition")) throw new TypeError(`${where}: expected a condition such as eq("status", "open"), got ${describe(c)}`);
  return c as Condition;
}

function junction(op: "and" | "or") {
  const word = op === "and" ? " AND " : " OR ";
  return (...given: unknown[]): Condition => {
    const parts = present(given).map((c) => checkCondition(c, op));
    if (parts.length === 0) throw new TypeError(`${op}: needs at least one condition`);
    if (parts.length === 1) return parts[0]!;
    // AND binds tighter than OR, NOT tighter than both: only an OR inside an AND needs parentheses.
    const texts = (p: Placeholders) => parts.map((c) => (op === "and" && c.op === "or" ? `(${c.render(p)})` : c.render(p)));
    return condition(op, op === "and" && parts.every((c) => c.keyable), (p) => texts(p).join(word));
  };
}

function arithmetic(symbol: "+" | "-") {
  return (left: unknown, right: unknown): Operand => {
    const l = isTerm(left, "operand") ? (left as Operand).render : mixedOf(left, true, symbol);
    const r = mixedOf(right, true, symbol);
    return operand((p) => `${l(p)} ${symbol} ${r(p)}`);
  };
}

function pathValueAction(clause: "ADD" | "DELETE") {
  return (path: unknown, value: unknown): UpdateAction => {
    const at = pathOf(path);
    const v = valueOf(value, clause);
    return action(clause, (p) => `${at(p)} ${v(p)}`);
  };
}

/** The terms, untyped at run time; `expression<T>()` gives them `T`'s types. */
const TERMS = {
  eq: comparison("=", true),
  ne: comparison("<>", false),
  lt: comparison("<", true),
  le: comparison("<=", true),
  gt: comparison(">", true),
  ge: comparison(">=", true),
  between(left: unknown, low: unknown, high: unknown) {
    const l = leftOf(left);
    const lo = valueOf(low, "between");
    const hi = valueOf(high, "between");
    return condition("test", !isTerm(left, "operand"), (p) => `${l(p)} BETWEEN ${lo(p)} AND ${hi(p)}`);
  },
  isIn(left: unknown, candidates: readonly unknown[]) {
    if (!Array.isArray(candidates) || candidates.length < 1 || candidates.length > 100) {
      throw new TypeError(`isIn: expected an array of 1 to 100 candidates (DynamoDB's limit), got ${Array.isArray(candidates) ? `${candidates.length}` : describe(candidates)}`);
    }
    const l = leftOf(left);
    const vs = candidates.map((c) => valueOf(c, "isIn"));
    return condition("test", false, (p) => `${l(p)} IN (${vs.map((v) => v(p)).join(", ")})`);
  },
  beginsWith: pathValueFunction("begins_with", true),
  contains: pathValueFunction("contains", false),
  attributeExists: pathFunction("attribute_exists"),
  attributeNotExists: pathFunction("attribute_not_exists"),
  attributeType: pathValueFunction("attribute_type", false),
  size(path: unknown) {
    const at = pathOf(path);
    return operand((p) => `size(${at(p)})`);
  },
  attr(path: unknown) {
    return operand(pathOf(path));
  },
  and: junction("and"),
  or: junction("or"),
  not(c: Condition) {
    const inner = checkCondition(c, "not");
    // NOT binds looser than a comparison, but the parentheses say so to the reader too.
    return condition("not", false, (p) => `NOT (${inner.render(p)})`);
  },
  set(path: unknown, value: unknown) {
    const at = pathOf(path);
    const v = valueOf(value, "set");
    return action("SET", (p) => `${at(p)} = ${v(p)}`);
  },
  remove(path: unknown) {
    return action("REMOVE", pathOf(path));
  },
  add: pathValueAction("ADD"),
  deleteFromSet: pathValueAction("DELETE"),
  plus: arithmetic("+"),
  minus: arithmetic("-"),
  ifNotExists(path: unknown, value: unknown) {
    const at = pathOf(path);
    const v = valueOf(value, "ifNotExists");
    return operand((p) => `if_not_exists(${at(p)}, ${v(p)})`);
  },
  listAppend(first: unknown, second: unknown) {
    const a = mixedOf(first, false, "listAppend");
    const b = mixedOf(second, false, "listAppend");
    return operand((p) => `list_append(${a(p)}, ${b(p)})`);
  },
  projection(...paths: unknown[]) {
    if (paths.length === 0) throw new TypeError("projection: needs at least one path");
    const each = paths.map(pathOf);
    return { [TERM]: "projection", render: (p: Placeholders) => each.map((at) => at(p)).join(", ") } as Projection;
  },
} satisfies Record<keyof ExpressionBuilder, unknown>;

/**
 * The builder's terms. With an item type, TypeScript checks paths and values
 * against it: `expression<Job>().eq("status", 3)` is a type error when
 * `status` is a string. Without one, any path and value is accepted.
 *
 * ```ts
 * const { eq, set } = expression<Job>();
 * const built = buildExpressions({ update: set("status", "CLAIMED"), condition: eq("status", "PENDING") });
 * ```
 */
export function expression<T = any>(): ExpressionBuilder<T> {
  return TERMS as unknown as ExpressionBuilder<T>;
}

/** The parts of a request's expressions, in the order they are written (and their placeholders numbered). */
export const EXPRESSION_PARTS: readonly ExpressionPart[] = ["keyCondition", "filter", "condition", "update", "projection"];
const CLAUSES: readonly UpdateAction["clause"][] = ["SET", "REMOVE", "ADD", "DELETE"];

// A name that is a plain word becomes `#word`; any other gets `#_<n>`, a form no plain word takes here.
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Writes the expressions of one request with one set of placeholders: each
 * attribute name once (`#status`; `#_0`, `#_1`... for names that are not
 * plain words), each value as `:v0`, `:v1`..., where equal strings, numbers,
 * booleans and nulls share one placeholder.
 *
 * @throws TypeError when a part is not a term of its kind (a key condition
 *   that DynamoDB would not accept as one, an unknown part name).
 */
export function buildExpressions<S extends ExpressionSpec>(spec: S): BuiltExpressions<S> {
  if (typeof spec !== "object" || spec === null) throw new TypeError(`buildExpressions: expected an object of expressions, got ${describe(spec)}`);
  for (const key of Object.keys(spec)) {
    if (!(EXPRESSION_PARTS as readonly string[]).includes(key)) throw new TypeError(`buildExpressions: unknown part "${key}"; the parts are ${EXPRESSION_PARTS.join(", ")}`);
  }
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const nameAliases = new Map<string, string>();
  const valueAliases = new Map<string, string>();
  let otherNames = 0;
  const p: Placeholders = {
    name(name) {
      let alias = nameAliases.get(name);
      if (alias === undefined) {
        alias = PLAIN_NAME.test(name) ? `#${name}` : `#_${otherNames++}`;
        nameAliases.set(name, alias);
        names[alias] = name;
      }
      return alias;
    },
    value(value) {
      const key = shareable(value);
      let alias = key === undefined ? undefined : valueAliases.get(key);
      if (alias === undefined) {
        alias = `:v${Object.keys(values).length}`;
        values[alias] = value;
        if (key !== undefined) valueAliases.set(key, alias);
      }
      return alias;
    },
  };
  const out: Record<string, unknown> = {};
  const given = spec as ExpressionSpec;
  for (const part of EXPRESSION_PARTS) {
    const term = given[part];
    if (term === undefined || term === null || term === false) continue;
    out[part] = write(part, term, p);
  }
  out.names = names;
  out.values = values;
  return out as BuiltExpressions<S>;
}

function write(part: ExpressionPart, term: unknown, p: Placeholders): string {
  switch (part) {
    case "keyCondition": {
      const c = checkCondition(term, part);
      if (!c.keyable) {
        throw new TypeError("keyCondition: a key condition is = on the partition key, AND one of =, <, <=, >, >=, between or beginsWith on the sort key; OR, NOT, <>, IN and the other functions belong in filter");
      }
      return c.render(p);
    }
    case "condition":
    case "filter":
      return checkCondition(term, part).render(p);
    case "update":
      return updateText(term, p);
    case "projection":
      if (isTerm(term, "projection")) return (term as Projection).render(p);
      if (!Array.isArray(term)) throw new TypeError(`projection: expected projection(...) or an array of paths, got ${describe(term)}`);
      return TERMS.projection(...term).render(p);
  }
}

/** The update's actions, grouped into clauses in a fixed order. */
function updateText(term: unknown, p: Placeholders): string {
  const actions = present(Array.isArray(term) ? term : [term]);
  if (actions.length === 0) throw new TypeError("update: needs at least one action such as set(...)");
  for (const a of actions) if (!isTerm(a, "action")) throw new TypeError(`update: expected actions such as set("status", "done"), got ${describe(a)}`);
  const clauses: string[] = [];
  for (const clause of CLAUSES) {
    const own = (actions as UpdateAction[]).filter((a) => a.clause === clause);
    if (own.length > 0) clauses.push(`${clause} ${own.map((a) => a.render(p)).join(", ")}`);
  }
  return clauses.join(" ");
}

/** A key under which equal scalar values share one placeholder; other values get one each. */
function shareable(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "bigint":
      return `${typeof value}:${String(value)}`;
    case "number":
      // -0 and 0 are one number to DynamoDB as well.
      return `number:${String(value)}`;
    case "object":
      return value === null ? "null" : undefined;
    default:
      return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const kind = (value as { [TERM]?: string })[TERM];
    return kind === undefined ? "an object" : kind === "action" ? "an update action" : kind === "operand" ? "an operand" : `a ${kind}`;
  }
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`;
}
