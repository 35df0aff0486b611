/**
 * `sendDocument`: `DynamoDBDocument.send` for every DynamoDB operation by
 * name. It is a function of its own because it holds the generated
 * `operations` table, which a bundle of the document client's methods
 * leaves out.
 */
import type { CallOptions } from "../runtime/index.js";
import { operations } from "../generated/dynamodb/operations.js";
import type { DynamoDBDocument } from "./document-client.js";
import type { DocumentSendOptions, DocumentSendOutput } from "./inputs.js";
import { closestNames } from "../runtime/validate.js";

/**
 * Sends any DynamoDB operation, named as the AWS API reference names it
 * (`"CreateTable"`, `"UpdateItem"`), through `docs.send`: wire member names,
 * plain values wherever the wire holds attribute values, in the input and in
 * the output.
 *
 * ```ts
 * await sendDocument(docs, "ListTables", {});
 * await sendDocument(docs, "GetItem", { TableName: "users", Key: { team_id: "team_1", employee_id: "emp_1" } });
 * ```
 *
 * @throws TypeError for a name that is not an operation, listing the closest ones.
 */
export function sendDocument(
  docs: DynamoDBDocument,
  operation: string,
  input: Record<string, unknown> = {},
  options?: DocumentSendOptions & CallOptions,
): Promise<DocumentSendOutput> {
  if (typeof operation !== "string" || !Object.hasOwn(operations, operation)) {
    return Promise.reject(new TypeError(unknownOperation(operation)));
  }
  return docs.send(operations[operation as keyof typeof operations], input, options);
}

function unknownOperation(operation: unknown): string {
  if (typeof operation !== "string") return `sendDocument: expected an operation name such as "GetItem", got ${operation === null ? "null" : typeof operation}`;
  const close = closestNames(operation, Object.keys(operations));
  const hint = close.length > 0 ? `; did you mean ${close.map((n) => `"${n}"`).join(" or ")}?` : "; the operations are listed in the DynamoDB API reference (GetItem, Query, CreateTable, ...)";
  return `sendDocument: DynamoDB has no operation ${JSON.stringify(operation)}${hint}`;
}
