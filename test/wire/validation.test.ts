import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { ParamValidationError } from "../../src/runtime/index.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";
import { startStubServer, type StubServer } from "../support/stub-server.js";

// Validation from the DynamoDB model, before any I/O: the stub server must
// never see a request from these calls.
describe("wire: input validation", function () {
  let stub: StubServer;
  let db: DynamoDB;

  before(async () => {
    stub = await startStubServer();
    db = new DynamoDB({ region: "us-east-1", endpoint: stub.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });

  after(async () => {
    await db.destroy();
    await stub.close();
  });

  async function problems(call: () => Promise<unknown>): Promise<ParamValidationError> {
    const before = stub.requests.length;
    const err = await call().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
    expect(stub.requests.length, "nothing is sent").to.equal(before);
    return err as ParamValidationError;
  }

  it("collects every problem, names the operation and each path", async () => {
    // Casts stand in for JavaScript callers that TypeScript does not guard.
    const err = await problems(() => db.updateItem({ tableName: "" } as never));
    expect(err.message).to.equal("updateItem: tableName: length 0 is below the minimum 1; key is required");
    expect(err.problems).to.have.length(2);
  });

  const cases: [string, () => Promise<unknown>, { path: string; message: string }[]][] = [
    ["string length (max)", () => db.describeTable({ tableName: "x".repeat(1025) }), [{ path: "tableName", message: "length 1025 is above the maximum 1024" }]],
    ["numeric range", () => db.listTables({ limit: 0 }), [{ path: "limit", message: "value 0 is below the minimum 1" }]],
    ["numeric range (max)", () => db.listTables({ limit: 101 }), [{ path: "limit", message: "value 101 is above the maximum 100" }]],
    ["list size", () => db.transactGetItems({ transactItems: [] }), [{ path: "transactItems", message: "has 0 entries, below the minimum 1" }]],
    [
      "map size",
      () => db.batchGetItem({ requestItems: {} }),
      [{ path: "requestItems", message: "has 0 entries, below the minimum 1" }],
    ],
    [
      "nested required members and list indexes",
      () => db.transactWriteItems({ transactItems: [{ put: { tableName: "t", item: { pk: { s: "a" } } } }, { update: { tableName: "t" } as never }], clientRequestToken: "t" }),
      [
        { path: "transactItems[1].update.key", message: "is required" },
        { path: "transactItems[1].update.updateExpression", message: "is required" },
      ],
    ],
    [
      "map keys in paths",
      () => db.batchWriteItem({ requestItems: { "my-table": [{ deleteRequest: {} as never }] } }),
      [{ path: 'requestItems["my-table"][0].deleteRequest.key', message: "is required" }],
    ],
    [
      "portable patterns",
      () => db.createBackup({ tableName: "t", backupName: "!!!" }),
      [{ path: "backupName", message: "does not match the pattern [a-zA-Z0-9_.-]+" }],
    ],
  ];
  for (const [kind, call, expected] of cases) {
    it(`checks ${kind}`, async () => {
      const err = await problems(call);
      expect(err.problems).to.deep.equal(expected);
    });
  }

  it("counts characters, not UTF-16 units, against a maximum", async () => {
    // 1024 emoji are 2048 UTF-16 units but 1024 characters: within TableArn's max of 1024.
    const err = await db.describeTable({ tableName: "😀".repeat(1024) }).catch((e: unknown) => e);
    expect(err).to.not.be.instanceOf(ParamValidationError);
  });

  it("rejects an input that is not an object", async () => {
    const err = await problems(() => db.getItem(null as never));
    expect(err.problems[0]!.message).to.match(/must be an object/);
  });
});
