/**
 * A parser for DynamoDB's expressions: conditions (and filters, which share
 * their grammar), key conditions, updates and projections, as the Developer
 * Guide describes them, hand-written: a scanner over character codes and one
 * recursive-descent function per rule.
 *
 * It reports what DynamoDB rejects whatever the values and names of the
 * request are: syntax errors (with the offset of the offending token),
 * unknown functions and wrong argument counts, functions used where they may
 * not be (`size` as a condition, `attribute_exists` as an operand), redundant
 * parentheses, reserved words written bare, a clause repeated in an update,
 * the key-condition subset, and the limits (4 KB per expression, 100 operands
 * for `IN`, 32 levels of nesting). What depends on the request's placeholder
 * maps (undefined or unused placeholders, overlapping update paths once names
 * are resolved, operand types of values) is left to `check.ts`, which reads
 * what the parse records.
 *
 * It is never stricter than the service: where the Developer Guide's grammar
 * and the service differ, it accepts what either accepts (`NOT NOT a = :v`,
 * a keyword followed directly by a placeholder).
 *
 * Bundle size: the scanner, paths and projections come first and reach
 * nothing below them, so a bundle that only checks projections
 * (`parseProjection`) leaves the condition and update grammars out.
 *
 * The parser keeps its state in module variables while one call runs (calls
 * are synchronous and never nest), which keeps the hot path free of
 * allocations beyond the tree itself.
 */
import { isReservedWord } from "./reserved-words.js";

/** The expression kinds: `condition` serves ConditionExpression and FilterExpression. */
export type ExpressionKind = "condition" | "keyCondition" | "update" | "projection";

/** A document path: names as written (`a`, `#n`) and list indexes (numbers). */
export interface PathNode {
  type: "path";
  elements: (string | number)[];
  /** Offset of the path's first character. */
  position: number;
  /** Written inside parentheses that hold nothing else. */
  parens?: boolean;
}

/** A `:value` placeholder. */
export interface ValueNode {
  type: "value";
  name: string;
  position: number;
  parens?: boolean;
}

/** A function call: `size(a)`, `begins_with(a, :p)`, `if_not_exists(a, :z)`, `list_append(a, :l)`. */
export interface FunctionNode {
  type: "function";
  name: string;
  args: Operand[];
  position: number;
  parens?: boolean;
}

/** `x + y` or `x - y`, the arithmetic of an update's SET. */
export interface ArithmeticNode {
  type: "+" | "-";
  args: [Operand, Operand];
  position: number;
  parens?: boolean;
}

/** What a comparison, function or SET compares or assigns. */
export type Operand = PathNode | ValueNode | FunctionNode | ArithmeticNode;

/** A condition: a comparison, BETWEEN, IN, a function, or AND/OR/NOT of conditions. */
export type ConditionNode =
  | { type: "comparison"; operator: "=" | "<>" | "<" | "<=" | ">" | ">="; args: [Operand, Operand]; position: number; parens?: boolean }
  | { type: "between"; args: [Operand, Operand, Operand]; position: number; parens?: boolean }
  | { type: "in"; args: Operand[]; position: number; parens?: boolean }
  | { type: "and" | "or"; args: [ConditionNode, ConditionNode]; position: number; parens?: boolean }
  | { type: "not"; args: [ConditionNode]; position: number; parens?: boolean }
  | FunctionNode;

/** One action of an update: `SET path = value`, `REMOVE path`, `ADD path :v`, `DELETE path :v`. */
export interface UpdateAction {
  action: "SET" | "REMOVE" | "ADD" | "DELETE";
  path: PathNode;
  value?: Operand;
}

/**
 * A rule on the type of a `:value`, checked once the request's values are
 * known: `value` must be of one of the `allowed` types (`["S", "B"]`), for
 * `what` (`begins_with`). `TYPE_NAME` marks attribute_type's second argument,
 * which must be a string naming a DynamoDB type.
 */
export interface ValueRule {
  value: string;
  allowed: readonly string[];
  what: string;
  position: number;
}

