import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { fsPromises } from "./files.js";
import { resolveEndpointDetails } from "../endpoints/index.js";
import { sanitizeErrorCode } from "../response.js";
import type { CredentialProvider, Credentials, Environment } from "../types.js";
import { sealCredentials } from "./credentials.js";
import { describeError, sourceFailed } from "./errors.js";
import { scrubSecrets, sendWithRetries, type SmallRequest, type SmallResponse } from "./http.js";
import { parseJson } from "./instance-metadata.js";
import { homeDirectory } from "./shared-files.js";

/** Options of the IAM Identity Center (SSO) source; the names follow the `sso_*` settings of the shared config file. */
export interface SsoOptions {
  /** The AWS access portal URL users sign in at (`sso_start_url`). */
  ssoStartUrl: string;
  /** The region IAM Identity Center lives in (`sso_region`); the portal and OIDC calls go there. */
  ssoRegion: string;
  /** The account whose role to take (`sso_account_id`). */
  ssoAccountId: string;
  /** The permission set's role name in that account (`sso_role_name`). */
  ssoRoleName: string;
  /**
   * The `[sso-session name]` the token belongs to. Given, the token is cached
   * under this name and is refreshed when close to expiry; absent, it is the
   * legacy form, cached under the start URL and never refreshed.
   */
  ssoSession?: string;
  /** The profile these settings came from; only named in the hint to run `aws sso login --profile <name>`. */
  profile?: string;
  /** Where `aws sso login` caches tokens; default `~/.aws/sso/cache`. */
  cacheDirectory?: string;
  /**
   * The access portal's URL; else `AWS_ENDPOINT_URL_SSO`, else
   * `AWS_ENDPOINT_URL`, else `https://portal.sso.<ssoRegion>.<partition's DNS suffix>`
   * (with `-fips` or the dual-stack suffix when `AWS_USE_FIPS_ENDPOINT` /
   * `AWS_USE_DUALSTACK_ENDPOINT` ask for them).
   */
  portalEndpoint?: string;
  /** The SSO OIDC URL, for token refresh; else `AWS_ENDPOINT_URL_SSO_OIDC`, else as above with `oidc.<ssoRegion>`. */
  oidcEndpoint?: string;
  /** Limit of each HTTP exchange; default 5 s. */
  timeoutMs?: number;
  env?: Environment;
}

/** What `aws sso login` writes to `~/.aws/sso/cache/<sha1>.json`. Every string in it but the dates is a secret or names one. */
interface CachedToken {
  accessToken: string;
  expiresAt: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  [other: string]: unknown;
}

/** Refresh a token this long before it expires, as the AWS SDKs do. */
const REFRESH_BEFORE_MS = 5 * 60 * 1000; // 5 min
const DEFAULT_TIMEOUT_MS = 5000; // 5 s
const MAX_ATTEMPTS = 3; // for throttling, 5xx and network failures
// Neither service's rule set is embedded; the runtime derives the standard
// `https://<prefix>.<region>.<dnsSuffix>` host, which is what their rule sets
// give too, and honours `AWS_ENDPOINT_URL_<serviceId>` as for any service.
const PORTAL_SERVICE = { serviceId: "SSO", endpointPrefix: "portal.sso" };
const OIDC_SERVICE = { serviceId: "SSO OIDC", endpointPrefix: "oidc" };

/**
 * Refreshes in flight, by cache file. A refresh token is single-use once
 * rotated, so two clients in one process refreshing the same session at once
 * would have one of them rejected; they share the first one's result instead.
 */
const refreshing = /* @__PURE__ */ new Map<string, Promise<CachedToken>>();

