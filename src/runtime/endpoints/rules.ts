/**
 * An evaluator for the Smithy endpoint rules language, which the services'
 * models use to say where requests go (`endpoint-rule-set-1.json`).
 *
 * A rule set declares parameters (region, FIPS, dual-stack, custom endpoint,
 * ...) and a list of rules. Each rule has conditions (function calls, whose
 * results may be bound to names); the first rule whose conditions all hold
 * decides: an `endpoint` rule gives the URL, an `error` rule a configuration
 * error, a `tree` rule descends into its own rules. See "Endpoint rule set"
 * and "Endpoint rules standard library" in the Smithy 2.0 specification.
 *
 * Evaluating the model's own rules rather than a hand-written table means
 * the special cases (DynamoDB's `local` region, FIPS host names, account-based
 * endpoints, which partitions offer dual-stack) come from AWS's data.
 */
import { STANDARD_FUNCTIONS, getAttr, type RuleValue } from "./functions.js";

/** An expression: a literal (strings are templates), a reference, or a function call. */
export type Expression = string | number | boolean | Expression[] | { ref: string } | FunctionCall | { [key: string]: Expression };

/** A call of a standard-library function. */
export interface FunctionCall {
  fn: string;
  argv: Expression[];
}

/** A rule's condition: a function call whose result may be bound to a name. */
export interface Condition extends FunctionCall {
  assign?: string;
}

/** Where requests go and how to sign them. */
export interface EndpointRuleResult {
  url: Expression;
  properties?: { [key: string]: Expression };
  headers?: { [key: string]: Expression[] };
}

/** One rule of a rule set. */
export type Rule =
  | { type: "endpoint"; conditions: Condition[]; endpoint: EndpointRuleResult; documentation?: string }
  | { type: "error"; conditions: Condition[]; error: Expression; documentation?: string }
  | { type: "tree"; conditions: Condition[]; rules: Rule[]; documentation?: string };

/** A declared parameter. `builtIn` names the SDK setting that fills it. */
export interface ParameterSpec {
  type: string;
  builtIn?: string;
  required?: boolean;
  default?: string | boolean | string[];
  deprecated?: unknown;
}

/** A whole `endpoint-rule-set-1.json`. */
export interface RuleSet {
  version: string;
  parameters: { [name: string]: ParameterSpec };
  rules: Rule[];
}

/** The endpoint a rule set chose. */
export interface EvaluatedEndpoint {
  url: string;
  properties: { [key: string]: RuleValue };
  headers: { [key: string]: string[] };
}

/** The rule set rejected the configuration (an `error` rule matched, or no rule did). */
export class EndpointError extends Error {
  override name = "EndpointError";
}

type Scope = Map<string, RuleValue>;

/**
 * Evaluates `ruleSet` for the given parameter values (by parameter name).
 * Defaults are applied and required parameters checked first.
 */
export function evaluateRuleSet(ruleSet: RuleSet, params: { [name: string]: RuleValue }): EvaluatedEndpoint {
  const scope: Scope = new Map();
  for (const [name, spec] of Object.entries(ruleSet.parameters)) {
    let value = params[name];
    if (value === undefined && spec.default !== undefined) value = spec.default;
    if (value === undefined && spec.required) throw new EndpointError(`endpoint parameter ${name} is required`);
    if (value !== undefined) scope.set(name, value);
  }
  const result = evaluateRules(ruleSet.rules, scope);
  if (!result) throw new EndpointError("no endpoint rule matched the configuration");
  return result;
}

function evaluateRules(rules: Rule[], outer: Scope): EvaluatedEndpoint | undefined {
  for (const rule of rules) {
    // Bindings made by a rule's conditions are visible only inside that rule.
    const scope: Scope = new Map(outer);
    if (!rule.conditions.every((c) => holds(c, scope))) continue;
    switch (rule.type) {
      case "endpoint":
        return {
          url: asString(evaluate(rule.endpoint.url, scope), "endpoint url"),
          properties: evaluateObject(rule.endpoint.properties ?? {}, scope),
          headers: Object.fromEntries(
            Object.entries(rule.endpoint.headers ?? {}).map(([k, vs]) => [k, vs.map((v) => asString(evaluate(v, scope), `header ${k}`))]),
          ),
        };
      case "error":
        throw new EndpointError(asString(evaluate(rule.error, scope), "error message"));
      case "tree": {
        // A tree whose conditions hold is terminal: if none of its rules
        // match, evaluation fails rather than falling through to siblings.
        const inner = evaluateRules(rule.rules, scope);
        if (!inner) throw new EndpointError("no endpoint rule matched the configuration");
        return inner;
      }
    }
  }
  return undefined;
}

function holds(condition: Condition, scope: Scope): boolean {
  const value = call(condition, scope);
  if (value === undefined || value === null || value === false) return false;
  if (condition.assign) scope.set(condition.assign, value);
  return true;
}

function call(fnCall: FunctionCall, scope: Scope): RuleValue {
  const fn = STANDARD_FUNCTIONS[fnCall.fn];
  if (!fn) throw new EndpointError(`endpoint rules use unsupported function ${fnCall.fn}`);
  return fn(...fnCall.argv.map((arg) => evaluate(arg, scope)));
}

function evaluate(expr: Expression, scope: Scope): RuleValue {
  if (typeof expr === "string") return template(expr, scope);
  if (typeof expr === "number" || typeof expr === "boolean") return expr;
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, scope));
  if ("ref" in expr && typeof expr.ref === "string") return scope.get(expr.ref);
  if ("fn" in expr && typeof expr.fn === "string") return call(expr as FunctionCall, scope);
  return evaluateObject(expr as { [key: string]: Expression }, scope);
}

function evaluateObject(obj: { [key: string]: Expression }, scope: Scope): { [key: string]: RuleValue } {
  const out: { [key: string]: RuleValue } = {};
  for (const [k, v] of Object.entries(obj)) out[k] = evaluate(v, scope);
  return out;
}

/**
 * Expands a template string: `{Name}` is a parameter or binding,
 * `{Name#path}` an attribute of one, `{{` and `}}` are literal braces.
 */
function template(text: string, scope: Scope): string {
  if (!text.includes("{") && !text.includes("}")) return text;
  let out = "";
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    if ((ch === "{" || ch === "}") && text[i + 1] === ch) {
      out += ch;
      i += 2;
      continue;
    }
    if (ch === "{") {
      const end = text.indexOf("}", i);
      if (end < 0) throw new EndpointError(`unterminated template in ${JSON.stringify(text)}`);
      const [name, path] = text.slice(i + 1, end).split("#", 2) as [string, string | undefined];
      const value = path === undefined ? scope.get(name) : getAttr(scope.get(name), path);
      out += asString(value, `template {${text.slice(i + 1, end)}}`);
      i = end + 1;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function asString(value: RuleValue, what: string): string {
  if (typeof value !== "string") throw new EndpointError(`${what} did not evaluate to a string`);
  return value;
}
