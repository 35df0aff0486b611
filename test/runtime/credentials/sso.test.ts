import { expect } from "chai";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { inspect } from "node:util";
import { CredentialsProviderError, defaultProvider, fromProfile, fromSso } from "../../../src/runtime/credentials/index.js";
import { startStubServer, type RecordedRequest, type StubServer } from "../../support/stub-server.js";
import { SECRET, TOKEN, formOf, inAnHour, isolateEnvironment, sendJsonBody, sendXml, stsCredentialsXml } from "./support.js";
import { rejectionOf } from "../../support/rejection.js";

const START_URL = "https://my-org.awsapps.com/start";
// sha1 hex of the session name and of the start URL: the names `aws sso login` gives the cache files.
const SESSION_CACHE_FILE = "0ad374308c5a4e22f723adf10145eafad7c4031c.json"; // "my-sso"
const LEGACY_CACHE_FILE = "acff06c7037450e5a3fddcacb0a34e921da42d68.json"; // START_URL

/** Bearer tokens and the client secret of the fake sign-in, distinctive enough to search for in any output. */
const ACCESS_TOKEN = "aoaAccessTokenForTestsOnly+zz9QkFBQkFB";
const NEW_ACCESS_TOKEN = "aoaRefreshedAccessTokenForTestsOnly+zz9";
const REFRESH_TOKEN = "aorRefreshTokenForTestsOnly+zz9UmVmcmVzaA";
const NEW_REFRESH_TOKEN = "aorRotatedRefreshTokenForTestsOnly+zz9";
const CLIENT_SECRET = "eyJraWQiOiJDbGllbnRTZWNyZXRGb3JUZXN0c09ubHkifQ";
const ALL_SECRETS = [SECRET, TOKEN, ACCESS_TOKEN, NEW_ACCESS_TOKEN, REFRESH_TOKEN, NEW_REFRESH_TOKEN, CLIENT_SECRET];

const SESSION_CONFIG = [
  "[profile dev]",
  "sso_session = my-sso",
  "sso_account_id = 123456789012",
  "sso_role_name = DynamoWriter",
  "region = eu-west-1",
  "[sso-session my-sso]",
  `sso_start_url = ${START_URL}`,
  "sso_region = eu-central-1",
  "sso_registration_scopes = sso:account:access",
].join("\n");

const LEGACY_CONFIG = [
  "[profile legacy]",
  `sso_start_url = ${START_URL}`,
  "sso_region = us-east-1",
  "sso_account_id = 210987654321",
  "sso_role_name = ReadOnly",
].join("\n");

function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60 * 1000).toISOString();
}

/** The cache entry `aws sso login` writes for a session: a token and what refreshing it needs. */
function sessionToken(expiresInMinutes: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    startUrl: START_URL,
    region: "eu-central-1",
    accessToken: ACCESS_TOKEN,
    expiresAt: minutesFromNow(expiresInMinutes),
    clientId: "client-id-123",
    clientSecret: CLIENT_SECRET,
    registrationExpiresAt: minutesFromNow(60 * 24 * 80),
    refreshToken: REFRESH_TOKEN,
    ...extra,
  };
}

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, CredentialsProviderError);

/** An error's message, stack and cause chain, and how it inspects and serialises. */
function errorTexts(err: unknown): string[] {
  const out: string[] = [];
  let current: unknown = err;
  while (current instanceof Error) {
    out.push(current.message, current.stack ?? "", inspect(current, { depth: 10, showHidden: true }), JSON.stringify(current));
    current = current.cause;
  }
  return out;
}

