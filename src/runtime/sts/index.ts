/**
 * A minimal STS client for the credential sources: `AssumeRole` and
 * `AssumeRoleWithWebIdentity` over the query protocol, nothing else.
 */
export {
  assumeRole,
  assumeRoleWithWebIdentity,
  stsEndpoint,
  StsError,
  type AssumeRoleParams,
  type AssumeRoleWithWebIdentityParams,
  type StsOptions,
} from "./client.js";
