import type { CredentialProvider, Credentials, Logger } from "../types.js";
import { CredentialsProviderError, describeError, type SourceAttempt } from "./errors.js";

/** A credential source with the name used in logs and errors. */
export interface NamedSource {
  name: string;
  provider: CredentialProvider;
}

/**
 * Asks each source in turn and returns the first credentials found.
 *
 * A source that is not configured ({@link CredentialsProviderError} with
 * `configured: false`) passes to the next one. Any other failure stops the
 * chain: the user set that source up, and quietly using a later one would
 * run under an identity they did not choose.
 *
 * The source that answered is remembered, so refreshes go straight to it
 * instead of probing the earlier ones again; if it later reports itself
 * unconfigured (its environment variables were removed), the whole chain is
 * asked again.
 *
 * When no source answers, the error lists every source with its reason.
 */
export function chain(sources: NamedSource[], logger?: Logger): CredentialProvider {
  let chosen: NamedSource | undefined;
  return async (): Promise<Credentials> => {
    if (chosen) {
      try {
        return await chosen.provider();
      } catch (err) {
        if (!(err instanceof CredentialsProviderError) || err.configured) throw failure(chosen, err, []);
        chosen = undefined;
      }
    }
    const tried: SourceAttempt[] = [];
    for (const source of sources) {
      try {
        const creds = await source.provider();
        chosen = source;
        logger?.debug?.(`dynaport: credentials from ${source.name} (access key ${creds.accessKeyId})`);
        return creds;
      } catch (err) {
        if (err instanceof CredentialsProviderError && !err.configured) {
          tried.push({ source: source.name, reason: err.message });
          continue;
        }
        throw failure(source, err, tried);
      }
    }
    const lines = tried.map((t) => `  - ${t.source}: ${t.reason}`).join("\n");
    throw new CredentialsProviderError(
      `No AWS credentials found. Pass \`credentials\` to the client, or configure one of these sources (tried in this order):\n${lines}`,
      { configured: false, code: "CredentialsNotFound", tried },
    );
  };
}

function failure(source: NamedSource, err: unknown, tried: SourceAttempt[]): CredentialsProviderError {
  return new CredentialsProviderError(`Could not load AWS credentials from ${source.name}: ${describeError(err)}`, {
    configured: true,
    tried: [...tried, { source: source.name, reason: describeError(err) }],
    cause: err,
  });
}