/** A parsed expression and what the checks of a whole request need from it. */
export interface ParsedExpression {
  kind: ExpressionKind;
  /** The tree: a condition, the actions of an update, or the paths of a projection. */
  root: ConditionNode | UpdateAction[] | PathNode[];
  /** The `#name` placeholders used, each once, in order of first use. */
  names: string[];
  /** Offset of each name's first use, parallel to `names`. */
  namePositions: number[];
  /** The `:value` placeholders used, each once, in order of first use. */
  values: string[];
  /** Offset of each value's first use, parallel to `values`. */
  valuePositions: number[];
  /**
   * Paths that must not overlap once names are resolved: an update's targets
   * and a projection's paths. For a key condition, the key attributes named,
   * one per condition.
   */
  paths: PathNode[];
  /** Pairs of paths that must differ (`a = a`), with the operator or function. */
  distinct: [PathNode, PathNode, string][];
  /** Types the values must have. */
  valueRules: ValueRule[];
  /** BETWEEN bounds given as two values: the lower must not exceed the upper. */
  ranges: [ValueNode, ValueNode][];
}

/** What `parseExpression` answers: the expression, or the first problem and its offset. */
export type ParseResult = { ok: true; expression: ParsedExpression } | { ok: false; message: string; position: number };

/** A problem found by `parseWithProblems`, with the offset it concerns. */
export interface ExpressionProblem {
  message: string;
  position: number;
}

/**
 * A path's elements with its `#name` placeholders replaced from `names`:
 * attribute names and map keys as strings, list indexes as numbers;
 * undefined when a placeholder is not defined (or maps to no name).
 */
export function resolvePath(path: PathNode, names: Readonly<Record<string, unknown>> | undefined): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  for (const element of path.elements) {
    if (typeof element === "string" && element[0] === "#") {
      const name = names?.[element];
      if (typeof name !== "string" || !name) return undefined;
      out.push(name);
    } else out.push(element);
  }
  return out;
}

/** What `parseWithProblems` answers. */
export interface Parsing {
  expression?: ParsedExpression;
  problems: ExpressionProblem[];
}

/** The longest expression DynamoDB takes, in bytes of UTF-8. */
export const MAX_EXPRESSION_BYTES = 4096;
/** The most operands `IN` takes after the left one. */
export const MAX_IN_OPERANDS = 100;
/** The deepest document path: a top-level attribute and 32 levels of nesting. */
export const MAX_PATH_ELEMENTS = 33;

/**
 * Parses `text` as an expression of `kind` and answers the tree with the
 * placeholders and paths it uses, or the first thing DynamoDB would reject
 * regardless of the request's placeholder maps, with its offset.
 */
export function parseExpression(kind: ExpressionKind, text: string): ParseResult {
  const r = parseWithProblems(kind, text);
  if (r.problems.length === 0) return { ok: true, expression: r.expression! };
  return { ok: false, ...r.problems[0]! };
}

/**
 * `parseExpression` for the checks: every problem found, not only the first,
 * and the tree whenever the syntax is right (a reserved word or an unknown
 * function leaves a tree whose placeholders still count as used).
 */
export function parseWithProblems(kind: ExpressionKind, text: string): Parsing {
  return parseWith(kind, text, kind === "projection" ? projection : kind === "update" ? update : condition);
}

/** `parseWithProblems` for a projection alone: a bundle that uses only this leaves out the other grammars. */
export function parseProjection(text: string): Parsing {
  return parseWith("projection", text, projection);
}

function parseWith(kind: ExpressionKind, text: string, body: () => ParsedExpression["root"]): Parsing {
  problems = NONE;
  // Only a text over a third of the limit in UTF-16 units can be over it in bytes.
  const bytes = text.length * 3 > MAX_EXPRESSION_BYTES ? new TextEncoder().encode(text).length : 0;
  if (!text || bytes > MAX_EXPRESSION_BYTES) {
    const message = text ? `the expression is ${bytes} bytes; the limit is ${MAX_EXPRESSION_BYTES}` : "the expression is empty";
    return { problems: [{ message, position: 0 }] };
  }
  src = text;
  pos = 0;
  const e: ParsedExpression = (out = {
    kind,
    root: [],
    names: [],
    namePositions: [],
    values: [],
    valuePositions: [],
    paths: [],
    distinct: [],
    valueRules: [],
    ranges: [],
  });
  try {
    next();
    e.root = body();
  } catch (x) {
    if (x !== SYNTAX) throw x;
    return { problems };
  } finally {
    src = "";
    out = undefined!;
  }
  return { expression: e, problems };
}

// ---------------------------------------------------------------------------
// State of the call under way.

