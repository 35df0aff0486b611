/**
 * The independent reference the signing tests hold every signer to: what
 * `@smithy/signature-v4` (hashing with `@aws-crypto/sha256-js`) writes into
 * the headers of the same request, query string included.
 */
import { Sha256 as JsSha256 } from "@aws-crypto/sha256-js";
import { HttpRequest as SmithyRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Credentials, HttpRequest } from "../../src/runtime/types.js";

/** The headers `@smithy/signature-v4` writes for `request`. */
export async function smithySigned(request: HttpRequest, credentials: Credentials, region: string, service: string, date: Date): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service, region, credentials, sha256: JsSha256, applyChecksum: false });
  const { url } = request;
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const present = query[name];
    query[name] = present === undefined ? value : Array.isArray(present) ? [...present, value] : [present, value];
  }
  const signed = await signer.sign(
    new SmithyRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { ...request.headers },
      body: request.body,
    }),
    { signingDate: date },
  );
  return signed.headers;
}

