import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fsPromises, nodeOs } from "./files.js";
import { processEnv } from "../environment.js";
import type { Environment } from "../types.js";
import { parseIni, type Profile } from "./ini.js";

export { parseIni, type Profile } from "./ini.js";

/** Where the shared files live and which profile to use. */
export interface SharedFilesOptions {
  /** Profile name; else `AWS_PROFILE`, else `default`. */
  profile?: string;
  /** Path of the `credentials` file; else `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  credentialsFile?: string;
  /** Path of the `config` file; else `AWS_CONFIG_FILE`, else `~/.aws/config`. */
  configFile?: string;
  env?: Environment;
}

/** Both files read and merged per profile. */
export interface SharedProfiles {
  /** Profile name to settings: the config file's values overlaid by the credentials file's. */
  profiles: Map<string, Profile>;
  /** `[sso-session name]` sections of the config file: IAM Identity Center sign-in settings that profiles share by name. */
  ssoSessions: Map<string, Profile>;
  credentialsFile: string;
  configFile: string;
}

/** The profile name in effect: the option, else `AWS_PROFILE`, else `default`. */
export function selectedProfile(options: SharedFilesOptions = {}): { name: string; explicit: boolean } {
  const env = options.env ?? processEnv();
  const name = options.profile || env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE;
  return name ? { name, explicit: true } : { name: "default", explicit: false };
}

/** The home folder the AWS CLI uses: `HOME`, else `USERPROFILE` (Windows), else the OS's idea of it. */
export function homeDirectory(env: Environment = processEnv()): string {
  return env.HOME || env.USERPROFILE || nodeOs().homedir();
}

/**
 * Reads and merges the shared `config` and `credentials` files.
 *
 * Section names follow the AWS CLI: in `config`, `[default]`,
 * `[profile default]` and `[profile name]` are profiles and
 * `[sso-session name]` sections are kept apart in `ssoSessions`, while other
 * sections (`[services x]`) are skipped; in `credentials`, every `[name]` is a
 * profile. When a profile appears in both files, settings from
 * `credentials` win (see "Configuration and credential file settings" in the
 * AWS CLI user guide). A missing file is the same as an empty one.
 */
export async function loadSharedProfiles(options: SharedFilesOptions = {}): Promise<SharedProfiles> {
  const env = options.env ?? processEnv();
  const home = homeDirectory(env);
  const credentialsFile = expandHome(options.credentialsFile ?? env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"), home);
  const configFile = configFilePath(options);
  const [configText, credentialsText] = await Promise.all([readOptional(configFile), readOptional(credentialsFile)]);

  const { profiles, ssoSessions } = parseConfigFile(configText);
  for (const [section, values] of parseIni(credentialsText)) {
    profiles.set(section, { ...profiles.get(section), ...values });
  }
  return { profiles, ssoSessions, credentialsFile, configFile };
}

/** Where the shared `config` file is: the option, else `AWS_CONFIG_FILE`, else `~/.aws/config`. */
function configFilePath(options: SharedFilesOptions): string {
  const env = options.env ?? processEnv();
  const home = homeDirectory(env);
  return expandHome(options.configFile ?? env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"), home);
}

/** The profiles and `[sso-session name]` sections of a `config` file's text. */
function parseConfigFile(text: string): Pick<SharedProfiles, "profiles" | "ssoSessions"> {
  const profiles = new Map<string, Profile>();
  const ssoSessions = new Map<string, Profile>();
  for (const [section, values] of parseIni(text)) {
    if (section.startsWith("sso-session ")) {
      ssoSessions.set(section.slice(12).trim(), values);
      continue;
    }
    const name = section === "default" ? "default" : section.startsWith("profile ") ? section.slice(8).trim() : undefined;
    if (name) profiles.set(name, { ...profiles.get(name), ...values });
  }
  return { profiles, ssoSessions };
}

/**
 * The `region` of the profile in effect, from the shared `config` file (as
 * the AWS CLI reads it: not from `credentials`), or undefined when the file,
 * the profile or the setting is missing or the file cannot be read. It is
 * read synchronously because clients settle their region when they are
 * built, and only when neither the option nor the environment gave one.
 */
export function configFileRegion(options: SharedFilesOptions = {}): string | undefined {
  let text: string;
  try {
    text = readFileSync(configFilePath(options), "utf8");
  } catch {
    return undefined;
  }
  return parseConfigFile(text).profiles.get(selectedProfile(options).name)?.region || undefined;
}

function expandHome(path: string, home: string): string {
  return path === "~" || path.startsWith("~/") || path.startsWith("~\\") ? join(home, path.slice(1)) : path;
}

async function readOptional(path: string): Promise<string> {
  try {
    return await fsPromises().readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return "";
    throw err;
  }
}
