import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import type { RecordedRequest } from "../../support/stub-server.js";

/** A secret and a token distinctive enough to search for in any output. */
export const SECRET = "sEcReT/ForTestsOnly+zz9wJalrXUtnFEMIK7MDENG";
export const TOKEN = "ToKeN//ForTestsOnly+SessionTokenzz9IQoJb3JpZ2lu";

/**
 * Gives each test a clean environment: no AWS_* variables, HOME in a fresh
 * temporary folder (so the real ~/.aws is never read) and IMDS disabled
 * unless the test turns it back on. The whole environment is restored
 * afterwards. Returns a function naming the current test's temporary folder.
 */
export function isolateEnvironment(): { dir: () => string; file: (name: string, text: string) => string } {
  let saved: NodeJS.ProcessEnv = {};
  let current = "";
  beforeEach(() => {
    saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
    current = mkdtempSync(join(tmpdir(), "dynaport-creds-"));
    process.env.HOME = current;
    process.env.USERPROFILE = current;
    process.env.AWS_EC2_METADATA_DISABLED = "true";
  });
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    rmSync(current, { recursive: true, force: true });
  });
  return {
    dir: () => current,
    file(name, text) {
      const path = join(current, name);
      writeFileSync(path, text, { mode: 0o700 });
      return path;
    },
  };
}

/** STS's XML answer carrying credentials, as in the STS API reference examples. */
export function stsCredentialsXml(action: string, creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date }): string {
  return `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <${action}Result>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/session</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:session</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${creds.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey>
      <SessionToken>${creds.sessionToken}</SessionToken>
      <Expiration>${creds.expiration.toISOString()}</Expiration>
    </Credentials>
  </${action}Result>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</${action}Response>`;
}

/** STS's XML error document. */
export function stsErrorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>
  <RequestId>req-err-1</RequestId>
</ErrorResponse>`;
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(xml) });
  res.end(xml);
}

export function sendJsonBody(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** The form fields of a query-protocol request. */
export function formOf(req: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(req.body));
}

/** An answer that says "in an hour" in ISO form. */
export function inAnHour(): Date {
  return new Date(Date.now() + 60 * 60 * 1000);
}

/**
 * A fake IMDS answering the IMDSv2 flow for role `demo-role`, counting calls.
 * Each credentials answer gets a fresh key id (`ASIAIMDS1`, `ASIAIMDS2`, ...).
 */
export function imdsHandler(state: { fetches: number; expiration?: () => Date; token?: string }) {
  const token = state.token ?? "imds-session-token-abc";
  return (req: RecordedRequest, res: ServerResponse): void => {
    if (req.method === "PUT" && req.path === "/latest/api/token") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(token);
      return;
    }
    if (req.headers["x-aws-ec2-metadata-token"] !== token) {
      res.writeHead(401);
      res.end();
      return;
    }
    if (req.path === "/latest/meta-data/iam/security-credentials/") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("demo-role");
      return;
    }
    if (req.path === "/latest/meta-data/iam/security-credentials/demo-role") {
      state.fetches++;
      sendJsonBody(res, 200, {
        Code: "Success",
        LastUpdated: new Date().toISOString(),
        Type: "AWS-HMAC",
        AccessKeyId: `ASIAIMDS${state.fetches}`,
        SecretAccessKey: SECRET,
        Token: TOKEN,
        Expiration: (state.expiration?.() ?? inAnHour()).toISOString(),
      });
      return;
    }
    res.writeHead(404);
    res.end();
  };
}
