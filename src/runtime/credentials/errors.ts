/** One credential source the chain asked, and why it gave nothing. */
export interface SourceAttempt {
  /** A short human name, e.g. `environment` or `shared config (profile "dev")`. */
  source: string;
  reason: string;
}

/**
 * A credential source could not produce credentials.
 *
 * `configured` separates the two ways a source fails. A source that is not set
 * up at all (no environment variables, no profile, not on EC2) lets the chain
 * move on to the next one. A source that is set up but broken (a profile whose
 * `credential_process` exits non-zero, an `AssumeRole` that is denied) stops
 * the chain: falling through to, say, the instance profile would run the
 * program under an identity the user did not choose. This is how the AWS CLI
 * behaves too.
 *
 * Messages never contain secret keys or session tokens.
 */
export class CredentialsProviderError extends Error {
  override name = "CredentialsProviderError";
  /** Stable code for programmatic checks. */
  readonly code: string;
  /** True when the source was configured but failed; the default chain stops on such errors. */
  readonly configured: boolean;
  /** For the default chain: every source asked, in order, with its reason. */
  readonly tried: readonly SourceAttempt[];

  constructor(message: string, options: { configured?: boolean; code?: string; tried?: SourceAttempt[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.configured = options.configured ?? false;
    this.code = options.code ?? (this.configured ? "CredentialsSourceFailed" : "CredentialsNotConfigured");
    this.tried = options.tried ?? [];
  }
}

/** Shorthand for "this source is not set up here; try the next one". */
export function notConfigured(message: string): CredentialsProviderError {
  return new CredentialsProviderError(message, { configured: false });
}

/** Shorthand for "this source is set up but failed; stop". */
export function sourceFailed(message: string, cause?: unknown): CredentialsProviderError {
  return new CredentialsProviderError(message, { configured: true, cause });
}

/** The message of any thrown value, for composing into a larger message. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
