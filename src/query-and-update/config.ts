/**
 * The helper's configuration: the parameter table of the
 * `system/dynamodb-query-and-update` workflow module, in its nested form or in
 * the merged form a workflow engine produces from a step's literals and its
 * resolved input mappings, where keys are dotted paths
 * (`"query.expressionAttributeValues": {...}`).
 *
 * Everything is checked before any request is sent, and every problem is
 * reported at once.
 */
import type { JsonValue } from "../runtime/types.js";
import { placeholdersOf } from "./expressions.js";

/** Where candidates come from. Values are plain JSON. */
export interface QueryConfig {
  /** The table to query and update. */
  tableName: string;
  /** The table's primary key attribute names (`["pk", "sk"]`); read with `DescribeTable` when omitted. */
  keyAttributes?: string[];
  /** A secondary index to query for candidates instead of the table. */
  indexName?: string;
  /** Selects candidates, e.g. `#status = :status`. `#names` come from `update.expressionAttributeNames`. */
  keyConditionExpression: string;
  /** Values for the key condition's `:placeholders`, as plain JSON. */
  expressionAttributeValues: Record<string, JsonValue>;
  /** The most candidates to find and try to update. Default 100. */
  limit?: number;
}

/** What is done to each candidate. */
export interface UpdateConfig {
  /** Applied to each candidate, e.g. `SET #status = :claimed, #claimedBy = :workerId`. */
  updateExpression: string;
  /** Every `#name` placeholder of the update, the condition and the query's key condition. */
  expressionAttributeNames?: Record<string, string>;
  /** Values for the update's and the condition's `:placeholders`, as plain JSON. */
  expressionAttributeValues?: Record<string, JsonValue>;
  /** Must hold for the update to apply, e.g. `#status = :pending`; this is what makes a claim exclusive. */
  conditionExpression?: string;
}

/** The nested configuration. */
export interface QueryAndUpdateConfig {
  query: QueryConfig;
  update: UpdateConfig;
}

/**
 * What `queryAndUpdate` accepts: the nested form, or the merged form whose
 * keys may be dotted paths (`"query.limit"`, `"update.expressionAttributeValues"`,
 * or one level deeper into a placeholder map, `"update.expressionAttributeValues.:workerId"`).
 */
export type QueryAndUpdateInput = QueryAndUpdateConfig | Record<string, unknown>;

/** One thing wrong with a configuration. */
export interface ConfigProblem {
  /** Dotted path of the parameter, e.g. `query.tableName`. */
  path: string;
  message: string;
}

