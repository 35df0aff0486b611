import type { CredentialProvider, Credentials } from "../types.js";
import { isSealed, sealCredentials } from "./credentials.js";

/** How a cached provider decides when to fetch again. */
export interface MemoizeOptions {
  /**
   * Fetch new credentials this long before the cached ones expire, so that a
   * request signed just before the expiry does not arrive after it. The AWS
   * SDKs use five minutes.
   */
  refreshBeforeMs?: number;
  /** After a failed refresh, keep serving still-valid credentials this long before trying again. */
  retryAfterFailureMs?: number;
  /** The clock, replaceable in tests. */
  now?: () => number;
}

const DEFAULT_REFRESH_BEFORE_MS = 5 * 60 * 1000; // 5 min
const DEFAULT_RETRY_AFTER_FAILURE_MS = 10 * 1000; // 10 s

/**
 * Caches what `provider` returns and fetches again only when needed.
 *
 * - Credentials without `expiration` are kept for the life of the provider
 *   (static keys never change).
 * - Credentials with `expiration` are refreshed once fewer than
 *   `refreshBeforeMs` remain.
 * - Concurrent callers share one in-flight fetch: a burst of requests at
 *   start-up or at expiry makes one call to IMDS or STS, not thousands.
 * - If a refresh fails while the cached credentials have not actually expired
 *   yet, the cached ones are returned, and no new attempt is made for
 *   `retryAfterFailureMs`, so that a metadata service that is down does not
 *   add its timeout to every request; once they have expired, the failure is
 *   thrown.
 *
 * Results are sealed (see `sealCredentials`) so they never print their secrets.
 */
export function memoize(provider: CredentialProvider, options: MemoizeOptions = {}): CredentialProvider {
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const retryAfterFailureMs = options.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
  const now = options.now ?? Date.now;
  let cached: Credentials | undefined;
  // The same settled promise is handed out on every cache hit: signing asks
  // for credentials once per request, and this keeps that to a comparison.
  let cachedPromise: Promise<Credentials> | undefined;
  let inFlight: Promise<Credentials> | undefined;
  let quietUntil = 0;

  const needsRefresh = (creds: Credentials): boolean =>
    creds.expiration !== undefined && creds.expiration.getTime() - now() <= refreshBeforeMs;

  const refresh = (): Promise<Credentials> => {
    inFlight ??= (async () => {
      try {
        const fresh = seal(await provider());
        cached = fresh;
        cachedPromise = Promise.resolve(fresh);
        return fresh;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const refreshOrKeep = async (stale: Credentials): Promise<Credentials> => {
    const stillValid = () => stale.expiration !== undefined && stale.expiration.getTime() > now();
    if (now() < quietUntil && stillValid()) return stale;
    try {
      return await refresh();
    } catch (err) {
      if (!stillValid()) throw err;
      quietUntil = now() + retryAfterFailureMs;
      return stale;
    }
  };

  return () => {
    if (cached && cachedPromise && !needsRefresh(cached)) return cachedPromise;
    return cached ? refreshOrKeep(cached) : refresh();
  };
}

/** Seals credentials from any provider, checking the shape a foreign provider hands back. */
export function seal(creds: Credentials): Credentials {
  if (!creds || typeof creds.accessKeyId !== "string" || typeof creds.secretAccessKey !== "string" || !creds.accessKeyId || !creds.secretAccessKey) {
    throw new TypeError("A credential provider returned no accessKeyId/secretAccessKey");
  }
  if (isSealed(creds)) return creds;
  let expiration = creds.expiration;
  // Providers from the wider ecosystem sometimes hand back an ISO string.
  if (expiration !== undefined && !(expiration instanceof Date)) expiration = new Date(String(expiration));
  return sealCredentials({
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    sessionToken: creds.sessionToken,
    expiration,
  });
}
