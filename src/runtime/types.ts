/**
 * The contracts shared by the hand-written runtime and the generated clients.
 *
 * Generated code depends only on what this file and `index.ts` export, so the
 * runtime can change its internals without regenerating any client.
 */

import type { RuleSet } from "./endpoints/rules.js";

/** What the generator knows about a service from its model's `metadata`. */
export interface ServiceMetadata {
  /** `metadata.serviceId`, e.g. `DynamoDB`. */
  readonly serviceId: string;
  /** SigV4 signing name (`signingName`, else `endpointPrefix`), e.g. `dynamodb`. */
  readonly signingName: string;
  /** Host label of the regional endpoint, e.g. `dynamodb`. */
  readonly endpointPrefix: string;
  /** Prefix of the `X-Amz-Target` header, e.g. `DynamoDB_20120810`. */
  readonly targetPrefix: string;
  /** AWS JSON protocol version: selects `application/x-amz-json-1.0` or `-1.1`. */
  readonly jsonVersion: "1.0" | "1.1";
  /** `metadata.apiVersion`, e.g. `2012-08-10`. */
  readonly apiVersion: string;
  /**
   * The service's endpoint rule set (`endpoint-rule-set-1.json`), generated
   * beside its client so that a bundle carries only the rule sets of the
   * clients it uses. Without one, endpoints follow the standard AWS pattern.
   */
  readonly ruleSet?: RuleSet;
}

/** What every result and every error carries about the exchange that produced it. */
export interface ResponseMetadata {
  /** HTTP status of the last attempt; absent when no response arrived. */
  httpStatusCode?: number;
  /** `x-amzn-requestid` (or `x-amz-request-id`) of the last attempt. */
  requestId?: string;
  /** `x-amz-id-2`, when the service sends one. */
  extendedRequestId?: string;
  /** How many attempts were made, including the first. */
  attempts: number;
  /** Milliseconds spent sleeping between attempts. */
  totalRetryDelay: number;
}

/** Per-call options accepted by every operation method. */
export interface CallOptions {
  /** Cancels the call at once, including while waiting to retry. */
  signal?: AbortSignal;
}

/** AWS credentials. `secretAccessKey` and `sessionToken` are secrets and must never be printed. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working; providers refresh before then. */
  readonly expiration?: Date;
}

/** Anything that can produce credentials on demand, e.g. a provider from the wider AWS ecosystem. */
export type CredentialProvider = () => Promise<Credentials>;

/** A console-like logger. Only `debug` and `warn` are used. */
export interface Logger {
  debug?(...args: unknown[]): void;
  info?(...args: unknown[]): void;
  warn?(...args: unknown[]): void;
  error?(...args: unknown[]): void;
}

/** One HTTP request as the transport sees it, already signed. */
export interface HttpRequest {
  method: string;
  /** Absolute URL. */
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/** One HTTP response, read fully. */
export interface HttpResponse {
  statusCode: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /**
   * The body bytes. A `content-encoding` (gzip, deflate, br) is undone by the
   * transport, as fetch does, and its header kept so that checks over the
   * bytes as sent (DynamoDB's `x-amz-crc32`) know to skip.
   */
  body: Uint8Array;
}

/** Per-request options the protocol hands to the transport. */
export interface TransportOptions {
  /** Cancels the request; the transport rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Milliseconds the whole exchange may take, from sending to the last byte
   * of the response; 0 or absent for no limit. On expiry the transport
   * cancels the request and rejects with a `RequestTimeoutError`.
   */
  timeout?: number;
}

/** Puts one request on the wire. The default (`DefaultTransport`) starts on node:http and moves to undici once a client is busy. */
export interface Transport {
  send(request: HttpRequest, options?: TransportOptions): Promise<HttpResponse>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** A JSON value as it crosses the wire. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object as it crosses the wire: the raw input or output of an operation. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Environment variables as the runtime reads them: `process.env` by default,
 * or any record a caller or test passes instead. (Declared here rather than
 * as Node's `ProcessEnv` so that the published types need no @types/node.)
 */
export type Environment = Record<string, string | undefined>;
