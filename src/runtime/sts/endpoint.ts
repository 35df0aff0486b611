/**
 * Where the credential sources' STS calls go, without STS's endpoint rule set.
 *
 * STS's rule set (models/endpoints/sts/2011-06-15/endpoint-rule-set-1.json)
 * is 7 KB minified, and every Node bundle would carry it because the default
 * credential chain may call STS. For the inputs the credential sources pass
 * (a region, FIPS, dual-stack, a custom endpoint; regional endpoints, as
 * every current SDK defaults to) its answer comes down to a few lines over
 * the partition data, written out here. `test/runtime/sts-endpoint.test.ts`
 * checks them against the rule set itself for every region the partition
 * data knows, with and without FIPS and dual-stack.
 */
import { processEnv } from "../environment.js";
import { EndpointError, partitionFor, resolveEndpointDetails, resolveRegion, endpointEnvName, type ResolvedEndpoint } from "../endpoints/index.js";
import type { Environment } from "../types.js";

/** What selects the STS endpoint. */
export interface StsEndpointOptions {
  /** Region of the STS endpoint; else `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string;
  /** A custom STS endpoint; else `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else the regional endpoint. */
  endpoint?: string;
  /** Else `AWS_USE_FIPS_ENDPOINT`. */
  useFipsEndpoint?: boolean;
  /** Else `AWS_USE_DUALSTACK_ENDPOINT`. */
  useDualstackEndpoint?: boolean;
  env?: Environment;
}

/** STS as endpoint resolution sees it, without a rule set: only a custom endpoint goes through it. */
const STS_SERVICE = { serviceId: "STS", endpointPrefix: "sts", signingName: "sts" };

/** The STS endpoint for these options, as STS's endpoint rules give it. */
export function stsEndpoint(options: StsEndpointOptions = {}): ResolvedEndpoint {
  const env = options.env ?? processEnv();
  const region = resolveRegion(options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1", env);
  const useFips = options.useFipsEndpoint ?? envFlag(env, "AWS_USE_FIPS_ENDPOINT");
  const useDualstack = options.useDualstackEndpoint ?? envFlag(env, "AWS_USE_DUALSTACK_ENDPOINT");
  if (options.endpoint || configuredEndpoint(env)) {
    // The rules return a custom endpoint as it is (rejecting FIPS and
    // dual-stack with it), which is what the shared resolver does for a
    // service without rules; it also validates the URL.
    return resolveEndpointDetails({ region, endpoint: options.endpoint, useFipsEndpoint: useFips, useDualstackEndpoint: useDualstack }, STS_SERVICE, { env });
  }
  return stsRegionalEndpoint(region, useFips, useDualstack);
}

/**
 * STS's endpoint for a region without a custom endpoint, following the
 * branches of its rule set (with `UseGlobalEndpoint` false):
 *
 * - FIPS and dual-stack: `sts-fips.<region>.<dualStackDnsSuffix>`;
 * - FIPS: `sts-fips.<region>.<dnsSuffix>`, except in `aws-us-gov`, whose
 *   regional endpoints are FIPS endpoints already: `sts.<region>.amazonaws.com`;
 * - dual-stack: `sts.<region>.<dualStackDnsSuffix>`;
 * - `aws-global`: `sts.amazonaws.com`, signed for `us-east-1`;
 * - else `sts.<region>.<dnsSuffix>`.
 *
 * A partition without FIPS or dual-stack support throws the rules' error.
 */
export function stsRegionalEndpoint(region: string, useFips: boolean, useDualstack: boolean): ResolvedEndpoint {
  const partition = partitionFor(region);
  let host: string;
  let signingRegion = region;
  if (useFips && useDualstack) {
    if (!partition.supportsFIPS || !partition.supportsDualStack) {
      throw new EndpointError("FIPS and DualStack are enabled, but this partition does not support one or both");
    }
    host = `sts-fips.${region}.${partition.dualStackDnsSuffix}`;
  } else if (useFips) {
    if (!partition.supportsFIPS) throw new EndpointError("FIPS is enabled but this partition does not support FIPS");
    host = partition.name === "aws-us-gov" ? `sts.${region}.amazonaws.com` : `sts-fips.${region}.${partition.dnsSuffix}`;
  } else if (useDualstack) {
    if (!partition.supportsDualStack) throw new EndpointError("DualStack is enabled but this partition does not support DualStack");
    host = `sts.${region}.${partition.dualStackDnsSuffix}`;
  } else if (region === "aws-global") {
    host = "sts.amazonaws.com";
    signingRegion = "us-east-1";
  } else {
    host = `sts.${region}.${partition.dnsSuffix}`;
  }
  return { url: new URL(`https://${host}`), signingRegion, signingName: "sts", headers: {} };
}

/** Whether the environment names an STS endpoint (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`), as the shared resolver reads it. */
function configuredEndpoint(env: Environment): boolean {
  if (envFlag(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) return false;
  return Boolean(env[endpointEnvName(STS_SERVICE.serviceId)] || env.AWS_ENDPOINT_URL);
}

function envFlag(env: Environment, name: string): boolean {
  return env[name]?.trim().toLowerCase() === "true";
}
