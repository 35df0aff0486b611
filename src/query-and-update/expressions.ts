/**
 * Just enough reading of DynamoDB expressions for this helper: which
 * placeholders an expression uses, and which attributes an update's `SET`
 * clause assigns straight from a value placeholder.
 *
 * DynamoDB rejects a request whose `ExpressionAttributeNames` or
 * `ExpressionAttributeValues` hold an entry none of its expressions use
 * ("Value provided in ExpressionAttributeNames unused in expressions"), so each
 * request must carry exactly its own placeholders. Expressions have no string
 * literals (values only enter through `:placeholders`), so a token scan is exact.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
 */

/** The `#names` and `:values` one or more expressions use, each once, in order of first use. */
export interface Placeholders {
  names: string[];
  values: string[];
}

// Placeholder syntax: `#` or `:` followed by one or more alphanumerics or `_`.
const PLACEHOLDER = /[#:][A-Za-z0-9_]+/g;

/** The placeholders used by the given expressions (undefined ones are skipped). */
export function placeholdersOf(...expressions: (string | undefined)[]): Placeholders {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const expression of expressions) {
    for (const [token] of expression?.matchAll(PLACEHOLDER) ?? []) (token.startsWith("#") ? names : values).add(token);
  }
  return { names: [...names], values: [...values] };
}

/** One step of a document path: an attribute or map key, or a list index. */
export type PathStep = { name: string } | { index: number };

/** `SET path = :value`: an attribute the update sets to exactly one placeholder's value. */
export interface Assignment {
  /** The target with `#name` placeholders still unresolved, e.g. `#a.b[0]`. */
  path: string;
  value: string;
}

/**
 * The `SET` actions of an update expression whose right-hand side is a single
 * value placeholder (`#status = :claimed`). Actions computed from the item
 * itself (`#n = #n + :one`, `list_append(...)`, `if_not_exists(...)`) are left
 * out: what they wrote cannot be predicted without the old item.
 */
export function plainAssignments(updateExpression: string): Assignment[] {
  const set = clauses(updateExpression).get("SET");
  if (set === undefined) return [];
  const out: Assignment[] = [];
  for (const action of splitTopLevel(set, ",")) {
    const eq = action.indexOf("=");
    if (eq < 0) continue;
    const path = action.slice(0, eq).trim();
    const value = action.slice(eq + 1).trim();
    if (/^:[A-Za-z0-9_]+$/.test(value)) out.push({ path, value });
  }
  return out;
}

// A clause keyword is a whole word not glued to a placeholder sigil or a path dot.
const CLAUSE_KEYWORD = /(?<![#:.\w])(SET|REMOVE|ADD|DELETE)(?!\w)/gi;

/** Splits an update expression into its clauses by keyword (each may appear once). */
function clauses(expression: string): Map<string, string> {
  const found = [...expression.matchAll(CLAUSE_KEYWORD)];
  const out = new Map<string, string>();
  found.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < found.length ? found[i + 1]!.index! : expression.length;
    out.set(m[0].toUpperCase(), expression.slice(start, end));
  });
  return out;
}

/** Splits on `separator` outside parentheses, so function arguments stay whole. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Resolves a document path (`#a.b[2].#c`) into steps, replacing `#name`
 * placeholders from `names`. Returns undefined when a placeholder is unknown.
 */
export function parsePath(path: string, names: Readonly<Record<string, string>>): PathStep[] | undefined {
  const steps: PathStep[] = [];
  for (const segment of path.split(".")) {
    const m = /^\s*([^[\]\s]+)\s*((?:\[\s*\d+\s*\]\s*)*)$/.exec(segment);
    if (!m) return undefined;
    const [, head = "", indexes = ""] = m;
    const name = head.startsWith("#") ? names[head] : head;
    if (name === undefined) return undefined;
    steps.push({ name });
    for (const [, i] of indexes.matchAll(/\[\s*(\d+)\s*\]/g)) steps.push({ index: Number(i) });
  }
  return steps;
}
