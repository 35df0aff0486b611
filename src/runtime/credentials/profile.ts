import type { AssumeRoleParams, StsOptions } from "../sts/index.js";
import type { CredentialProvider, Credentials } from "../types.js";
import { fromContainer, type ContainerOptions } from "./container.js";
import { sealCredentials } from "./credentials.js";
import { fromEnv } from "./env.js";
import { CredentialsProviderError, describeError, notConfigured, sourceFailed } from "./errors.js";
import { fromInstanceMetadata, type InstanceMetadataOptions } from "./instance-metadata.js";
import { fromProcess } from "./process.js";
import { loadSharedProfiles, selectedProfile, type Profile, type SharedFilesOptions, type SharedProfiles } from "./shared-files.js";
import { fromSso, type SsoOptions } from "./sso.js";
import { defaultSessionName, fromWebIdentity } from "./web-identity.js";

/** Options of the shared-files source. */
export interface ProfileOptions extends SharedFilesOptions {
  /** Where STS is for `role_arn` profiles. Its region defaults to `region` below, then the environment, then the profile's `region`. */
  sts?: StsOptions;
  /** The client's region, used for STS when `sts.region` is not given. */
  region?: string;
  /** Asked for the current code of the MFA device when a role profile has `mfa_serial`. */
  mfaCodeProvider?: (serialNumber: string) => Promise<string>;
  /** For `credential_source = Ec2InstanceMetadata`. */
  instanceMetadata?: InstanceMetadataOptions;
  /** For `credential_source = EcsContainer`. */
  container?: ContainerOptions;
  /** For IAM Identity Center profiles: the token cache folder, the portal and OIDC endpoints, the timeout. */
  sso?: Pick<SsoOptions, "cacheDirectory" | "portalEndpoint" | "oidcEndpoint" | "timeoutMs">;
}

/**
 * Credentials from a profile in the shared `config` and `credentials` files,
 * resolved as the AWS CLI does (see "Configuration and credential file
 * settings" and "Use an IAM role in the AWS CLI" in its user guide):
 *
 * 1. `role_arn` with `source_profile` (another profile, resolved recursively,
 *    so roles can be chained) or `credential_source` (`Environment`,
 *    `Ec2InstanceMetadata`, `EcsContainer`), assumed through STS
 *    `AssumeRole` with `role_session_name`, `external_id`,
 *    `duration_seconds` and `mfa_serial`;
 * 2. `role_arn` with `web_identity_token_file`, through
 *    `AssumeRoleWithWebIdentity`;
 * 3. static `aws_access_key_id` / `aws_secret_access_key` /
 *    `aws_session_token`;
 * 4. `credential_process`;
 * 5. IAM Identity Center: `sso_session` naming an `[sso-session name]`
 *    section (`sso_start_url`, `sso_region`), or the legacy `sso_start_url`
 *    and `sso_region` in the profile itself, with `sso_account_id` and
 *    `sso_role_name`, through the token `aws sso login` cached (see
 *    {@link fromSso}).
 *
 * Any of these may be the `source_profile` of a role profile.
 * A `source_profile` cycle is an error, except the documented case of a
 * profile naming itself as source while holding static keys: those keys
 * assume the profile's role.
 *
 * If no profile was asked for and `default` is missing or holds no
 * credentials (commonly just a `region`), the source is "not configured" and
 * the default chain moves on. A profile asked for by name (option or
 * `AWS_PROFILE`) that is missing is an error.
 */
export function fromProfile(options: ProfileOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env;
    const { name, explicit } = selectedProfile(options);
    let files: SharedProfiles;
    try {
      files = await loadSharedProfiles(options);
    } catch (err) {
      throw sourceFailed(`cannot read the shared config files: ${describeError(err)}`);
    }
    const top = files.profiles.get(name);
    if (!top) {
      const where = `${files.configFile} or ${files.credentialsFile}`;
      if (explicit) throw sourceFailed(`profile "${name}" not found in ${where}`);
      throw notConfigured(`no profile "default" in ${where}`);
    }
    const sts: StsOptions = { env, ...options.sts };
    const stsRegion = options.sts?.region ?? options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? top.region;
    if (stsRegion) sts.region = stsRegion;
    const resolver = new ProfileResolver(files, options, sts);
    try {
      return await resolver.resolve(name, []);
    } catch (err) {
      if (err instanceof CredentialsProviderError) throw err;
      throw sourceFailed(describeError(err), err);
    }
  };
}

class ProfileResolver {
  constructor(
    private readonly files: SharedProfiles,
    private readonly options: ProfileOptions,
    private readonly sts: StsOptions,
  ) {}

  /** Credentials of profile `name`; `visited` is the chain of profiles that led here. */
  async resolve(name: string, visited: string[]): Promise<Credentials> {
    const profile = this.files.profiles.get(name);
    if (!profile) {
      throw sourceFailed(`profile "${visited.at(-1)}" names source_profile "${name}", which is not in ${this.files.configFile} or ${this.files.credentialsFile}`);
    }
    const label = `profile "${name}"`;
    if (profile.role_arn) return this.assume(name, profile, visited);
    if (profile.web_identity_token_file) throw sourceFailed(`${label} has web_identity_token_file but no role_arn`);
    const statics = staticKeys(profile, label);
    if (statics) return statics;
    if (profile.credential_process) return fromProcess(profile.credential_process, { env: this.options.env ?? process.env })();
    if (profile.sso_session || profile.sso_start_url) return fromSso(this.ssoOptions(name, profile))();
    const message = `${label} has no credentials (aws_access_key_id, credential_process, role_arn, sso_session)`;
    // Only the top profile may be "not configured"; a source_profile without credentials is a broken setup.
    throw visited.length === 0 ? notConfigured(message) : sourceFailed(message);
  }