/**
 * Credentials for a role in an account, through IAM Identity Center (formerly
 * AWS SSO), using the token that `aws sso login` cached. See "Configuring IAM
 * Identity Center authentication with the AWS CLI" in the AWS CLI user guide
 * and `GetRoleCredentials` in the IAM Identity Center Portal API reference.
 *
 * 1. The token is read from `<cacheDirectory>/<sha1 hex>.json`, the hash
 *    taken of the session name (`ssoSession`) or, in the legacy form, of the
 *    start URL. It is read again at every call, so a new `aws sso login`
 *    takes effect without restarting the program.
 * 2. With a session, a token that expires within five minutes is refreshed
 *    through SSO OIDC `CreateToken` (grant `refresh_token`) when the cache
 *    holds a refresh token and an unexpired client registration; the new
 *    token is written back to the cache file (to a temporary file, then
 *    renamed, so that the AWS CLI never reads half a file). If the refresh
 *    fails, a token that has not yet expired is still used.
 * 3. The portal's `GetRoleCredentials` (`GET /federation/credentials`, with
 *    the token in `x-amz-sso_bearer_token`; not SigV4-signed) returns the
 *    role's temporary credentials.
 *
 * Errors say what to do, usually to sign in again with `aws sso login`.
 * Tokens, client secrets and keys never appear in them.
 */
export function fromSso(options: SsoOptions): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env;
    const cacheKey = options.ssoSession ?? options.ssoStartUrl;
    const cacheDirectory = options.cacheDirectory ?? join(homeDirectory(env), ".aws", "sso", "cache");
    const cacheFile = join(cacheDirectory, `${createHash("sha1").update(cacheKey, "utf8").digest("hex")}.json`);
    const login = loginHint(options);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    let token = await readToken(cacheFile, login);
    const expiresAt = tokenExpiry(token.expiresAt, cacheFile, login);
    if (options.ssoSession !== undefined && expiresAt - Date.now() <= REFRESH_BEFORE_MS && canRefresh(token)) {
      let pending = refreshing.get(cacheFile);
      if (!pending) {
        pending = refreshToken(token, cacheFile, options, env, timeoutMs).finally(() => refreshing.delete(cacheFile));
        refreshing.set(cacheFile, pending);
      }
      try {
        token = await pending;
      } catch (err) {
        // The token may still be good for a few minutes: use it, and let the
        // next call (when these role credentials near their own expiry) try again.
        if (expiresAt <= Date.now()) {
          throw sourceFailed(`the IAM Identity Center token in ${cacheFile} expired at ${new Date(expiresAt).toISOString()} and could not be refreshed (${describeError(err)}); ${login}`);
        }
      }
    } else if (expiresAt <= Date.now()) {
      throw sourceFailed(`the IAM Identity Center token in ${cacheFile} expired at ${new Date(expiresAt).toISOString()}; ${login}`);
    }
    return roleCredentials(token.accessToken, options, env, timeoutMs, login);
  };
}

/** What the user should run to get a fresh token. */
function loginHint(options: SsoOptions): string {
  if (options.profile) return `run \`aws sso login --profile ${options.profile}\``;
  if (options.ssoSession) return `run \`aws sso login --sso-session ${options.ssoSession}\``;
  return `run \`aws sso login\` with a profile whose sso_start_url is ${options.ssoStartUrl}`;
}

async function readToken(cacheFile: string, login: string): Promise<CachedToken> {
  let text: string;
  try {
    text = await fsPromises().readFile(cacheFile, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw sourceFailed(`no IAM Identity Center token is cached in ${cacheFile}; ${login}`);
    throw sourceFailed(`cannot read the IAM Identity Center token cache ${cacheFile}: ${code ?? describeError(err)}`);
  }
  let body: Record<string, unknown>;
  try {
    body = parseJson(text);
  } catch (err) {
    // parseJson never echoes the text: the file holds the token.
    throw sourceFailed(`the IAM Identity Center token cache ${cacheFile} is malformed: ${describeError(err)}; ${login}`);
  }
  const missing = ["accessToken", "expiresAt"].filter((key) => typeof body[key] !== "string" || body[key] === "");
  if (missing.length > 0) throw sourceFailed(`the IAM Identity Center token cache ${cacheFile} is malformed: it lacks ${missing.join(" and ")}; ${login}`);
  return body as CachedToken;
}

/**
 * Milliseconds since the epoch of a cached `expiresAt`. Versions of the AWS
 * CLI have written both `2026-11-21T12:00:00Z` and `2026-11-21T12:00:00UTC`;
 * JavaScript's `Date` reads only the first.
 */
function tokenExpiry(value: string, cacheFile: string, login: string): number {
  const time = new Date(value.replace(/UTC$/, "Z")).getTime();
  if (Number.isNaN(time)) throw sourceFailed(`the IAM Identity Center token cache ${cacheFile} is malformed: expiresAt ${JSON.stringify(value)} is not a date; ${login}`);
  return time;
}

/** True when the cache holds what `CreateToken` needs and the client registration it was issued to is still valid. */
function canRefresh(token: CachedToken): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false;
  if (typeof token.registrationExpiresAt !== "string") return true;
  const registrationExpiry = new Date(token.registrationExpiresAt.replace(/UTC$/, "Z")).getTime();
  return Number.isNaN(registrationExpiry) || registrationExpiry > Date.now();
}

