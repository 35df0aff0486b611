/**
 * `endpoints.ts`: the service's endpoint rule set (`endpoint-rule-set-1.json`),
 * which the client puts in its service metadata. Each service carries its
 * own, so a bundle holds only the rule sets of the clients it uses.
 *
 * Rule sets repeat themselves: the same conditions, error messages and
 * endpoints occur in many branches (DynamoDB's is 13.7 KB of JSON, 7.9 KB
 * once each repeated part is written once). So every subtree that occurs
 * more than once, and is long enough for a reference to be shorter, becomes
 * a module-level `const` that the rule set refers to. They are plain object,
 * array and string literals, so a bundler still drops the whole module when
 * nothing uses `ruleSet`. The evaluated value is deep-equal to the model's
 * rule set without its documentation; the parts are shared by reference,
 * which is safe because the rules engine only reads the rule set.
 */
import type { ServiceContext } from "./context.js";
import { Imports, file, header } from "./writer.js";

/** Emits `endpoints.ts` from the parsed rule set; `source` names where it came from. */
export function emitEndpoints(ctx: ServiceContext, ruleSet: unknown, source: string): string {
  const imports = new Imports();
  const RuleSet = imports.type(ctx.runtimeImport, "RuleSet");
  const { constants, root } = shareRepeats(withoutDocs(ruleSet) as Json);
  const shared =
    constants.length === 0
      ? []
      : [
          "// Parts that occur more than once in the rule set, written once and shared by reference (smaller bundles).",
          "// The rules engine never modifies a rule set, so sharing is safe.",
          ...constants,
        ];
  return file(header(ctx), imports.render(), shared, [
    `/** The endpoint rules of ${ctx.clientName}, from ${source} (documentation strings left out). */`,
    `export const ruleSet: ${RuleSet} = ${root};`,
  ]);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The rule set without its `documentation` strings: they are for people reading the model, not for evaluation. */
function withoutDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDocs);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "documentation") out[k] = withoutDocs(v);
    return out;
  }
  return value;
}

/** One occurrence of a value in the tree, with its JSON text (which identifies equal subtrees). */
interface Node {
  readonly value: Json;
  readonly json: string;
  readonly children: readonly Node[];
}

function tree(value: Json): Node {
  const children = Array.isArray(value) ? value.map(tree) : value !== null && typeof value === "object" ? Object.values(value).map(tree) : [];
  return { value, json: JSON.stringify(value), children };
}

function* descendants(node: Node): Generator<Node> {
  for (const child of node.children) {
    yield child;
    yield* descendants(child);
  }
}

// What a reference and a declaration cost once a bundler has shortened the
// names (`a`, `,a=` in a `var` list), in characters. A part is shared only
// when that saves space.
const REFERENCE_COST = 3;
const DECLARATION_COST = 8;
// Strings of fewer characters (quotes included) stay inline: a reference
// would cost about as much. Longer ones (`"booleanEquals"`, `"UseFIPS"`)
// recur dozens of times in a rule set.
const MIN_SHARED_STRING = 8;
// A rule's `type` stays a literal (`"endpoint" as const`) for the RuleSet type check.
const RULE_TYPES = new Set(['"endpoint"', '"error"', '"tree"']);

/**
 * Picks the repeated subtrees to share and renders the module's constants
 * (in dependency order, one per line) and the root literal.
 *
 * Largest first: once a subtree is shared, the parts inside it occur once
 * per copy fewer, so each part's count is reduced by what sharing its
 * enclosing subtrees saved before it is considered. The choice depends only
 * on the JSON, so the output is deterministic.
 */
function shareRepeats(value: Json): { constants: string[]; root: string } {
  const root = tree(value);
  const count = new Map<string, number>();
  const first = new Map<string, Node>();
  for (const node of [root, ...descendants(root)]) {
    count.set(node.json, (count.get(node.json) ?? 0) + 1);
    if (!first.has(node.json)) first.set(node.json, node);
  }
  const candidates = [...count.keys()]
    .filter((json) => count.get(json)! > 1 && (json.startsWith("{") || json.startsWith("[") || (json.startsWith('"') && json.length >= MIN_SHARED_STRING && !RULE_TYPES.has(json))))
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const shared = new Set<string>();
  for (const json of candidates) {
    const copies = count.get(json)!;
    if (copies < 2 || (copies - 1) * json.length <= copies * REFERENCE_COST + DECLARATION_COST) continue;
    shared.add(json);
    for (const inner of descendants(first.get(json)!)) count.set(inner.json, count.get(inner.json)! - (copies - 1));
  }

  const names = new Map<string, string>();
  const used = new Set<string>();
  const perKind = new Map<string, number>();
  const constants: string[] = [];
  const name = (node: Node): string => {
    const kind = kindOf(node.value);
    let candidate = kind;
    if (!kind.startsWith("ref") || used.has(kind)) {
      const n = (perKind.get(kind) ?? 0) + 1;
      perKind.set(kind, n);
      candidate = `${kind}${n}`;
    }
    used.add(candidate);
    return candidate;
  };
  // Post-order, so every constant is declared before the first one that uses it.
  const render = (node: Node, declaring: boolean, inConstant: boolean): string => {
    if (!declaring && shared.has(node.json)) {
      let known = names.get(node.json);
      if (known === undefined) {
        const body = render(node, true, true);
        known = name(node);
        names.set(node.json, known);
        constants.push(`const ${known} = ${body};`);
      }
      return known;
    }
    const { value } = node;
    if (Array.isArray(value)) return `[${node.children.map((c) => render(c, false, inConstant)).join(",")}]`;
    if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      // A shared rule is declared apart from the `RuleSet` annotation, so its
      // `type` must stay the literal the `Rule` union is told apart by.
      const isRule = "conditions" in value && typeof value.type === "string";
      return `{${keys
        .map((k, i) => `${JSON.stringify(k)}:${render(node.children[i]!, false, inConstant)}${isRule && inConstant && k === "type" ? " as const" : ""}`)
        .join(",")}}`;
    }
    return node.json;
  };
  const rootText = render(root, false, false);
  return { constants, root: rootText };
}

/** A readable prefix for a shared part's name, after what it is. */
function kindOf(value: Json): string {
  if (typeof value === "string") return "text";
  if (Array.isArray(value)) return "list";
  if (value === null || typeof value !== "object") return "value";
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value.ref === "string") {
    const id = value.ref.replace(/[^A-Za-z0-9_$]/g, "_");
    return `ref${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  }
  if (typeof value.fn === "string") return "call";
  if ("conditions" in value) return value.type === "error" ? "errorRule" : value.type === "tree" ? "treeRule" : "endpointRule";
  if ("url" in value) return "endpoint";
  return "object";
}