/** A configuration that cannot run; `problems` lists every issue found, not only the first. */
export class InvalidConfigError extends Error {
  override readonly name = "InvalidConfigError";
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(`queryAndUpdate: invalid configuration: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    this.problems = problems;
  }
}

/** The configuration after defaults, with each value checked. */
export interface NormalizedConfig {
  query: QueryConfig & { limit: number };
  update: UpdateConfig & {
    expressionAttributeNames: Record<string, string>;
    expressionAttributeValues: Record<string, JsonValue>;
  };
}

/** `query.limit` when none is given, as in the module's parameter table. */
export const DEFAULT_LIMIT = 100;

type Kind = "string" | "string[]" | "number" | "values" | "names";
interface ParamSpec {
  kind: Kind;
  required: boolean;
}

const PARAMETERS: Record<"query" | "update", Record<string, ParamSpec>> = {
  query: {
    tableName: { kind: "string", required: true },
    keyAttributes: { kind: "string[]", required: false },
    indexName: { kind: "string", required: false },
    keyConditionExpression: { kind: "string", required: true },
    expressionAttributeValues: { kind: "values", required: true },
    limit: { kind: "number", required: false },
  },
  update: {
    updateExpression: { kind: "string", required: true },
    expressionAttributeNames: { kind: "names", required: false },
    expressionAttributeValues: { kind: "values", required: false },
    conditionExpression: { kind: "string", required: false },
  },
};
const SECTIONS = /* @__PURE__ */ Object.keys(PARAMETERS) as (keyof typeof PARAMETERS)[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Merges the dotted form into the nested one, applies defaults and checks
 * every parameter against the module's table and every placeholder against
 * the maps that must define it. Throws one `InvalidConfigError` listing all problems.
 */
export function normalizeConfig(input: unknown): NormalizedConfig {
  const problems: ConfigProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input)) throw new InvalidConfigError([{ path: "(config)", message: `expected an object, got ${describe(input)}` }]);

  const merged = mergeDotted(input, report);
  for (const section of SECTIONS) checkSection(section, merged[section], report);
  checkPlaceholders(merged, report);
  if (problems.length > 0) throw new InvalidConfigError(problems);

  const query = merged.query as unknown as QueryConfig;
  const update = merged.update as unknown as UpdateConfig;
  // Spread copies (own data properties only) give the caller ordinary objects back.
  return {
    query: { ...query, expressionAttributeValues: { ...query.expressionAttributeValues }, limit: query.limit ?? DEFAULT_LIMIT },
    update: {
      ...update,
      expressionAttributeNames: { ...update.expressionAttributeNames },
      expressionAttributeValues: { ...update.expressionAttributeValues },
    },
  };
}

/** Builds `{ query: {...}, update: {...} }` from nested sections and dotted keys. */
function mergeDotted(input: Record<string, unknown>, report: (path: string, message: string) => void) {
  const out: Record<string, Record<string, unknown>> = {};
  // Prototype-less, so a parameter named `__proto__` is a key like any other (and reported as unknown).
  const sectionOf = (name: string) => (out[name] ??= Object.create(null) as Record<string, unknown>);
  const place = (section: string, param: string, value: unknown, origin: string) => {
    const target = sectionOf(section);
    if (!(param in target)) {
      target[param] = value;
      return;
    }
    const existing = target[param];
    // Literals and mappings may each fill part of a placeholder map.
    if (isObject(existing) && isObject(value)) {
      const both: Record<string, unknown> = Object.assign(Object.create(null), existing);
      for (const [k, v] of Object.entries(value)) {
        if (k in both && !sameJson(both[k], v)) report(`${section}.${param}.${k}`, `given twice with different values (again by "${origin}")`);
        both[k] = v;
      }
      target[param] = both;
    } else if (!sameJson(existing, value)) {
      report(`${section}.${param}`, `given twice with different values (again by "${origin}")`);
    }
  };

  // Nested sections first, so the dotted keys (the resolved mappings) merge into them.
  for (const [key, value] of Object.entries(input)) {
    if (key.includes(".")) continue;
    if (!(SECTIONS as string[]).includes(key)) {
      report(key, `unknown parameter; expected "query" and "update" (or dotted keys such as "query.tableName")`);
    } else if (!isObject(value)) {
      report(key, `expected an object, got ${describe(value)}`);
    } else {
      for (const [param, v] of Object.entries(value)) place(key, param, v, `${key}`);
    }
  }
  for (const [key, value] of Object.entries(input)) {
    if (!key.includes(".")) continue;
    const parts = key.split(".");
    const [section = "", param = "", entry] = parts;
    if (parts.some((p) => p.trim() === "") || parts.length > 3) {
      report(key, `malformed dotted key; expected "<section>.<parameter>" such as "query.limit", or "update.expressionAttributeValues.:name"`);
    } else if (!(SECTIONS as string[]).includes(section)) {
      report(key, `unknown section "${section}"; expected "query" or "update"`);
    } else if (entry === undefined) {
      place(section, param, value, key);
    } else {
      const specs = PARAMETERS[section as keyof typeof PARAMETERS];
      const spec = Object.hasOwn(specs, param) ? specs[param] : undefined;
      if (spec && spec.kind !== "values" && spec.kind !== "names") report(key, `"${section}.${param}" is not a map, so it has no entry "${entry}"`);
      else place(section, param, { [entry]: value }, key);
    }
  }
  return out;
}

function checkSection(section: keyof typeof PARAMETERS, given: Record<string, unknown> | undefined, report: (path: string, message: string) => void) {
  const specs = PARAMETERS[section];
  for (const [param, value] of Object.entries(given ?? {})) {
    const spec = Object.hasOwn(specs, param) ? specs[param] : undefined;
    const path = `${section}.${param}`;
    if (!spec) {
      report(path, `unknown parameter; ${section} takes ${Object.keys(specs).join(", ")}`);
      continue;
    }
    if (value === undefined) continue; // same as absent; required ones are caught below
    checkValue(path, spec.kind, value, report);
  }
  for (const [param, spec] of Object.entries(specs)) {
    if (spec.required && given?.[param] === undefined) report(`${section}.${param}`, `is required (${spec.kind === "values" ? "an object" : spec.kind})`);
  }
}

function checkValue(path: string, kind: Kind, value: unknown, report: (path: string, message: string) => void) {
  switch (kind) {
    case "string":
      if (typeof value !== "string") report(path, `expected a string, got ${describe(value)}`);
      else if (value.trim() === "") report(path, "must not be empty");
      return;
    case "number":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) report(path, `expected a whole number of at least 1, got ${describe(value)}`);
      return;
    case "string[]":
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "")) {
        report(path, `expected an array of attribute names, got ${describe(value)}`);
      } else if (value.length < 1 || value.length > 2) {
        report(path, `a primary key has 1 or 2 attributes (partition key, then sort key), got ${value.length}`);
      } else if (new Set(value).size !== value.length) {
        report(path, "lists an attribute twice");
      }
      return;
    case "names":
      if (!isObject(value)) return report(path, `expected an object of "#placeholder": "attributeName", got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        if (!/^#[A-Za-z0-9_]+$/.test(k)) report(`${path}.${k}`, `a name placeholder is "#" followed by letters, digits or "_"`);
        if (typeof v !== "string" || v === "") report(`${path}.${k}`, `expected an attribute name, got ${describe(v)}`);
      }
      return;
    case "values":
      if (!isObject(value)) return report(path, `expected an object of ":placeholder": value, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        if (!/^:[A-Za-z0-9_]+$/.test(k)) report(`${path}.${k}`, `a value placeholder is ":" followed by letters, digits or "_"`);
        const bad = notJson(v);
        if (bad) report(`${path}.${k}${bad.at}`, bad.message);
      }
      return;
  }
}

/**
 * Every placeholder an expression uses must be defined. Names come from
 * `update.expressionAttributeNames` for all three expressions (the module's
 * table gives the query no names of its own); values come from the
 * expression's own section, else from the other one.
 */
function checkPlaceholders(config: Record<string, Record<string, unknown>>, report: (path: string, message: string) => void) {
  // Parameters of the wrong type were reported already; read around them.
  const map = (v: unknown) => (isObject(v) ? v : {});
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const names = map(config.update?.expressionAttributeNames);
  const queryValues = map(config.query?.expressionAttributeValues);
  const updateValues = map(config.update?.expressionAttributeValues);
  const check = (path: string, expression: string | undefined, own: object, other: object) => {
    const used = placeholdersOf(expression);
    const missingNames = used.names.filter((n) => !(n in names));
    const missingValues = used.values.filter((v) => !(v in own) && !(v in other));
    if (missingNames.length) report(path, `uses ${missingNames.join(", ")}, not defined in update.expressionAttributeNames`);
    if (missingValues.length) report(path, `uses ${missingValues.join(", ")}, not defined in ${path.split(".")[0]}.expressionAttributeValues`);
  };
  check("query.keyConditionExpression", text(config.query?.keyConditionExpression), queryValues, updateValues);
  check("update.updateExpression", text(config.update?.updateExpression), updateValues, queryValues);
  check("update.conditionExpression", text(config.update?.conditionExpression), updateValues, queryValues);
}

function notJson(value: unknown, at = ""): { at: string; message: string } | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : { at, message: `${value} is not a number DynamoDB can store` };
    case "object":
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const bad = notJson(value[i], `${at}[${i}]`);
          if (bad) return bad;
        }
        return undefined;
      }
      if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        return { at, message: `expected a plain JSON value, got ${describe(value)}` };
      }
      for (const [k, v] of Object.entries(value)) {
        const bad = notJson(v, `${at}.${k}`);
        if (bad) return bad;
      }
      return undefined;
    default:
      return { at, message: `expected a plain JSON value, got ${describe(value)}` };
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "object") return value.constructor && value.constructor !== Object ? `a ${value.constructor.name}` : "an object";
  return `a ${typeof value}`;
}
