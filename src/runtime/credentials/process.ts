import type { CredentialProvider, Environment } from "../types.js";
import { parseExpiration, sealCredentials } from "./credentials.js";
import { describeError, sourceFailed } from "./errors.js";
import { parseJson } from "./instance-metadata.js";

/** Options of the `credential_process` source. */
export interface ProcessOptions {
  /** Kill the program after this long; default 60 s (it may open a browser or prompt for MFA). */
  timeoutMs?: number;
  env?: Environment;
}

const MAX_STDERR_IN_MESSAGE = 300; // characters

/**
 * Credentials printed by an external program, as in a profile's
 * `credential_process` setting.
 *
 * The command line runs through the shell, as the AWS CLI documents it
 * ("Sourcing credentials with an external process"), so quoting and paths
 * with spaces behave as users expect. Standard output must be JSON:
 * `{ "Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?,
 * "Expiration"? }`. Standard output is never copied into an error, since it
 * may hold the secret; standard error is, shortened, because that is where
 * such programs explain what went wrong.
 */
export function fromProcess(command: string, options: ProcessOptions = {}): CredentialProvider {
  return async () => {
    const timeoutMs = options.timeoutMs ?? 60_000; // 60 s
    const { stdout, stderr, error } = await run(command, timeoutMs, options.env ?? process.env);
    const what = `credential_process \`${command}\``;
    if (error) {
      const why = error.killed ? `was stopped after ${timeoutMs} ms` : `failed (${error.code !== undefined ? `exit code ${error.code}` : describeError(error)})`;
      const detail = stderr.trim().slice(0, MAX_STDERR_IN_MESSAGE);
      throw sourceFailed(`${what} ${why}${detail ? `: ${detail}` : ""}`);
    }
    let body: Record<string, unknown>;
    try {
      body = parseJson(stdout);
    } catch (err) {
      throw sourceFailed(`${what}: output ${describeError(err)}`);
    }
    if (body.Version !== 1) throw sourceFailed(`${what}: output Version must be 1, got ${JSON.stringify(body.Version ?? null)}`);
    if (typeof body.AccessKeyId !== "string" || typeof body.SecretAccessKey !== "string" || !body.AccessKeyId || !body.SecretAccessKey) {
      throw sourceFailed(`${what}: output lacks AccessKeyId or SecretAccessKey`);
    }
    let expiration: Date | undefined;
    try {
      expiration = parseExpiration(body.Expiration, what);
    } catch (err) {
      throw sourceFailed(describeError(err));
    }
    return sealCredentials({
      accessKeyId: body.AccessKeyId,
      secretAccessKey: body.SecretAccessKey,
      sessionToken: typeof body.SessionToken === "string" && body.SessionToken ? body.SessionToken : undefined,
      expiration,
    });
  };
}

async function run(command: string, timeoutMs: number, env: Environment): Promise<{ stdout: string; stderr: string; error: (Error & { code?: number | string; killed?: boolean }) | null }> {
  // Loaded on first use: few processes ever run a credential_process, and
  // node:child_process would otherwise load with every client.
  const { exec } = await import("node:child_process");
  return new Promise((resolve) => {
    exec(command, { timeout: timeoutMs, env, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      resolve({ stdout: String(stdout), stderr: String(stderr), error });
    });
  });
}
