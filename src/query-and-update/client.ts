import { DynamoDBClient } from "../generated/dynamodb/client.js";
import { sendOperation, type WireOperation } from "../generated/dynamodb/operations.js";
import type { BodyReader } from "../runtime/response.js";
import type { CallOptions, JsonObject } from "../runtime/types.js";

/**
 * What this helper needs from a client: the generated `DynamoDB` client's raw
 * entry, which takes and returns wire JSON (`{"TableName": ..., "Key":
 * {"pk": {"S": "a"}}}`), retries, and throws the generated exception classes
 * (with `name`, `$metadata.attempts` and modeled members such as
 * `ConditionalCheckFailedException.item`).
 */
export interface RawDynamoDBClient {
  /**
   * `read`, when the client takes it, reads the text of a successful
   * response in place of `JSON.parse` (the generated client does); a client
   * that ignores it returns the parsed JSON, and the helpers convert that.
   */
  send(operation: string, input: JsonObject, options?: CallOptions, read?: BodyReader<JsonObject>): Promise<JsonObject>;
}

/**
 * What the batch helpers and `queryAndUpdate` take: a generated client (the
 * bare `DynamoDBClient`, or a `DynamoDB`, which is one), or any object with
 * the raw `send`.
 */
export type DynamoDBClientLike = DynamoDBClient | RawDynamoDBClient;

/**
 * Sends one operation's wire JSON: through its descriptor on a generated
 * client (so a bundle holds only the operations the helper sends), else
 * through the client's raw `send` by the operation's model name.
 */
export function sendWire(
  client: DynamoDBClientLike,
  operation: WireOperation,
  input: JsonObject,
  options?: CallOptions,
  read?: BodyReader<JsonObject>,
): Promise<JsonObject> {
  if (client instanceof DynamoDBClient) return sendOperation(client, operation, input, options, read);
  return client.send(operation.name, input, options, read);
}

/** The fields of a thrown service error this helper reads, all optional. */
export interface ServiceErrorLike {
  name?: string;
  /** The runtime's stable code for errors that are not service answers, e.g. `ERR_REQUEST_TIMEOUT`. */
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; attempts?: number };
  item?: unknown;
  Item?: unknown;
}

/** Reads the helper-relevant fields of anything thrown. */
export function asServiceError(error: unknown): ServiceErrorLike {
  return typeof error === "object" && error !== null ? (error as ServiceErrorLike) : {};
}
