import type { CredentialProvider, Environment } from "../types.js";
import { credentialsFromDocument } from "./credentials.js";
import { CredentialsProviderError, describeError, notConfigured, sourceFailed } from "./errors.js";
import { sendSmallRequest, type SmallResponse } from "./http.js";

/** Options of the EC2 instance profile source. */
export interface InstanceMetadataOptions {
  /** Base URL of IMDS; else `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else by `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`. */
  endpoint?: string;
  /** Per-request limit; else `AWS_METADATA_SERVICE_TIMEOUT` (seconds), else 1 s. */
  timeoutMs?: number;
  /** Tries per request; else `AWS_METADATA_SERVICE_NUM_ATTEMPTS`, else 1. */
  maxAttempts?: number;
  env?: Environment;
}

const IPV4_ENDPOINT = "http://169.254.169.254";
const IPV6_ENDPOINT = "http://[fd00:ec2::254]";
const TOKEN_TTL_SECONDS = "21600"; // 6 h, the maximum IMDS allows
const CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";

/**
 * Credentials of the EC2 instance profile, through IMDSv2.
 *
 * IMDSv2 (see "Use the Instance Metadata Service to access instance metadata"
 * in the EC2 user guide): `PUT /latest/api/token` with
 * `x-aws-ec2-metadata-token-ttl-seconds` returns a session token, which then
 * goes in `x-aws-ec2-metadata-token` on each `GET`. The first `GET` lists the
 * role name, the second returns the role's temporary credentials as JSON
 * (`Code`, `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`).
 *
 * If the token request is answered 404 or 405 (an old IMDS, or a proxy that
 * predates v2), the requests are repeated without a token (IMDSv1), unless
 * `AWS_EC2_METADATA_V1_DISABLED` is `true`. A 403 means IMDS is turned off for
 * the instance. `AWS_EC2_METADATA_DISABLED=true` skips the source entirely.
 * Timeouts are short because off EC2 the address does not answer at all.
 */
export function fromInstanceMetadata(options: InstanceMetadataOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env;
    if (isTrue(env.AWS_EC2_METADATA_DISABLED)) throw notConfigured("AWS_EC2_METADATA_DISABLED is set");
    const base = new URL(options.endpoint ?? env.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? defaultEndpoint(env));
    const timeoutMs = options.timeoutMs ?? secondsToMs(env.AWS_METADATA_SERVICE_TIMEOUT) ?? 1000; // 1 s
    const maxAttempts = options.maxAttempts ?? positiveInt(env.AWS_METADATA_SERVICE_NUM_ATTEMPTS) ?? 1;
    const call = async (method: "GET" | "PUT", path: string, headers: Record<string, string>): Promise<SmallResponse> => {
      let lastError: unknown;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        try {
          const res = await sendSmallRequest({ method, url: new URL(path, base), headers, timeoutMs });
          if (res.statusCode < 500) return res;
          lastError = new Error(`HTTP ${res.statusCode}`);
        } catch (err) {
          lastError = err;
        }
      }
      throw lastError;
    };

    let token: string | undefined;
    try {
      const res = await call("PUT", "/latest/api/token", { "x-aws-ec2-metadata-token-ttl-seconds": TOKEN_TTL_SECONDS });
      if (res.statusCode === 200) token = res.body.trim();
      else if (res.statusCode === 403) throw sourceFailed("instance metadata: IMDS answered 403 to the token request; it is disabled for this instance");
      else if ((res.statusCode === 404 || res.statusCode === 405) && !isTrue(env.AWS_EC2_METADATA_V1_DISABLED)) token = undefined;
      else throw sourceFailed(`instance metadata: token request answered HTTP ${res.statusCode}`);
    } catch (err) {
      if (err instanceof CredentialsProviderError) throw err;
      // Nothing answered: almost always "not running on EC2".
      throw notConfigured(`instance metadata at ${base.host} not reachable: ${describeError(err)}`);
    }

    const headers: Record<string, string> = token ? { "x-aws-ec2-metadata-token": token } : {};
    try {
      const roles = await call("GET", CREDENTIALS_PATH, headers);
      if (roles.statusCode === 404) throw notConfigured("instance metadata: no IAM role is attached to this instance");
      if (roles.statusCode !== 200) throw new Error(`listing the role answered HTTP ${roles.statusCode}`);
      const role = roles.body.split("\n")[0]?.trim();
      if (!role) throw notConfigured("instance metadata: no IAM role is attached to this instance");

      const res = await call("GET", CREDENTIALS_PATH + encodeURIComponent(role), headers);
      if (res.statusCode !== 200) throw new Error(`credentials of role ${role} answered HTTP ${res.statusCode}`);
      const body = parseJson(res.body);
      if (body.Code !== undefined && body.Code !== "Success") throw new Error(`credentials of role ${role}: Code ${String(body.Code)}`);
      return credentialsFromDocument(body, `credentials of role ${role}`);
    } catch (err) {
      if (err instanceof CredentialsProviderError) throw err;
      throw sourceFailed(`instance metadata: ${describeError(err)}`);
    }
  };
}

function defaultEndpoint(env: Environment): string {
  return (env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE ?? "").toLowerCase() === "ipv6" ? IPV6_ENDPOINT : IPV4_ENDPOINT;
}

/** Parses a JSON object without ever echoing the text (it may hold secrets) into an error. */
export function parseJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`answer is not JSON (${text.length} bytes)`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("answer is not a JSON object");
  return value as Record<string, unknown>;
}

/** `true` in any case, as the SDKs read boolean environment variables. */
export function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === "true";
}

function secondsToMs(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
}

function positiveInt(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
