/**
 * The standard library of the endpoint rules language (Smithy 2.0,
 * "Endpoint rules standard library" and the AWS rules-engine extensions).
 * A function returns `undefined` where the specification says "returns
 * nothing" (for example `parseURL` of something that is not a URL); a
 * condition holding `undefined` is false.
 */
import { ipVersion } from "../ip.js";
import { partitionFor } from "./partitions.js";

/** A value inside rule evaluation. */
export type RuleValue = string | number | boolean | null | undefined | RuleValue[] | { [key: string]: RuleValue };

type RuleFunction = (...args: RuleValue[]) => RuleValue;

/** Every function a rule set may call, by its name in the rules. */
export const STANDARD_FUNCTIONS: Readonly<Record<string, RuleFunction>> = {
  isSet: (value) => value !== undefined && value !== null,
  not: (value) => value !== true,
  booleanEquals: (a, b) => a === b,
  stringEquals: (a, b) => typeof a === "string" && a === b,
  getAttr: (value, path) => getAttr(value, String(path)),
  coalesce: (...values) => values.find((v) => v !== undefined && v !== null),
  ite: (cond, a, b) => (cond === true ? a : b),
  substring,
  uriEncode: (value) => (typeof value === "string" ? uriEncode(value) : undefined),
  isValidHostLabel: (value, allowSubDomains) => typeof value === "string" && isValidHostLabel(value, allowSubDomains === true),
  parseURL: (value) => (typeof value === "string" ? parseUrl(value) : undefined),
  split,
  "aws.partition": (region) => (typeof region === "string" ? { ...partitionFor(region) } : undefined),
  "aws.parseArn": (value) => (typeof value === "string" ? parseArn(value) : undefined),
  "aws.isVirtualHostableS3Bucket": (value, allowSubDomains) => typeof value === "string" && isVirtualHostableBucket(value, allowSubDomains === true),
};

/**
 * `getAttr(value, "a.b[0]")`: walks object keys separated by dots, with
 * `[n]` indexing into arrays. Anything missing yields `undefined`.
 */
export function getAttr(value: RuleValue, path: string): RuleValue {
  let current: RuleValue = value;
  for (const part of path.split(".")) {
    const m = /^([^[\]]*)(?:\[(\d+)\])?$/.exec(part);
    if (!m) return undefined;
    const [, key, index] = m;
    if (key) {
      if (!current || typeof current !== "object" || Array.isArray(current)) return undefined;
      current = current[key];
    }
    if (index !== undefined) {
      if (!Array.isArray(current)) return undefined;
      current = current[Number(index)];
    }
  }
  return current;
}

/** A DNS host label: letters, digits and hyphens, 1–63 long, not starting or ending with a hyphen. */
export function isValidHostLabel(value: string, allowSubDomains = false): boolean {
  const label = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;
  return allowSubDomains ? value.split(".").every((part) => label.test(part)) : label.test(value);
}

/** Percent-encodes as RFC 3986 unreserved-only (`encodeURIComponent` leaves `!'()*` alone). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function substring(input: RuleValue, start: RuleValue, stop: RuleValue, reverse: RuleValue): RuleValue {
  if (typeof input !== "string" || typeof start !== "number" || typeof stop !== "number") return undefined;
  // Defined on ASCII only, so that indexes mean characters.
  if (start >= stop || input.length < stop || !/^[\x00-\x7f]*$/.test(input)) return undefined;
  return reverse === true ? input.slice(input.length - stop, input.length - start) : input.slice(start, stop);
}

function split(value: RuleValue, delimiter: RuleValue, limit: RuleValue): RuleValue {
  if (typeof value !== "string" || typeof delimiter !== "string" || !delimiter) return undefined;
  const parts = value.split(delimiter);
  const max = typeof limit === "number" ? limit : 0;
  if (max <= 0 || parts.length <= max) return parts;
  return [...parts.slice(0, max - 1), parts.slice(max - 1).join(delimiter)];
}

function parseUrl(value: string): RuleValue {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  // The rules language defines URLs without query strings.
  if (url.search || value.includes("?")) return undefined;
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const path = url.pathname === "/" && !value.replace(/^[a-z]+:\/\/[^/]*/i, "").startsWith("/") ? "" : url.pathname;
  return {
    scheme: url.protocol.slice(0, -1),
    authority: url.host,
    path,
    normalizedPath: path.endsWith("/") ? path : `${path}/`,
    isIp: ipVersion(host) !== 0,
  };
}

function parseArn(value: string): RuleValue {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition, service, region, accountId, ...rest] = parts as [string, string, string, string, string, ...string[]];
  const resource = rest.join(":");
  if (!partition || !service || !resource) return undefined;
  return { partition, service, region, accountId, resourceId: resource.split(/[:/]/) };
}

function isVirtualHostableBucket(value: string, allowSubDomains: boolean): boolean {
  const valid = (label: string) => /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(label) && ipVersion(label) === 0;
  if (allowSubDomains) return value.split(".").every(valid) && ipVersion(value) === 0;
  return valid(value);
}
