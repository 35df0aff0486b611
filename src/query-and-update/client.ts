import type { CallOptions, JsonObject } from "../runtime/types.js";

/**
 * What this helper needs from a client: the generated `DynamoDB` client's raw
 * entry, which takes and returns wire JSON (`{"TableName": ..., "Key":
 * {"pk": {"S": "a"}}}`), retries, and throws the generated exception classes
 * (with `name`, `$metadata.attempts` and modeled members such as
 * `ConditionalCheckFailedException.item`).
 */
export interface RawDynamoDBClient {
  send(operation: string, input: JsonObject, options?: CallOptions): Promise<JsonObject>;
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