let src = "";
let pos = 0;
/** Kind of the current token (the constants below, or a punctuation character's code). */
let tk = 0;
/** Start and end offsets of the current token. */
let ts = 0;
let te = 0;
let out: ParsedExpression;
let problems: ExpressionProblem[] = [];
/** The problems of a call that found none, shared; `report` replaces it before the first push. */
const NONE: ExpressionProblem[] = [];

const SYNTAX = {};

/** Token kinds: punctuation is its character's code. (A const enum: bundles write the numbers in place.) */
const enum T {
  END = 0,
  WORD = 1,
  NUMBER = 2,
  NAME = 3,
  VALUE = 4,
  COMPARATOR = 5,
  BAD = 6,
  LPAREN = 40,
  RPAREN = 41,
  PLUS = 43,
  COMMA = 44,
  MINUS = 45,
  DOT = 46,
  LBRACKET = 91,
  RBRACKET = 93,
}

/** Letters, digits and `_`: the characters of words and placeholders. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Moves to the next token. */
function next(): void {
  let p = pos;
  while (isSpace(src.charCodeAt(p))) p++;
  ts = p;
  const c = src.charCodeAt(p++);
  if (ts >= src.length) {
    tk = T.END;
    p--;
  } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 35 || c === 58) {
    // A word, a #name or a :value.
    while (isWordChar(src.charCodeAt(p))) p++;
    tk = c === 35 ? T.NAME : c === 58 ? T.VALUE : T.WORD;
  } else if ((c ^ 48) < 10) {
    while ((src.charCodeAt(p) ^ 48) < 10) p++;
    tk = T.NUMBER;
  } else if (c === 60 || c === 61 || c === 62) {
    // =, <, <=, >, >= and <>.
    const d = src.charCodeAt(p);
    if (c !== 61 && (d === 61 || (c === 60 && d === 62))) p++;
    tk = T.COMPARATOR;
  } else tk = c === 40 || c === 41 || c === 43 || c === 44 || c === 45 || c === 46 || c === 91 || c === 93 ? c : T.BAD;
  te = pos = p;
}

