/**
 * `endpoints.ts`: the service's endpoint rule set (`endpoint-rule-set-1.json`),
 * which the client puts in its service metadata. Each service carries its
 * own, so a bundle holds only the rule sets of the clients it uses.
 */
import type { ServiceContext } from "./context.js";
import { Imports, file, header } from "./writer.js";

/** Emits `endpoints.ts` from the parsed rule set; `source` names where it came from. */
export function emitEndpoints(ctx: ServiceContext, ruleSet: unknown, source: string): string {
  const imports = new Imports();
  const RuleSet = imports.type(ctx.runtimeImport, "RuleSet");
  return file(header(ctx), imports.render(), [
    `/** The endpoint rules of ${ctx.clientName}, from ${source} (documentation strings left out). */`,
    `export const ruleSet: ${RuleSet} = ${JSON.stringify(withoutDocs(ruleSet))};`,
  ]);
}

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
