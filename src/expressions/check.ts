/**
 * DynamoDB's expression checks, made before a request leaves: the generated
 * validators call `checkExpressions` (or `checkProjection`) on every structure
 * that holds expressions (UpdateItemInput, QueryInput, a transaction's Put,
 * KeysAndAttributes, ...), and each problem joins the request's
 * `ParamValidationError` with its path: the expression's member
 * (`UpdateExpression`), or a placeholder's entry
 * (`ExpressionAttributeValues[":x"]`). Typed input uses the typed member
 * names (`updateExpression`), wire input the AWS ones.
 *
 * What is checked, across all the expressions of one structure, as the
 * service does: the grammar of each (`parse.ts`), `#name` and `:value`
 * placeholders used but not defined, or defined but not used (names count in
 * ProjectionExpression too; values are used by the other expressions only),
 * placeholder keys of the wrong form, empty maps, maps given without an
 * expression that could use them, expression members mixed with the legacy
 * ones (`Expected`, `AttributesToGet`, ...), update and projection paths that
 * overlap or conflict once names are resolved, operands that must differ
 * (`a = a`), one condition per key in a key condition, the types of values
 * where an operator or function takes only some (`ADD` with a string,
 * `begins_with` with a number, BETWEEN bounds out of order), and the
 * attribute values themselves (numbers DynamoDB cannot read, empty sets,
 * duplicates in a set, a value with no type).
 *
 * Each check rejects only what DynamoDB rejects for every table and item.
 *
 * Bundle size: `checkProjection` reaches only the placeholder and path checks
 * (`check` without its `full` part) and the projection grammar; the checks
 * of values and the condition and update grammars stay out of a bundle that
 * only reads items.
 */
import type { ValidationProblem } from "../runtime/errors.js";
import { isNumberString, parseDecimal } from "../document/number-value.js";
import { fromBase64 } from "../runtime/serde.js";
import { serviceChecksOn } from "../runtime/validate.js";
import {
  parseProjection,
  parseWithProblems,
  resolvePath,
  type ExpressionKind,
  type Parsing,
  type PathNode,
  type ParsedExpression,
  type ValueNode,
  TYPES,
  TYPE_NAME,
} from "./parse.js";

/** The members one entry point reads, by their wire names; the typed names (`updateExpression`) are made on first use. */
interface Members {
  /** The expression members, each of the kind at the same index of `kinds`. */
  expressions: string[];
  kinds: ExpressionKind[];
  /** The placeholder maps: names, then values when the expressions take values. */
  maps: string[];
  /** The members of the legacy API, which DynamoDB does not take together with expressions. */
  legacy: string[];
  typed?: Members;
}

const ALL: Members = {
  expressions: ["KeyConditionExpression", "ConditionExpression", "FilterExpression", "UpdateExpression", "ProjectionExpression"],
  kinds: ["keyCondition", "condition", "condition", "update", "projection"],
  maps: ["ExpressionAttributeNames", "ExpressionAttributeValues"],
  legacy: ["AttributesToGet", "AttributeUpdates", "ConditionalOperator", "Expected", "KeyConditions", "QueryFilter", "ScanFilter"],
};

/** What a structure whose one expression is a projection (GetItem, KeysAndAttributes, a transaction's Get) holds. */
const PROJECTION: Members = {
  expressions: ["ProjectionExpression"],
  kinds: ["projection"],
  maps: ["ExpressionAttributeNames"],
  legacy: ["AttributesToGet"],
};

/** The index of KeyConditions in `ALL.legacy`: it may go with a filter or projection, and only KeyConditionExpression replaces it. */
const KEY_CONDITIONS = 4;

/** The longest placeholder DynamoDB takes (`#name`, `:value`), in bytes. */
const MAX_PLACEHOLDER = 255;

/**
 * Checks the expressions of `v`, one request structure, and the placeholder
 * maps beside them; records each problem in `problems` with a path relative
 * to `v`. `wire` says whether `v` uses the AWS member names
 * (`UpdateExpression`) or the typed ones (`updateExpression`). Does nothing
 * when the client turned the checks off.
 */
