import { expect } from "chai";
import { inspect } from "node:util";
import {
  credentialProviderFrom,
  defaultProvider,
  fromContainer,
  fromInstanceMetadata,
  fromProcess,
  fromProfile,
  sealCredentials,
} from "../../../src/runtime/credentials/index.js";
import { assumeRole } from "../../../src/runtime/sts/index.js";
import type { Credentials } from "../../../src/runtime/types.js";
import { startStubServer, type StubServer } from "../../support/stub-server.js";
import { SECRET, TOKEN, isolateEnvironment, sendJsonBody, sendXml, stsErrorXml } from "./support.js";

/** Every way a value commonly ends up in a log line. */
function renderings(value: unknown): string[] {
  return [
    inspect(value),
    inspect(value, { showHidden: true, depth: 10 }),
    JSON.stringify(value) ?? "",
    String(value),
    `${JSON.stringify({ ...(value as object) })}`,
    inspect([value]),
    inspect({ nested: { value } }, { depth: 10 }),
  ];
}

function expectNoSecrets(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.to.include(SECRET);
    expect(text).not.to.include(TOKEN);
  }
}

/** An error's message, stack and cause chain, and how it inspects. */
function errorTexts(err: unknown): string[] {
  const out: string[] = [];
  let current: unknown = err;
  while (current instanceof Error) {
    out.push(current.message, current.stack ?? "", inspect(current, { depth: 10 }), JSON.stringify(current));
    current = current.cause;
  }
  return out;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("credentials: secrets never print", () => {
  const env = isolateEnvironment();

  it("sealed credentials still give the signer its secret but print it redacted", () => {
    const creds = sealCredentials({ accessKeyId: "AKIDVISIBLE", secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date(0) });
    expect(creds.secretAccessKey).to.equal(SECRET);
    expect(creds.sessionToken).to.equal(TOKEN);
    expectNoSecrets(renderings(creds));
    expect(inspect(creds)).to.include("AKIDVISIBLE").and.to.include("[redacted]");
    expect(JSON.parse(JSON.stringify(creds))).to.deep.equal({
      accessKeyId: "AKIDVISIBLE",
      secretAccessKey: "[redacted]",
      sessionToken: "[redacted]",
      expiration: "1970-01-01T00:00:00.000Z",
    });
    expect(Object.keys(creds)).to.deep.equal(["accessKeyId", "expiration"]);
    expect(Object.isFrozen(creds)).to.equal(true);
  });

  it("static keys passed as the option come back sealed", async () => {
    const plain: Credentials = { accessKeyId: "AKID", secretAccessKey: SECRET, sessionToken: TOKEN };
    const creds = await credentialProviderFrom(plain)();
    expect(creds.secretAccessKey).to.equal(SECRET);
    expectNoSecrets(renderings(creds));
  });

  it("a user's provider's results come back sealed", async () => {
    const creds = await credentialProviderFrom(async () => ({ accessKeyId: "AKID", secretAccessKey: SECRET, sessionToken: TOKEN }))();
    expectNoSecrets(renderings(creds));
  });

  it("every built-in source returns sealed credentials", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKID";
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    process.env.AWS_SESSION_TOKEN = TOKEN;
    expectNoSecrets(renderings(await defaultProvider()()));
    const program = env.file("p.sh", `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"${SECRET}","SessionToken":"${TOKEN}"}'\n`);
    expectNoSecrets(renderings(await fromProcess(`"${program}"`)()));
    process.env.AWS_CONFIG_FILE = env.file("config", `[default]\naws_access_key_id = A\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`);
    expectNoSecrets(renderings(await fromProfile()()));
  });

  describe("errors from remote sources", () => {
    let server: StubServer;
    before(async () => {
      server = await startStubServer();
    });
    after(() => server.close());

    it("an STS error, even one that echoes the caller's token", async () => {
      server.handle((_req, res) => sendXml(res, 403, stsErrorXml("ExpiredToken", `The security token ${TOKEN} included in the request is expired`)));
      const err = await caught(
        assumeRole({ accessKeyId: "AKID", secretAccessKey: SECRET, sessionToken: TOKEN }, { roleArn: "arn:aws:iam::1:role/r", roleSessionName: "s" }, { endpoint: server.endpoint }),
      );
      expect((err as Error).message).to.include("ExpiredToken");
      expectNoSecrets(errorTexts(err));
    });

    it("an STS answer that is not XML", async () => {
      server.handle((_req, res) => sendXml(res, 200, `{"SecretAccessKey":"${SECRET}"}`));
      const err = await caught(assumeRole({ accessKeyId: "AKID", secretAccessKey: SECRET }, { roleArn: "arn:aws:iam::1:role/r", roleSessionName: "s" }, { endpoint: server.endpoint }));
      expectNoSecrets(errorTexts(err));
    });

    it("a container answer that is cut off or malformed", async () => {
      server.handle((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"AccessKeyId":"A","SecretAccessKey":"${SECRET}","Token":"${TOKEN}"`);
      });
      process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${server.endpoint}/creds`;
      process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = TOKEN;
      const err = await caught(fromContainer({ maxAttempts: 1 })());
      expect((err as Error).message).to.include("not JSON");
      expectNoSecrets(errorTexts(err));
    });

    it("an IMDS answer without a usable Code", async () => {
      server.handle((req, res) => {
        if (req.method === "PUT") return void res.end(TOKEN);
        if (req.path.endsWith("/")) return void res.end("role");
        sendJsonBody(res, 200, { Code: "Failure", SecretAccessKey: SECRET, Token: TOKEN });
      });
      delete process.env.AWS_EC2_METADATA_DISABLED;
      const err = await caught(fromInstanceMetadata({ endpoint: server.endpoint })());
      expectNoSecrets(errorTexts(err));
    });

    it("the default chain's own error", async () => {
      process.env.AWS_SHARED_CREDENTIALS_FILE = env.file("c", `[default]\naws_secret_access_key = ${SECRET}\n`);
      const err = await caught(defaultProvider()());
      expect((err as Error).message).to.include("only one of");
      expectNoSecrets(errorTexts(err));
    });
  });
});
