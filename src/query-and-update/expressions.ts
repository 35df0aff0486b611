/**
 * What this helper reads of DynamoDB expressions: which placeholders an
 * expression uses, and which attributes an update's `SET` clause assigns
 * straight from a value placeholder (through `src/expressions/parse.ts`).
 *
 * DynamoDB rejects a request whose `ExpressionAttributeNames` or
 * `ExpressionAttributeValues` hold an entry none of its expressions use
 * ("Value provided in ExpressionAttributeNames unused in expressions"), so each
 * request must carry exactly its own placeholders. Expressions have no string
 * literals (values only enter through `:placeholders`), so a token scan is exact.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
 */

import { parseWithProblems, resolvePath, type UpdateAction } from "../expressions/parse.js";

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
  /** The target, its `#name` placeholders resolved: `#a.b[0]` -> `[{ name: "lease" }, { name: "b" }, { index: 0 }]`. */
  path: PathStep[];
  value: string;
}

/**
 * The `SET` actions of an update expression whose right-hand side is a single
 * value placeholder (`#status = :claimed`), read with the client's expression
 * parser. Actions computed from the item itself (`#n = #n + :one`,
 * `list_append(...)`, `if_not_exists(...)`) are left out: what they wrote
 * cannot be predicted without the old item. So is an expression that does
 * not parse, or a path whose `#name` is not in `names`; the checks before the
 * wire report both.
 */
export function plainAssignments(updateExpression: string, names: Readonly<Record<string, string>>): Assignment[] {
  const root = parseWithProblems("update", updateExpression).expression?.root as UpdateAction[] | undefined;
  const out: Assignment[] = [];
  for (const action of root ?? []) {
    if (action.action !== "SET" || action.value?.type !== "value") continue;
    const path = resolvePath(action.path, names);
    if (path) out.push({ path: path.map((step) => (typeof step === "number" ? { index: step } : { name: step })), value: action.value.name });
  }
  return out;
}
