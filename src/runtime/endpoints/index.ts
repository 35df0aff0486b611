import { processEnv } from "../environment.js";
import type { Environment, ServiceMetadata } from "../types.js";
import { isValidHostLabel, type RuleValue } from "./functions.js";
import { partitionFor } from "./partitions.js";
import { EndpointError, evaluateRuleSet, type RuleSet } from "./rules.js";

export { EndpointError, evaluateRuleSet, type RuleSet } from "./rules.js";
export { partitionFor, type PartitionOutputs } from "./partitions.js";

/** What endpoint resolution reads from the client's configuration. */
export interface EndpointInput {
  region?: string;
  /** A custom endpoint (dynalite, DynamoDB Local, a proxy); its scheme, port and path are kept. */
  endpoint?: string | URL;
  /** Else `AWS_USE_FIPS_ENDPOINT`. */
  useFipsEndpoint?: boolean;
  /** Else `AWS_USE_DUALSTACK_ENDPOINT`. */
  useDualstackEndpoint?: boolean;
}

/**
 * The parts of a service's metadata endpoint resolution needs; `ruleSet` is
 * the service's own endpoint rule set, which generated clients carry in their
 * metadata.
 */
export type EndpointService = Pick<ServiceMetadata, "serviceId" | "endpointPrefix"> & Partial<Pick<ServiceMetadata, "signingName" | "ruleSet">>;

/** Extra knobs for {@link resolveEndpointDetails}. */
export interface ResolveEndpointOptions {
  env?: Environment;
  /** A rule set to evaluate instead of the service's own (`service.ruleSet`). */
  ruleSet?: RuleSet;
  /**
   * Rule parameters one operation sets (its model's `staticContextParams`, and
   * `contextParams` read from its input), over the client's settings; a
   * service without a rule set ignores them.
   */
  params?: EndpointParams;
}

/** Endpoint rule parameters an operation sets, by the rule set's parameter name, e.g. `{ IsSearchOperation: true }`. */
export type EndpointParams = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** Where requests go, and the signing scope the endpoint asks for. */
export interface ResolvedEndpoint {
  url: URL;
  /** The region to sign with; differs from the configured one for e.g. DynamoDB's `local` or STS's `aws-global`. */
  signingRegion: string;
  /** The signing name, when the rules name one. */
  signingName?: string;
  /** Headers the rules ask to send with every request. */
  headers: Record<string, string>;
}

/**
 * The region from the option, else `AWS_REGION`, else `AWS_DEFAULT_REGION`,
 * else what `fromConfigFile` finds (clients pass the shared config file's
 * profile); validated as a DNS host label.
 */
export function resolveRegion(region: string | undefined, env: Environment = processEnv(), fromConfigFile?: () => string | undefined): string {
  const resolved = region || env.AWS_REGION || env.AWS_DEFAULT_REGION || fromConfigFile?.();
  if (!resolved) {
    const where = fromConfigFile
      ? "pass `region`, set AWS_REGION or AWS_DEFAULT_REGION, or set `region` in the profile's section of the shared config file (~/.aws/config)"
      : "pass `region`, or set AWS_REGION or AWS_DEFAULT_REGION";
    throw new Error(`No AWS region: ${where}`);
  }
  checkRegion(resolved);
  return resolved;
}

/** The URL requests go to: the `endpoint` option, else the service's endpoint for the region. */
export function resolveEndpoint(input: EndpointInput & { region: string }, service: EndpointService, env: Environment = processEnv()): URL {
  return resolveEndpointDetails(input, service, { env }).url;
}

/**
 * Resolves the endpoint as the AWS SDKs do.
 *
 * 1. The endpoint: the `endpoint` option, else `AWS_ENDPOINT_URL_<SERVICE>`
 *    (the `serviceId` upper-cased with spaces as underscores, e.g.
 *    `AWS_ENDPOINT_URL_DYNAMODB`), else `AWS_ENDPOINT_URL`; the variables are
 *    ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (see "Service-specific
 *    endpoints" in the AWS SDKs and Tools reference guide).
 * 2. FIPS and dual-stack: the options, else `AWS_USE_FIPS_ENDPOINT` /
 *    `AWS_USE_DUALSTACK_ENDPOINT`.
 * 3. The service's endpoint rule set (`service.ruleSet`, generated from its
 *    model with its client) is evaluated with those values. For a service
 *    without one, the
 *    standard AWS pattern is derived from the partition data:
 *    `https://<prefix>[-fips].<region>.<dnsSuffix or dualStackDnsSuffix>`.
 *
 * Plain `http://` only ever comes from a custom endpoint the caller gave (or
 * the model's own rule for DynamoDB's `local` region). Configuration the
 * rules reject (FIPS with a custom endpoint, dual-stack in a partition
 * without it) throws an {@link EndpointError} with the rule's message.
 */