function expectNoSecrets(texts: string[]): void {
  for (const text of texts) for (const secret of ALL_SECRETS) expect(text).not.to.include(secret);
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  const text = JSON.stringify({ message });
  res.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/`, "x-amzn-requestid": "sso-req-1" });
  res.end(text);
}

describe("credentials: IAM Identity Center (SSO)", () => {
  const env = isolateEnvironment();
  let portal: StubServer;
  let oidc: StubServer;
  /** Bearer tokens the fake portal accepts. */
  let accepted: Set<string>;
  let roleExpiration: number;

  before(async () => {
    portal = await startStubServer();
    oidc = await startStubServer();
  });
  after(async () => {
    await Promise.all([portal.close(), oidc.close()]);
  });
  beforeEach(() => {
    portal.requests.length = 0;
    oidc.requests.length = 0;
    accepted = new Set([ACCESS_TOKEN, NEW_ACCESS_TOKEN]);
    roleExpiration = Date.parse("2030-01-02T03:04:05Z");
    // GetRoleCredentials as the IAM Identity Center Portal API reference describes it.
    portal.handle((req, res) => {
      const url = new URL(req.path, "http://portal");
      if (req.method !== "GET" || url.pathname !== "/federation/credentials") return sendError(res, 404, "NotFound", "no such path");
      if (!accepted.has(req.headers["x-amz-sso_bearer_token"] ?? "")) return sendError(res, 401, "UnauthorizedException", "Session token not found or invalid");
      const role = url.searchParams.get("role_name");
      sendJsonBody(res, 200, {
        roleCredentials: { accessKeyId: `ASIASSO${role?.toUpperCase()}`, secretAccessKey: SECRET, sessionToken: TOKEN, expiration: roleExpiration },
      });
    });
    oidc.handle((_req, res) => sendJsonBody(res, 200, { accessToken: NEW_ACCESS_TOKEN, tokenType: "Bearer", expiresIn: 3600, refreshToken: NEW_REFRESH_TOKEN }));
    process.env.AWS_ENDPOINT_URL_SSO = portal.endpoint;
    process.env.AWS_ENDPOINT_URL_SSO_OIDC = oidc.endpoint;
  });

  const cacheDir = () => join(env.dir(), ".aws", "sso", "cache");
  function cache(file: string, body: unknown): string {
    mkdirSync(cacheDir(), { recursive: true });
    const path = join(cacheDir(), file);
    writeFileSync(path, typeof body === "string" ? body : JSON.stringify(body));
    return path;
  }
  function config(text: string): void {
    process.env.AWS_CONFIG_FILE = env.file("config", text);
  }

  it("legacy form: reads the token cached under the start URL and calls GetRoleCredentials with it", async () => {
    config(LEGACY_CONFIG);
    cache(LEGACY_CACHE_FILE, { startUrl: START_URL, region: "us-east-1", accessToken: ACCESS_TOKEN, expiresAt: minutesFromNow(60) });
    const creds = await fromProfile({ profile: "legacy" })();
    expect(creds.accessKeyId).to.equal("ASIASSOREADONLY");
    expect(creds.secretAccessKey).to.equal(SECRET);
    expect(creds.sessionToken).to.equal(TOKEN);
    // The portal sends epoch milliseconds.
    expect(creds.expiration?.toISOString()).to.equal("2030-01-02T03:04:05.000Z");

    expect(portal.requests).to.have.length(1);
    const req = portal.requests[0]!;
    expect(req.method).to.equal("GET");
    expect(req.path).to.equal("/federation/credentials?account_id=210987654321&role_name=ReadOnly");
    expect(req.headers["x-amz-sso_bearer_token"]).to.equal(ACCESS_TOKEN);
    expect(req.headers.authorization, "the portal call is not SigV4-signed").to.equal(undefined);
    expect(oidc.requests).to.have.length(0);
  });

  it("session form: takes start URL and region from [sso-session], the token from the file named after the session", async () => {
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(60));
    const creds = await fromProfile({ profile: "dev" })();
    expect(creds.accessKeyId).to.equal("ASIASSODYNAMOWRITER");
    expect(portal.requests.map((r) => r.path)).to.deep.equal(["/federation/credentials?account_id=123456789012&role_name=DynamoWriter"]);
    expect(oidc.requests, "a token an hour from expiry is not refreshed").to.have.length(0);
  });

  it("names the cache file after the session in the session form, never after its start URL", async () => {
    config(SESSION_CONFIG);
    cache(LEGACY_CACHE_FILE, sessionToken(60));
    const err = await rejection(fromProfile({ profile: "dev" })());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include(join(cacheDir(), SESSION_CACHE_FILE));
    expect(err.message).to.include("no IAM Identity Center token is cached");
    expect(err.message).to.include("run `aws sso login --profile dev`");
    expect(portal.requests).to.have.length(0);
  });

  it("goes to the regional portal when no endpoint is configured", async () => {
    delete process.env.AWS_ENDPOINT_URL_SSO;
    config(LEGACY_CONFIG);
    cache(LEGACY_CACHE_FILE, { accessToken: ACCESS_TOKEN, expiresAt: minutesFromNow(60) });
    // No network in tests: a timeout this short fails at once, and the message names the host it tried.
    const err = await rejection(fromProfile({ profile: "legacy", sso: { timeoutMs: 1 } })());
    expect(err.message).to.include("portal.sso.us-east-1.amazonaws.com");
  });

  it("an expired token without a refresh token asks to sign in again, before calling the portal", async () => {
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(-1, { refreshToken: undefined }));
    const err = await rejection(fromProfile({ profile: "dev" })());
    expect(err.message).to.match(/token in .* expired at \d{4}-\d\d-\d\dT/);
    expect(err.message).to.include("run `aws sso login --profile dev`");
    expect(portal.requests).to.have.length(0);
    expect(oidc.requests).to.have.length(0);
  });

  it("an expired legacy token is never refreshed, even with refresh fields present", async () => {
    config(LEGACY_CONFIG);
    cache(LEGACY_CACHE_FILE, sessionToken(-5));
    const err = await rejection(fromProfile({ profile: "legacy" })());
    expect(err.message).to.include("run `aws sso login --profile legacy`");
    expect(oidc.requests).to.have.length(0);
  });

  it("the hint names the session when fromSso is used without a profile", async () => {
    const err = await rejection(
      fromSso({ ssoSession: "my-sso", ssoStartUrl: START_URL, ssoRegion: "eu-central-1", ssoAccountId: "1", ssoRoleName: "r", cacheDirectory: env.dir() })(),
    );
    expect(err.message).to.include("run `aws sso login --sso-session my-sso`");
  });

  it("refreshes a token within five minutes of expiry through SSO OIDC, writes it back atomically and uses it", async () => {
    config(SESSION_CONFIG);
    const file = cache(SESSION_CACHE_FILE, sessionToken(2));
    const before = Date.now();
    const creds = await fromProfile({ profile: "dev" })();
    expect(creds.accessKeyId).to.equal("ASIASSODYNAMOWRITER");

    expect(oidc.requests).to.have.length(1);
    const req = oidc.requests[0]!;
    expect(req.method).to.equal("POST");
    expect(req.path).to.equal("/token");
    expect(req.headers["content-type"]).to.equal("application/json");
    expect(req.headers.authorization).to.equal(undefined);
    expect(JSON.parse(req.body)).to.deep.equal({ clientId: "client-id-123", clientSecret: CLIENT_SECRET, grantType: "refresh_token", refreshToken: REFRESH_TOKEN });
    expect(portal.requests[0]!.headers["x-amz-sso_bearer_token"]).to.equal(NEW_ACCESS_TOKEN);

    const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    expect(written.accessToken).to.equal(NEW_ACCESS_TOKEN);
    expect(written.refreshToken).to.equal(NEW_REFRESH_TOKEN);
    expect(written.clientId).to.equal("client-id-123");
    expect(written.clientSecret).to.equal(CLIENT_SECRET);
    expect(written.startUrl).to.equal(START_URL);
    expect(written.expiresAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const expiresAt = Date.parse(written.expiresAt!);
    expect(expiresAt).to.be.within(before + 3599_000 - 1000, Date.now() + 3600_000);
    expect(readdirSync(cacheDir()), "no temporary file is left behind").to.deep.equal([SESSION_CACHE_FILE]);

    // The next call reads the refreshed token and needs no refresh.
    await fromProfile({ profile: "dev" })();
    expect(oidc.requests).to.have.length(1);
    expect(portal.requests[1]!.headers["x-amz-sso_bearer_token"]).to.equal(NEW_ACCESS_TOKEN);
  });

  it("drops the spent refresh token when CreateToken returns none, as the AWS CLI does", async () => {
    oidc.handle((_req, res) => sendJsonBody(res, 200, { accessToken: NEW_ACCESS_TOKEN, tokenType: "Bearer", expiresIn: 900 }));
    config(SESSION_CONFIG);
    const file = cache(SESSION_CACHE_FILE, sessionToken(1));
    await fromProfile({ profile: "dev" })();
    const written = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(written.accessToken).to.equal(NEW_ACCESS_TOKEN);
    expect(written).not.to.have.property("refreshToken");
  });

  it("concurrent callers share one refresh", async () => {
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(2));
    const results = await Promise.all([fromProfile({ profile: "dev" })(), fromProfile({ profile: "dev" })(), fromProfile({ profile: "dev" })()]);
    expect(results.map((c) => c.accessKeyId)).to.deep.equal(["ASIASSODYNAMOWRITER", "ASIASSODYNAMOWRITER", "ASIASSODYNAMOWRITER"]);
    expect(oidc.requests).to.have.length(1);
  });

  it("falls back to the old token when a refresh fails while it is still valid, leaving the cache as it was", async () => {
    oidc.handle((_req, res) => sendJsonBody(res, 400, { error: "invalid_grant", error_description: "Invalid refresh token provided" }));
    config(SESSION_CONFIG);
    const text = JSON.stringify(sessionToken(3));
    const file = cache(SESSION_CACHE_FILE, text);
    const creds = await fromProfile({ profile: "dev" })();
    expect(creds.accessKeyId).to.equal("ASIASSODYNAMOWRITER");
    expect(oidc.requests).to.have.length(1);
    expect(portal.requests[0]!.headers["x-amz-sso_bearer_token"]).to.equal(ACCESS_TOKEN);
    expect(readFileSync(file, "utf8")).to.equal(text);
  });

  it("fails with the refresh's reason and the login hint when the token has expired and cannot be refreshed", async () => {
    oidc.handle((_req, res) => {
      res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "InvalidGrantException" });
      // A service echoing the request must not leak it.
      res.end(JSON.stringify({ error: "invalid_grant", error_description: `refresh token ${REFRESH_TOKEN} is revoked` }));
    });
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(-10));
    const err = await rejection(fromProfile({ profile: "dev" })());
    expect(err.message).to.include("could not be refreshed");
    expect(err.message).to.include("InvalidGrantException");
    expect(err.message).to.include("[redacted] is revoked");
    expect(err.message).to.include("run `aws sso login --profile dev`");
    expect(portal.requests).to.have.length(0);
    expectNoSecrets(errorTexts(err));
  });

  it("does not refresh once the client registration has expired", async () => {
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(-1, { registrationExpiresAt: minutesFromNow(-60) }));
    const err = await rejection(fromProfile({ profile: "dev" })());
    expect(err.message).to.include("run `aws sso login --profile dev`");
    expect(oidc.requests).to.have.length(0);
  });

  it("reports a 401 from the portal with the service's message and the login hint", async () => {
    accepted.clear();
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(60));
    const err = await rejection(fromProfile({ profile: "dev" })());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include("UnauthorizedException: Session token not found or invalid");
    expect(err.message).to.include("expired or been revoked");
    expect(err.message).to.include("request id sso-req-1");
    expect(err.message).to.include("run `aws sso login --profile dev`");
    expect(portal.requests, "a 401 is not retried").to.have.length(1);
  });

  it("reports a 403 from the portal naming the account and role", async () => {
    portal.handle((_req, res) => sendError(res, 403, "ForbiddenException", "No access"));
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(60));
    const err = await rejection(fromProfile({ profile: "dev" })());
    expect(err.message).to.include("denied role DynamoWriter in account 123456789012");
    expect(err.message).to.include("ForbiddenException: No access");
    expect(err.message).to.include("sso_role_name");
  });

  it("retries a throttled portal call", async () => {
    let calls = 0;
    portal.handle((_req, res) => {
      if (calls++ === 0) return sendError(res, 429, "TooManyRequestsException", "slow down");
      sendJsonBody(res, 200, { roleCredentials: { accessKeyId: "ASIARETRIED", secretAccessKey: SECRET, sessionToken: TOKEN, expiration: roleExpiration } });
    });
    config(LEGACY_CONFIG);
    cache(LEGACY_CACHE_FILE, { accessToken: ACCESS_TOKEN, expiresAt: minutesFromNow(60) });
    expect((await fromProfile({ profile: "legacy" })()).accessKeyId).to.equal("ASIARETRIED");
    expect(portal.requests).to.have.length(2);
  });

  it("rejects a portal answer without credentials", async () => {
    portal.handle((_req, res) => sendJsonBody(res, 200, { roleCredentials: { accessKeyId: "ASIA", secretAccessKey: SECRET } }));
    config(LEGACY_CONFIG);
    cache(LEGACY_CACHE_FILE, { accessToken: ACCESS_TOKEN, expiresAt: minutesFromNow(60) });
    const err = await rejection(fromProfile({ profile: "legacy" })());
    expect(err.message).to.include("lacks roleCredentials");
    expectNoSecrets(errorTexts(err));
  });

  it("reads the expiresAt form with a UTC suffix that older AWS CLI versions wrote", async () => {
    config(LEGACY_CONFIG);
    const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "UTC");
    cache(LEGACY_CACHE_FILE, { accessToken: ACCESS_TOKEN, expiresAt });
    expect((await fromProfile({ profile: "legacy" })()).accessKeyId).to.equal("ASIASSOREADONLY");
  });

  for (const [name, text, expected] of [
    ["not JSON", `{"accessToken":"${ACCESS_TOKEN}",`, "is not JSON"],
    ["without accessToken", JSON.stringify({ expiresAt: minutesFromNow(60), refreshToken: REFRESH_TOKEN }), "lacks accessToken"],
    ["with a bad expiresAt", JSON.stringify({ accessToken: ACCESS_TOKEN, expiresAt: "soon" }), 'expiresAt "soon" is not a date'],
  ] as const) {
    it(`calls a cache file ${name} malformed, without echoing it`, async () => {
      config(SESSION_CONFIG);
      cache(SESSION_CACHE_FILE, text);
      const err = await rejection(fromProfile({ profile: "dev" })());
      expect(err.message).to.include("is malformed").and.to.include(expected).and.to.include("aws sso login --profile dev");
      expectNoSecrets(errorTexts(err));
    });
  }

  it("lists every problem of a session-form profile in one message", async () => {
    config(["[profile broken]", "sso_session = nowhere", "sso_role_name = R"].join("\n"));
    const err = await rejection(fromProfile({ profile: "broken" })());
    expect(err.message).to.equal(
      `profile "broken" uses IAM Identity Center, but: sso_session "nowhere" has no [sso-session nowhere] section in ${process.env.AWS_CONFIG_FILE}; sso_account_id is missing`,
    );
  });

  it("requires a profile that repeats the session's settings to agree with them, and the session to be complete", async () => {
    config(
      [
        "[profile mixed]",
        "sso_session = half",
        "sso_start_url = https://other.awsapps.com/start",
        "sso_region = us-west-2",
        "sso_account_id = 1",
        "[sso-session half]",
        "sso_region = eu-west-1",
      ].join("\n"),
    );
    const err = await rejection(fromProfile({ profile: "mixed" })());
    expect(err.message).to.equal(
      'profile "mixed" uses IAM Identity Center, but: [sso-session half] lacks sso_start_url; sso_region "us-west-2" differs from "eu-west-1" in [sso-session half]; sso_role_name is missing',
    );
  });

  it("lists every missing setting of a legacy-form profile", async () => {
    config(["[profile old]", `sso_start_url = ${START_URL}`].join("\n"));
    const err = await rejection(fromProfile({ profile: "old" })());
    expect(err.message).to.equal('profile "old" uses IAM Identity Center, but: sso_region is missing; sso_account_id is missing; sso_role_name is missing');
  });

  it("accepts a profile that repeats the session's settings exactly", async () => {
    config(SESSION_CONFIG.replace("sso_session = my-sso", `sso_session = my-sso\nsso_start_url = ${START_URL}\nsso_region = eu-central-1`));
    cache(SESSION_CACHE_FILE, sessionToken(60));
    expect((await fromProfile({ profile: "dev" })()).accessKeyId).to.equal("ASIASSODYNAMOWRITER");
  });

  describe("with STS", () => {
    let sts: StubServer;
    before(async () => {
      sts = await startStubServer((req, res) =>
        sendXml(res, 200, stsCredentialsXml(formOf(req).Action!, { accessKeyId: "ASIAROLE", secretAccessKey: `${SECRET}2`, sessionToken: `${TOKEN}2`, expiration: inAnHour() })),
      );
    });
    after(() => sts.close());
    beforeEach(() => {
      sts.requests.length = 0;
      process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
    });

    it("an SSO profile is the source_profile of a role profile: the role is assumed with the SSO credentials", async () => {
      config(`${SESSION_CONFIG}\n[profile admin]\nrole_arn = arn:aws:iam::999999999999:role/admin\nsource_profile = dev\n`);
      cache(SESSION_CACHE_FILE, sessionToken(60));
      const creds = await fromProfile({ profile: "admin", region: "eu-west-1" })();
      expect(creds.accessKeyId).to.equal("ASIAROLE");
      expect(portal.requests).to.have.length(1);
      expect(sts.requests).to.have.length(1);
      expect(formOf(sts.requests[0]!).RoleArn).to.equal("arn:aws:iam::999999999999:role/admin");
      expect(sts.requests[0]!.headers.authorization).to.match(/^AWS4-HMAC-SHA256 Credential=ASIASSODYNAMOWRITER\//);
      expect(sts.requests[0]!.headers["x-amz-security-token"]).to.equal(TOKEN);
    });

    it("the hint names the source profile to sign in with", async () => {
      config(`${SESSION_CONFIG}\n[profile admin]\nrole_arn = arn:aws:iam::999999999999:role/admin\nsource_profile = dev\n`);
      const err = await rejection(fromProfile({ profile: "admin" })());
      expect(err.message).to.include("aws sso login --profile dev");
      expect(sts.requests).to.have.length(0);
    });
  });

  it("the default chain uses an SSO profile chosen by AWS_PROFILE", async () => {
    config(SESSION_CONFIG);
    cache(SESSION_CACHE_FILE, sessionToken(60));
    process.env.AWS_PROFILE = "dev";
    const provider = defaultProvider();
    const creds = await provider();
    expect(creds.accessKeyId).to.equal("ASIASSODYNAMOWRITER");
    expect((await provider()).accessKeyId).to.equal("ASIASSODYNAMOWRITER");
    expect(portal.requests, "the chain caches the role credentials until they near expiry").to.have.length(1);
  });

  it("the default chain stops at a broken SSO profile instead of falling through", async () => {
    config(SESSION_CONFIG);
    process.env.AWS_PROFILE = "dev";
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${portal.endpoint}/should-not-be-called`;
    const err = await rejection(defaultProvider()());
    expect(err.message).to.include("aws sso login --profile dev");
    expect(portal.requests).to.have.length(0);
  });

  describe("secrets never print", () => {
    it("credentials from the portal print redacted", async () => {
      config(SESSION_CONFIG);
      cache(SESSION_CACHE_FILE, sessionToken(60));
      const creds = await fromProfile({ profile: "dev" })();
      expectNoSecrets([
        inspect(creds),
        inspect(creds, { showHidden: true, depth: 10 }),
        JSON.stringify(creds),
        JSON.stringify({ ...creds }),
        inspect({ nested: { creds } }, { depth: 10 }),
      ]);
      expect(inspect(creds)).to.include("ASIASSODYNAMOWRITER").and.to.include("[redacted]");
    });

    it("a portal error that echoes the bearer token", async () => {
      portal.handle((req, res) => sendError(res, 401, "UnauthorizedException", `token ${req.headers["x-amz-sso_bearer_token"]} is not valid`));
      config(SESSION_CONFIG);
      cache(SESSION_CACHE_FILE, sessionToken(60));
      const err = await rejection(fromProfile({ profile: "dev" })());
      expect(err.message).to.include("token [redacted] is not valid");
      expectNoSecrets(errorTexts(err));
    });

    it("a portal answer that is not JSON, a refresh answer without a token, and an unreachable OIDC endpoint", async () => {
      config(SESSION_CONFIG);
      cache(SESSION_CACHE_FILE, sessionToken(-1));
      oidc.handle((_req, res) => sendJsonBody(res, 200, { refreshToken: NEW_REFRESH_TOKEN, clientSecret: CLIENT_SECRET }));
      const noToken = await rejection(fromProfile({ profile: "dev" })());
      expect(noToken.message).to.include("lacks accessToken");
      expectNoSecrets(errorTexts(noToken));

      const closed = await startStubServer();
      await closed.close();
      const unreachable = await rejection(fromProfile({ profile: "dev", sso: { oidcEndpoint: closed.endpoint } })());
      expect(unreachable.message).to.include("SSO OIDC CreateToken to 127.0.0.1");
      expectNoSecrets(errorTexts(unreachable));

      cache(SESSION_CACHE_FILE, sessionToken(60));
      portal.handle((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"roleCredentials":{"secretAccessKey":"${SECRET}","sessionToken":"${TOKEN}"`);
      });
      const notJson = await rejection(fromProfile({ profile: "dev" })());
      expect(notJson.message).to.include("not JSON");
      expectNoSecrets(errorTexts(notJson));
    });
  });
});
