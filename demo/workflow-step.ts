/**
 * How a workflow engine turns the seed's step definition into the module's
 * configuration: resolve each input mapping (`"$.flow_variables.statuses.pending"`)
 * against the flow's state, then merge the step's literals with the resolved
 * mappings, whose keys stay dotted (`"query.expressionAttributeValues"`).
 */
import { readFileSync } from "node:fs";
import type { JsonObject, JsonValue } from "../src/runtime/types.js";

/** A step of the seed's workflow format (the fields this demo reads). */
export interface WorkflowStep {
  stepInstanceId: string;
  moduleIdentifier: string;
  literals?: JsonObject;
  inputMappings?: JsonObject;
  outputMappings?: Record<string, string>;
}

/** The seed's Full JSON Example, read verbatim from `claim-pending-jobs.step.json`. */
export function seedClaimStep(): WorkflowStep {
  const text = readFileSync(new URL("./claim-pending-jobs.step.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { claim_pending_jobs: WorkflowStep }).claim_pending_jobs;
}

/** The flow variables the seed's mappings refer to, for a job table like the demo's. */
export const FLOW_VARIABLES = {
  statuses: { pending: "PENDING", claimed: "CLAIMED" },
  field_names: { status: "status", claimedBy: "claimedBy" },
} as const satisfies JsonObject;

/**
 * The merged configuration for one run of `step`: its literals, then its
 * mappings with every `$.path` string replaced by that path's value in `state`.
 * A path that resolves to nothing is an error, as it would be in the engine.
 */
export function stepConfig(step: WorkflowStep, state: JsonObject): JsonObject {
  const resolved = resolve(step.inputMappings ?? {}, state, "inputMappings") as JsonObject;
  return { ...(step.literals ?? {}), ...resolved };
}

function resolve(value: JsonValue, state: JsonObject, at: string): JsonValue {
  if (typeof value === "string" && value.startsWith("$.")) {
    let current: JsonValue | undefined = state;
    for (const part of value.slice(2).split(".")) {
      current = current !== null && typeof current === "object" && !Array.isArray(current) ? current[part] : undefined;
    }
    if (current === undefined) throw new Error(`${at}: ${value} resolves to nothing`);
    return current;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolve(v, state, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolve(v, state, `${at}.${k}`);
    return out;
  }
  return value;
}