/**
 * SSO OIDC `CreateToken` with the `refresh_token` grant (IAM Identity Center
 * OIDC API reference): an unsigned JSON POST to `/token`. Writes the new token
 * back to the cache, as the AWS CLI does, and returns it.
 */
async function refreshToken(token: CachedToken, cacheFile: string, options: SsoOptions, env: Environment, timeoutMs: number): Promise<CachedToken> {
  const url = serviceUrl(options.oidcEndpoint, OIDC_SERVICE, options.ssoRegion, env, "/token");
  const body = JSON.stringify({ clientId: token.clientId, clientSecret: token.clientSecret, grantType: "refresh_token", refreshToken: token.refreshToken });
  const secrets = [token.accessToken, token.refreshToken, token.clientSecret];
  const answer = await exchange("SSO OIDC CreateToken", { method: "POST", url, headers: { "content-type": "application/json" }, body, timeoutMs }, secrets);
  const accessToken = answer.accessToken;
  const expiresIn = answer.expiresIn;
  if (typeof accessToken !== "string" || !accessToken || typeof expiresIn !== "number" || !(expiresIn > 0)) {
    throw new Error("SSO OIDC CreateToken: the answer lacks accessToken or expiresIn");
  }
  // Without millisecond digits, the form the AWS CLI itself writes.
  const expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const fresh: CachedToken = { ...token, accessToken, expiresAt };
  // Like the AWS CLI, keep a refresh token only if the answer carried one: IAM
  // Identity Center rotates them, and the old one is spent.
  delete fresh.refreshToken;
  if (typeof answer.refreshToken === "string" && answer.refreshToken) fresh.refreshToken = answer.refreshToken;
  await writeCache(cacheFile, fresh);
  return fresh;
}

/**
 * Replaces the cache file in one step: a reader (this process, another
 * client, the AWS CLI) sees the old token or the new one, never a file cut
 * off half way. Failing to write is not fatal: the new token serves this
 * call, and the next process refreshes again.
 */
async function writeCache(cacheFile: string, token: CachedToken): Promise<void> {
  const temporary = `${cacheFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    // 0600, as the AWS CLI creates these files: they hold bearer tokens.
    await fsPromises().writeFile(temporary, JSON.stringify(token, null, 2), { mode: 0o600 });
    await fsPromises().rename(temporary, cacheFile);
  } catch {
    await fsPromises().unlink(temporary).catch(() => undefined);
  }
}

/**
 * The portal's `GetRoleCredentials`. The answer's `expiration` is in epoch
 * milliseconds, unlike STS's ISO dates.
 */
async function roleCredentials(accessToken: string, options: SsoOptions, env: Environment, timeoutMs: number, login: string): Promise<Credentials> {
  const url = serviceUrl(options.portalEndpoint, PORTAL_SERVICE, options.ssoRegion, env, "/federation/credentials");
  url.searchParams.set("account_id", options.ssoAccountId);
  url.searchParams.set("role_name", options.ssoRoleName);
  const what = `role ${options.ssoRoleName} in account ${options.ssoAccountId}`;
  let answer: Record<string, unknown>;
  try {
    answer = await exchange("IAM Identity Center GetRoleCredentials", { method: "GET", url, headers: { "x-amz-sso_bearer_token": accessToken }, timeoutMs }, [accessToken]);
  } catch (err) {
    if (err instanceof SsoServiceError && err.statusCode === 401) {
      throw sourceFailed(`IAM Identity Center rejected the cached token for ${what}, which happens when it has expired or been revoked (${err.message}); ${login}`);
    }
    if (err instanceof SsoServiceError && err.statusCode === 403) {
      throw sourceFailed(`IAM Identity Center denied ${what} (${err.message}); check sso_account_id and sso_role_name, and that your user is assigned that permission set`);
    }
    throw sourceFailed(`IAM Identity Center credentials for ${what}: ${describeError(err)}`);
  }
  const role = answer.roleCredentials as Record<string, unknown> | undefined;
  const accessKeyId = role?.accessKeyId;
  const secretAccessKey = role?.secretAccessKey;
  const sessionToken = role?.sessionToken;
  const expiration = role?.expiration;
  if (typeof accessKeyId !== "string" || typeof secretAccessKey !== "string" || typeof sessionToken !== "string" || !accessKeyId || !secretAccessKey || !sessionToken) {
    throw sourceFailed(`IAM Identity Center credentials for ${what}: the answer lacks roleCredentials`);
  }
  if (typeof expiration !== "number" || !Number.isFinite(expiration)) {
    throw sourceFailed(`IAM Identity Center credentials for ${what}: the answer's expiration is not a time in epoch milliseconds`);
  }
  return sealCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration) });
}

