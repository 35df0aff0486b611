/**
 * Checks beyond the model that services generated in this repository add to
 * their validators, by the service's folder under `models/`. They live here,
 * not in the generator, because the modules they call are hand-written parts
 * of this repository (clients generated elsewhere get the model's checks only).
 */
import type { StructureCheck } from "./context.js";

/** DynamoDB's expression members. */
const EXPRESSION_MEMBERS = ["KeyConditionExpression", "ConditionExpression", "FilterExpression", "UpdateExpression", "ProjectionExpression"];

/**
 * The structures whose expressions follow the Developer Guide's grammar, and
 * that dynalite and moto check the way the service does. Others holding the
 * same members are left to the service: an export's `FilterSpecification`,
 * and `SearchVectorsInput`, whose placeholders its own
 * `SearchConditionExpression` may use.
 */
const EXPRESSION_STRUCTURES = new Set([
  "GetItemInput", "PutItemInput", "UpdateItemInput", "DeleteItemInput", "QueryInput", "ScanInput",
  "KeysAndAttributes", "Get", "Put", "Update", "Delete", "ConditionCheck",
]);

export const IN_REPO_CHECKS: Readonly<Record<string, readonly StructureCheck[]>> = {
  dynamodb: [
    {
      members: EXPRESSION_MEMBERS,
      module: "../../expressions/check.js",
      // A structure that can only project (GetItem, KeysAndAttributes) needs
      // only the projection grammar, which keeps the condition and update
      // parsers out of a bundle that reads items.
      pick: (present, shape) => {
        if (!EXPRESSION_STRUCTURES.has(shape)) return undefined;
        // A Query needs a key condition, which the model cannot say (either of two members will do).
        if (shape === "QueryInput") return "checkQuery";
        return present.length === 1 && present[0] === "ProjectionExpression" ? "checkProjection" : "checkExpressions";
      },
    },
  ],
};