  /**
   * The IAM Identity Center settings of profile `name`, checked all at once so
   * that one message lists every problem. In the session form the start URL
   * and region come from `[sso-session name]`; a profile that repeats them
   * must agree with it, as the AWS CLI requires.
   */
  private ssoOptions(name: string, profile: Profile): SsoOptions {
    const problems: string[] = [];
    let startUrl = profile.sso_start_url;
    let region = profile.sso_region;
    const session = profile.sso_session;
    if (session) {
      const settings = this.files.ssoSessions.get(session);
      if (!settings) {
        problems.push(`sso_session "${session}" has no [sso-session ${session}] section in ${this.files.configFile}`);
      } else {
        for (const key of ["sso_start_url", "sso_region"] as const) {
          const own = profile[key];
          const shared = settings[key];
          if (!shared) problems.push(`[sso-session ${session}] lacks ${key}`);
          else if (own && own !== shared) problems.push(`${key} ${JSON.stringify(own)} differs from ${JSON.stringify(shared)} in [sso-session ${session}]`);
        }
        startUrl = settings.sso_start_url;
        region = settings.sso_region;
      }
    } else {
      if (!region) problems.push("sso_region is missing");
    }
    for (const key of ["sso_account_id", "sso_role_name"] as const) if (!profile[key]) problems.push(`${key} is missing`);
    if (problems.length > 0 || !startUrl || !region) {
      throw sourceFailed(`profile "${name}" uses IAM Identity Center, but: ${problems.join("; ")}`);
    }
    return {
      ...this.options.sso,
      ssoStartUrl: startUrl,
      ssoRegion: region,
      ssoAccountId: profile.sso_account_id!,
      ssoRoleName: profile.sso_role_name!,
      ...(session ? { ssoSession: session } : {}),
      profile: name,
      env: this.options.env ?? process.env,
    };
  }

  private async assume(name: string, profile: Profile, visited: string[]): Promise<Credentials> {
    const label = `profile "${name}"`;
    const roleArn = profile.role_arn!;
    const hasSource = profile.source_profile !== undefined;
    const hasCredentialSource = profile.credential_source !== undefined;
    if (hasSource && hasCredentialSource) throw sourceFailed(`${label} sets both source_profile and credential_source; choose one`);

    if (!hasSource && !hasCredentialSource) {
      if (profile.web_identity_token_file) {
        const web = {
          webIdentityTokenFile: profile.web_identity_token_file,
          roleArn,
          sts: this.sts,
          ...(profile.role_session_name ? { roleSessionName: profile.role_session_name } : {}),
          ...(profile.duration_seconds ? { durationSeconds: parseDuration(profile.duration_seconds, label) } : {}),
        };
        return fromWebIdentity(web)();
      }
      throw sourceFailed(`${label} has role_arn but neither source_profile nor credential_source`);
    }

    let source: Credentials;
    if (hasSource) {
      const sourceName = profile.source_profile!;
      const chain = [...visited, name];
      if (sourceName === name) {
        // A profile may name itself to use its own static keys for its role.
        const own = staticKeys(profile, label);
        if (!own) throw sourceFailed(`${label} names itself as source_profile but has no static keys`);
        source = own;
      } else if (chain.includes(sourceName)) {
        throw sourceFailed(`source_profile cycle: ${[...chain, sourceName].map((p) => `"${p}"`).join(" -> ")}`);
      } else {
        source = await this.resolve(sourceName, chain);
      }
    } else {
      source = await this.credentialSource(profile.credential_source!, label);
    }

    const params: AssumeRoleParams = {
      roleArn,
      roleSessionName: profile.role_session_name || defaultSessionName(),
    };
    if (profile.external_id) params.externalId = profile.external_id;
    if (profile.duration_seconds) params.durationSeconds = parseDuration(profile.duration_seconds, label);
    if (profile.mfa_serial) {
      if (!this.options.mfaCodeProvider) throw sourceFailed(`${label} requires MFA (mfa_serial); pass an mfaCodeProvider`);
      params.serialNumber = profile.mfa_serial;
      params.tokenCode = await this.options.mfaCodeProvider(profile.mfa_serial);
    }
    // STS is loaded only by the processes that assume a role, not with every client.
    const { assumeRole } = await import("../sts/index.js");
    try {
      return await assumeRole(source, params, this.sts);
    } catch (err) {
      throw sourceFailed(`${label}: assuming ${roleArn}: ${describeError(err)}`, err);
    }
  }

  private async credentialSource(kind: string, label: string): Promise<Credentials> {
    const env = this.options.env ?? process.env;
    const provider =
      kind === "Environment"
        ? fromEnv(env)
        : kind === "Ec2InstanceMetadata"
          ? fromInstanceMetadata({ env, ...this.options.instanceMetadata })
          : kind === "EcsContainer"
            ? fromContainer({ env, ...this.options.container })
            : undefined;
    if (!provider) throw sourceFailed(`${label}: credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, not ${JSON.stringify(kind)}`);
    try {
      return await provider();
    } catch (err) {
      throw sourceFailed(`${label}: credential_source ${kind}: ${describeError(err)}`, err);
    }
  }
}

function staticKeys(profile: Profile, label: string): Credentials | undefined {
  const accessKeyId = profile.aws_access_key_id;
  const secretAccessKey = profile.aws_secret_access_key;
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) throw sourceFailed(`${label} sets only one of aws_access_key_id and aws_secret_access_key`);
  // aws_security_token is the older name the AWS CLI still accepts.
  return sealCredentials({ accessKeyId, secretAccessKey, sessionToken: profile.aws_session_token || profile.aws_security_token || undefined });
}

function parseDuration(value: string, label: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw sourceFailed(`${label}: duration_seconds must be a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}
