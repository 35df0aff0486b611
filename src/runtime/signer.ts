/**
 * SigV4 request signing through `@smithy/signature-v4`.
 *
 * One signer per client: the signing key (four HMACs over the secret, the day,
 * the region and the service) is cached by the library per day, region,
 * service and credentials, so a request costs one body hash, one canonical
 * request hash and one HMAC.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { HttpRequest as SmithyRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "./sha256.js";
import type { CredentialProvider, HttpRequest } from "./types.js";

/** Signs requests for one service in one region with credentials from a provider. */
export class RequestSigner {
  readonly #signer: SignatureV4;

  constructor(options: { service: string; region: string; credentials: CredentialProvider }) {
    this.#signer = new SignatureV4({
      service: options.service,
      region: options.region,
      credentials: options.credentials,
      sha256: Sha256,
      // x-amz-content-sha256 is an S3 requirement; other services compute the
      // payload hash themselves, so the header would only add bytes.
      applyChecksum: false,
    });
  }

  /**
   * Adds `x-amz-date`, `x-amz-security-token` (with temporary credentials)
   * and `authorization` to `request.headers`, signing every header present
   * except `user-agent`. `signingDate` is the clock-skew corrected time.
   */
  async sign(request: HttpRequest, signingDate: Date): Promise<void> {
    const { url } = request;
    const signed = await this.#signer.sign(
      new SmithyRequest({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: request.headers,
        body: request.body,
      }),
      { signingDate },
    );
    request.headers = signed.headers;
  }
}