export function checkExpressions(v: object, problems: ValidationProblem[], wire: boolean): void {
  if (!serviceChecksOn()) return;
  check(v as Dict, problems, wire, ALL, parseWithProblems, full);
}

/**
 * `checkExpressions` for a Query, which DynamoDB runs only with a key
 * condition: the model marks neither `KeyConditionExpression` nor the legacy
 * `KeyConditions` required, since either will do.
 */
export function checkQuery(v: object, problems: ValidationProblem[], wire: boolean): void {
  if (!serviceChecksOn()) return;
  const key = wire ? "KeyConditionExpression" : "keyConditionExpression";
  if ((v as Dict)[key] == null && (v as Dict)[wire ? "KeyConditions" : "keyConditions"] == null) {
    add(problems, key, "is required: a Query reads the partition its key condition names (a Scan reads them all)");
  }
  check(v as Dict, problems, wire, ALL, parseWithProblems, full);
}

/**
 * `checkExpressions` for a structure whose one expression is a
 * ProjectionExpression (GetItem, KeysAndAttributes, a transaction's Get): it
 * carries only the projection grammar and the name checks, so a bundle that
 * reads items stays small.
 */
export function checkProjection(v: object, problems: ValidationProblem[], wire: boolean): void {
  if (!serviceChecksOn()) return;
  check(v as Dict, problems, wire, PROJECTION, projectionOnly);
}

function projectionOnly(_kind: ExpressionKind, text: string): Parsing {
  return parseProjection(text);
}

type Dict = Record<string, unknown>;

/** The checks that need the values: `full` below. */
type Full = (parsed: ParsedExpression[], where: string[], names: Dict | undefined, values: Dict | undefined, member: string, problems: ValidationProblem[]) => void;

/** `members` in the spelling of `wire`. */
function spelled(members: Members, wire: boolean): Members {
  return wire ? members : (members.typed ??= { ...members, expressions: camel(members.expressions), maps: camel(members.maps), legacy: camel(members.legacy) });
}

function camel(list: string[]): string[] {
  return list.map((m) => m[0]!.toLowerCase() + m.slice(1));
}

/**
 * The checks of both entry points: each expression's grammar, the legacy
 * members, the placeholder maps, names defined, and paths that overlap;
 * `full`, when given, adds what needs the values.
 */
function check(
  v: Dict,
  problems: ValidationProblem[],
  wire: boolean,
  members: Members,
  parse: (kind: ExpressionKind, text: string) => Parsing,
  full?: Full,
): void {
  const m = spelled(members, wire);
  const namesMember = m.maps[0]!;
  const valuesMember = m.maps[1];
  const names = asMap(v[namesMember]);
  const values = valuesMember ? asMap(v[valuesMember]) : undefined;
  const parsed: ParsedExpression[] = [];
  const where: string[] = [];
  let given = 0;
  let takingValues = 0;
  let complete = true;
  for (let i = 0; i < m.expressions.length; i++) {
    const member = m.expressions[i]!;
    const text = v[member];
    if (typeof text !== "string") continue;
    given++;
    const kind = m.kinds[i]!;
    if (kind !== "projection") takingValues++;
    const r = parse(kind, text);
    for (const p of r.problems) add(problems, member, p.message);
    if (r.expression) {
      parsed.push(r.expression);
      where.push(member);
    } else complete = false;
  }
  if (given) {
    for (let i = 0; i < m.legacy.length; i++) {
      const member = m.legacy[i]!;
      if (v[member] != null && (i !== KEY_CONDITIONS || v[m.expressions[0]!] != null))
        add(problems, member, "cannot be combined with expressions; write it as an expression");
    }
  }
  if (names) placeholders(names, namesMember, "#", given ? parsed : undefined, problems, complete);
  if (values) placeholders(values, valuesMember!, ":", takingValues ? parsed : undefined, problems, complete);
  for (let i = 0; i < parsed.length; i++) {
    const e = parsed[i]!;
    defined(e.names, e.namePositions, names, namesMember, where[i]!, problems);
    if (e.kind !== "keyCondition" && e.paths.length > 1) overlaps(e.paths, where[i]!, names, problems);
  }
  full?.(parsed, where, names, values, valuesMember!, problems);
}

