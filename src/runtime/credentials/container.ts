import { fsPromises } from "./files.js";
import { ipVersion } from "../ip.js";
import type { CredentialProvider, Environment } from "../types.js";
import { credentialsFromDocument } from "./credentials.js";
import { CredentialsProviderError, describeError, notConfigured, sourceFailed } from "./errors.js";
import { sendSmallRequest } from "./http.js";
import { parseJson } from "./instance-metadata.js";

/** Options of the ECS/EKS container source. */
export interface ContainerOptions {
  /** Per-request limit; default 2 s. */
  timeoutMs?: number;
  /** Tries; default 3 (the EKS Pod Identity agent may still be starting). */
  maxAttempts?: number;
  /** Base that `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is resolved against; default `http://169.254.170.2` (ECS). */
  relativeUriBase?: string;
  env?: Environment;
}

/** The ECS task metadata address that relative URIs are resolved against. */
const ECS_HOST = "http://169.254.170.2";
/**
 * Hosts a full URI may name over plain HTTP besides loopback: the ECS task
 * metadata address and the EKS Pod Identity agent (IPv4 and IPv6). Anything
 * else could be an attacker-controlled address harvesting the token.
 */
const CONTAINER_HOSTS = /* @__PURE__ */ new Set(["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]);

/**
 * Credentials from the ECS task role or EKS Pod Identity endpoint.
 *
 * - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on 169.254.170.2 (ECS).
 * - `AWS_CONTAINER_CREDENTIALS_FULL_URI` is a whole URL, allowed only on a
 *   loopback address or the ECS/EKS addresses above.
 * - The `Authorization` header comes from the file named by
 *   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at each fetch, because EKS
 *   rotates it), else from `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
 *
 * The answer is JSON with `AccessKeyId`, `SecretAccessKey`, `Token` and
 * `Expiration`; errors come back as `{ Code, Message }`.
 */
export function fromContainer(options: ContainerOptions = {}): CredentialProvider {
  return async () => {
    const env = options.env ?? process.env;
    const url = containerUrl(env, options.relativeUriBase ?? ECS_HOST);
    const timeoutMs = options.timeoutMs ?? 2000; // 2 s
    const maxAttempts = options.maxAttempts ?? 3;
    const headers: Record<string, string> = {};
    const token = await authorizationToken(env);
    if (token !== undefined) headers.authorization = token;

    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const res = await sendSmallRequest({ method: "GET", url, headers, timeoutMs });
        if (res.statusCode >= 500) {
          lastError = new Error(`HTTP ${res.statusCode}`);
          continue;
        }
        const body = parseJson(res.body);
        if (res.statusCode !== 200) {
          const detail = [body.Code, body.Message].filter((v) => typeof v === "string").join(": ");
          throw sourceFailed(`container credentials at ${url.host}: HTTP ${res.statusCode}${detail ? ` ${detail}` : ""}`);
        }
        // A malformed answer is not transient: it fails the source at once.
        try {
          return credentialsFromDocument(body, `container credentials at ${url.host}`);
        } catch (err) {
          throw sourceFailed(describeError(err));
        }
      } catch (err) {
        if (err instanceof CredentialsProviderError) throw err;
        lastError = err;
      }
    }
    throw sourceFailed(`container credentials at ${url.host}: ${describeError(lastError)} (after ${maxAttempts} attempts)`);
  };
}

function containerUrl(env: Environment, relativeBase: string): URL {
  const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
  if (relative) return new URL(relative.startsWith("/") ? relative : `/${relative}`, relativeBase);
  const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (!full) throw notConfigured("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    throw sourceFailed("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw sourceFailed(`AWS_CONTAINER_CREDENTIALS_FULL_URI must use http or https, not ${url.protocol}`);
  }
  if (!isAllowedHost(url.hostname)) {
    throw sourceFailed(
      `AWS_CONTAINER_CREDENTIALS_FULL_URI host ${url.hostname} is not allowed: only loopback addresses, 169.254.170.2 (ECS) and 169.254.170.23 / fd00:ec2::23 (EKS)`,
    );
  }
  return url;
}

/** Loopback (`localhost`, 127.0.0.0/8, ::1) or one of the container hosts. */
export function isAllowedHost(hostname: string): boolean {
  const host = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  if (host === "localhost" || CONTAINER_HOSTS.has(host.toLowerCase())) return true;
  if (ipVersion(host) === 4) return host.startsWith("127.");
  if (ipVersion(host) === 6) return host === "::1" || /^(0{1,4}:){7}0{0,3}1$/.test(host) || host.toLowerCase().startsWith("::ffff:127.");
  return false;
}

async function authorizationToken(env: Environment): Promise<string | undefined> {
  let token: string | undefined;
  const file = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  if (file) {
    try {
      token = (await fsPromises().readFile(file, "utf8")).trim();
    } catch (err) {
      throw sourceFailed(`cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${file}: ${(err as NodeJS.ErrnoException).code ?? describeError(err)}`);
    }
  } else {
    token = env.AWS_CONTAINER_AUTHORIZATION_TOKEN || undefined;
  }
  // A token with a line break would let the file inject extra headers.
  if (token !== undefined && /[\r\n]/.test(token)) throw sourceFailed("the container authorization token contains a line break");
  return token;
}
