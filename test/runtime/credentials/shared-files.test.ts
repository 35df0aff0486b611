import { expect } from "chai";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromEnv, fromProcess, fromProfile, parseIni, CredentialsProviderError } from "../../../src/runtime/credentials/index.js";
import { SECRET, TOKEN, isolateEnvironment } from "./support.js";
import { rejectionOf } from "../../support/rejection.js";

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, CredentialsProviderError);

describe("credentials: environment", () => {
  isolateEnvironment();

  it("reads the key pair and session token at each call", async () => {
    const provider = fromEnv();
    process.env.AWS_ACCESS_KEY_ID = "AKIDENV";
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    process.env.AWS_SESSION_TOKEN = TOKEN;
    const creds = await provider();
    expect(creds.accessKeyId).to.equal("AKIDENV");
    expect(creds.secretAccessKey).to.equal(SECRET);
    expect(creds.sessionToken).to.equal(TOKEN);
    process.env.AWS_ACCESS_KEY_ID = "AKIDROTATED";
    expect((await provider()).accessKeyId).to.equal("AKIDROTATED");
  });

  it("is not configured without variables, and misconfigured with only one", async () => {
    expect((await rejection(fromEnv()())).configured).to.equal(false);
    process.env.AWS_ACCESS_KEY_ID = "AKIDENV";
    const err = await rejection(fromEnv()());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include("AWS_SECRET_ACCESS_KEY is not");
  });

  it("reads AWS_CREDENTIAL_EXPIRATION", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDENV";
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    process.env.AWS_CREDENTIAL_EXPIRATION = "2030-01-02T03:04:05Z";
    expect((await fromEnv()()).expiration?.toISOString()).to.equal("2030-01-02T03:04:05.000Z");
  });
});

describe("credentials: the shared files' INI dialect", () => {
  const cases: Array<[string, { given: string; want: Record<string, Record<string, string>> }]> = [
    ["sections and keys, trimmed, keys lower-cased", { given: "[default]\n  AWS_Access_Key_ID =  AKID \n", want: { default: { aws_access_key_id: "AKID" } } }],
    ["comments with # and ;", { given: "# top\n[a]\n; note\nk=v\n#k2=v2\n", want: { a: { k: "v" } } }],
    ["values containing = and #", { given: "[a]\nk = x=y#z\n", want: { a: { k: "x=y#z" } } }],
    ["nested blocks are kept apart", { given: "[a]\ns3 =\n  max_concurrent_requests = 10\nregion = eu-west-1\n", want: { a: { s3: "", "s3.max_concurrent_requests": "10", region: "eu-west-1" } } }],
    ["CRLF line ends and spaces in headers", { given: "[profile   dev ]\r\nregion=us-west-2\r\n", want: { "profile dev": { region: "us-west-2" } } }],
    ["keys before any section are ignored", { given: "k=v\n[a]\n", want: { a: {} } }],
    ["a repeated section merges", { given: "[a]\nx=1\n[b]\n[a]\ny=2\n", want: { a: { x: "1", y: "2" }, b: {} } }],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, () => {
      expect(Object.fromEntries(parseIni(given))).to.deep.equal(want);
    });
  }
});