function add(problems: ValidationProblem[], path: string, message: string): void {
  problems.push({ path, message });
}

function asMap(x: unknown): Dict | undefined {
  return x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Dict) : undefined;
}

/**
 * The checks of one placeholder map: not empty, keys of the right form, every
 * placeholder defined used (when every expression parsed, so that all uses
 * are known). `parsed` is undefined when no expression of the request can use
 * the map.
 */
function placeholders(map: Dict, member: string, sigil: string, parsed: ParsedExpression[] | undefined, problems: ValidationProblem[], complete: boolean): void {
  const isValues = sigil === ":";
  if (!parsed) {
    add(problems, member, `is given, but no expression takes ${isValues ? "values" : "names"}`);
    return;
  }
  let count = 0;
  for (const key in map) {
    count++;
    const wrong =
      key[0] !== sigil || !/^.\w+$/.test(key)
        ? `is not a placeholder: write ${sigil} and letters, digits or _ (${sigil}x1)`
        : key.length > MAX_PLACEHOLDER
          ? `is ${key.length} bytes; placeholders take up to ${MAX_PLACEHOLDER}`
          : !isValues && map[key] === ""
            ? "maps to an empty attribute name"
            : complete && !used(parsed, key, isValues)
              ? "is not used by any expression; remove it"
              : "";
    if (wrong) add(problems, entry(member, key), wrong);
  }
  if (!count) add(problems, member, "is empty; leave it out");
}

function used(parsed: ParsedExpression[], key: string, isValues: boolean): boolean {
  for (const e of parsed) if ((isValues ? e.values : e.names).includes(key)) return true;
  return false;
}

/** Checks that every placeholder an expression uses (`list`, at `positions`) is in `map` (a missing map defines none). */
function defined(list: string[], positions: number[], map: Dict | undefined, mapName: string, member: string, problems: ValidationProblem[]): void {
  for (let i = 0; i < list.length; i++) {
    // Placeholders begin with # or :, so no key reaches the prototype. An
    // entry whose value is wrong counts as defined: its own check reports it.
    // (Reading the entry first is the fast way for the common case.)
    if (!map || (map[list[i]!] === undefined && !(list[i]! in map))) add(problems, member, `uses ${list[i]} (offset ${positions[i]}), which ${mapName} does not define`);
  }
}

function entry(member: string, key: string): string {
  return `${member}[${JSON.stringify(key)}]`;
}

function show(p: (string | number)[]): string {
  return p.map((x, i) => (typeof x === "number" ? `[${x}]` : i ? `.${x}` : x)).join("");
}

/**
 * Two paths of an update or projection may not overlap (one is the other or
 * contains it: `a` and `a.b`) nor conflict (a name and an index at the same
 * place: `a.b` and `a[0]`).
 */
function overlaps(paths: PathNode[], member: string, names: Dict | undefined, problems: ValidationProblem[]): void {
  const seen: (string | number)[][] = [];
  for (const p of paths) {
    const r = resolvePath(p, names);
    if (!r) continue;
    for (const q of seen) {
      let clash = "overlap";
      for (let i = 0; i < q.length && i < r.length && clash; i++) {
        if (typeof q[i] !== typeof r[i]) clash = "conflict (a name and an index at one place)";
        else if (q[i] !== r[i]) clash = "";
      }
      if (clash) {
        add(problems, member, `the paths ${show(q)} and ${show(r)} (offset ${p.position}) ${clash}; write each part of an item once`);
        break;
      }
    }
    seen.push(r);
  }
}

// ---------------------------------------------------------------------------
// What needs the values: checkExpressions only.