/** Whether the current token is the keyword `lower` (given in lower case), in any case. */
function kw(lower: string): boolean {
  if (tk !== T.WORD || te - ts !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((src.charCodeAt(ts + i) | 32) !== lower.charCodeAt(i)) return false;
  return true;
}

/** Whether the current token is of `kind` (a function, so that type narrowing does not outlive `next()`). */
function at(kind: number): boolean {
  return tk === kind;
}

function text(): string {
  return src.slice(ts, te);
}

/** Throws a syntax error at the current token: what was expected, and what was found. */
function fail(expected: string): never {
  report(`syntax error at offset ${ts}, near ${tk === T.END ? "the end" : `"${text()}"`}: expected ${expected}`, ts);
  throw SYNTAX;
}

/** Records a problem that leaves the syntax intact; parsing goes on. */
function problem(message: string, position: number): void {
  report(`${message} (offset ${position})`, position);
}

function report(message: string, position: number): void {
  if (problems === NONE) problems = [];
  problems.push({ message, position });
}

function expect(kind: number, what: string): void {
  if (tk !== kind) fail(what);
  next();
}

/** Records the current `#name` or `:value` token as used, and moves past it. */
function placeholder(names: boolean): string {
  const name = text();
  const list = names ? out.names : out.values;
  if (!list.includes(name)) {
    list.push(name);
    (names ? out.namePositions : out.valuePositions).push(ts);
  }
  next();
  return name;
}

// ---------------------------------------------------------------------------
// Paths and projections.

/** One name of a path: a word (not a reserved one) or a `#name`. */
function pathName(): string {
  if (tk === T.NAME) return placeholder(true);
  if (tk !== T.WORD) fail("an attribute name or #name");
  const word = text();
  if (isReservedWord(word)) problem(`"${word}" is a reserved word; write #${word} and map it in ExpressionAttributeNames`, ts);
  next();
  return word;
}

/** `a.b[2].#c`, the current token being its first name; `elements` continues a path already read. */
function path(position: number, elements: (string | number)[] = [pathName()]): PathNode {
  for (;;) {
    if (tk === T.DOT) {
      next();
      elements.push(pathName());
    } else if (tk === T.LBRACKET) {
      next();
      if (!at(T.NUMBER)) fail("a list index (digits)");
      elements.push(+text());
      next();
      expect(T.RBRACKET, '"]"');
    } else break;
  }
  if (elements.length > MAX_PATH_ELEMENTS) problem(`the path nests ${elements.length - 1} levels; the limit is ${MAX_PATH_ELEMENTS - 1}`, position);
  return { type: "path", elements, position };
}

/** Paths separated by commas; they must not overlap (`check.ts`). */
function projection(): PathNode[] {
  const list = (out.paths = [path(ts)]);
  while (tk === T.COMMA) {
    next();
    list.push(path(ts));
  }
  if (tk !== T.END) fail('"," or the end of the expression');
  return list;
}

// ---------------------------------------------------------------------------
// Operands, shared by conditions and updates.

/** Whether a `(` follows the current word, making it a function call. */
function callFollows(): boolean {
  let p = te;
  while (isSpace(src.charCodeAt(p))) p++;
  return src.charCodeAt(p) === T.LPAREN;
}

/**
 * An operand: a path, a `:value`, a function call, or one of these in
 * parentheses. `inner` parses what a parenthesis may hold (an operand, or in
 * an update an arithmetic value).
 */
function operand(inner: () => Operand, call: (name: string, at: number) => Operand): Operand {
  const at = ts;
  if (tk === T.LPAREN) {
    next();
    return group(inner(), at);
  }
  if (tk === T.VALUE) return { type: "value", name: placeholder(false), position: at };
  if (tk === T.WORD && callFollows()) {
    const name = text();
    next();
    next();
    return call(name, at);
  }
  if (tk === T.WORD || tk === T.NAME) return path(at);
  return fail("a path, :value or function call");
}

/** Closes a parenthesised operand; a path may continue after it (`(a).b`). */
function group(o: Operand, at: number): Operand {
  expect(T.RPAREN, '")"');
  // Only conditions reject redundant parentheses; an update takes `((:v))`.
  if (o.parens && out.kind !== "update") redundant(at);
  if (o.type === "path" && (tk === T.DOT || tk === T.LBRACKET)) return path(o.position, o.elements.slice());
  o.parens = true;
  return o;
}

function redundant(at: number): void {
  problem("redundant parentheses", at);
}

/** A call's arguments after its `(`, through the `)`, checked to be `count`. */
function call(name: string, at: number, one: () => Operand, count: number): FunctionNode {
  const list = [one()];
  while (tk === T.COMMA) {
    next();
    list.push(one());
  }
  expect(T.RPAREN, '"," or ")"');
  if (count && list.length !== count) problem(`${name} takes ${count} argument${count > 1 ? "s" : ""}, got ${list.length}`, at);
  return { type: "function", name, args: list, position: at };
}

function needsPath(f: FunctionNode): void {
  if (f.args[0]!.type !== "path") problem(`${f.name} takes a path as its first argument`, f.args[0]!.position);
}

/** DynamoDB's attribute types, in wire spelling. */
export const TYPES: readonly string[] = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"];
/** The `allowed` of attribute_type's second argument: a string naming one of `TYPES`. */
export const TYPE_NAME: readonly string[] = ["S"];
const S_B = ["S", "B"];
const SIZED = ["S", "B", "SS", "NS", "BS", "L", "M"];
const NUMBERS = ["N"];
const LISTS = ["L"];
const ADDABLE = ["N", "SS", "NS", "BS"];
const SETS = ["SS", "NS", "BS"];
const KEY_EQUAL = ["S", "N", "B", "SS", "NS", "BS"];
const KEY_RANGE = ["S", "N", "B"];

/** Records that `o`, if a value, must be of one of the types `allowed`. */
function valueRule(o: Operand, allowed: readonly string[], what: string): void {
  if (o.type === "value") out.valueRules.push({ value: o.name, allowed, what, position: o.position });
}

/** Records that two operands, if paths, must differ once names are resolved (`a = a`). */
function distinct(a: Operand, b: Operand, what: string): void {
  if (a.type === "path" && b.type === "path") out.distinct.push([a, b, what]);
}

// ---------------------------------------------------------------------------
// Conditions. Precedence: NOT binds tighter than AND, AND tighter than OR.
// A parenthesis may hold a condition or an operand (`(a) = :v`), so the
// functions below may answer a bare operand, and `toCondition` decides.

/** The condition functions, with the number of arguments each takes. */
const CONDITION_FUNCTIONS = ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size"];
const ARGUMENTS = [1, 1, 2, 2, 2, 1];

type Parsed = ConditionNode | Operand;

/** A whole condition or key condition. */
function condition(): ConditionNode {
  const c = toCondition(or());
  if (tk !== T.END) fail("AND, OR or the end");
  if (out.kind === "keyCondition" && problems === NONE) keyCondition(c);
  return c;
}

function or(): Parsed {
  let left = and();
  while (kw("or")) left = junction("or", left, and);
  return left;
}

function and(): Parsed {
  let left = not();
  while (kw("and")) left = junction("and", left, not);
  return left;
}

function junction(type: "and" | "or", left: Parsed, right: () => Parsed): ConditionNode {
  const at = ts;
  toCondition(left);
  next();
  return { type, args: [left as ConditionNode, toCondition(right())], position: at };
}

function not(): Parsed {
  if (!kw("not")) return primary();
  const at = ts;
  next();
  return { type: "not", args: [toCondition(not())], position: at };
}

function primary(): Parsed {
  if (tk !== T.LPAREN) return comparison(conditionOperand());
  const at = ts;
  next();
  const inner = or();
  // `or` answers a function node only when it stood alone, so as an operand.
  if (inner.type === "path" || inner.type === "value" || inner.type === "function") return comparison(group(inner, at));
  expect(T.RPAREN, '")"');
  if (inner.parens) redundant(at);
  inner.parens = true;
  return inner;
}

/** What a condition may hold as an operand: only `size` of the functions. */
function conditionOperand(): Operand {
  return operand(conditionOperand, conditionCall);
}

function conditionCall(name: string, at: number): FunctionNode {
  const i = CONDITION_FUNCTIONS.indexOf(name);
  const f = call(name, at, conditionOperand, ARGUMENTS[i] ?? 0);
  const list = f.args;
  if (i < 0) unknown(name, CONDITION_FUNCTIONS, at);
  else if (list.length === ARGUMENTS[i]) {
    list.forEach(onlySize);
    const [a, b] = list as [Operand, Operand];
    if (i < 2) needsPath(f);
    else if (name === "size") {
      noSize(name, a);
      valueRule(a, SIZED, name);
    } else {
      distinct(a, b, name);
      if (name === "begins_with") {
        for (const o of list) {
          noSize(name, o);
          valueRule(o, S_B, name);
        }
      } else if (name === "attribute_type") {
        if (b.type !== "value") problem(`attribute_type takes a :value naming a type (${TYPES.join(", ")}) as its second argument`, b.position);
        valueRule(b, TYPE_NAME, name);
      }
    }
  }
  return f;
}

/** `name` takes strings or binaries, not the number `size(...)` answers. */
function noSize(name: string, o: Operand): void {
  if (isSize(o)) problem(`${name} cannot take size(...), a number`, o.position);
}

function unknown(name: string, known: string[], at: number): void {
  problem(`unknown function ${name}; use ${known.join(", ")}`, at);
}

function isSize(o: Operand): boolean {
  return o.type === "function" && o.name === "size";
}

/** Functions other than size are conditions, not operands. */
function onlySize(o: Operand): void {
  if (o.type === "function" && o.name !== "size" && CONDITION_FUNCTIONS.includes(o.name))
    problem(`${o.name}(...) is a condition, not an operand`, o.position);
}

/** An operand followed by a comparator, BETWEEN or IN makes a condition; otherwise the operand is answered as is. */
function comparison(left: Operand): Parsed {
  const at = ts;
  let c: ConditionNode;
  if (tk === T.COMPARATOR) {
    const operator = text() as "=";
    next();
    c = { type: "comparison", operator, args: [left, conditionOperand()], position: at };
    distinct(left, c.args[1], operator);
  } else if (kw("between")) {
    next();
    const low = conditionOperand();
    if (!kw("and")) fail("AND between BETWEEN's bounds");
    next();
    const high = conditionOperand();
    if (low.type === "value" && high.type === "value") out.ranges.push([low, high]);
    c = { type: "between", args: [left, low, high], position: at };
  } else if (kw("in")) {
    next();
    expect(T.LPAREN, '"(" after IN');
    const list = call("IN", at, conditionOperand, 0).args;
    if (list.length > MAX_IN_OPERANDS) problem(`IN takes at most ${MAX_IN_OPERANDS} operands, got ${list.length}`, at);
    c = { type: "in", args: [left, ...list], position: at };
  } else return left;
  for (const o of c.args) onlySize(o);
  return c;
}

/** A parsed operand where a condition belongs: a function call is one (except size); a path or value is a syntax error. */
function toCondition(p: Parsed): ConditionNode {
  if (p.type === "path" || p.type === "value") fail("a comparator (= <> < <= > >=), BETWEEN or IN");
  if (isSize(p as Operand)) problem("size(...) is a number, not a condition", p.position);
  return p as ConditionNode;
}

/** What a key condition takes, joined by AND, each on one key attribute. */
const KEY_OPERATORS = ["=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"];

/** The key-condition subset: `=`, `<`, `<=`, `>`, `>=`, BETWEEN and begins_with on one key attribute each, joined by AND. */
function keyCondition(c: ConditionNode): void {
  if (c.type === "and") {
    keyCondition(c.args[0]);
    keyCondition(c.args[1]);
    return;
  }
  const what = c.type === "function" ? c.name : c.type === "comparison" ? c.operator : c.type.toUpperCase();
  const list = c.args as Operand[];
  const keys = list.filter((o) => o.type === "path") as PathNode[];
  const key = keys[0]!;
  const wrong = !KEY_OPERATORS.includes(what)
    ? `cannot use ${what}; it takes ${KEY_OPERATORS.join(", ")} joined by AND`
    : list.some(isSize)
      ? "cannot use size(...)"
      : keys.length !== 1
        ? "must compare one key attribute with values"
        : key.elements.length > 1
          ? "cannot name a nested attribute"
          : c.type !== "comparison" && list[0] !== key
            ? `takes the key attribute first in ${what}`
            : "";
  if (wrong) return problem(`a key condition ${wrong}`, c.position);
  out.paths.push(key);
  // begins_with's values already carry their rule (S or B).
  if (c.type !== "function") for (const o of list) valueRule(o, what === "=" ? KEY_EQUAL : KEY_RANGE, `a key condition's ${what}`);
}

// ---------------------------------------------------------------------------
// Updates: clauses SET, REMOVE, ADD and DELETE in any order, each at most once.

const CLAUSES = ["set", "remove", "add", "delete"];

function update(): UpdateAction[] {
  const actions: UpdateAction[] = [];
  let seen = 0;
  do {
    let clause = 0;
    while (clause < 4 && !kw(CLAUSES[clause]!)) clause++;
    if (clause > 3) fail("SET, REMOVE, ADD or DELETE");
    const name = CLAUSES[clause]!.toUpperCase() as UpdateAction["action"];
    if (seen & (1 << clause)) problem(`${name} appears twice; an update takes each clause once`, ts);
    seen |= 1 << clause;
    do {
      next();
      const target = path(ts);
      out.paths.push(target);
      const action: UpdateAction = { action: name, path: target };
      if (clause === 0) {
        if (tk !== T.COMPARATOR || src.charCodeAt(ts) !== 61) fail('"=" after the path');
        next();
        action.value = setValue();
      } else if (clause > 1) {
        if (tk !== T.VALUE) fail(`a :value after the path of ${name}`);
        valueRule((action.value = updateOperand()), clause === 2 ? ADDABLE : SETS, name);
      }
      actions.push(action);
    } while (tk === T.COMMA);
  } while (tk !== T.END);
  return actions;
}

/** The value of a SET: an operand, or two joined by `+` or `-`. */
function setValue(): Operand {
  const left = updateOperand();
  if (tk !== T.PLUS && tk !== T.MINUS) return left;
  const type = tk === T.PLUS ? "+" : "-";
  const at = ts;
  next();
  const right = updateOperand();
  valueRule(left, NUMBERS, type);
  valueRule(right, NUMBERS, type);
  return { type, args: [left, right], position: at };
}

function updateOperand(): Operand {
  return operand(setValue, updateCall);
}

const UPDATE_FUNCTIONS = ["if_not_exists", "list_append"];

function updateCall(name: string, at: number): FunctionNode {
  const known = UPDATE_FUNCTIONS.includes(name);
  const f = call(name, at, updateOperand, known ? 2 : 0);
  if (!known) unknown(name, UPDATE_FUNCTIONS, at);
  else if (f.args.length === 2) {
    if (name === "if_not_exists") needsPath(f);
    else f.args.forEach((o) => valueRule(o, LISTS, name));
  }
  return f;
}
