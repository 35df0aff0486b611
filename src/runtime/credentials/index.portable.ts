/**
 * Where credentials come from in the portable build (browsers, workers,
 * React Native): explicit keys or a provider function, else the environment
 * variables where the runtime has `process.env`. The Node build's twin
 * (`index.ts`) adds the shared files, web identity, containers and EC2; here
 * those sources need a file system or node:http the runtime does not have,
 * so they report themselves not configured with a message saying why.
 */
import { processEnv } from "../environment.js";
import type { CredentialProvider, Credentials } from "../types.js";
import type { ContainerOptions } from "./container.js";
import { fromEnv } from "./env.js";
import { providerFrom } from "./from-input.js";
import { CredentialsProviderError, notConfigured } from "./errors.js";
import type { DefaultChainOptions } from "./index.js";
import type { InstanceMetadataOptions } from "./instance-metadata.js";
import { memoize } from "./memoize.js";
import type { ProcessOptions } from "./process.js";
import type { ProfileOptions } from "./profile.js";
import type { SharedFilesOptions, SharedProfiles } from "./shared-files.js";
import type { SsoOptions } from "./sso.js";
import type { WebIdentityOptions } from "./web-identity.js";

export { chain, type NamedSource } from "./chain.js";
export { fromStatic } from "./from-input.js";
export type { ContainerOptions } from "./container.js";
export { redactedView, sealCredentials, type CredentialFields } from "./credentials.js";
export { fromEnv } from "./env.js";
export { CredentialsProviderError, type SourceAttempt } from "./errors.js";
export { parseIni } from "./ini.js";
export type { InstanceMetadataOptions } from "./instance-metadata.js";
export { memoize, type MemoizeOptions } from "./memoize.js";
export type { ProcessOptions } from "./process.js";
export type { ProfileOptions } from "./profile.js";
export type { SharedFilesOptions } from "./shared-files.js";
export type { SsoOptions } from "./sso.js";
export type { WebIdentityOptions } from "./web-identity.js";
export type { DefaultChainOptions } from "./index.js";

/** What to do instead, in every message about missing credentials here. */
const PASS_CREDENTIALS =
  "pass `credentials` to the client: { accessKeyId, secretAccessKey, sessionToken? } or an async function returning them (e.g. from Cognito or your own backend)";

/** A source that needs what only the Node build has: it reports itself not configured. */
function needsNode(source: string, needs: string): CredentialProvider {
  return async () => {
    throw notConfigured(`${source} needs ${needs}, which this runtime does not have (dynaport's portable build); ${PASS_CREDENTIALS}`);
  };
}

/** Shared config and credentials files: not readable without a file system. */
export function fromProfile(_options: ProfileOptions = {}): CredentialProvider {
  return needsNode("the shared config files (~/.aws)", "a file system");
}

/** `credential_process`: needs to start a process. */
export function fromProcess(_command: string, _options: ProcessOptions = {}): CredentialProvider {
  return needsNode("credential_process", "node:child_process");
}

/** IAM Identity Center: needs its token cache on disk. */
export function fromSso(_options: SsoOptions): CredentialProvider {
  return needsNode("IAM Identity Center (SSO)", "a file system for its token cache");
}

/** Web identity: needs the token file. */
export function fromWebIdentity(_options: WebIdentityOptions = {}): CredentialProvider {
  return needsNode("web identity (AWS_WEB_IDENTITY_TOKEN_FILE)", "a file system");
}

/** ECS/EKS container credentials. */
export function fromContainer(_options: ContainerOptions = {}): CredentialProvider {
  return needsNode("container credentials (ECS/EKS)", "node:http");
}

/** The EC2 instance profile. */
export function fromInstanceMetadata(_options: InstanceMetadataOptions = {}): CredentialProvider {
  return needsNode("EC2 instance metadata (IMDSv2)", "node:http");
}

/** The shared files cannot be read here: always rejects, saying so. */
export async function loadSharedProfiles(_options: SharedFilesOptions = {}): Promise<SharedProfiles> {
  throw notConfigured(`the shared config files (~/.aws) need a file system, which this runtime does not have (dynaport's portable build); ${PASS_CREDENTIALS}`);
}

/** No config file to read a region from in the portable build. */
export const configFileRegion: ((options: SharedFilesOptions) => string | undefined) | undefined = undefined;

/**
 * The default credentials of the portable build: the environment variables
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) where
 * the runtime has `process.env`, cached like every source; else an error
 * that says which options to pass.
 */
export function defaultProvider(options: DefaultChainOptions = {}): CredentialProvider {
  const hasEnv = (globalThis as { process?: { env?: unknown } }).process?.env !== undefined;
  const environment = fromEnv(options.env ?? processEnv());
  return memoize(async (): Promise<Credentials> => {
    try {
      const credentials = await environment();
      options.logger?.debug?.(`dynaport: credentials from environment variables (access key ${credentials.accessKeyId})`);
      return credentials;
    } catch (err) {
      if (!(err instanceof CredentialsProviderError) || err.configured) throw err;
      const where = hasEnv
        ? "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"
        : "this runtime has no environment variables, and dynaport's portable build reads no credential files";
      throw new CredentialsProviderError(`No AWS credentials: ${where}. To sign requests, ${PASS_CREDENTIALS}.`, {
        configured: false,
        code: "CredentialsNotFound",
        tried: [{ source: "environment variables", reason: err.message }],
      });
    }
  }, options);
}

/** Turns the `credentials` option into a provider (see `providerFrom`); nothing means `defaultProvider(options)`. */
export function credentialProviderFrom(input: Credentials | CredentialProvider | undefined, options: DefaultChainOptions = {}): CredentialProvider {
  return providerFrom(input, options, defaultProvider);
}
