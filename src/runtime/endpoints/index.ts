import type { ServiceMetadata } from "../types.js";

/** What endpoint resolution reads from the client's configuration. */
export interface EndpointInput {
  region?: string;
  endpoint?: string | URL;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
}

/** The region from the option, else `AWS_REGION`, else `AWS_DEFAULT_REGION`. */
export function resolveRegion(region: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const resolved = region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!resolved) {
    throw new Error("No AWS region: pass `region`, or set AWS_REGION or AWS_DEFAULT_REGION");
  }
  return resolved;
}

/** The URL requests go to: the `endpoint` option, else the service's regional endpoint. */
export function resolveEndpoint(input: EndpointInput & { region: string }, service: ServiceMetadata): URL {
  if (input.endpoint) return new URL(String(input.endpoint));
  const suffix = input.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return new URL(`https://${service.endpointPrefix}.${input.region}.${suffix}`);
}