describe("credentials: shared config and credentials files", () => {
  const env = isolateEnvironment();

  it("reads [default] from ~/.aws/credentials under HOME", async () => {
    mkdirSync(join(env.dir(), ".aws"));
    writeFileSync(join(env.dir(), ".aws", "credentials"), `[default]\naws_access_key_id = AKIDHOME\naws_secret_access_key = ${SECRET}\n`);
    const creds = await fromProfile()();
    expect(creds.accessKeyId).to.equal("AKIDHOME");
    expect(creds.secretAccessKey).to.equal(SECRET);
    expect(creds.sessionToken).to.equal(undefined);
  });

  it("honours AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE and [profile x] in AWS_CONFIG_FILE", async () => {
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.file("creds", `[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n`);
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      `[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n[dev]\naws_access_key_id = NOTAPROFILE\naws_secret_access_key = x\n`,
    );
    process.env.AWS_PROFILE = "dev";
    const creds = await fromProfile()();
    expect(creds.accessKeyId).to.equal("AKIDDEV");
    expect(creds.sessionToken).to.equal(TOKEN);
    // The option beats the variable.
    expect((await fromProfile({ profile: "default" })()).accessKeyId).to.equal("AKIDDEFAULT");
  });

  it("lets the credentials file win over the config file for the same profile", async () => {
    process.env.AWS_CONFIG_FILE = env.file("config", `[default]\nregion = eu-west-1\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = c\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.file("creds", `[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = ${SECRET}\n`);
    const creds = await fromProfile()();
    expect(creds.accessKeyId).to.equal("AKIDCREDS");
    expect(creds.secretAccessKey).to.equal(SECRET);
  });

  it("accepts the older aws_security_token name for the session token", async () => {
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.file("creds", `[default]\naws_access_key_id = A\naws_secret_access_key = ${SECRET}\naws_security_token = ${TOKEN}\n`);
    expect((await fromProfile()()).sessionToken).to.equal(TOKEN);
  });

  it("treats [profile default] in config as the default profile", async () => {
    process.env.AWS_CONFIG_FILE = env.file("config", `[profile default]\naws_access_key_id = AKIDPD\naws_secret_access_key = s\n`);
    expect((await fromProfile()()).accessKeyId).to.equal("AKIDPD");
  });

  it("is not configured when no profile was asked for and default has no credentials", async () => {
    process.env.AWS_CONFIG_FILE = env.file("config", `[default]\nregion = us-east-1\n`);
    const err = await rejection(fromProfile()());
    expect(err.configured).to.equal(false);
    expect(err.message).to.include('profile "default" has no credentials');
  });

  it("fails when a profile asked for by name is missing, naming both files", async () => {
    process.env.AWS_CONFIG_FILE = env.file("config", `[default]\nregion = us-east-1\n`);
    process.env.AWS_PROFILE = "nope";
    const err = await rejection(fromProfile()());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include('profile "nope" not found').and.to.include(process.env.AWS_CONFIG_FILE);
  });

  it("rejects a profile with half a key pair", async () => {
    process.env.AWS_SHARED_CREDENTIALS_FILE = env.file("creds", `[default]\naws_access_key_id = AKID\n`);
    const err = await rejection(fromProfile()());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include("only one of aws_access_key_id and aws_secret_access_key");
  });
});

describe("credentials: credential_process", () => {
  const env = isolateEnvironment();

  function script(name: string, body: string): string {
    return env.file(name, `#!/bin/sh\n${body}\n`);
  }

  it("runs the profile's program and reads Version 1 output with Expiration", async () => {
    const expiration = "2031-05-06T07:08:09Z";
    const program = script(
      "creds.sh",
      `cat <<'EOF'\n{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "${SECRET}", "SessionToken": "${TOKEN}", "Expiration": "${expiration}"}\nEOF`,
    );
    process.env.AWS_CONFIG_FILE = env.file("config", `[profile tool]\ncredential_process = "${program}" --flag\n`);
    process.env.AWS_PROFILE = "tool";
    const creds = await fromProfile()();
    expect(creds.accessKeyId).to.equal("AKIDPROC");
    expect(creds.secretAccessKey).to.equal(SECRET);
    expect(creds.sessionToken).to.equal(TOKEN);
    expect(creds.expiration?.toISOString()).to.equal("2031-05-06T07:08:09.000Z");
  });

  it("passes arguments through the shell", async () => {
    const program = script("echo-arg.sh", `printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"x"}' "$1"`);
    const creds = await fromProcess(`"${program}" 'AKID WITH SPACE'`)();
    expect(creds.accessKeyId).to.equal("AKID WITH SPACE");
  });

  it("reports a failing program with its exit code and stderr", async () => {
    const program = script("fail.sh", `echo "token expired, run login" >&2\nexit 3`);
    const err = await rejection(fromProcess(`"${program}"`)());
    expect(err.configured).to.equal(true);
    expect(err.message).to.include("exit code 3").and.to.include("token expired, run login");
  });

  it("rejects a wrong Version and never echoes stdout", async () => {
    const program = script("v2.sh", `echo '{"Version": 2, "AccessKeyId": "AKID", "SecretAccessKey": "${SECRET}"}'`);
    const err = await rejection(fromProcess(`"${program}"`)());
    expect(err.message).to.include("Version must be 1");
    expect(err.message).not.to.include(SECRET);

    const garbage = script("garbage.sh", `echo 'not json ${SECRET}'`);
    const err2 = await rejection(fromProcess(`"${garbage}"`)());
    expect(err2.message).to.include("not JSON");
    expect(err2.message).not.to.include(SECRET);
  });

  it("stops a program that runs too long", async () => {
    const program = script("slow.sh", "sleep 5");
    const started = Date.now();
    const err = await rejection(fromProcess(`"${program}"`, { timeoutMs: 200 })());
    expect(err.message).to.include("stopped after 200 ms");
    expect(Date.now() - started).to.be.below(3000);
  });
});
