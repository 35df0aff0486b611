/**
 * Every path that sends expressions checks them before the wire, with the
 * request's other problems in one `ParamValidationError`: typed methods, raw
 * `send`, the document client and `docs.send`, batch and transaction members;
 * and `checkExpressions: false` sends them unread. The stub server counts
 * what reached it.
 */
import { expect } from "chai";
import { DynamoDBDocument } from "../../src/document/index.js";
import { DynamoDB, updateItem } from "../../src/generated/dynamodb/index.js";
import { ParamValidationError, type JsonObject } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";

/** UpdateItem whose `:missing` is used but not defined, and whose `:unused` is defined but not used. */
const BAD_UPDATE = {
  TableName: "jobs",
  Key: { id: { S: "j1" } },
  UpdateExpression: "SET #s = :missing",
  ConditionExpression: "attribute_exists(id)",
  ExpressionAttributeNames: { "#s": "status" },
  ExpressionAttributeValues: { ":unused": { S: "x" } },
} satisfies JsonObject;

describe("expressions: checked on every path before the wire", function () {
  const wire = stubbedClient(DynamoDB);
  const unchecked = stubbedClient(DynamoDB, { checkExpressions: false });

  /** The validation error of `call`, checking that nothing reached the server. */
  async function rejected(call: () => Promise<unknown>): Promise<ParamValidationError> {
    const before = wire.stub.requests.length;
    const err = await call().catch((e: unknown) => e);
    expect(err, String(err)).to.be.instanceOf(ParamValidationError);
    expect(wire.stub.requests.length, "requests sent").to.equal(before);
    return err as ParamValidationError;
  }

  const paths = (err: ParamValidationError) => err.problems.map((p) => p.path);

  it("raw send: wire member names, the placeholder in the path of the map that should hold it", async () => {
    const err = await rejected(() => wire.client.send("UpdateItem", BAD_UPDATE));
    expect(paths(err)).to.include.members(["UpdateExpression", 'ExpressionAttributeValues[":unused"]']);
    expect(err.message).to.include(":missing");
  });

  it("typed methods and functions: typed member names, joined with the model's own problems", async () => {
    const input = {
      key: { id: { s: "j1" } },
      updateExpression: "SET status = :v",
      expressionAttributeValues: { ":v": { s: "done" } },
    };
    for (const call of [() => wire.client.updateItem(input as never), () => updateItem(wire.client, input as never)]) {
      const err = await rejected(call);
      expect(paths(err)).to.include.members(["tableName", "updateExpression"]);
      expect(err.problems.find((p) => p.path === "updateExpression")!.message).to.match(/status/);
    }
  });

  it("transaction and batch members, at their paths inside the request", async () => {
    const tx = await rejected(() =>
      wire.client.send("TransactWriteItems", {
        TransactItems: [
          { ConditionCheck: { TableName: "jobs", Key: { id: { S: "a" } }, ConditionExpression: "attribute_exists(id)" } },
          { Update: { TableName: "jobs", Key: { id: { S: "b" } }, UpdateExpression: "SET a = :a REMOVE a", ExpressionAttributeValues: { ":a": { N: "1" } } } },
        ],
      }),
    );
    expect(paths(tx)).to.deep.equal(["TransactItems[1].Update.UpdateExpression"]);
    const batch = await rejected(() =>
      wire.client.send("BatchGetItem", { RequestItems: { jobs: { Keys: [{ id: { S: "a" } }], ProjectionExpression: "id, name" } } }),
    );
    expect(paths(batch)).to.deep.equal(["RequestItems.jobs.ProjectionExpression"]);
  });

  it("the document client's methods and docs.send", async () => {
    const docs = new DynamoDBDocument(wire.client);
    const viaMethod = await rejected(() =>
      docs.update({ tableName: "jobs", key: { id: "j1" }, updateExpression: "SET #s = :missing", expressionAttributeNames: { "#s": "status" } }),
    );
    expect(viaMethod.message).to.include(":missing");
    const viaSend = await rejected(() =>
      docs.send("Query", { TableName: "jobs", KeyConditionExpression: "id = :id OR id = :id", ExpressionAttributeValues: { ":id": "j1" } }),
    );
    expect(paths(viaSend)).to.deep.equal(["KeyConditionExpression"]);
  });

  it("a valid request goes out unchanged", async () => {
    const before = wire.stub.requests.length;
    await wire.client.send("UpdateItem", {
      TableName: "jobs",
      Key: { id: { S: "j1" } },
      UpdateExpression: "SET #s = :s, attempts = attempts + :one REMOVE lease ADD tags :t",
      ConditionExpression: "#s = :open AND attribute_exists(id)",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":s": { S: "claimed" }, ":one": { N: "1" }, ":t": { SS: ["x"] }, ":open": { S: "open" } },
    });
    expect(wire.stub.requests.length).to.equal(before + 1);
  });

  it("checkExpressions: false sends expressions unread, and still checks the model", async () => {
    const before = unchecked.stub.requests.length;
    await unchecked.client.send("UpdateItem", BAD_UPDATE);
    await new DynamoDBDocument(unchecked.client).send("UpdateItem", { ...BAD_UPDATE, Key: { id: "j1" }, ExpressionAttributeValues: { ":unused": "x" } });
    expect(unchecked.stub.requests.length).to.equal(before + 2);
    const err = await unchecked.client.send("UpdateItem", { ...BAD_UPDATE, TableName: "" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ParamValidationError);
    expect(paths(err as ParamValidationError)).to.deep.equal(["TableName"]);
  });

  it("the option is per client", async () => {
    const other = new DynamoDB({ region: "us-east-1", endpoint: unchecked.stub.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    try {
      const err = await other.send("UpdateItem", BAD_UPDATE).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ParamValidationError);
    } finally {
      await other.destroy();
    }
  });
});