/** The URL of `path` on the service: the option, else the environment's or the regional endpoint; a custom endpoint's own path is kept as a prefix. */
function serviceUrl(endpoint: string | undefined, service: { serviceId: string; endpointPrefix: string }, region: string, env: Environment, path: string): URL {
  const input: Parameters<typeof resolveEndpointDetails>[0] = { region };
  if (endpoint) input.endpoint = endpoint;
  // Both services' rule sets answer FIPS in GovCloud with the standard
  // host, which is FIPS-validated there; no `-fips` host exists.
  if (region.startsWith("us-gov-")) input.useFipsEndpoint = false;
  const base = resolveEndpointDetails(input, service, { env }).url;
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, "")}${path}`;
  return url;
}

/** An error answer from the portal or OIDC, in words fit for a message. */
class SsoServiceError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/**
 * One JSON exchange, retried on throttling, 5xx and network failures.
 * `secrets` are scrubbed from any message as a last line of defence, in case
 * a service or proxy echoes the request.
 */
async function exchange(action: string, request: SmallRequest, secrets: (string | undefined)[]): Promise<Record<string, unknown>> {
  let answer: SmallResponse;
  try {
    answer = await sendWithRetries(() => request, MAX_ATTEMPTS, ({ statusCode }) => statusCode >= 500 || statusCode === 429);
  } catch (err) {
    throw new Error(scrubSecrets(`${action} to ${request.url.host} failed: ${describeError(err)}`, secrets));
  }
  if (answer.statusCode !== 200) throw serviceError(action, answer.statusCode, answer.headers, answer.body, secrets);
  try {
    return parseJson(answer.body);
  } catch (err) {
    throw new Error(`${action}: ${describeError(err)}`);
  }
}

/**
 * Reads an error answer of the restJson protocol these services speak: the
 * code from `x-amzn-errortype`, else `__type` (after any `#`), else the
 * OAuth-style `error` that SSO OIDC also sends; the text from `message`,
 * `Message` or `error_description`.
 */
function serviceError(action: string, status: number, headers: Record<string, string | string[] | undefined>, text: string, hidden: (string | undefined)[]): SsoServiceError {
  let body: Record<string, unknown> = {};
  try {
    body = parseJson(text);
  } catch {
    // An HTML page from a proxy, or nothing: the status says enough.
  }
  const header = headers["x-amzn-errortype"];
  const rawCode = (typeof header === "string" && header) || (typeof body.__type === "string" && body.__type) || (typeof body.error === "string" && body.error) || `HTTP${status}`;
  const code = sanitizeErrorCode(rawCode);
  const detail = [body.message, body.Message, body.error_description].find((m): m is string => typeof m === "string" && m !== "");
  const requestId = headers["x-amzn-requestid"];
  const message = `${action} failed: ${code}${detail ? `: ${detail}` : ""} (HTTP ${status}${typeof requestId === "string" ? `, request id ${requestId}` : ""})`;
  return new SsoServiceError(scrubSecrets(message, hidden), status);
}
