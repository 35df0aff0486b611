import type { CredentialProvider, Credentials } from "../types.js";

/**
 * Turns the `credentials` option into a provider: a function is used as it
 * is, static keys are wrapped, and nothing means the environment.
 *
 * (The full default chain, caching and refresh live beside this file.)
 */
export function credentialProviderFrom(input: Credentials | CredentialProvider | undefined): CredentialProvider {
  if (typeof input === "function") return input;
  if (input) {
    const fixed = input;
    return async () => fixed;
  }
  return fromEnv();
}

/** `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`. */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): CredentialProvider {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error("No AWS credentials: pass `credentials`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    const sessionToken = env.AWS_SESSION_TOKEN || undefined;
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  };
}
