/**
 * The `credentials` option as a provider, the same in both builds; only the
 * default used when it is absent differs (`index.ts`, `index.portable.ts`).
 */
import type { CredentialProvider, Credentials } from "../types.js";
import { sealCredentials } from "./credentials.js";
import { memoize, seal, type MemoizeOptions } from "./memoize.js";

/**
 * Turns the `credentials` option into a provider.
 *
 * - static keys are sealed (their secrets stop printing) and returned as they are;
 * - a provider function, e.g. one from `@aws-sdk/credential-providers`, is
 *   cached like the built-in sources: called again only when what it returned
 *   is about to expire (never, if it returned no `expiration`), with
 *   concurrent callers sharing one call;
 * - nothing means `fallback(options)`, the build's default.
 */
export function providerFrom<O extends MemoizeOptions>(
  input: Credentials | CredentialProvider | undefined,
  options: O,
  fallback: (options: O) => CredentialProvider,
): CredentialProvider {
  if (typeof input === "function") return memoize(input, options);
  if (input) {
    const fixed = Promise.resolve(seal(input));
    return () => fixed;
  }
  return fallback(options);
}

/** Static credentials as a provider, sealed so they never print their secret. */
export function fromStatic(credentials: Credentials): CredentialProvider {
  const fixed = Promise.resolve(sealCredentials(credentials));
  return () => fixed;
}
