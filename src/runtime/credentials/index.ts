/**
 * Where credentials come from: explicit keys or a provider, or the default
 * chain the AWS CLI users know (environment, shared files, web identity,
 * container, EC2 instance profile), with caching and refresh. Every source is
 * usable on its own; every credential object it returns hides its secrets.
 */
import { processEnv } from "../environment.js";
import type { StsOptions } from "../sts/index.js";
import type { CredentialProvider, Credentials, Logger } from "../types.js";
import { chain } from "./chain.js";
import { fromContainer, type ContainerOptions } from "./container.js";
import { fromEnv } from "./env.js";
import { providerFrom } from "./from-input.js";
import { notConfigured } from "./errors.js";
import { fromInstanceMetadata, type InstanceMetadataOptions } from "./instance-metadata.js";
import { memoize, type MemoizeOptions } from "./memoize.js";
import { fromProfile, type ProfileOptions } from "./profile.js";
import { selectedProfile } from "./shared-files.js";
import { fromWebIdentity } from "./web-identity.js";

export { chain, type NamedSource } from "./chain.js";
export { fromStatic } from "./from-input.js";
export { fromContainer, type ContainerOptions } from "./container.js";
export { redactedView, sealCredentials, type CredentialFields } from "./credentials.js";
export { fromEnv } from "./env.js";
export { CredentialsProviderError, type SourceAttempt } from "./errors.js";
export { fromInstanceMetadata, type InstanceMetadataOptions } from "./instance-metadata.js";
export { memoize, type MemoizeOptions } from "./memoize.js";
export { fromProcess, type ProcessOptions } from "./process.js";
export { fromProfile, type ProfileOptions } from "./profile.js";
export { configFileRegion, loadSharedProfiles, parseIni, type SharedFilesOptions } from "./shared-files.js";
export { fromSso, type SsoOptions } from "./sso.js";
export { fromWebIdentity, type WebIdentityOptions } from "./web-identity.js";

/** Options of the default chain. Every endpoint it talks to can be pointed elsewhere (tests, proxies). */
export interface DefaultChainOptions extends Omit<ProfileOptions, "instanceMetadata" | "container">, MemoizeOptions {
  /** The client's region; STS calls go to this region's endpoint unless `sts.region` says otherwise. */
  region?: string;
  /** STS endpoint, region and timeouts for `role_arn` profiles and web identity. */
  sts?: StsOptions;
  /** IMDS endpoint, timeout and attempts (else from `AWS_EC2_METADATA_SERVICE_ENDPOINT` and friends). */
  instanceMetadata?: InstanceMetadataOptions;
  /** Container endpoint timeout and attempts, and the base for relative URIs. */
  container?: ContainerOptions;
  /** Told at debug level which source supplied credentials (never the secret). */
  logger?: Logger;
}

/**
 * The default credential chain, in the AWS CLI's order:
 *
 * 1. environment variables (`AWS_ACCESS_KEY_ID`, ...), unless a `profile`
 *    option names a profile: like the CLI's `--profile`, a profile chosen in
 *    code beats the environment (`AWS_PROFILE` does not);
 * 2. the shared `credentials` and `config` files (`AWS_PROFILE`, roles,
 *    `credential_process`, `web_identity_token_file`, IAM Identity Center);
 * 3. web identity from `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`;
 * 4. ECS/EKS container credentials;
 * 5. the EC2 instance profile through IMDSv2.
 *
 * Cached and refreshed five minutes before expiry, with concurrent callers
 * sharing one fetch.
 */
export function defaultProvider(options: DefaultChainOptions = {}): CredentialProvider {
  const env = options.env ?? processEnv();
  const sts: StsOptions = { env, ...options.sts };
  const stsRegion = options.sts?.region ?? options.region;
  if (stsRegion) sts.region = stsRegion;
  const { instanceMetadata, container, logger, refreshBeforeMs: _r, retryAfterFailureMs: _f, now: _n, ...profileOptions } = options;
  const imds = { env, ...instanceMetadata };
  const ecs = { env, ...container };
  const profile = selectedProfile({ ...options, env }).name;
  return memoize(
    chain(
      [
        { name: "environment variables", provider: options.profile ? skipped("the profile option was given") : fromEnv(env) },
        { name: `shared config files (profile "${profile}")`, provider: fromProfile({ ...profileOptions, env, instanceMetadata: imds, container: ecs }) },
        { name: "web identity token file", provider: fromWebIdentity({ env, sts }) },
        { name: "container credentials (ECS/EKS)", provider: fromContainer(ecs) },
        { name: "EC2 instance metadata (IMDSv2)", provider: fromInstanceMetadata(imds) },
      ],
      logger,
    ),
    options,
  );
}

function skipped(why: string): CredentialProvider {
  return async () => {
    throw notConfigured(`skipped: ${why}`);
  };
}

/** Turns the `credentials` option into a provider (see `providerFrom`); nothing means `defaultProvider(options)`. */
export function credentialProviderFrom(input: Credentials | CredentialProvider | undefined, options: DefaultChainOptions = {}): CredentialProvider {
  return providerFrom(input, options, defaultProvider);
}
