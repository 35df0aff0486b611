import { expect } from "chai";
import {
  ConditionalCheckFailedException,
  DynamoDB,
  DynamoDBServiceException,
  InternalServerError,
  ResourceNotFoundException,
  TransactionCanceledException,
  operations,
} from "../../src/generated/dynamodb/index.js";
import { DynamoDBDocument } from "../../src/document/index.js";
import { InvalidResponseError, ServiceException } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";
import { sendJson } from "../support/stub-server.js";
import { rejectionOf } from "../support/rejection.js";

// Error responses as DynamoDB and the proxies in front of it send them, each
// mapped to the generated class with its name, message, fault and metadata.
describe("wire: error mapping", function () {
  const wire = stubbedClient(DynamoDB);
  const key = { pk: { s: "a" } };

  const failure = (call: () => Promise<unknown>): Promise<Error> => rejectionOf(call());


  const cases: [string, { status: number; body: unknown; headers?: Record<string, string> }][] = [
    ["the __type with a namespace", { status: 400, body: { __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "Requested resource not found" } }],
    ["the x-amzn-errortype header over the body", { status: 400, body: { __type: "Wrong", message: "Requested resource not found" }, headers: { "x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.service/" } }],
    ["a bare code member", { status: 400, body: { code: "ResourceNotFoundException", Message: "Requested resource not found" } }],
  ];
  for (const [name, answer] of cases) {
    it(`reads the code from ${name}`, async () => {
      wire.stub.handle((_req, res) => sendJson(res, answer.status, answer.body, answer.headers));
      const err = await failure(() => wire.client.getItem({ tableName: "Missing", key }));
      expect(err).to.be.instanceOf(ResourceNotFoundException);
      expect(err).to.be.instanceOf(DynamoDBServiceException);
      expect(err).to.be.instanceOf(ServiceException);
      const e = err as ResourceNotFoundException;
      expect(e.name).to.equal("ResourceNotFoundException");
      expect(e.message).to.equal("Requested resource not found");
      expect(e.$fault).to.equal("client");
      expect(e.$metadata).to.include({ httpStatusCode: 400, requestId: "REQ-400", attempts: 1 });
    });
  }

  it("carries the modeled members: the item of a ConditionalCheckFailedException", async () => {
    wire.stub.handle((_req, res) =>
      sendJson(res, 400, {
        __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        message: "The conditional request failed",
        Item: { pk: { S: "a" }, status: { S: "CLAIMED" }, blob: { B: "AQI=" } },
      }),
    );
    const err = await failure(() => wire.client.putItem({ tableName: "t", item: key, conditionExpression: "attribute_not_exists(pk)", returnValuesOnConditionCheckFailure: "ALL_OLD" }));
    expect(err).to.be.instanceOf(ConditionalCheckFailedException);
    const e = err as ConditionalCheckFailedException;
    expect(e.item).to.deep.equal({ pk: { s: "a" }, status: { s: "CLAIMED" }, blob: { b: new Uint8Array([1, 2]) } });
    expect(e.message).to.equal("The conditional request failed");
  });

  it("carries a list member with a capitalised Message: TransactionCanceledException", async () => {
    wire.stub.handle((_req, res) =>
      sendJson(res, 400, {
        __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
        Message: "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]",
        CancellationReasons: [{ Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { pk: { S: "a" } } }, { Code: "None" }],
      }),
    );
    const err = await failure(() => wire.client.transactWriteItems({ transactItems: [{ put: { tableName: "t", item: key } }], clientRequestToken: "t" }));
    expect(err).to.be.instanceOf(TransactionCanceledException);
    const e = err as TransactionCanceledException;
    expect(e.message).to.match(/^Transaction cancelled/);
    expect(e.cancellationReasons).to.deep.equal([{ code: "ConditionalCheckFailed", message: "The conditional request failed", item: { pk: { s: "a" } } }, { code: "None" }]);
  });

  it("takes $fault from the model: InternalServerError is a server fault", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 500, { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "Internal server error" }));
    const err = await failure(() => wire.client.describeTable({ tableName: "t" }));
    expect(err).to.be.instanceOf(InternalServerError);
    expect((err as InternalServerError).$fault).to.equal("server");
    expect((err as InternalServerError).$metadata.httpStatusCode).to.equal(500);
  });

  it("turns an unknown code into the base exception named by the code", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#BrandNewException", message: "something new" }));
    const err = await failure(() => wire.client.describeTable({ tableName: "t" }));
    expect(err.constructor).to.equal(DynamoDBServiceException);
    const e = err as DynamoDBServiceException;
    expect(e.name).to.equal("BrandNewException");
    expect(e.message).to.equal("something new");
    expect(e.$fault).to.equal("client");
    expect(e.$metadata).to.include({ httpStatusCode: 400, requestId: "REQ-400" });
  });

  it("reports an HTML 503 from a proxy with the operation, status and request id, not a SyntaxError", async () => {
    wire.stub.handle((_req, res) => {
      const html = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";
      res.writeHead(503, { "content-type": "text/html", "x-amzn-requestid": "REQ-HTML" });
      res.end(html);
    });
    const err = await failure(() => wire.client.getItem({ tableName: "t", key }));
    expect(err).to.be.instanceOf(InvalidResponseError);
    expect(err).to.not.be.instanceOf(SyntaxError);
    expect(err.message).to.include("GetItem").and.include("503").and.include("REQ-HTML");
    const e = err as InvalidResponseError;
    expect(e.statusCode).to.equal(503);
    expect(e.requestId).to.equal("REQ-HTML");
    expect(e.operation).to.equal("GetItem");
  });

  it("reports invalid JSON in a 200 the same way", async () => {
    wire.stub.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "REQ-BAD" });
      res.end('{"Item": {"pk": ');
    });
    const err = await failure(() => wire.client.getItem({ tableName: "t", key }));
    expect(err).to.be.instanceOf(InvalidResponseError);
    expect(err.message).to.include("GetItem").and.include("200").and.include("REQ-BAD");
  });

  // Outputs holding attribute values are read straight from the text (typed
  // and document alike); a body that is not their JSON is still reported
  // with the operation, status and request id.
  const readers: [string, () => Promise<unknown>][] = [
    ["typed Query", () => wire.client.query({ tableName: "t", keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": { s: "a" } } })],
    ["raw Query", () => wire.client.send("Query", { TableName: "t", KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": { S: "a" } } })],
    ["document get", () => new DynamoDBDocument(wire.client).get({ tableName: "t", key: { pk: "a" } })],
    ["document query", () => new DynamoDBDocument(wire.client).query({ tableName: "t", keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": "a" } })],
  ];
  for (const [name, call] of readers) {
    for (const [kind, body] of [
      ["an HTML page", "<html><body>Gateway says hello</body></html>"],
      ["cut-off JSON", '{"Items": [{"pk": {"S": "a"}}, {"pk": '],
      ["a JSON array", "[]"],
    ]) {
      it(`reports ${kind} in a 200 to ${name} as an InvalidResponseError`, async () => {
        wire.stub.handle((_req, res) => {
          res.writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "REQ-TEXT" });
          res.end(body);
        });
        const err = await failure(call);
        expect(err).to.be.instanceOf(InvalidResponseError);
        expect(err.message).to.include("200").and.include("REQ-TEXT").and.include(name.endsWith("uery") ? "Query" : "GetItem");
        expect((err as InvalidResponseError).$metadata.attempts).to.equal(1);
      });
    }
  }

  it("reports JSON that does not fit the output (a list that is a number) as an InvalidResponseError, not a TypeError", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 200, { Table: { TableName: "t", KeySchema: 5 } }));
    const err = await failure(() => wire.client.describeTable({ tableName: "t" }));
    expect(err).to.be.instanceOf(InvalidResponseError);
    expect(err.message).to.include("DescribeTable").and.include("200").and.include("REQ-200");
  });

  it("maps errors of raw send calls to the same classes", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "nope" }));
    const err = await failure(() => wire.client.send("GetItem", { TableName: "Missing", Key: { pk: { S: "a" } } }));
    expect(err).to.be.instanceOf(ResourceNotFoundException);
    expect((err as ResourceNotFoundException).$metadata.requestId).to.equal("REQ-400");
  });

  it("lists, per operation, the exception classes the model says it may throw", () => {
    expect(Object.values(operations.UpdateItem.modeledErrors)).to.include(ConditionalCheckFailedException);
    expect(Object.values(operations.GetItem.modeledErrors)).to.not.include(ConditionalCheckFailedException);
    const modeled = new Set(Object.values(operations).flatMap((op) => ("modeledErrors" in op ? Object.values(op.modeledErrors) : [])));
    expect(modeled.size).to.be.greaterThan(30);
  });
});
