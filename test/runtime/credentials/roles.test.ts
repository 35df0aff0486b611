import { expect } from "chai";
import { CredentialsProviderError, fromProfile, fromWebIdentity } from "../../../src/runtime/credentials/index.js";
import { assumeRole, StsError } from "../../../src/runtime/sts/index.js";
import { startStubServer, type RecordedRequest, type StubServer } from "../../support/stub-server.js";
import { verifySigV4 } from "../sigv4-verifier.js";
import { SECRET, TOKEN, formOf, imdsHandler, inAnHour, isolateEnvironment, sendXml, stsCredentialsXml, stsErrorXml } from "./support.js";
import { rejectionOf } from "../../support/rejection.js";

/** The key id and scope in a SigV4 Authorization header. */
function credentialScope(req: RecordedRequest): { keyId: string; region: string; service: string } | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
    req.headers.authorization ?? "",
  );
  return m ? { keyId: m[1]!, region: m[2]!, service: m[3]! } : undefined;
}

describe("credentials: roles through STS", () => {
  const env = isolateEnvironment();
  let sts: StubServer;
  let issued = 0;

  before(async () => {
    sts = await startStubServer();
  });
  after(() => sts.close());
  beforeEach(() => {
    sts.requests.length = 0;
    issued = 0;
    // Each role session gets its own key id so chained calls can be told apart.
    sts.handle((req, res) => {
      const action = formOf(req).Action!;
      issued++;
      sendXml(res, 200, stsCredentialsXml(action, { accessKeyId: `ASIAROLE${issued}`, secretAccessKey: `${SECRET}${issued}`, sessionToken: `${TOKEN}${issued}`, expiration: inAnHour() }));
    });
    process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
  });

  it("assumes role_arn with source_profile, sending the documented form fields, signed by the source keys", async () => {
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.file("creds", `[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = ${SECRET}\n`);
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      `[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\nrole_session_name = alice\nexternal_id = ext-42\nduration_seconds = 1800\nregion = eu-west-1\n`,
    );
    process.env.AWS_PROFILE = "admin";
    const creds = await fromProfile()();
    expect(creds.accessKeyId).to.equal("ASIAROLE1");
    expect(creds.secretAccessKey).to.equal(`${SECRET}1`);
    expect(creds.sessionToken).to.equal(`${TOKEN}1`);
    expect(creds.expiration).to.be.instanceOf(Date);

    expect(sts.requests).to.have.length(1);
    const req = sts.requests[0]!;
    expect(req.method).to.equal("POST");
    expect(req.path).to.equal("/");
    expect(req.headers["content-type"]).to.equal("application/x-www-form-urlencoded; charset=utf-8");
    expect(formOf(req)).to.deep.equal({
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: "arn:aws:iam::123456789012:role/admin",
      RoleSessionName: "alice",
      ExternalId: "ext-42",
      DurationSeconds: "1800",
    });
    // The profile's region scopes the signature when no client region is given.
    expect(credentialScope(req)).to.deep.equal({ keyId: "AKIDBASE", region: "eu-west-1", service: "sts" });
    expect(req.headers["x-amz-security-token"]).to.equal(undefined);
    // Recomputed from the bytes the server received, without the signing library.
    const verified = verifySigV4(req, SECRET);
    expect(verified.valid, `${verified.expected} != ${verified.actual}`).to.equal(true);
    expect(verified.signedHeaders).to.include.members(["host", "content-type", "x-amz-date"]);
  });

  it("chains roles: each hop is signed with the previous hop's temporary credentials", async () => {
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      [
        "[profile root]",
        "aws_access_key_id = AKIDROOT",
        `aws_secret_access_key = ${SECRET}`,
        "[profile hop1]",
        "role_arn = arn:aws:iam::111111111111:role/one",
        "source_profile = root",
        "[profile hop2]",
        "role_arn = arn:aws:iam::222222222222:role/two",
        "source_profile = hop1",
      ].join("\n"),
    );
    const creds = await fromProfile({ profile: "hop2", region: "us-west-2" })();
    expect(creds.accessKeyId).to.equal("ASIAROLE2");
    expect(sts.requests.map((r) => formOf(r).RoleArn)).to.deep.equal(["arn:aws:iam::111111111111:role/one", "arn:aws:iam::222222222222:role/two"]);
    expect(credentialScope(sts.requests[0]!)).to.deep.equal({ keyId: "AKIDROOT", region: "us-west-2", service: "sts" });
    expect(credentialScope(sts.requests[1]!)?.keyId).to.equal("ASIAROLE1");
    expect(sts.requests[1]!.headers["x-amz-security-token"]).to.equal(`${TOKEN}1`);
    expect(verifySigV4(sts.requests[1]!, `${SECRET}1`).valid).to.equal(true);
    expect(formOf(sts.requests[0]!).RoleSessionName).to.match(/^dynaport-\d+$/);
  });

  it("detects source_profile cycles before calling STS", async () => {
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n[profile c]\nrole_arn = arn:aws:iam::1:role/c\nsource_profile = a\n",
    );
    const err = await rejectionOf(fromProfile({ profile: "a" })());
    expect(err).to.be.instanceOf(CredentialsProviderError);
    expect(err.message).to.include('source_profile cycle: "a" -> "b" -> "c" -> "a"');
    expect(sts.requests).to.have.length(0);
  });

  it("lets a profile name itself as source when it holds static keys", async () => {
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      `[profile self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = ${SECRET}\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n`,
    );
    const creds = await fromProfile({ profile: "self" })();
    expect(creds.accessKeyId).to.equal("ASIAROLE1");
    expect(credentialScope(sts.requests[0]!)?.keyId).to.equal("AKIDSELF");
  });

  it("uses credential_source = Environment", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDFROMENV";
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    process.env.AWS_CONFIG_FILE = env.file("config", "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n");
    const creds = await fromProfile({ profile: "ci" })();
    expect(creds.accessKeyId).to.equal("ASIAROLE1");
    expect(credentialScope(sts.requests[0]!)?.keyId).to.equal("AKIDFROMENV");
  });

  it("uses credential_source = Ec2InstanceMetadata against a fake IMDS", async () => {
    const imds = await startStubServer(imdsHandler({ fetches: 0 }));
    try {
      delete process.env.AWS_EC2_METADATA_DISABLED;
      process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.endpoint;
      process.env.AWS_CONFIG_FILE = env.file("config", "[profile box]\nrole_arn = arn:aws:iam::1:role/box\ncredential_source = Ec2InstanceMetadata\n");
      await fromProfile({ profile: "box" })();
      expect(credentialScope(sts.requests[0]!)?.keyId).to.equal("ASIAIMDS1");
      expect(sts.requests[0]!.headers["x-amz-security-token"]).to.equal(TOKEN);
    } finally {
      await imds.close();
    }
  });

  it("rejects an unknown credential_source and a profile with both sources", async () => {
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      "[profile odd]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Laptop\n[profile both]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Environment\nsource_profile = odd\n",
    );
    expect((await rejectionOf(fromProfile({ profile: "odd" })())).message).to.include("credential_source must be Environment, Ec2InstanceMetadata or EcsContainer");
    expect((await rejectionOf(fromProfile({ profile: "both" })())).message).to.include("both source_profile and credential_source");
  });

  it("asks the MFA code provider when the profile has mfa_serial", async () => {
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      `[profile base]\naws_access_key_id = AKID\naws_secret_access_key = ${SECRET}\n[profile mfa]\nrole_arn = arn:aws:iam::1:role/m\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/alice\n`,
    );
    expect((await rejectionOf(fromProfile({ profile: "mfa" })())).message).to.include("requires MFA");
    await fromProfile({ profile: "mfa", mfaCodeProvider: async (serial) => (serial.endsWith("alice") ? "123456" : "bad") })();
    expect(formOf(sts.requests[0]!)).to.include({ SerialNumber: "arn:aws:iam::1:mfa/alice", TokenCode: "123456" });
  });

  it("turns an STS error document into a clear error without the secret", async () => {
    sts.handle((_req, res) => sendXml(res, 403, stsErrorXml("AccessDenied", "User: arn:aws:iam::1:user/bob is not authorized to perform: sts:AssumeRole")));
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      `[profile base]\naws_access_key_id = AKID\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n[profile denied]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = base\n`,
    );
    const err = await rejectionOf(fromProfile({ profile: "denied" })());
    expect(err.message).to.include("AccessDenied").and.to.include("is not authorized to perform: sts:AssumeRole").and.to.include("request id req-err-1");
    expect(err.message).to.include('profile "denied"').and.to.include("arn:aws:iam::1:role/d");
    expect(err.message).not.to.include(SECRET);
    expect(err.message).not.to.include(TOKEN);
    expect(sts.requests).to.have.length(1); // access denied is not retried
  });

  it("retries throttling and 5xx, then succeeds", async () => {
    let calls = 0;
    sts.handle((req, res) => {
      calls++;
      if (calls === 1) return sendXml(res, 400, stsErrorXml("Throttling", "Rate exceeded"));
      if (calls === 2) return sendXml(res, 503, "<html>busy</html>");
      sendXml(res, 200, stsCredentialsXml(formOf(req).Action!, { accessKeyId: "ASIAAFTERRETRY", secretAccessKey: SECRET, sessionToken: TOKEN, expiration: inAnHour() }));
    });
    const creds = await assumeRole({ accessKeyId: "AKID", secretAccessKey: SECRET }, { roleArn: "arn:aws:iam::1:role/r", roleSessionName: "s" }, { region: "us-east-1" });
    expect(creds.accessKeyId).to.equal("ASIAAFTERRETRY");
    expect(calls).to.equal(3);
  });

  it("reports an answer without credentials", async () => {
    sts.handle((_req, res) => sendXml(res, 200, "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>"));
    const err = await rejectionOf(assumeRole({ accessKeyId: "AKID", secretAccessKey: SECRET }, { roleArn: "arn:aws:iam::1:role/r", roleSessionName: "s" }));
    expect(err).to.be.instanceOf(StsError);
    expect((err as StsError).code).to.equal("InvalidResponse");
  });

  it("decodes XML entities in the answer", async () => {
    sts.handle((req, res) =>
      sendXml(res, 200, stsCredentialsXml(formOf(req).Action!, { accessKeyId: "ASIAX", secretAccessKey: "a&amp;b&lt;c&#x2F;d&#47;e", sessionToken: "t&quot;", expiration: inAnHour() })),
    );
    const creds = await assumeRole({ accessKeyId: "AKID", secretAccessKey: SECRET }, { roleArn: "arn:aws:iam::1:role/r", roleSessionName: "s" });
    expect(creds.secretAccessKey).to.equal("a&b<c/d/e");
    expect(creds.sessionToken).to.equal('t"');
  });
});

