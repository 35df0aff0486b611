import { expect } from "chai";
import { DynamoDB, type OperationName } from "../../src/generated/dynamodb/index.js";
import { ParamValidationError, checkBase64Length, type JsonObject, type ValidationProblem } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";

// Validation from the DynamoDB model, before any I/O: the stub server must
// never see a request from these calls. Typed calls and raw `send` calls
// break the same constraints; each is told in the names its caller wrote.
describe("wire: input validation", function () {
  const wire = stubbedClient(DynamoDB);

  async function problems(call: () => Promise<unknown>): Promise<ParamValidationError> {
    const before = wire.stub.requests.length;
    const err = await call().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
    expect(wire.stub.requests.length, "nothing is sent").to.equal(before);
    return err as ParamValidationError;
  }

  it("collects every problem, names the operation and each path", async () => {
    // Casts stand in for JavaScript callers that TypeScript does not guard.
    const err = await problems(() => wire.client.updateItem({ tableName: "" } as never));
    expect(err.message).to.equal("updateItem: tableName: length 0 is below the minimum 1; key is required");
    expect(err.operation).to.equal("updateItem");
    expect(err.problems).to.have.length(2);
  });

  it("names the operation and members of a raw send as the caller wrote them", async () => {
    const err = await problems(() => wire.client.send("UpdateItem", { TableName: "", ReturnValues: "ALL_NEW" }));
    expect(err.message).to.equal("UpdateItem: TableName: length 0 is below the minimum 1; Key is required");
    expect(err.operation).to.equal("UpdateItem");
  });

  const longName = "n".repeat(65536);
  /** [what, typed call, raw operation and input, [typed path, wire path, message] per problem] */
  const cases: [string, () => Promise<unknown>, [OperationName, JsonObject], [string, string, string][]][] = [
    [
      "string length (max)",
      () => wire.client.describeTable({ tableName: "x".repeat(1025) }),
      ["DescribeTable", { TableName: "x".repeat(1025) }],
      [["tableName", "TableName", "length 1025 is above the maximum 1024"]],
    ],
    ["numeric range", () => wire.client.listTables({ limit: 0 }), ["ListTables", { Limit: 0 }], [["limit", "Limit", "value 0 is below the minimum 1"]]],
    ["numeric range (max)", () => wire.client.listTables({ limit: 101 }), ["ListTables", { Limit: 101 }], [["limit", "Limit", "value 101 is above the maximum 100"]]],
    [
      "list size",
      () => wire.client.transactGetItems({ transactItems: [] }),
      ["TransactGetItems", { TransactItems: [] }],
      [["transactItems", "TransactItems", "has 0 entries, below the minimum 1"]],
    ],
    [
      "map size",
      () => wire.client.batchGetItem({ requestItems: {} }),
      ["BatchGetItem", { RequestItems: {} }],
      [["requestItems", "RequestItems", "has 0 entries, below the minimum 1"]],
    ],
    [
      "nested required members and list indexes",
      () =>
        wire.client.transactWriteItems({
          transactItems: [{ put: { tableName: "t", item: { pk: { s: "a" } } } }, { update: { tableName: "t" } as never }],
          clientRequestToken: "t",
        }),
      ["TransactWriteItems", { TransactItems: [{ Put: { TableName: "t", Item: { pk: { S: "a" } } } }, { Update: { TableName: "t" } }], ClientRequestToken: "t" }],
      [
        ["transactItems[1].update.key", "TransactItems[1].Update.Key", "is required"],
        ["transactItems[1].update.updateExpression", "TransactItems[1].Update.UpdateExpression", "is required"],
      ],
    ],
    [
      "map keys in paths",
      () => wire.client.batchWriteItem({ requestItems: { "my-table": [{ deleteRequest: {} as never }] } }),
      ["BatchWriteItem", { RequestItems: { "my-table": [{ DeleteRequest: {} }] } }],
      [['requestItems["my-table"][0].deleteRequest.key', 'RequestItems["my-table"][0].DeleteRequest.Key', "is required"]],
    ],
    [
      "attribute values inside expression values",
      () => wire.client.updateItem({ tableName: "t", key: { pk: { s: "a" } }, updateExpression: "SET v = :v", expressionAttributeValues: { ":v": { m: { [longName]: { s: "x" } } } } }),
      ["UpdateItem", { TableName: "t", Key: { pk: { S: "a" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { M: { [longName]: { S: "x" } } } } }],
      [
        [
          // An identifier key reads as a member; any other is quoted.
          `expressionAttributeValues[":v"].m.${longName}`,
          `ExpressionAttributeValues[":v"].M.${longName}`,
          "length 65536 is above the maximum 65535",
        ],
      ],
    ],
    [
      "portable patterns",
      () => wire.client.createBackup({ tableName: "t", backupName: "!!!" }),
      ["CreateBackup", { TableName: "t", BackupName: "!!!" }],
      [["backupName", "BackupName", "does not match the pattern [a-zA-Z0-9_.-]+"]],
    ],
  ];
  for (const [kind, typed, [operation, input], expected] of cases) {
    it(`checks ${kind}`, async () => {
      const err = await problems(typed);
      expect(err.problems).to.deep.equal(expected.map(([path, , message]) => ({ path, message })));
    });

    it(`checks ${kind} in raw input, with wire paths`, async () => {
      const err = await problems(() => wire.client.send(operation, input));
      expect(err.problems).to.deep.equal(expected.map(([, path, message]) => ({ path, message })));
    });
  }

  it("allows one type per attribute value (a union in DynamoDB's model), in the names each caller wrote", async () => {
    // TypeScript rejects { s, n } (test/codegen/unions.test.ts); a cast stands in for a JavaScript caller.
    const both = { s: "1", n: "1" } as never;
    const typed = await problems(() => wire.client.putItem({ tableName: "t", item: { pk: { s: "a" }, both, deep: { l: [{ bool: true, null: true } as never] } } }));
    expect(typed.problems).to.deep.equal([
      { path: "item.both", message: "sets s, n, but only one member of a union may be set" },
      { path: "item.deep.l[0]", message: "sets bool, null, but only one member of a union may be set" },
    ]);
    const raw = await problems(() => wire.client.send("PutItem", { TableName: "t", Item: { pk: { S: "a" }, both: { S: "1", N: "1" }, deep: { L: [{ BOOL: true, NULL: true }] } } }));
    expect(raw.problems).to.deep.equal([
      { path: "Item.both", message: "sets S, N, but only one member of a union may be set" },
      { path: "Item.deep.L[0]", message: "sets BOOL, NULL, but only one member of a union may be set" },
    ]);
  });

  it("counts characters, not UTF-16 units, against a maximum", async () => {
    // 1024 emoji are 2048 UTF-16 units but 1024 characters: within TableArn's max of 1024.
    const err = await wire.client.describeTable({ tableName: "😀".repeat(1024) }).catch((e: unknown) => e);
    expect(err).to.not.be.instanceOf(ParamValidationError);
  });

  it("rejects an input that is not an object", async () => {
    const typed = await problems(() => wire.client.getItem(null as never));
    expect(typed.problems[0]!.message).to.match(/must be an object/);
    const raw = await problems(() => wire.client.send("GetItem", [] as never));
    expect(raw.problems).to.deep.equal([{ path: "", message: "the input must be an object, got an array" }]);
  });

  it("reports a raw value of the wrong kind where the model constrains it", async () => {
    const err = await problems(() => wire.client.send("ListTables", { ExclusiveStartTableName: 7, Limit: "10" }));
    expect(err.problems).to.deep.equal([
      { path: "ExclusiveStartTableName", message: "must be a string or Uint8Array, got number" },
      { path: "Limit", message: "must be a number, got string" },
    ]);
  });

  it("leaves raw members the model does not know to the service", async () => {
    const before = wire.stub.requests.length;
    await wire.client.send("GetItem", { TableName: "t", Key: { pk: { S: "a" } }, tableName: "" });
    expect(wire.stub.requests.length).to.equal(before + 1);
  });

  describe("blob sizes on the wire", () => {
    // Base64 text is 4 characters per 3 bytes; the model's limits count bytes.
    const size = (text: unknown, min?: number, max?: number): ValidationProblem[] => {
      const found: ValidationProblem[] = [];
      checkBase64Length(found, "Blob", text, min, max);
      return found;
    };

    it("counts decoded bytes, padded or not", () => {
      for (const bytes of [0, 1, 2, 3, 4, 5, 100, 1001]) {
        const text = Buffer.alloc(bytes, 7).toString("base64");
        expect(size(text, bytes, bytes), text).to.deep.equal([]);
        expect(size(text.replace(/=+$/, ""), bytes, bytes), "unpadded").to.deep.equal([]);
        expect(size(text, bytes + 1)).to.deep.equal([{ path: "Blob", message: `size ${bytes} bytes is below the minimum ${bytes + 1}` }]);
        if (bytes > 0) expect(size(text, undefined, bytes - 1)).to.have.length(1);
      }
    });

    it("ignores line breaks, as decoders do, and reports text that is not a string", () => {
      expect(size("AAEC\nAwQF", 6, 6)).to.deep.equal([]);
      expect(size(42, 1)).to.deep.equal([{ path: "Blob", message: "must be a base64 string, got number" }]);
    });
  });
});
