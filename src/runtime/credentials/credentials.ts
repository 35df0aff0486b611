import type { Credentials } from "../types.js";

/** The symbol `util.inspect` looks up; taken from the registry so `node:util` need not be imported. */
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

/** What a credential source produces before it is sealed. */
export interface CredentialFields {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiration?: Date | undefined;
}

/**
 * Seals credentials so that the secret parts cannot leak by accident.
 *
 * `secretAccessKey` and `sessionToken` are ordinary readable properties (the
 * signer reads them) but non-enumerable, so `JSON.stringify`, `Object.keys`,
 * object spread and `util.inspect` skip them. `util.inspect` with
 * `showHidden` would still list non-enumerable properties, so a custom
 * inspector and `toJSON` print a redacted view instead. The access key id is
 * not a secret (it appears in every `Authorization` header) and stays visible,
 * which helps when debugging which identity is in use.
 */
export function sealCredentials(fields: CredentialFields): Credentials {
  const sealed: Record<string | symbol, unknown> = { accessKeyId: fields.accessKeyId };
  if (fields.expiration) sealed.expiration = fields.expiration;
  hide(sealed, "secretAccessKey", fields.secretAccessKey);
  if (fields.sessionToken) hide(sealed, "sessionToken", fields.sessionToken);
  hide(sealed, "toJSON", function toJSON(this: Credentials) {
    return redactedView(this);
  });
  hide(sealed, inspectCustom, function inspect(this: Credentials) {
    return redactedView(this);
  });
  return Object.freeze(sealed) as unknown as Credentials;
}

/** True when `value` came out of {@link sealCredentials}. */
export function isSealed(value: Credentials): boolean {
  return Object.prototype.hasOwnProperty.call(value, inspectCustom);
}

/** A printable stand-in for credentials: the key id, the expiry and markers where the secrets are. */
export function redactedView(creds: Credentials): Record<string, unknown> {
  const view: Record<string, unknown> = { accessKeyId: creds.accessKeyId, secretAccessKey: "[redacted]" };
  if (creds.sessionToken) view.sessionToken = "[redacted]";
  if (creds.expiration) view.expiration = creds.expiration;
  return view;
}

function hide(target: object, key: string | symbol, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: false });
}

/**
 * Parses an expiry timestamp as the credential endpoints send it (ISO 8601,
 * e.g. `2026-11-21T12:00:00Z`; STS, IMDS, ECS and `credential_process` all
 * use this form). Returns `undefined` for a missing value and throws on one
 * that is present but not a date, since silently treating it as "never
 * expires" would keep stale credentials forever.
 */
export function parseExpiration(value: unknown, what: string): Date | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error(`${what}: Expiration is not a valid timestamp`);
  return date;
}

/**
 * Credentials from the JSON document that the EC2 instance metadata service
 * and the container credentials endpoint both answer with: `AccessKeyId`,
 * `SecretAccessKey`, `Token` and `Expiration`. Throws an `Error` naming
 * `what` when the document lacks the keys or has a bad expiry.
 */
export function credentialsFromDocument(body: Record<string, unknown>, what: string): Credentials {
  if (typeof body.AccessKeyId !== "string" || typeof body.SecretAccessKey !== "string") {
    throw new Error(`${what}: answer lacks AccessKeyId/SecretAccessKey`);
  }
  return sealCredentials({
    accessKeyId: body.AccessKeyId,
    secretAccessKey: body.SecretAccessKey,
    sessionToken: typeof body.Token === "string" ? body.Token : undefined,
    expiration: parseExpiration(body.Expiration, what),
  });
}