/** The values' own problems, then per expression: values defined, operands that must differ, key attributes, value types, BETWEEN bounds. */
function full(parsed: ParsedExpression[], where: string[], names: Dict | undefined, values: Dict | undefined, valuesMember: string, problems: ValidationProblem[]): void {
  for (const key in values) {
    const wrong = valueProblem(values[key]);
    if (wrong) add(problems, entry(valuesMember, key), wrong);
  }
  for (let i = 0; i < parsed.length; i++) {
    const e = parsed[i]!;
    const member = where[i]!;
    if (e.kind !== "projection") defined(e.values, e.valuePositions, values, valuesMember, member, problems);
    for (const [a, b, operator] of e.distinct) {
      const x = resolvePath(a, names);
      const y = x && resolvePath(b, names);
      if (y && show(x!) === show(y))
        add(problems, member, `the operands of ${operator} (offset ${a.position}) are both ${show(y)}; they must differ`);
    }
    if (e.kind === "keyCondition") keys(e.paths, member, names, problems);
    if (values) {
      for (const rule of e.valueRules) valueType(rule.value, values[rule.value], rule.allowed, rule.what, rule.position, member, problems);
      for (const [low, high] of e.ranges) range(low, high, values, member, problems);
    }
  }
}

/** A key condition names each key attribute once, and at most two of them (partition and sort key). */
function keys(paths: PathNode[], member: string, names: Dict | undefined, problems: ValidationProblem[]): void {
  const seen: string[] = [];
  for (const p of paths) {
    const name = resolvePath(p, names)?.[0] as string | undefined;
    if (name === undefined) continue;
    if (seen.includes(name)) {
      add(problems, member, `names the key ${name} twice (offset ${p.position}); write one condition per key`);
      return;
    }
    seen.push(name);
  }
  if (seen.length > 2) {
    add(problems, member, `names ${seen.length} keys (${seen.join(", ")}); a table has at most two`);
  }
}

/** The key of an attribute value's one member that is set (not null or undefined, as DynamoDB reads JSON). */
function member(av: unknown): string | undefined {
  if (av === null || typeof av !== "object") return undefined;
  for (const k in av) if ((av as Dict)[k] != null) return k;
  return undefined;
}

/** The types by the keys that name them, wire (`S`) and typed (`s`), made on first use. */
let typeNames: Map<string, string> | undefined;

/** The type (in wire spelling) an attribute value's member key names; undefined for a key that names none. */
function typeName(k: string | undefined): string | undefined {
  typeNames ??= new Map(TYPES.flatMap((t) => [[t, t], [t.toLowerCase(), t]]));
  return typeNames.get(k!);
}

/** The type of an attribute value, wire (`{ S: "x" }`) or typed (`{ s: "x" }`), in wire spelling; undefined when unclear. */
function typeOf(av: unknown): string | undefined {
  return typeName(member(av));
}

/** What an attribute value holds: `"x"` for `{ S: "x" }`. */
function payload(av: unknown): unknown {
  return (av as Dict | undefined)?.[member(av)!];
}

function valueType(key: string, av: unknown, allowed: readonly string[], what: string, position: number, member: string, problems: ValidationProblem[]): void {
  const type = typeOf(av);
  if (!type) return;
  const name = payload(av);
  if (allowed === TYPE_NAME ? type !== "S" || !TYPES.includes(name as string) : !allowed.includes(type)) {
    const got = allowed === TYPE_NAME && type === "S" ? JSON.stringify(name) : `a value of type ${type}`;
    const wanted = allowed === TYPE_NAME ? `a string naming a type (${TYPES.join(", ")})` : allowed.join(", ");
    add(problems, member, `${what} takes ${wanted}, but ${key} (offset ${position}) is ${got}`);
  }
}

/** BETWEEN's bounds: of one type, and the lower not above the upper. */
function range(low: ValueNode, high: ValueNode, values: Dict, member: string, problems: ValidationProblem[]): void {
  const a = values[low.name];
  const b = values[high.name];
  const ta = typeOf(a);
  const tb = typeOf(b);
  const x = payload(a);
  const y = payload(b);
  const wrong =
    !ta || !tb
      ? ""
      : ta !== tb
        ? `are of two types, ${ta} and ${tb}`
        : ta === "B"
          ? byteCompare(bytesOf(x), bytesOf(y)) > 0
            ? "are out of order"
            : ""
          : typeof x === "string" && typeof y === "string" && (ta === "N" ? Number(x) > Number(y) : ta === "S" && codePointCompare(x, y) > 0)
            ? "are out of order"
            : "";
  if (wrong) add(problems, member, `BETWEEN's bounds ${low.name} and ${high.name} (offset ${low.position}) ${wrong}`);
}