export function resolveEndpointDetails(input: EndpointInput & { region: string }, service: EndpointService, options: ResolveEndpointOptions = {}): ResolvedEndpoint {
  const env = options.env ?? processEnv();
  checkRegion(input.region);
  const custom = customEndpoint(input.endpoint, service, env);
  const useFips = input.useFipsEndpoint ?? envFlag(env, "AWS_USE_FIPS_ENDPOINT");
  const useDualstack = input.useDualstackEndpoint ?? envFlag(env, "AWS_USE_DUALSTACK_ENDPOINT");
  const ruleSet = options.ruleSet ?? service.ruleSet;

  if (!ruleSet) return derivedEndpoint(input.region, custom, useFips, useDualstack, service);

  // Map the SDK settings onto whichever parameters this rule set declares, by builtIn name.
  const builtIns: Record<string, RuleValue> = {
    "AWS::Region": input.region,
    "AWS::UseFIPS": useFips,
    "AWS::UseDualStack": useDualstack,
    "SDK::Endpoint": custom?.href === undefined ? undefined : endpointText(input.endpoint, custom),
    // STS: regional endpoints are the default in every current SDK.
    "AWS::STS::UseGlobalEndpoint": false,
  };
  const params: Record<string, RuleValue> = {};
  for (const [name, spec] of Object.entries(ruleSet.parameters)) {
    if (spec.builtIn && builtIns[spec.builtIn] !== undefined) params[name] = builtIns[spec.builtIn];
  }
  if (options.params) {
    // The operation's own parameters win over the client's, as in every AWS SDK; unset values are left out.
    for (const [name, value] of Object.entries(options.params)) if (value !== undefined) params[name] = value as RuleValue;
  }
  const result = evaluateRuleSet(ruleSet, params);
  // A custom endpoint comes back verbatim; keep the parsed URL so its path and port survive.
  const url = custom && result.url === params.Endpoint ? custom : new URL(result.url);
  const scheme = firstAuthScheme(result.properties.authSchemes);
  const headers: Record<string, string> = {};
  for (const [k, vs] of Object.entries(result.headers)) headers[k.toLowerCase()] = vs.join(",");
  const resolved: ResolvedEndpoint = {
    url,
    signingRegion: typeof scheme?.signingRegion === "string" ? scheme.signingRegion : input.region,
    headers,
  };
  const signingName = typeof scheme?.signingName === "string" ? scheme.signingName : service.signingName;
  if (signingName) resolved.signingName = signingName;
  return resolved;
}

/** The environment variable that overrides one service's endpoint, e.g. `AWS_ENDPOINT_URL_DYNAMODB`. */
export function endpointEnvName(serviceId: string): string {
  return `AWS_ENDPOINT_URL_${serviceId.trim().toUpperCase().replace(/[\s-]+/g, "_")}`;
}

function checkRegion(region: string): void {
  // The region becomes a DNS label and part of the signing scope; anything
  // else ("us east 1", "us-east-1/", an injected host) is a configuration slip.
  if (!isValidHostLabel(region)) {
    throw new EndpointError(`Invalid region ${JSON.stringify(region)}: a region is letters, digits and hyphens, such as us-east-1`);
  }
}

function customEndpoint(endpoint: string | URL | undefined, service: EndpointService, env: Environment): URL | undefined {
  let value: string | URL | undefined = endpoint;
  let from = "the endpoint option";
  if (value === undefined || value === "") {
    if (envFlag(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) return undefined;
    const specific = endpointEnvName(service.serviceId);
    value = env[specific] || env.AWS_ENDPOINT_URL || undefined;
    from = env[specific] ? specific : "AWS_ENDPOINT_URL";
    if (value === undefined) return undefined;
  }
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new EndpointError(`Invalid endpoint from ${from}: ${JSON.stringify(String(value))} is not a URL (e.g. http://localhost:8000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new EndpointError(`Invalid endpoint from ${from}: it must start with http:// or https://, got ${JSON.stringify(String(value))}`);
  }
  return url;
}

/** The custom endpoint as the rules compare it: what the user wrote, not `URL`'s normalised form (which adds a `/`). */
function endpointText(given: string | URL | undefined, parsed: URL): string {
  return typeof given === "string" && given !== "" ? given : parsed.href;
}

function derivedEndpoint(region: string, custom: URL | undefined, useFips: boolean, useDualstack: boolean, service: EndpointService): ResolvedEndpoint {
  const base = { signingRegion: region, headers: {}, ...(service.signingName ? { signingName: service.signingName } : {}) };
  if (custom) {
    if (useFips) throw new EndpointError("Invalid Configuration: FIPS and custom endpoint are not supported");
    if (useDualstack) throw new EndpointError("Invalid Configuration: Dualstack and custom endpoint are not supported");
    return { url: custom, ...base };
  }
  const partition = partitionFor(region);
  if (useFips && !partition.supportsFIPS) throw new EndpointError("FIPS is enabled but this partition does not support FIPS");
  if (useDualstack && !partition.supportsDualStack) throw new EndpointError("DualStack is enabled but this partition does not support DualStack");
  const host = `${service.endpointPrefix}${useFips ? "-fips" : ""}.${region}.${useDualstack ? partition.dualStackDnsSuffix : partition.dnsSuffix}`;
  return { url: new URL(`https://${host}`), ...base };
}

function firstAuthScheme(value: RuleValue): { [key: string]: RuleValue } | undefined {
  const first = Array.isArray(value) ? value[0] : undefined;
  return first && typeof first === "object" && !Array.isArray(first) ? first : undefined;
}

function envFlag(env: Environment, name: string): boolean {
  return env[name]?.trim().toLowerCase() === "true";
}
