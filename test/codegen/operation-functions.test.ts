/**
 * The generated operation functions on the wire: `getItem(client, input)` on
 * the bare `DynamoDBClient` sends what `DynamoDB#getItem` sends, maps the
 * operation's own error codes to their classes, and any other code to the
 * service's base exception named by it; the `DynamoDB` class keeps mapping
 * every modeled code to its class. `sendOperation` sends wire JSON through
 * one descriptor.
 */
import { expect } from "chai";
import {
  ConditionalCheckFailedException,
  DynamoDB,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItem,
  ResourceNotFoundException,
  UpdateItem,
  getItem,
  operations,
  paginateListTables,
  sendOperation,
  waitUntilTableExists,
} from "../../src/generated/dynamodb/index.js";
import { DynamoDBStreams, DynamoDBStreamsClient, listStreams } from "../../src/generated/dynamodbstreams/index.js";
import { ParamValidationError } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";
import { rejectionOf } from "../support/rejection.js";
import { sendDynamoJson } from "../support/stub-server.js";

const key = { pk: { s: "a" } };

describe("operation functions on the wire", () => {
  const bare = stubbedClient(DynamoDBClient);
  const full = stubbedClient(DynamoDB);

  it("getItem(client, input) sends GetItem's target and body and reads the item", async () => {
    bare.stub.handle((_req, res) => sendDynamoJson(res, 200, { Item: { pk: { S: "a" }, n: { N: "1" } } }));
    const out = await getItem(bare.client, { tableName: "t", key, consistentRead: true });
    const sent = bare.stub.requests.at(-1)!;
    expect(sent.headers["x-amz-target"]).to.equal("DynamoDB_20120810.GetItem");
    expect(sent.headers["content-type"]).to.equal("application/x-amz-json-1.0");
    expect(JSON.parse(sent.body)).to.deep.equal({ TableName: "t", Key: { pk: { S: "a" } }, ConsistentRead: true });
    expect(out.item).to.deep.equal({ pk: { s: "a" }, n: { n: "1" } });
    expect(out.$metadata.httpStatusCode).to.equal(200);
  });

  it("validates before sending, named as the method names it", async () => {
    const before = bare.stub.requests.length;
    const err = await rejectionOf(getItem(bare.client, { tableName: "", key }));
    expect(err).to.be.instanceOf(ParamValidationError);
    expect((err as ParamValidationError).operation).to.equal("getItem");
    expect(bare.stub.requests.length).to.equal(before);
  });

  it("maps an error code GetItem models to its class", async () => {
    bare.stub.handle((_req, res) => sendDynamoJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "no table" }));
    const err = await rejectionOf(getItem(bare.client, { tableName: "t", key }));
    expect(err).to.be.instanceOf(ResourceNotFoundException);
    expect((err as ResourceNotFoundException).message).to.equal("no table");
    expect((err as ResourceNotFoundException).$metadata.httpStatusCode).to.equal(400);
  });

  it("maps a code GetItem does not model to the base exception named by the code", async () => {
    for (const code of ["ConditionalCheckFailedException", "SomethingNewException"]) {
      bare.stub.handle((_req, res) => sendDynamoJson(res, 400, { __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: "m" }));
      const err = await rejectionOf(getItem(bare.client, { tableName: "t", key }));
      expect(err, code).to.be.instanceOf(DynamoDBServiceException).and.not.be.instanceOf(ConditionalCheckFailedException);
      expect((err as DynamoDBServiceException).name).to.equal(code);
      expect((err as DynamoDBServiceException).$fault).to.equal("client");
    }
  });

  it("on the DynamoDB class, maps every modeled code to its class as before", async () => {
    full.stub.handle((_req, res) => sendDynamoJson(res, 400, { __type: "ConditionalCheckFailedException", message: "m" }));
    expect(await rejectionOf(full.client.getItem({ tableName: "t", key }))).to.be.instanceOf(ConditionalCheckFailedException);
    // The function given a DynamoDB behaves the same: the class's factory is the fallback.
    expect(await rejectionOf(getItem(full.client, { tableName: "t", key }))).to.be.instanceOf(ConditionalCheckFailedException);
    full.stub.handle((_req, res) => sendDynamoJson(res, 400, { __type: "SomethingNewException", message: "m" }));
    const err = await rejectionOf(full.client.getItem({ tableName: "t", key }));
    expect(err).to.be.instanceOf(DynamoDBServiceException);
    expect((err as Error).name).to.equal("SomethingNewException");
  });

  it("sendOperation sends wire JSON through one descriptor, with its checks and error classes", async () => {
    bare.stub.handle((_req, res) => sendDynamoJson(res, 200, { Attributes: { pk: { S: "a" } } }));
    const out = await sendOperation(bare.client, UpdateItem, { TableName: "t", Key: { pk: { S: "a" } }, ReturnValues: "ALL_NEW" });
    expect(bare.stub.requests.at(-1)!.headers["x-amz-target"]).to.equal("DynamoDB_20120810.UpdateItem");
    expect(out.Attributes).to.deep.equal({ pk: { S: "a" } });
    const invalid = await rejectionOf(sendOperation(bare.client, UpdateItem, { TableName: "" }));
    expect((invalid as ParamValidationError).operation).to.equal("UpdateItem");
    bare.stub.handle((_req, res) => sendDynamoJson(res, 400, { __type: "ConditionalCheckFailedException", message: "m" }));
    expect(await rejectionOf(sendOperation(bare.client, UpdateItem, { TableName: "t", Key: { pk: { S: "a" } } }))).to.be.instanceOf(
      ConditionalCheckFailedException,
    );
  });

  it("describes each operation once: the table holds the exported descriptors", () => {
    expect(operations.GetItem).to.equal(GetItem);
    expect(GetItem.modeledErrors.ResourceNotFoundException).to.equal(ResourceNotFoundException);
    expect(Object.values(GetItem.modeledErrors)).to.include(ResourceNotFoundException).and.not.include(ConditionalCheckFailedException);
    for (const [name, op] of Object.entries(operations)) expect(op.name, name).to.equal(name);
  });

  it("runs paginators and waiters on the bare client and on the class alike", async () => {
    const pages = [{ TableNames: ["aaa"], LastEvaluatedTableName: "aaa" }, { TableNames: ["bbb"] }];
    for (const client of [bare.client, full.client]) {
      let n = 0;
      const stub = client === bare.client ? bare.stub : full.stub;
      stub.handle((_req, res) => sendDynamoJson(res, 200, pages[n++]));
      const names: string[] = [];
      for await (const name of paginateListTables(client, {}).items()) names.push(name);
      expect(names).to.deep.equal(["aaa", "bbb"]);
      stub.handle((_req, res) => sendDynamoJson(res, 200, { Table: { TableName: "t", TableStatus: "ACTIVE" } }));
      expect((await waitUntilTableExists(client, { tableName: "t" })).state).to.equal("SUCCESS");
    }
  });
});

describe("operation functions of DynamoDB Streams", () => {
  const bare = stubbedClient(DynamoDBStreamsClient);

  it("listStreams(client) sends the Streams target", async () => {
    bare.stub.handle((_req, res) => sendDynamoJson(res, 200, { Streams: [] }));
    expect((await listStreams(bare.client, {})).streams).to.deep.equal([]);
    expect(bare.stub.requests.at(-1)!.headers["x-amz-target"]).to.equal("DynamoDBStreams_20120810.ListStreams");
    expect(new DynamoDBStreams({ region: "us-east-1" })).to.be.instanceOf(DynamoDBStreamsClient);
  });
});