/** A binary value's bytes: typed input holds them, wire input holds base64; undefined when unreadable. */
function bytesOf(x: unknown): Uint8Array | undefined {
  if (x instanceof Uint8Array) return x;
  if (typeof x !== "string") return undefined;
  try {
    return fromBase64(x);
  } catch {
    return undefined;
  }
}

/** Compares bytes as unsigned numbers, DynamoDB's order for binaries; 0 when either is unreadable. */
function byteCompare(a: Uint8Array | undefined, b: Uint8Array | undefined): number {
  if (!a || !b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Compares strings by code point, which is the order of their UTF-8 bytes, DynamoDB's order for strings. */
function codePointCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/**
 * What DynamoDB rejects in an attribute value whatever the table, nested
 * values included: no type set (`{}`), a number it cannot read (syntax,
 * more than 38 significant digits, magnitude outside 1e-130 to 1e126), an
 * empty set, a set holding an element twice (numbers compared by value),
 * NULL set to false. Answers the problem, or undefined. Members of a type
 * this client does not know, and values of the wrong JavaScript type, are
 * left to the service and to the model's checks.
 */
function valueProblem(av: unknown): string | undefined {
  // Only a plain object can be an attribute value; an array, a date, bytes... are the model's checks' to report.
  const proto = av !== null && typeof av === "object" && Object.getPrototypeOf(av);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const k = member(av);
  if (k === undefined) return `has no type; set one of ${TYPES.join(", ")}`;
  const t = typeName(k);
  const x = (av as Dict)[k];
  if (t === "N") return numberProblem(x, t);
  if (t === "NULL") return x === false ? "sets NULL to false, not true" : undefined;
  if ((t === "M" || t === "L") && typeof x === "object") {
    for (const i in x) {
      const wrong = valueProblem((x as Dict)[i]);
      if (wrong) return `in ${t}${t === "L" ? `[${i}]` : `.${i}`}, ${wrong}`;
    }
  }
  if ((t === "SS" || t === "NS" || t === "BS") && Array.isArray(x)) {
    if (!x.length) return `${t} is empty; a set needs an element`;
    const seen = new Set<string>();
    for (const element of x) {
      // Strings (bytes in typed BS); anything else is the model's to report.
      const bytes = element instanceof Uint8Array;
      if (typeof element !== "string" && !bytes) continue;
      let same = bytes ? `[${element.join()}]` : element;
      if (t === "NS") {
        const wrong = numberProblem(element, t);
        if (wrong) return wrong;
        same = numberKey(element as string);
      }
      if (seen.has(same)) return `${t} holds ${bytes ? same : element} twice`;
      seen.add(same);
    }
  }
  return undefined;
}

/**
 * Why DynamoDB would refuse `s` as the text of an N or an NS element: not in
 * its number syntax (the document layer's, without a leading `+`, which the
 * service refuses), over 38 significant digits, or a magnitude outside 1e-130
 * to 1e126. Non-strings are left to the model's checks.
 */
function numberProblem(s: unknown, t: string): string | undefined {
  if (typeof s !== "string") return undefined;
  if (s[0] === "+" || !isNumberString(s)) return `${t} ${JSON.stringify(s)} is not a number (such as -1.5e3)`;
  // Up to 38 characters without an exponent: at most 38 digits, and within range.
  if (s.length < 39 && s.indexOf("e") < 0 && s.indexOf("E") < 0) return undefined;
  const { digits, exponent } = parseDecimal(s);
  // The power of ten of the first significant digit: 1 for "12", -2 for "0.05".
  const top = exponent + digits.length - 1;
  if (digits.length > 38) return `${t} ${JSON.stringify(s)} has over 38 significant digits`;
  if (digits && (top > 125 || top < -130)) return `${t} ${JSON.stringify(s)} is out of range (1e-130 to 1e126)`;
  return undefined;
}

/** A number's value in a form equal for equal numbers (`1.50` and `15e-1` give `15e-1`; `0` and `-0` give `0`), for sets. */
function numberKey(s: string): string {
  const { negative, digits, exponent } = parseDecimal(s);
  return digits ? `${negative ? "-" : ""}${digits}e${exponent}` : "0";
}
