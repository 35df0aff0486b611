import { expect } from "chai";
import { DynamoDB } from "../../../src/generated/dynamodb/index.js";
import { startDynalite, type DynaliteServer } from "../../support/dynalite.js";
import { startStubServer, type StubServer } from "../../support/stub-server.js";
import { verifySigV4 } from "../sigv4-verifier.js";
import { sendDynamo } from "../fixtures.js";
import { SECRET, TOKEN, formOf, imdsHandler, inAnHour, isolateEnvironment, sendXml, stsCredentialsXml } from "./support.js";

// The generated client with no `credentials` and no `endpoint` option: both
// come from the environment the way a deployed program gets them.
describe("credentials and endpoints wired into the generated client", () => {
  const env = isolateEnvironment();
  let dynalite: DynaliteServer;
  let ddb: StubServer;
  let imds: StubServer;
  let sts: StubServer;

  before(async () => {
    [dynalite, ddb, imds, sts] = await Promise.all([startDynalite(), startStubServer((_req, res) => sendDynamo(res, 200, { TableNames: ["t"] })), startStubServer(), startStubServer()]);
  });
  after(async () => {
    await Promise.all([dynalite.close(), ddb.close(), imds.close(), sts.close()]);
  });
  beforeEach(() => {
    ddb.requests.length = 0;
    imds.handle(imdsHandler({ fetches: 0 }));
  });

  it("talks to dynalite with keys from the environment and the endpoint from AWS_ENDPOINT_URL_DYNAMODB", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDENV";
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    process.env.AWS_REGION = "eu-west-1";
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
    const db = new DynamoDB();
    try {
      const out = await db.listTables({});
      expect(out.tableNames).to.deep.equal([]);
    } finally {
      await db.destroy();
    }
  });

  it("signs with the instance profile's temporary credentials, session token included", async () => {
    delete process.env.AWS_EC2_METADATA_DISABLED;
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.endpoint;
    const db = new DynamoDB({ region: "us-east-1", endpoint: ddb.endpoint });
    try {
      await Promise.all([db.listTables({}), db.listTables({}), db.listTables({})]);
      expect(imds.requests.filter((r) => r.path.endsWith("demo-role"))).to.have.length(1);
      for (const req of ddb.requests) {
        expect(req.headers["x-amz-security-token"]).to.equal(TOKEN);
        const verified = verifySigV4(req, SECRET);
        expect(verified.valid).to.equal(true);
        expect(verified.accessKeyId).to.equal("ASIAIMDS1");
      }
    } finally {
      await db.destroy();
    }
  });

  it("assumes a role ARN from the profile before the first call", async () => {
    sts.handle((req, res) =>
      sendXml(res, 200, stsCredentialsXml(formOf(req).Action!, { accessKeyId: "ASIAROLE", secretAccessKey: `${SECRET}R`, sessionToken: `${TOKEN}R`, expiration: inAnHour() })),
    );
    process.env.AWS_ENDPOINT_URL_STS = sts.endpoint;
    process.env.AWS_CONFIG_FILE = env.file(
      "config",
      `[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = ${SECRET}\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n`,
    );
    process.env.AWS_PROFILE = "app";
    const db = new DynamoDB({ region: "us-east-1", endpoint: ddb.endpoint });
    try {
      await db.listTables({});
      expect(sts.requests).to.have.length(1);
      const verified = verifySigV4(ddb.requests[0]!, `${SECRET}R`);
      expect(verified.valid).to.equal(true);
      expect(verified.accessKeyId).to.equal("ASIAROLE");
    } finally {
      await db.destroy();
    }
  });
});