describe("credentials: web identity", () => {
  const env = isolateEnvironment();
  let sts: StubServer;

  before(async () => {
    sts = await startStubServer();
  });
  after(() => sts.close());
  beforeEach(() => {
    sts.requests.length = 0;
    sts.handle((req, res) =>
      sendXml(res, 200, stsCredentialsXml(formOf(req).Action!, { accessKeyId: "ASIAWEB", secretAccessKey: SECRET, sessionToken: TOKEN, expiration: inAnHour() })),
    );
    process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
  });

  it("calls AssumeRoleWithWebIdentity unsigned with the token file's contents, re-read at each fetch", async () => {
    const tokenFile = env.file("token", "eyJhbGciOi.first-token.sig\n");
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = tokenFile;
    process.env.AWS_ROLE_ARN = "arn:aws:iam::123456789012:role/pod";
    process.env.AWS_ROLE_SESSION_NAME = "pod-session";
    const provider = fromWebIdentity();
    const creds = await provider();
    expect(creds.accessKeyId).to.equal("ASIAWEB");
    expect(creds.sessionToken).to.equal(TOKEN);
    const req = sts.requests[0]!;
    expect(req.headers.authorization).to.equal(undefined);
    expect(formOf(req)).to.deep.equal({
      Action: "AssumeRoleWithWebIdentity",
      Version: "2011-06-15",
      RoleArn: "arn:aws:iam::123456789012:role/pod",
      RoleSessionName: "pod-session",
      WebIdentityToken: "eyJhbGciOi.first-token.sig",
    });
    env.file("token", "eyJhbGciOi.rotated-token.sig");
    await provider();
    expect(formOf(sts.requests[1]!).WebIdentityToken).to.equal("eyJhbGciOi.rotated-token.sig");
  });

  it("reads web_identity_token_file and role_arn from a profile", async () => {
    const tokenFile = env.file("token", "profile-token");
    process.env.AWS_CONFIG_FILE = env.file("config", `[profile web]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = ${tokenFile}\nrole_session_name = from-profile\n`);
    const creds = await fromProfile({ profile: "web" })();
    expect(creds.accessKeyId).to.equal("ASIAWEB");
    expect(formOf(sts.requests[0]!)).to.include({ RoleArn: "arn:aws:iam::1:role/web", RoleSessionName: "from-profile", WebIdentityToken: "profile-token" });
  });

  it("is not configured without a token file, and fails clearly on a missing file or role", async () => {
    const none = await rejectionOf(fromWebIdentity()());
    expect((none as CredentialsProviderError).configured).to.equal(false);
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = env.file("token", "t");
    expect((await rejectionOf(fromWebIdentity()())).message).to.include("no role ARN");
    process.env.AWS_ROLE_ARN = "arn:aws:iam::1:role/x";
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = `${env.dir()}/missing-token`;
    expect((await rejectionOf(fromWebIdentity()())).message).to.include("cannot read web identity token file").and.to.include("ENOENT");
  });

  it("never repeats the token in an error, even when STS echoes it", async () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.secret-claims-zz.signature-zz";
    sts.handle((_req, res) => sendXml(res, 400, stsErrorXml("InvalidIdentityToken", `Token ${jwt} has expired`)));
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = env.file("token", jwt);
    process.env.AWS_ROLE_ARN = "arn:aws:iam::1:role/x";
    const err = await rejectionOf(fromWebIdentity()());
    expect(err.message).to.include("InvalidIdentityToken").and.to.include("[redacted]");
    expect(err.message).not.to.include(jwt);
  });
});
