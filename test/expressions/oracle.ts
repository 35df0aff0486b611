/**
 * dynalite as the oracle for the expression checks: its request validation,
 * called in process exactly as its server calls it for each operation
 * (`checkTypes`, then `checkValidations` with the operation's `custom`
 * function, which runs `validateExpressionParams` and `validateExpressions`
 * and, for Query, turns the key condition into `KeyConditions`), and a thin
 * wire client for the real dynalite server, to confirm that the in-process
 * answer is the server's.
 *
 * dynalite reproduces DynamoDB's validation messages; where it is known to
 * be more lenient than the service (the size limits it does not model), the
 * differential test says so case by case.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The operations the corpus covers, by their wire names. */
export type CorpusOperation = "UpdateItem" | "PutItem" | "DeleteItem" | "GetItem" | "Query" | "Scan";

/** A wire request, as sent to DynamoDB. */
export type WireRequest = Record<string, unknown>;

interface OperationValidation {
  types: Record<string, unknown>;
  custom: (data: WireRequest, store: unknown) => string | undefined;
}

const validations = require("dynalite/validations/index.js") as {
  checkTypes(data: WireRequest, types: Record<string, unknown>): WireRequest;
  checkValidations(data: WireRequest, types: Record<string, unknown>, custom: OperationValidation["custom"], store: unknown): void;
};

const FILES: Record<CorpusOperation, string> = {
  UpdateItem: "updateItem",
  PutItem: "putItem",
  DeleteItem: "deleteItem",
  GetItem: "getItem",
  Query: "query",
  Scan: "scan",
};

const operationValidations = new Map<CorpusOperation, OperationValidation>();

function validationOf(operation: CorpusOperation): OperationValidation {
  let found = operationValidations.get(operation);
  if (!found) {
    found = require(`dynalite/validations/${FILES[operation]}.js`) as OperationValidation;
    operationValidations.set(operation, found);
  }
  return found;
}

/** What dynalite's store offers the validations: PutItem reads the item size limit. */
const STORE = { options: { maxItemSize: 400 * 1024 } };

/** The table every corpus request is sent to; its key is `pk` (S) and `sk` (S). */
export const TABLE = "expressions";

/**
 * Completes a corpus request (expression members only) into a whole request
 * of `operation`: table name, and the key or item it needs.
 */
export function completeRequest(operation: CorpusOperation, members: WireRequest): WireRequest {
  const key = { pk: { S: "p1" }, sk: { S: "s1" } };
  switch (operation) {
    case "PutItem":
      return { TableName: TABLE, Item: { ...key, extra: { S: "x" } }, ...members };
    case "UpdateItem":
    case "DeleteItem":
    case "GetItem":
      return { TableName: TABLE, Key: key, ...members };
    case "Query":
    case "Scan":
      return { TableName: TABLE, ...members };
  }
}

/**
 * dynalite's verdict on a whole request: `undefined` when its validation
 * accepts it, else the message of its ValidationException (or
 * SerializationException for a member of the wrong JSON type).
 */
export function dynaliteVerdict(operation: CorpusOperation, request: WireRequest): string | undefined {
  const { types, custom } = validationOf(operation);
  // checkTypes and the custom checks write into the request; give them a copy.
  const data = structuredClone(request);
  try {
    const typed = validations.checkTypes(data, types);
    validations.checkValidations(typed, types, custom, STORE);
    return undefined;
  } catch (err) {
    const body = (err as { body?: { message?: string; Message?: string } }).body;
    if (body === undefined) throw err;
    return body.message ?? body.Message ?? "(no message)";
  }
}

/** The outcome of one call on the dynalite server. */
export interface ServerAnswer {
  status: number;
  type: string;
  message: string | undefined;
}

/** Sends one wire request to a dynalite server, with a well-formed (unchecked) signature. */
export async function callServer(endpoint: string, operation: string, request: WireRequest): Promise<ServerAnswer> {
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
  const res = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${operation}`,
      "x-amz-date": date,
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
    },
    body: JSON.stringify(request),
  });
  const body = (await res.json()) as { __type?: string; message?: string; Message?: string };
  return { status: res.status, type: String(body.__type ?? "").split("#")[1] ?? "", message: body.message ?? body.Message };
}

/**
 * Messages the server gives after validation, while evaluating a request
 * against the table and its items (no such attribute, key schema not
 * matched, ...): a request that gets one was accepted by validation.
 */
export const EVALUATION_MESSAGES: readonly RegExp[] = [
  /^The provided expression refers to an attribute that does not exist in the item$/,
  /^An operand in the update expression has an incorrect data type$/,
  /^Query condition missed key schema element/,
  /^Query key condition not supported$/,
  /^One or more parameter values were invalid: Condition parameter type does not match schema type$/,
  /^Cannot update attribute (pk|sk)\. This attribute is part of the key$/,
  /^The document path provided in the update expression is invalid for update$/,
  /^Item size has exceeded the maximum allowed size$/,
];
