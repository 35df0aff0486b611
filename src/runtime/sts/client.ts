import { parseExpiration, sealCredentials } from "../credentials/credentials.js";
import { scrubSecrets, sendWithRetries, type SmallResponse } from "../credentials/http.js";
import type { ResolvedEndpoint } from "../endpoints/index.js";
import { RequestSigner } from "../signer.js";
import type { Credentials } from "../types.js";
import { stsEndpoint, type StsEndpointOptions } from "./endpoint.js";
import { elementInner, elementText } from "./xml.js";

/** Where and how STS is called. */
export interface StsOptions extends StsEndpointOptions {
  /** Per-attempt limit; default 5 s. */
  timeoutMs?: number;
  /** Attempts for throttling, 5xx and network errors; default 3. */
  maxAttempts?: number;
}

/** Input of `AssumeRole` (see the STS API reference). */
export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds?: number;
  /** MFA device, with `tokenCode`, for roles that require MFA. */
  serialNumber?: string;
  tokenCode?: string;
}

/** Input of `AssumeRoleWithWebIdentity` (see the STS API reference). */
export interface AssumeRoleWithWebIdentityParams {
  roleArn: string;
  roleSessionName: string;
  /** The OIDC token; a secret, never put in an error. */
  webIdentityToken: string;
  durationSeconds?: number;
  providerId?: string;
}

/** STS answered with an error, or not at all. Never contains a secret or token. */
export class StsError extends Error {
  override name = "StsError";
  /** STS's error code (`AccessDenied`, `ExpiredTokenException`, ...), or `NetworkError`. */
  readonly code: string;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, code: string, statusCode?: number, requestId?: string) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
    this.requestId = requestId;
  }
}

const API_VERSION = "2011-06-15";
/** Codes worth another try: throttling, and the identity provider being briefly unreachable. */
const RETRYABLE_CODES = /* @__PURE__ */ new Set(["Throttling", "ThrottlingException", "RequestLimitExceeded", "IDPCommunicationError"]);

/**
 * Calls `AssumeRole`, signed with `credentials`, and returns the role's
 * temporary credentials.
 */
export async function assumeRole(credentials: Credentials, params: AssumeRoleParams, options: StsOptions = {}): Promise<Credentials> {
  const form: Record<string, string> = { RoleArn: params.roleArn, RoleSessionName: params.roleSessionName };
  if (params.externalId) form.ExternalId = params.externalId;
  if (params.durationSeconds !== undefined) form.DurationSeconds = String(params.durationSeconds);
  if (params.serialNumber) form.SerialNumber = params.serialNumber;
  if (params.tokenCode) form.TokenCode = params.tokenCode;
  return call("AssumeRole", form, credentials, options, []);
}

/**
 * Calls `AssumeRoleWithWebIdentity`. The request is not signed: the web
 * identity token is the proof of identity (STS API reference).
 */
export async function assumeRoleWithWebIdentity(params: AssumeRoleWithWebIdentityParams, options: StsOptions = {}): Promise<Credentials> {
  const form: Record<string, string> = {
    RoleArn: params.roleArn,
    RoleSessionName: params.roleSessionName,
    WebIdentityToken: params.webIdentityToken,
  };
  if (params.durationSeconds !== undefined) form.DurationSeconds = String(params.durationSeconds);
  if (params.providerId) form.ProviderId = params.providerId;
  return call("AssumeRoleWithWebIdentity", form, undefined, options, [params.webIdentityToken]);
}

/**
 * One query-protocol call: a form-encoded POST of `Action`, `Version` and the
 * parameters, answered with XML (see "Query protocol" in the AWS protocol
 * docs). Retries throttling, 5xx and network failures with a short jittered
 * backoff. `secrets` are scrubbed from any message as a last line of defence.
 */
async function call(
  action: string,
  form: Record<string, string>,
  credentials: Credentials | undefined,
  options: StsOptions,
  secrets: string[],
): Promise<Credentials> {
  const endpoint = stsEndpoint(options);
  const body = new URLSearchParams({ Action: action, Version: API_VERSION, ...form }).toString();
  const timeoutMs = options.timeoutMs ?? 5000; // 5 s
  const maxAttempts = options.maxAttempts ?? 3;
  const hidden = [...secrets, credentials?.secretAccessKey, credentials?.sessionToken];

  let answer: SmallResponse;
  try {
    answer = await sendWithRetries(
      async () => ({ method: "POST", url: endpoint.url, headers: await requestHeaders(endpoint, body, credentials), body, timeoutMs }),
      maxAttempts,
      ({ statusCode, body: xml }) =>
        statusCode !== 200 && (statusCode >= 500 || statusCode === 429 || RETRYABLE_CODES.has(parseError(action, statusCode, xml, hidden).code)),
    );
  } catch (err) {
    throw new StsError(scrubSecrets(`STS ${action} to ${endpoint.url.host} failed: ${(err as Error).message}`, hidden), "NetworkError");
  }
  if (answer.statusCode === 200) return parseCredentials(action, answer.body);
  throw parseError(action, answer.statusCode, answer.body, hidden);
}

async function requestHeaders(endpoint: ResolvedEndpoint, body: string, credentials: Credentials | undefined): Promise<Record<string, string>> {
  const url = endpoint.url;
  const headers: Record<string, string> = {
    ...endpoint.headers,
    host: url.host,
    "content-type": "application/x-www-form-urlencoded; charset=utf-8",
  };
  if (!credentials) return headers;
  // The runtime's own signer (node:crypto in Node).
  const signer = new RequestSigner({
    service: endpoint.signingName ?? "sts",
    region: endpoint.signingRegion,
    credentials: async () => credentials,
  });
  const request = { method: "POST", url, headers, body };
  await signer.sign(request, new Date());
  return request.headers;
}

function parseCredentials(action: string, xml: string): Credentials {
  const block = elementInner(xml, "Credentials");
  const accessKeyId = block && elementText(block, "AccessKeyId");
  const secretAccessKey = block && elementText(block, "SecretAccessKey");
  const sessionToken = block && elementText(block, "SessionToken");
  if (!accessKeyId || !secretAccessKey || !sessionToken) {
    throw new StsError(`STS ${action}: the answer holds no Credentials (${xml.length} bytes)`, "InvalidResponse", 200);
  }
  let expiration: Date | undefined;
  try {
    expiration = parseExpiration(block && elementText(block, "Expiration"), `STS ${action}`);
  } catch (err) {
    throw new StsError((err as Error).message, "InvalidResponse", 200);
  }
  return sealCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration });
}

function parseError(action: string, status: number, xml: string, hidden: readonly (string | undefined)[]): StsError {
  // <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>
  const error = elementInner(xml, "Error");
  const code = (error && elementText(error, "Code")) || `HTTP${status}`;
  const message = error && elementText(error, "Message");
  const requestId = elementText(xml, "RequestId");
  const text = `STS ${action} failed: ${code}${message ? `: ${message}` : ""} (HTTP ${status}${requestId ? `, request id ${requestId}` : ""})`;
  return new StsError(scrubSecrets(text, hidden), code, status, requestId);
}
