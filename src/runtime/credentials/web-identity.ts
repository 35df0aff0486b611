import { fsPromises } from "./files.js";
import type { StsOptions } from "../sts/index.js";
import type { CredentialProvider, Environment } from "../types.js";
import { describeError, notConfigured, sourceFailed } from "./errors.js";

/** Options of the web identity source; each falls back to its environment variable. */
export interface WebIdentityOptions {
  /** Else `AWS_WEB_IDENTITY_TOKEN_FILE`. */
  webIdentityTokenFile?: string;
  /** Else `AWS_ROLE_ARN`. */
  roleArn?: string;
  /** Else `AWS_ROLE_SESSION_NAME`, else a generated `dynaport-<time>` name. */
  roleSessionName?: string;
  durationSeconds?: number;
  /** Where STS is (region, endpoint, timeouts). */
  sts?: StsOptions;
  env?: Environment;
}

/**
 * Credentials for a role assumed with an OIDC token from a file, as on EKS
 * (IAM Roles for Service Accounts) or in CI systems with OIDC federation.
 *
 * The token file is read again at every fetch: the platform rotates it, and
 * an hour-old token would be rejected. The call to STS is unsigned.
 */
export function fromWebIdentity(options: WebIdentityOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env;
    const tokenFile = options.webIdentityTokenFile ?? env.AWS_WEB_IDENTITY_TOKEN_FILE;
    const roleArn = options.roleArn ?? env.AWS_ROLE_ARN;
    if (!tokenFile) throw notConfigured("AWS_WEB_IDENTITY_TOKEN_FILE is not set");
    if (!roleArn) throw sourceFailed(`web identity token file ${tokenFile} is set but no role ARN (AWS_ROLE_ARN)`);
    let token: string;
    try {
      token = (await fsPromises().readFile(tokenFile, "utf8")).trim();
    } catch (err) {
      throw sourceFailed(`cannot read web identity token file ${tokenFile}: ${(err as NodeJS.ErrnoException).code ?? describeError(err)}`);
    }
    if (!token) throw sourceFailed(`web identity token file ${tokenFile} is empty`);
    const params = {
      roleArn,
      roleSessionName: options.roleSessionName ?? env.AWS_ROLE_SESSION_NAME ?? defaultSessionName(),
      webIdentityToken: token,
      ...(options.durationSeconds !== undefined ? { durationSeconds: options.durationSeconds } : {}),
    };
    // STS is loaded only by the processes that assume a role, not with every client.
    const { assumeRoleWithWebIdentity } = await import("../sts/index.js");
    try {
      return await assumeRoleWithWebIdentity(params, { env, ...options.sts });
    } catch (err) {
      throw sourceFailed(`web identity for ${roleArn}: ${describeError(err)}`, err);
    }
  };
}

/** A session name unique enough to tell sessions apart in CloudTrail. */
export function defaultSessionName(): string {
  return `dynaport-${Date.now()}`;
}
