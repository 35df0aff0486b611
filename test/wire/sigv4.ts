/**
 * An independent SigV4 check for recorded requests, written from the AWS
 * documentation (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html)
 * with node:crypto only, so it shares no code with the signer under test.
 */
import { createHash, createHmac } from "node:crypto";
import type { RecordedRequest } from "../support/stub-server.js";

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses the header; throws when it is not a SigV4 header. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) throw new Error(`not a SigV4 authorization header: ${header}`);
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(";"), signature: m[6]! };
}

/** Recomputes the signature of `req` with `secretAccessKey`; returns what it should have been. */
export function expectedSignature(req: RecordedRequest, secretAccessKey: string): string {
  const auth = parseAuthorization(req.headers.authorization);
  const amzDate = req.headers["x-amz-date"]!;
  const [path, query = ""] = req.path.split("?");
  const canonicalHeaders = auth.signedHeaders.map((h) => `${h}:${(req.headers[h] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonicalRequest = [req.method, path, query, canonicalHeaders, auth.signedHeaders.join(";"), sha256(req.body)].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, "aws4_request");
  return createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
}
