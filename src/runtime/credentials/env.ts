import { processEnv } from "../environment.js";
import type { CredentialProvider, Environment } from "../types.js";
import { parseExpiration, sealCredentials } from "./credentials.js";
import { notConfigured, sourceFailed } from "./errors.js";

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally
 * `AWS_SESSION_TOKEN` (and `AWS_CREDENTIAL_EXPIRATION`, which the CLI's
 * `export-credentials` writes).
 *
 * The variables are read at each call, not at construction, so a long-lived
 * client sees rotated values. Only one of the pair set is a configuration
 * mistake and is reported as such rather than skipped.
 */
export function fromEnv(env: Environment = processEnv()): CredentialProvider {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId && !secretAccessKey) throw notConfigured("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    if (!accessKeyId) throw sourceFailed("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    if (!secretAccessKey) throw sourceFailed("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    return sealCredentials({
      accessKeyId,
      secretAccessKey,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
      expiration: parseExpiration(env.AWS_CREDENTIAL_EXPIRATION, "AWS_CREDENTIAL_EXPIRATION"),
    });
  };
}
