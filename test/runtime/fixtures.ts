import type { ServerResponse } from "node:http";
import { AwsJsonClient, type ClientConfig, type ServiceMetadata } from "../../src/runtime/index.js";
import { sendDynamoJson } from "../support/stub-server.js";

/** DynamoDB's metadata as the generator would emit it; literal so these tests never depend on generated code. */
export const DYNAMODB: ServiceMetadata = {
  serviceId: "DynamoDB",
  signingName: "dynamodb",
  endpointPrefix: "dynamodb",
  targetPrefix: "DynamoDB_20120810",
  jsonVersion: "1.0",
  apiVersion: "2012-08-10",
};

export const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzSECRETzz";
export const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEzzTOKENzzSESSIONzz";
export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET, sessionToken: SESSION_TOKEN };

/** A client against `endpoint` with delays small enough for tests. */
export function testClient(endpoint: string, config: ClientConfig = {}, service: ServiceMetadata = DYNAMODB): AwsJsonClient {
  return new AwsJsonClient({ region: "us-east-1", endpoint, credentials: CREDENTIALS, retryBaseDelay: 1, ...config }, service);
}

/** Answers like DynamoDB: JSON with an `x-amz-crc32` of the body. */
export const sendDynamo = sendDynamoJson;

/** An error document as DynamoDB sends it, with the namespaced `__type`. */
export function sendDynamoError(res: ServerResponse, status: number, code: string, message = code, headers: Record<string, string> = {}): void {
  sendDynamo(res, status, { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message }, headers);
}

/** Captures everything passed to a console-like logger. */
export function recordingLogger(): { lines: unknown[][]; debug(...args: unknown[]): void; warn(...args: unknown[]): void } {
  const lines: unknown[][] = [];
  return {
    lines,
    debug: (...args) => lines.push(args),
    warn: (...args) => lines.push(args),
  };
}

export { rejectionOf } from "../support/rejection.js";
