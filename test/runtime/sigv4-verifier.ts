/**
 * An independent SigV4 verifier written from the AWS documentation with
 * node:crypto only, so that signing tests do not trust the library that signed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac } from "node:crypto";
import type { RecordedRequest } from "../support/stub-server.js";

export interface Verified {
  valid: boolean;
  expected: string;
  actual: string;
  accessKeyId: string;
  scope: { date: string; region: string; service: string };
  amzDate: string;
  signedHeaders: string[];
}

const hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** AWS's URI encoding: every byte but unreserved characters, `/` kept in paths. */
function encodePath(path: string): string {
  return path
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join("/");
}

/** Recomputes the signature of a request as the server received it. */
export function verifySigV4(request: RecordedRequest, secretAccessKey: string): Verified {
  const auth = request.headers["authorization"] ?? "";
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match) throw new Error(`not a SigV4 authorization header: ${auth}`);
  const [, accessKeyId, date, region, service, signedList, actual] = match as unknown as string[];
  const signedHeaders = signedList!.split(";");
  const amzDate = request.headers["x-amz-date"] ?? "";
  const [path, query = ""] = request.path.split("?");
  const canonicalQuery = query
    .split("&")
    .filter(Boolean)
    .sort()
    .join("&");
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(request.headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalRequest = [request.method, encodePath(path!), canonicalQuery, canonicalHeaders, signedList, hex(request.body)].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, hex(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, date!);
  key = hmac(key, region!);
  key = hmac(key, service!);
  key = hmac(key, "aws4_request");
  const expected = createHmac("sha256", key).update(stringToSign).digest("hex");
  return {
    valid: expected === actual && amzDate.startsWith(date!),
    expected,
    actual: actual!,
    accessKeyId: accessKeyId!,
    scope: { date: date!, region: region!, service: service! },
    amzDate,
    signedHeaders,
  };
}

/** `20240101T000000Z` as epoch milliseconds. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new Error(`bad x-amz-date ${value}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}
