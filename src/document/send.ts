/**
 * `sendDocument`: `DynamoDBDocument.send` for every DynamoDB operation by
 * name. It is a function of its own because it holds the generated
 * `operations` table, which a bundle of the document client's methods
 * leaves out.
 */
import type { CallOptions } from "../runtime/index.js";
import { operationNames, operations } from "../generated/dynamodb/operations.js";
import type { DynamoDBDocument } from "./document-client.js";
import type { DocumentSendOptions, DocumentSendOutput } from "./inputs.js";
import { unknownOperationMessage } from "../runtime/validate.js";

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
    return Promise.reject(new TypeError(`sendDocument: ${unknownOperationMessage("DynamoDB", operation, operationNames)}`));
  }
  return docs.send(operations[operation as keyof typeof operations], input, options);
}
