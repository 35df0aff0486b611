/**
 * A minimal STS client for the credential sources: `AssumeRole` and
 * `AssumeRoleWithWebIdentity` over the query protocol, nothing else.
 */
export { stsEndpoint, stsRegionalEndpoint, type StsEndpointOptions } from "./endpoint.js";
export {
  assumeRole,
  assumeRoleWithWebIdentity,
  StsError,
  type AssumeRoleParams,
  type AssumeRoleWithWebIdentityParams,
  type StsOptions,
} from "./client.js";
