import { expect } from "chai";
import { DynamoDBStreams, ExpiredIteratorException, operations } from "../../src/generated/dynamodbstreams/index.js";
import type { JsonObject } from "../../src/runtime/index.js";
import { stubbedClient } from "../support/client.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";
import { sendJson } from "../support/stub-server.js";
import { expectedSignature, parseAuthorization } from "./sigv4.js";

// The second generated client: DynamoDB Streams, JSON 1.0 with its own target
// prefix, signed as `dynamodb`. (dynalite has no streams, so these run against
// the stub server only.)
describe("wire: DynamoDB Streams", function () {
  const wire = stubbedClient(DynamoDBStreams);
  const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Music/stream/2023-11-14T22:13:20.000";

  const cases: { operation: keyof typeof operations; call: () => Promise<object>; body: JsonObject; response: JsonObject; output: object }[] = [
    {
      operation: "ListStreams",
      call: () => wire.client.listStreams({ tableName: "Music", limit: 2 }),
      body: { TableName: "Music", Limit: 2 },
      response: { Streams: [{ StreamArn: ARN, TableName: "Music", StreamLabel: "2023-11-14T22:13:20.000" }] },
      output: { streams: [{ streamArn: ARN, tableName: "Music", streamLabel: "2023-11-14T22:13:20.000" }] },
    },
    {
      operation: "DescribeStream",
      call: () => wire.client.describeStream({ streamArn: ARN, limit: 1 }),
      body: { StreamArn: ARN, Limit: 1 },
      response: {
        StreamDescription: {
          StreamArn: ARN,
          StreamStatus: "ENABLED",
          StreamViewType: "NEW_AND_OLD_IMAGES",
          CreationRequestDateTime: 1700000000,
          KeySchema: [{ AttributeName: "Artist", KeyType: "HASH" }],
          Shards: [{ ShardId: "shardId-00000001700000000000-a1b2c3d4", SequenceNumberRange: { StartingSequenceNumber: "100" } }],
        },
      },
      output: {
        streamDescription: {
          streamArn: ARN,
          streamStatus: "ENABLED",
          streamViewType: "NEW_AND_OLD_IMAGES",
          creationRequestDateTime: new Date(1700000000 * 1000),
          keySchema: [{ attributeName: "Artist", keyType: "HASH" }],
          shards: [{ shardId: "shardId-00000001700000000000-a1b2c3d4", sequenceNumberRange: { startingSequenceNumber: "100" } }],
        },
      },
    },
    {
      operation: "GetShardIterator",
      call: () => wire.client.getShardIterator({ streamArn: ARN, shardId: "shardId-00000001700000000000-a1b2c3d4", shardIteratorType: "TRIM_HORIZON" }),
      body: { StreamArn: ARN, ShardId: "shardId-00000001700000000000-a1b2c3d4", ShardIteratorType: "TRIM_HORIZON" },
      response: { ShardIterator: "iterator-1" },
      output: { shardIterator: "iterator-1" },
    },
    {
      operation: "GetRecords",
      call: () => wire.client.getRecords({ shardIterator: "iterator-1", limit: 10 }),
      body: { ShardIterator: "iterator-1", Limit: 10 },
      response: {
        Records: [
          {
            eventID: "e1",
            eventName: "MODIFY",
            eventSource: "aws:dynamodb",
            awsRegion: "us-east-1",
            dynamodb: { ApproximateCreationDateTime: 1700000000.5, Keys: { Artist: { S: "a" } }, NewImage: { Artist: { S: "a" }, Art: { B: "AQI=" } }, SequenceNumber: "101", SizeBytes: 26, StreamViewType: "NEW_AND_OLD_IMAGES" },
            userIdentity: { PrincipalId: "dynamodb.amazonaws.com", Type: "Service" },
          },
        ],
        NextShardIterator: "iterator-2",
      },
      output: {
        records: [
          {
            eventID: "e1",
            eventName: "MODIFY",
            eventSource: "aws:dynamodb",
            awsRegion: "us-east-1",
            dynamodb: { approximateCreationDateTime: new Date(1700000000500), keys: { Artist: { s: "a" } }, newImage: { Artist: { s: "a" }, Art: { b: new Uint8Array([1, 2]) } }, sequenceNumber: "101", sizeBytes: 26, streamViewType: "NEW_AND_OLD_IMAGES" },
            userIdentity: { principalId: "dynamodb.amazonaws.com", type: "Service" },
          },
        ],
        nextShardIterator: "iterator-2",
      },
    },
  ];

  it("covers every operation", () => {
    expect(cases.map((c) => c.operation).sort()).to.deep.equal(Object.keys(operations).sort());
  });

  for (const c of cases) {
    it(`${c.operation}: target, signature scope, exact body, typed output`, async () => {
      wire.stub.handle((_req, res) => sendJson(res, 200, c.response));
      const before = wire.stub.requests.length;
      const { $metadata, ...output } = (await c.call()) as { $metadata: unknown };
      const req = wire.stub.requests[before]!;
      expect(req.method).to.equal("POST");
      expect(req.path).to.equal("/");
      expect(req.headers["content-type"]).to.equal("application/x-amz-json-1.0");
      expect(req.headers["x-amz-target"]).to.equal(`DynamoDBStreams_20120810.${c.operation}`);
      const auth = parseAuthorization(req.headers.authorization);
      expect([auth.region, auth.service]).to.deep.equal(["us-east-1", "dynamodb"]);
      expect(auth.signature).to.equal(expectedSignature(req, TEST_CREDENTIALS.secretAccessKey));
      expect(JSON.parse(req.body)).to.deep.equal(c.body);
      expect(output).to.deep.equal(c.output);
      expect($metadata).to.include({ httpStatusCode: 200 });
    });
  }

  it("maps its own modeled errors", async () => {
    wire.stub.handle((_req, res) => sendJson(res, 400, { __type: "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException", message: "Iterator expired" }));
    const err = await wire.client.getRecords({ shardIterator: "old" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ExpiredIteratorException);
    expect((err as ExpiredIteratorException).message).to.equal("Iterator expired");
  });
});
