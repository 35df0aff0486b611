import { expect } from "chai";
import {
  AbortError,
  AwsJsonClient,
  ConnectionError,
  DynaportError,
  InvalidResponseError,
  ParamValidationError,
  RequestTimeoutError,
  sanitizeErrorCode,
  ServiceException,
  type ErrorFactory,
} from "../../src/runtime/index.js";
import { sendJson, startStubServer, type StubServer } from "../support/stub-server.js";
import { CREDENTIALS, DYNAMODB, rejectionOf, sendDynamo, testClient } from "./fixtures.js";

describe("errors", () => {
  let server: StubServer;
  let client: AwsJsonClient;
  before(async () => {
    server = await startStubServer();
    client = testClient(server.endpoint, { maxAttempts: 1 });
  });
  after(async () => {
    await client.destroy();
    await server.close();
  });

  const cases: [string, { headers?: Record<string, string>; body: unknown }, string, string][] = [
    ["x-amzn-errortype header with a URL suffix", { headers: { "x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/" }, body: { message: "bad" } }, "ValidationException", "bad"],
    ["the header over the body", { headers: { "x-amzn-errortype": "ResourceInUseException" }, body: { __type: "Other", message: "m" } }, "ResourceInUseException", "m"],
    ["__type with a namespace", { body: { __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "Requested resource not found" } }, "ResourceNotFoundException", "Requested resource not found"],
    ["__type with a namespace and a suffix", { body: { __type: "aws.protocoltests#FooError:http://example.com/", Message: "capital M" } }, "FooError", "capital M"],
    ["code", { body: { code: "LimitExceededException", message: "too many" } }, "LimitExceededException", "too many"],
    ["an unknown code", { body: { __type: "BrandNewException", message: "new" } }, "BrandNewException", "new"],
  ];
  for (const [name, answer, code, message] of cases) {
    it(`reads the code from ${name}`, async () => {
      server.handle((_req, res) => sendDynamo(res, 400, answer.body, answer.headers));
      const err = await rejectionOf(client.call("DescribeTable", {}));
      expect(err).to.be.instanceOf(ServiceException);
      expect(err.name).to.equal(code);
      expect(err.message).to.equal(message);
      expect(err.$fault).to.equal("client");
      expect(err.$metadata).to.deep.equal({ httpStatusCode: 400, requestId: "REQ-400", attempts: 1, totalRetryDelay: 0 });
    });
  }

  it("carries x-amz-id-2 as the extended request id", async () => {
    server.handle((_req, res) => sendDynamo(res, 400, { __type: "ValidationException", message: "m" }, { "x-amz-id-2": "EXT-9" }));
    const err = await rejectionOf(client.call("GetItem", {}));
    expect(err.$metadata.extendedRequestId).to.equal("EXT-9");
  });

  it("marks 5xx errors as server faults", async () => {
    server.handle((_req, res) => sendDynamo(res, 500, { __type: "InternalServerError", message: "oops" }));
    const err = await rejectionOf(client.call("GetItem", {}));
    expect(err.$fault).to.equal("server");
  });

  it("hands code, body and context to the error factory", async () => {
    const seen: unknown[] = [];
    class ConditionalCheckFailedException extends ServiceException {
      readonly item: unknown;
      constructor(body: Record<string, unknown>, context: Parameters<ErrorFactory>[2]) {
        super({ name: "ConditionalCheckFailedException", message: context.message, $fault: context.fault, $metadata: context.$metadata });
        this.item = body["Item"];
      }
    }
    const factory: ErrorFactory = (code, body, context) => {
      seen.push(code);
      return code === "ConditionalCheckFailedException"
        ? new ConditionalCheckFailedException(body, context)
        : new ServiceException({ name: code, message: context.message, $fault: context.fault, $metadata: context.$metadata });
    };
    const custom = new AwsJsonClient({ region: "us-east-1", endpoint: server.endpoint, credentials: CREDENTIALS }, DYNAMODB, factory);
    server.handle((_req, res) =>
      sendDynamo(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed", Item: { pk: { S: "a" } } }),
    );
    const err = await rejectionOf(custom.call("PutItem", {}));
    expect(err).to.be.instanceOf(ConditionalCheckFailedException).and.instanceOf(ServiceException);
    expect(err.item).to.deep.equal({ pk: { S: "a" } });
    expect(seen).to.deep.equal(["ConditionalCheckFailedException"]);
    // A subclass's instanceof is by prototype, not by the base's brand.
    expect(new ServiceException({ name: "X", message: "", $fault: "client", $metadata: { attempts: 1, totalRetryDelay: 0 } })).to.not.be.instanceOf(
      ConditionalCheckFailedException,
    );
    await custom.destroy();
  });

  for (const [name, status, body, contentType] of [
    ["an HTML 503 from a proxy", 503, "<html><head><title>503 Service Temporarily Unavailable</title></head></html>", "text/html"],
    ["invalid JSON", 400, '{"__type": "Validation', "application/x-amz-json-1.0"],
    ["a JSON array", 400, "[1, 2]", "application/json"],
    ["an empty error body", 502, "", "text/plain"],
  ] as const) {
    it(`turns ${name} into InvalidResponseError naming operation, status and request id`, async () => {
      server.handle((_req, res) => {
        res.writeHead(status, { "content-type": contentType, "x-amzn-requestid": "RID-123" });
        res.end(body);
      });
      const err = await rejectionOf(client.call("UpdateItem", {}));
      expect(err).to.be.instanceOf(InvalidResponseError).and.instanceOf(DynaportError);
      expect(err).to.not.be.instanceOf(SyntaxError);
      expect(err.code).to.equal("ERR_INVALID_RESPONSE");
      expect(err.message).to.include("UpdateItem").and.include(`HTTP ${status}`).and.include("RID-123");
      expect(err).to.include({ operation: "UpdateItem", statusCode: status, requestId: "RID-123" });
      expect(err.$metadata).to.include({ httpStatusCode: status, requestId: "RID-123", attempts: 1 });
    });
  }

  it("rejects a 200 whose body is not JSON", async () => {
    server.handle((_req, res) => sendJson(res, 200, "not json"));
    const err = await rejectionOf(client.call("GetItem", {}));
    expect(err).to.be.instanceOf(InvalidResponseError);
    expect(err.message).to.include("HTTP 200");
  });

  it("treats an empty 200 body as an empty output", async () => {
    server.handle((_req, res) => sendJson(res, 200, ""));
    expect((await client.call("DeleteItem", {})).output).to.deep.equal({});
  });

  it("keeps the code after # and before :", () => {
    expect(sanitizeErrorCode("com.amazonaws.dynamodb.v20120810#ThrottlingException")).to.equal("ThrottlingException");
    expect(sanitizeErrorCode("ValidationException:http://internal.amazon.com/")).to.equal("ValidationException");
    expect(sanitizeErrorCode("ns#Err:http://x#y")).to.equal("Err");
    expect(sanitizeErrorCode("Plain")).to.equal("Plain");
  });

  it("lists every validation problem in the message", () => {
    const err = new ParamValidationError("updateItem", [
      { path: "key", message: "is required" },
      { path: "tableName", message: "length 0 is below the minimum 1" },
    ]);
    expect(err.message).to.equal("updateItem: key is required; tableName: length 0 is below the minimum 1");
    expect(err.code).to.equal("ERR_PARAM_VALIDATION");
    expect(err).to.be.instanceOf(ParamValidationError).and.instanceOf(DynaportError).and.instanceOf(Error);
    expect(err).to.not.be.instanceOf(ConnectionError);
    expect(err.name).to.equal("ParamValidationError");
  });

  it("keeps instanceof working across two copies of the module", async () => {
    // A query string makes Node load a second, independent instance of the file.
    const specifier = "../../src/runtime/errors.js?second-copy";
    const copy = (await import(specifier)) as typeof import("../../src/runtime/errors.js");
    expect(copy.ServiceException).to.not.equal(ServiceException);
    const meta = { attempts: 1, totalRetryDelay: 0 };
    const foreign = new copy.ServiceException({ name: "X", message: "m", $fault: "client", $metadata: meta });
    expect(foreign).to.be.instanceOf(ServiceException);
    expect(new ServiceException({ name: "X", message: "m", $fault: "client", $metadata: meta })).to.be.instanceOf(copy.ServiceException);
    const timeout = new copy.RequestTimeoutError("slow");
    expect(timeout).to.be.instanceOf(RequestTimeoutError).and.instanceOf(DynaportError);
    expect(timeout).to.not.be.instanceOf(AbortError);
    expect(new copy.ParamValidationError("op", [])).to.be.instanceOf(ParamValidationError);
    expect(new Error("plain")).to.not.be.instanceOf(DynaportError);
    expect(null).to.not.be.instanceOf(ServiceException);
  });
});
