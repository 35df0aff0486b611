/**
 * One representative call per DynamoDB operation: the typed input, the exact
 * JSON body it must put on the wire, a canned wire response, and the typed
 * output that response must become. Wire forms follow the examples of the
 * DynamoDB API reference (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/).
 */
import type { DynamoDB, OperationName } from "../../src/generated/dynamodb/index.js";
import type { JsonObject } from "../../src/runtime/index.js";

type Method<Op extends OperationName> = Uncapitalize<Op> & keyof DynamoDB;
type Input<Op extends OperationName> = DynamoDB[Method<Op>] extends (input: infer I, ...rest: never[]) => unknown ? I : never;
type Output<Op extends OperationName> = DynamoDB[Method<Op>] extends (...args: never[]) => Promise<infer O> ? Omit<O, "$metadata"> : never;

/** One operation's wire fixture. */
export interface WireFixture {
  readonly operation: OperationName;
  /** Calls the typed method with the fixture's input. */
  readonly call: (db: DynamoDB) => Promise<{ $metadata: unknown }>;
  /** The exact JSON body expected on the wire. */
  readonly body: JsonObject;
  /** The canned response body. */
  readonly response: JsonObject;
  /** The typed output the response must become (without `$metadata`). */
  readonly output: object;
}

function fixture<Op extends OperationName>(
  operation: Op,
  spec: { input: Input<Op>; body: JsonObject; response: JsonObject; output: Output<Op> },
): WireFixture {
  const method = (operation[0]!.toLowerCase() + operation.slice(1)) as Method<Op>;
  return {
    operation,
    call: (db) => (db[method] as (input: Input<Op>) => Promise<{ $metadata: unknown }>).call(db, spec.input),
    body: spec.body,
    response: spec.response,
    output: spec.output,
  };
}

const T0 = 1700000000; // 2023-11-14T22:13:20Z
const at = (seconds: number) => new Date(seconds * 1000);
const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Music";
const BACKUP = `${ARN}/backup/01489602797149-73d8d5bc`;
const EXPORT = `${ARN}/export/01234567890123-a1b2c3d4`;
const IMPORT = `${ARN}/import/01234567890123-a1b2c3d4`;
const STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/music";
const key = { Artist: { s: "No One You Know" }, SongTitle: { s: "Call Me Today" } };
const wireKey = { Artist: { S: "No One You Know" }, SongTitle: { S: "Call Me Today" } };
const tableDescription = {
  wire: { TableName: "Music", TableStatus: "ACTIVE", CreationDateTime: T0 + 0.25, ItemCount: 3, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 } },
  typed: { tableName: "Music", tableStatus: "ACTIVE", creationDateTime: new Date(T0 * 1000 + 250), itemCount: 3, provisionedThroughput: { readCapacityUnits: 5, writeCapacityUnits: 5, numberOfDecreasesToday: 0 } },
};
const backupDetails = {
  wire: { BackupArn: BACKUP, BackupName: "MusicBackup", BackupSizeBytes: 1024, BackupStatus: "AVAILABLE", BackupType: "USER", BackupCreationDateTime: T0 },
  typed: { backupArn: BACKUP, backupName: "MusicBackup", backupSizeBytes: 1024, backupStatus: "AVAILABLE", backupType: "USER", backupCreationDateTime: at(T0) },
};
const globalTable = {
  wire: { GlobalTableName: "Music", GlobalTableStatus: "ACTIVE", CreationDateTime: T0, ReplicationGroup: [{ RegionName: "us-east-1", ReplicaStatus: "ACTIVE" }] },
  typed: { globalTableName: "Music", globalTableStatus: "ACTIVE", creationDateTime: at(T0), replicationGroup: [{ regionName: "us-east-1", replicaStatus: "ACTIVE" }] },
};
const capacity = { wire: { TableName: "Music", CapacityUnits: 1.5 }, typed: { tableName: "Music", capacityUnits: 1.5 } };

/** One fixture per operation of the model (58 in botocore 1.43.107), in operation order. */
export const FIXTURES: readonly WireFixture[] = [
  fixture("BatchExecuteStatement", {
    input: { statements: [{ statement: "SELECT * FROM Music WHERE Artist=?", parameters: [{ s: "Acme Band" }] }], returnConsumedCapacity: "TOTAL" },
    body: { Statements: [{ Statement: "SELECT * FROM Music WHERE Artist=?", Parameters: [{ S: "Acme Band" }] }], ReturnConsumedCapacity: "TOTAL" },
    response: { Responses: [{ TableName: "Music", Item: { Artist: { S: "Acme Band" } } }, { Error: { Code: "ConditionalCheckFailed", Message: "no" } }] },
    output: { responses: [{ tableName: "Music", item: { Artist: { s: "Acme Band" } } }, { error: { code: "ConditionalCheckFailed", message: "no" } }] },
  }),
  fixture("BatchGetItem", {
    input: { requestItems: { Music: { keys: [key], projectionExpression: "AlbumTitle", consistentRead: true } }, returnConsumedCapacity: "TOTAL" },
    body: { RequestItems: { Music: { Keys: [wireKey], ProjectionExpression: "AlbumTitle", ConsistentRead: true } }, ReturnConsumedCapacity: "TOTAL" },
    response: { Responses: { Music: [{ AlbumTitle: { S: "Somewhat Famous" } }] }, UnprocessedKeys: {}, ConsumedCapacity: [capacity.wire] },
    output: { responses: { Music: [{ AlbumTitle: { s: "Somewhat Famous" } }] }, unprocessedKeys: {}, consumedCapacity: [capacity.typed] },
  }),
  fixture("BatchWriteItem", {
    input: {
      requestItems: {
        Music: [
          { putRequest: { item: { ...key, Cover: { b: new Uint8Array([1, 2, 255]) }, Tracks: { ns: ["1", "2"] } } } },
          { deleteRequest: { key } },
        ],
      },
      returnItemCollectionMetrics: "SIZE",
    },
    body: {
      RequestItems: {
        Music: [
          { PutRequest: { Item: { ...wireKey, Cover: { B: "AQL/" }, Tracks: { NS: ["1", "2"] } } } },
          { DeleteRequest: { Key: wireKey } },
        ],
      },
      ReturnItemCollectionMetrics: "SIZE",
    },
    response: { UnprocessedItems: { Music: [{ DeleteRequest: { Key: wireKey } }] }, ItemCollectionMetrics: { Music: [{ ItemCollectionKey: { Artist: { S: "x" } }, SizeEstimateRangeGB: [0, 1] }] } },
    output: { unprocessedItems: { Music: [{ deleteRequest: { key } }] }, itemCollectionMetrics: { Music: [{ itemCollectionKey: { Artist: { s: "x" } }, sizeEstimateRangeGB: [0, 1] }] } },
  }),
  fixture("CreateBackup", {
    input: { tableName: "Music", backupName: "MusicBackup" },
    body: { TableName: "Music", BackupName: "MusicBackup" },
    response: { BackupDetails: backupDetails.wire },
    output: { backupDetails: backupDetails.typed },
  }),
  fixture("CreateGlobalTable", {
    input: { globalTableName: "Music", replicationGroup: [{ regionName: "us-east-1" }, { regionName: "eu-west-1" }] },
    body: { GlobalTableName: "Music", ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }] },
    response: { GlobalTableDescription: globalTable.wire },
    output: { globalTableDescription: globalTable.typed },
  }),
  fixture("CreateTable", {
    input: {
      tableName: "Music",
      attributeDefinitions: [
        { attributeName: "Artist", attributeType: "S" },
        { attributeName: "SongTitle", attributeType: "S" },
      ],
      keySchema: [
        { attributeName: "Artist", keyType: "HASH" },
        { attributeName: "SongTitle", keyType: "RANGE" },
      ],
      globalSecondaryIndexes: [{ indexName: "BySong", keySchema: [{ attributeName: "SongTitle", keyType: "HASH" }], projection: { projectionType: "KEYS_ONLY" } }],
      billingMode: "PAY_PER_REQUEST",
      sseSpecification: { enabled: true, sseType: "KMS", kmsMasterKeyId: "alias/music" },
      tags: [{ key: "team", value: "audio" }],
      deletionProtectionEnabled: false,
    },
    body: {
      TableName: "Music",
      AttributeDefinitions: [
        { AttributeName: "Artist", AttributeType: "S" },
        { AttributeName: "SongTitle", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "Artist", KeyType: "HASH" },
        { AttributeName: "SongTitle", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [{ IndexName: "BySong", KeySchema: [{ AttributeName: "SongTitle", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
      BillingMode: "PAY_PER_REQUEST",
      SSESpecification: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: "alias/music" },
      Tags: [{ Key: "team", Value: "audio" }],
      DeletionProtectionEnabled: false,
    },
    response: { TableDescription: { ...tableDescription.wire, TableStatus: "CREATING", BillingModeSummary: { BillingMode: "PAY_PER_REQUEST" } } },
    output: { tableDescription: { ...tableDescription.typed, tableStatus: "CREATING", billingModeSummary: { billingMode: "PAY_PER_REQUEST" } } },
  }),
  fixture("DeleteBackup", {
    input: { backupArn: BACKUP },
    body: { BackupArn: BACKUP },
    response: { BackupDescription: { BackupDetails: { ...backupDetails.wire, BackupStatus: "DELETED" } } },
    output: { backupDescription: { backupDetails: { ...backupDetails.typed, backupStatus: "DELETED" } } },
  }),
  fixture("DeleteItem", {
    input: { tableName: "Music", key, conditionExpression: "attribute_exists(#a)", expressionAttributeNames: { "#a": "Artist" }, returnValues: "ALL_OLD" },
    body: { TableName: "Music", Key: wireKey, ConditionExpression: "attribute_exists(#a)", ExpressionAttributeNames: { "#a": "Artist" }, ReturnValues: "ALL_OLD" },
    response: { Attributes: { ...wireKey, Awards: { N: "3" }, Hits: { L: [{ S: "a" }, { NULL: true }, { BOOL: false }] } } },
    output: { attributes: { ...key, Awards: { n: "3" }, Hits: { l: [{ s: "a" }, { null: true }, { bool: false }] } } },
  }),
  fixture("DeleteResourcePolicy", {
    input: { resourceArn: ARN, expectedRevisionId: "1" },
    body: { ResourceArn: ARN, ExpectedRevisionId: "1" },
    response: { RevisionId: "2" },
    output: { revisionId: "2" },
  }),
  fixture("DeleteTable", {
    input: { tableName: "Music" },
    body: { TableName: "Music" },
    response: { TableDescription: { ...tableDescription.wire, TableStatus: "DELETING" } },
    output: { tableDescription: { ...tableDescription.typed, tableStatus: "DELETING" } },
  }),
  fixture("DescribeBackup", {
    input: { backupArn: BACKUP },
    body: { BackupArn: BACKUP },
    response: { BackupDescription: { BackupDetails: backupDetails.wire, SourceTableDetails: { TableName: "Music", TableId: "id", KeySchema: [{ AttributeName: "Artist", KeyType: "HASH" }], TableCreationDateTime: T0, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } } },
    output: { backupDescription: { backupDetails: backupDetails.typed, sourceTableDetails: { tableName: "Music", tableId: "id", keySchema: [{ attributeName: "Artist", keyType: "HASH" }], tableCreationDateTime: at(T0), provisionedThroughput: { readCapacityUnits: 1, writeCapacityUnits: 1 } } } },
  }),
  fixture("DescribeContinuousBackups", {
    input: { tableName: "Music" },
    body: { TableName: "Music" },
    response: { ContinuousBackupsDescription: { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "ENABLED", EarliestRestorableDateTime: T0 } } },
    output: { continuousBackupsDescription: { continuousBackupsStatus: "ENABLED", pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: "ENABLED", earliestRestorableDateTime: at(T0) } } },
  }),
  fixture("DescribeContributorInsights", {
    input: { tableName: "Music", indexName: "BySong" },
    body: { TableName: "Music", IndexName: "BySong" },
    response: { TableName: "Music", IndexName: "BySong", ContributorInsightsStatus: "ENABLED", LastUpdateDateTime: T0, ContributorInsightsRuleList: ["rule"] },
    output: { tableName: "Music", indexName: "BySong", contributorInsightsStatus: "ENABLED", lastUpdateDateTime: at(T0), contributorInsightsRuleList: ["rule"] },
  }),
  fixture("DescribeEndpoints", {
    input: {},
    body: {},
    response: { Endpoints: [{ Address: "dynamodb.us-east-1.amazonaws.com", CachePeriodInMinutes: 1440 }] },
    output: { endpoints: [{ address: "dynamodb.us-east-1.amazonaws.com", cachePeriodInMinutes: 1440 }] },
  }),
  fixture("DescribeExport", {
    input: { exportArn: EXPORT },
    body: { ExportArn: EXPORT },
    response: { ExportDescription: { ExportArn: EXPORT, ExportStatus: "COMPLETED", StartTime: T0, EndTime: T0 + 60, ExportFormat: "DYNAMODB_JSON", ItemCount: 10 } },
    output: { exportDescription: { exportArn: EXPORT, exportStatus: "COMPLETED", startTime: at(T0), endTime: at(T0 + 60), exportFormat: "DYNAMODB_JSON", itemCount: 10 } },
  }),
  fixture("DescribeGlobalTable", {
    input: { globalTableName: "Music" },
    body: { GlobalTableName: "Music" },
    response: { GlobalTableDescription: globalTable.wire },
    output: { globalTableDescription: globalTable.typed },
  }),
  fixture("DescribeGlobalTableSettings", {
    input: { globalTableName: "Music" },
    body: { GlobalTableName: "Music" },
    response: { GlobalTableName: "Music", ReplicaSettings: [{ RegionName: "us-east-1", ReplicaStatus: "ACTIVE", ReplicaProvisionedReadCapacityUnits: 5 }] },
    output: { globalTableName: "Music", replicaSettings: [{ regionName: "us-east-1", replicaStatus: "ACTIVE", replicaProvisionedReadCapacityUnits: 5 }] },
  }),
  fixture("DescribeImport", {
    input: { importArn: IMPORT },
    body: { ImportArn: IMPORT },
    response: { ImportTableDescription: { ImportArn: IMPORT, ImportStatus: "COMPLETED", S3BucketSource: { S3Bucket: "bucket", S3KeyPrefix: "music/" }, StartTime: T0, ImportedItemCount: 7 } },
    output: { importTableDescription: { importArn: IMPORT, importStatus: "COMPLETED", s3BucketSource: { s3Bucket: "bucket", s3KeyPrefix: "music/" }, startTime: at(T0), importedItemCount: 7 } },
  }),
  fixture("DescribeKinesisStreamingDestination", {
    input: { tableName: "Music" },
    body: { TableName: "Music" },
    response: { TableName: "Music", KinesisDataStreamDestinations: [{ StreamArn: STREAM, DestinationStatus: "ACTIVE", ApproximateCreationDateTimePrecision: "MILLISECOND" }] },
    output: { tableName: "Music", kinesisDataStreamDestinations: [{ streamArn: STREAM, destinationStatus: "ACTIVE", approximateCreationDateTimePrecision: "MILLISECOND" }] },
  }),
  fixture("DescribeLimits", {
    input: {},
    body: {},
    response: { AccountMaxReadCapacityUnits: 80000, AccountMaxWriteCapacityUnits: 80000, TableMaxReadCapacityUnits: 40000, TableMaxWriteCapacityUnits: 40000 },
    output: { accountMaxReadCapacityUnits: 80000, accountMaxWriteCapacityUnits: 80000, tableMaxReadCapacityUnits: 40000, tableMaxWriteCapacityUnits: 40000 },
  }),
  fixture("DescribeTable", {
    input: { tableName: "Music" },
    body: { TableName: "Music" },
    response: { Table: { ...tableDescription.wire, TableStatus: "SOME_FUTURE_STATUS", SSEDescription: { Status: "ENABLED", SSEType: "KMS" } } },
    // An enum value the model does not know yet passes through unchanged.
    output: { table: { ...tableDescription.typed, tableStatus: "SOME_FUTURE_STATUS", sseDescription: { status: "ENABLED", sseType: "KMS" } } },
  }),
  fixture("DescribeTableReplicaAutoScaling", {
    input: { tableName: "Music" },
    body: { TableName: "Music" },
    response: { TableAutoScalingDescription: { TableName: "Music", TableStatus: "ACTIVE", Replicas: [{ RegionName: "us-east-1", ReplicaStatus: "ACTIVE" }] } },
    output: { tableAutoScalingDescription: { tableName: "Music", tableStatus: "ACTIVE", replicas: [{ regionName: "us-east-1", replicaStatus: "ACTIVE" }] } },
  }),
  fixture("DescribeTimeToLive", {
    input: { tableName: "Music" },
    body: { TableName: "Music" },
    response: { TimeToLiveDescription: { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" } },
    output: { timeToLiveDescription: { timeToLiveStatus: "ENABLED", attributeName: "expiresAt" } },
  }),
  fixture("DisableKinesisStreamingDestination", {
    input: { tableName: "Music", streamArn: STREAM },
    body: { TableName: "Music", StreamArn: STREAM },
    response: { TableName: "Music", StreamArn: STREAM, DestinationStatus: "DISABLING" },
    output: { tableName: "Music", streamArn: STREAM, destinationStatus: "DISABLING" },
  }),
  fixture("EnableKinesisStreamingDestination", {
    input: { tableName: "Music", streamArn: STREAM, enableKinesisStreamingConfiguration: { approximateCreationDateTimePrecision: "MICROSECOND" } },
    body: { TableName: "Music", StreamArn: STREAM, EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MICROSECOND" } },
    response: { TableName: "Music", StreamArn: STREAM, DestinationStatus: "ENABLING", EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MICROSECOND" } },
    output: { tableName: "Music", streamArn: STREAM, destinationStatus: "ENABLING", enableKinesisStreamingConfiguration: { approximateCreationDateTimePrecision: "MICROSECOND" } },
  }),
  fixture("ExecuteStatement", {
    input: { statement: "SELECT * FROM Music WHERE Artist=?", parameters: [{ s: "Acme Band" }], consistentRead: true, limit: 10 },
    body: { Statement: "SELECT * FROM Music WHERE Artist=?", Parameters: [{ S: "Acme Band" }], ConsistentRead: true, Limit: 10 },
    response: { Items: [{ Artist: { S: "Acme Band" }, Year: { N: "2020" } }], NextToken: "n1", LastEvaluatedKey: { Artist: { S: "Acme Band" } } },
    output: { items: [{ Artist: { s: "Acme Band" }, Year: { n: "2020" } }], nextToken: "n1", lastEvaluatedKey: { Artist: { s: "Acme Band" } } },
  }),
  fixture("ExecuteTransaction", {
    input: { transactStatements: [{ statement: "UPDATE Music SET Plays=Plays+1 WHERE Artist=?", parameters: [{ s: "Acme Band" }] }], clientRequestToken: "token-1" },
    body: { TransactStatements: [{ Statement: "UPDATE Music SET Plays=Plays+1 WHERE Artist=?", Parameters: [{ S: "Acme Band" }] }], ClientRequestToken: "token-1" },
    response: { Responses: [{ Item: { Plays: { N: "2" } } }] },
    output: { responses: [{ item: { Plays: { n: "2" } } }] },
  }),
  fixture("ExportTableToPointInTime", {
    input: { tableArn: ARN, s3Bucket: "bucket", exportTime: new Date(T0 * 1000 + 500), exportFormat: "ION", clientToken: "token-2" },
    body: { TableArn: ARN, S3Bucket: "bucket", ExportTime: T0 + 0.5, ExportFormat: "ION", ClientToken: "token-2" },
    response: { ExportDescription: { ExportArn: EXPORT, ExportStatus: "IN_PROGRESS", ExportTime: T0 + 0.5 } },
    output: { exportDescription: { exportArn: EXPORT, exportStatus: "IN_PROGRESS", exportTime: new Date(T0 * 1000 + 500) } },
  }),
  fixture("GetItem", {
    input: { tableName: "Music", key, projectionExpression: "AlbumTitle, #y", expressionAttributeNames: { "#y": "Year" }, consistentRead: true, returnConsumedCapacity: "TOTAL" },
    body: { TableName: "Music", Key: wireKey, ProjectionExpression: "AlbumTitle, #y", ExpressionAttributeNames: { "#y": "Year" }, ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" },
    response: { Item: { AlbumTitle: { S: "Somewhat Famous" }, Year: { N: "2015" }, Cover: { B: "AAEC/w==" }, Genres: { SS: ["rock", "pop"] }, Meta: { M: { bpm: { N: "120" } } } }, ConsumedCapacity: capacity.wire },
    output: {
      item: { AlbumTitle: { s: "Somewhat Famous" }, Year: { n: "2015" }, Cover: { b: new Uint8Array([0, 1, 2, 255]) }, Genres: { ss: ["rock", "pop"] }, Meta: { m: { bpm: { n: "120" } } } },
      consumedCapacity: capacity.typed,
    },
  }),
  fixture("GetResourcePolicy", {
    input: { resourceArn: ARN },
    body: { ResourceArn: ARN },
    response: { Policy: '{"Version":"2012-10-17"}', RevisionId: "3" },
    output: { policy: '{"Version":"2012-10-17"}', revisionId: "3" },
  }),
  fixture("ImportTable", {
    input: {
      clientToken: "token-3",
      s3BucketSource: { s3Bucket: "bucket", s3KeyPrefix: "music/" },
      inputFormat: "CSV",
      inputFormatOptions: { csv: { delimiter: ",", headerList: ["Artist", "SongTitle"] } },
      inputCompressionType: "GZIP",
      tableCreationParameters: {
        tableName: "Music",
        attributeDefinitions: [{ attributeName: "Artist", attributeType: "S" }],
        keySchema: [{ attributeName: "Artist", keyType: "HASH" }],
        billingMode: "PAY_PER_REQUEST",
      },
    },
    body: {
      ClientToken: "token-3",
      S3BucketSource: { S3Bucket: "bucket", S3KeyPrefix: "music/" },
      InputFormat: "CSV",
      InputFormatOptions: { Csv: { Delimiter: ",", HeaderList: ["Artist", "SongTitle"] } },
      InputCompressionType: "GZIP",
      TableCreationParameters: {
        TableName: "Music",
        AttributeDefinitions: [{ AttributeName: "Artist", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "Artist", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      },
    },
    response: { ImportTableDescription: { ImportArn: IMPORT, ImportStatus: "IN_PROGRESS", InputFormat: "CSV" } },
    output: { importTableDescription: { importArn: IMPORT, importStatus: "IN_PROGRESS", inputFormat: "CSV" } },
  }),
  fixture("ListBackups", {
    input: { tableName: "Music", limit: 5, timeRangeLowerBound: at(T0), timeRangeUpperBound: at(T0 + 3600), backupType: "ALL" },
    body: { TableName: "Music", Limit: 5, TimeRangeLowerBound: T0, TimeRangeUpperBound: T0 + 3600, BackupType: "ALL" },
    response: { BackupSummaries: [{ TableName: "Music", BackupArn: BACKUP, BackupCreationDateTime: T0 + 10, BackupSizeBytes: 99 }], LastEvaluatedBackupArn: BACKUP },
    output: { backupSummaries: [{ tableName: "Music", backupArn: BACKUP, backupCreationDateTime: at(T0 + 10), backupSizeBytes: 99 }], lastEvaluatedBackupArn: BACKUP },
  }),
  fixture("ListContributorInsights", {
    input: { tableName: "Music", maxResults: 10 },
    body: { TableName: "Music", MaxResults: 10 },
    response: { ContributorInsightsSummaries: [{ TableName: "Music", ContributorInsightsStatus: "ENABLED" }], NextToken: "t" },
    output: { contributorInsightsSummaries: [{ tableName: "Music", contributorInsightsStatus: "ENABLED" }], nextToken: "t" },
  }),
  fixture("ListExports", {
    input: { tableArn: ARN, maxResults: 5 },
    body: { TableArn: ARN, MaxResults: 5 },
    response: { ExportSummaries: [{ ExportArn: EXPORT, ExportStatus: "COMPLETED", ExportType: "FULL_EXPORT" }] },
    output: { exportSummaries: [{ exportArn: EXPORT, exportStatus: "COMPLETED", exportType: "FULL_EXPORT" }] },
  }),
  fixture("ListGlobalTables", {
    input: { limit: 2, regionName: "us-east-1" },
    body: { Limit: 2, RegionName: "us-east-1" },
    response: { GlobalTables: [{ GlobalTableName: "Music", ReplicationGroup: [{ RegionName: "us-east-1" }] }], LastEvaluatedGlobalTableName: "Music" },
    output: { globalTables: [{ globalTableName: "Music", replicationGroup: [{ regionName: "us-east-1" }] }], lastEvaluatedGlobalTableName: "Music" },
  }),
  fixture("ListImports", {
    input: { tableArn: ARN, pageSize: 3 },
    body: { TableArn: ARN, PageSize: 3 },
    response: { ImportSummaryList: [{ ImportArn: IMPORT, ImportStatus: "COMPLETED", StartTime: T0, EndTime: T0 + 5 }] },
    output: { importSummaryList: [{ importArn: IMPORT, importStatus: "COMPLETED", startTime: at(T0), endTime: at(T0 + 5) }] },
  }),
  fixture("ListTables", {
    input: { exclusiveStartTableName: "Forum", limit: 3 },
    body: { ExclusiveStartTableName: "Forum", Limit: 3 },
    response: { TableNames: ["Music", "Reply", "Thread"], LastEvaluatedTableName: "Thread" },
    output: { tableNames: ["Music", "Reply", "Thread"], lastEvaluatedTableName: "Thread" },
  }),
  fixture("ListTagsOfResource", {
    input: { resourceArn: ARN },
    body: { ResourceArn: ARN },
    response: { Tags: [{ Key: "team", Value: "audio" }] },
    output: { tags: [{ key: "team", value: "audio" }] },
  }),
  fixture("PutItem", {
    input: {
      tableName: "Music",
      item: { ...key, Price: { n: "1.99" }, Cover: { b: new Uint8Array([104, 105]) }, Covers: { bs: [new Uint8Array([1]), new Uint8Array([2])] }, Free: { bool: false }, Nothing: { null: true } },
      conditionExpression: "attribute_not_exists(Artist)",
      returnValuesOnConditionCheckFailure: "ALL_OLD",
    },
    body: {
      TableName: "Music",
      Item: { ...wireKey, Price: { N: "1.99" }, Cover: { B: "aGk=" }, Covers: { BS: ["AQ==", "Ag=="] }, Free: { BOOL: false }, Nothing: { NULL: true } },
      ConditionExpression: "attribute_not_exists(Artist)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
    response: { ConsumedCapacity: { TableName: "Music", CapacityUnits: 1, Table: { CapacityUnits: 1 } } },
    output: { consumedCapacity: { tableName: "Music", capacityUnits: 1, table: { capacityUnits: 1 } } },
  }),
  fixture("PutResourcePolicy", {
    input: { resourceArn: ARN, policy: '{"Version":"2012-10-17"}', confirmRemoveSelfResourceAccess: true },
    body: { ResourceArn: ARN, Policy: '{"Version":"2012-10-17"}', ConfirmRemoveSelfResourceAccess: true },
    response: { RevisionId: "4" },
    output: { revisionId: "4" },
  }),
  fixture("Query", {
    input: {
      tableName: "Music",
      indexName: "BySong",
      keyConditionExpression: "SongTitle = :t",
      expressionAttributeValues: { ":t": { s: "Call Me Today" } },
      scanIndexForward: false,
      exclusiveStartKey: key,
      select: "ALL_PROJECTED_ATTRIBUTES",
    },
    body: {
      TableName: "Music",
      IndexName: "BySong",
      KeyConditionExpression: "SongTitle = :t",
      ExpressionAttributeValues: { ":t": { S: "Call Me Today" } },
      ScanIndexForward: false,
      ExclusiveStartKey: wireKey,
      Select: "ALL_PROJECTED_ATTRIBUTES",
    },
    response: { Items: [wireKey], Count: 1, ScannedCount: 2, LastEvaluatedKey: wireKey },
    output: { items: [key], count: 1, scannedCount: 2, lastEvaluatedKey: key },
  }),
  fixture("RestoreTableFromBackup", {
    input: { targetTableName: "MusicRestored", backupArn: BACKUP, billingModeOverride: "PROVISIONED", provisionedThroughputOverride: { readCapacityUnits: 2, writeCapacityUnits: 3 } },
    body: { TargetTableName: "MusicRestored", BackupArn: BACKUP, BillingModeOverride: "PROVISIONED", ProvisionedThroughputOverride: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } },
    response: { TableDescription: { ...tableDescription.wire, TableName: "MusicRestored", RestoreSummary: { SourceBackupArn: BACKUP, RestoreDateTime: T0, RestoreInProgress: true } } },
    output: { tableDescription: { ...tableDescription.typed, tableName: "MusicRestored", restoreSummary: { sourceBackupArn: BACKUP, restoreDateTime: at(T0), restoreInProgress: true } } },
  }),
  fixture("RestoreTableToPointInTime", {
    input: { sourceTableName: "Music", targetTableName: "MusicThen", restoreDateTime: at(T0 - 86400), useLatestRestorableTime: false },
    body: { SourceTableName: "Music", TargetTableName: "MusicThen", RestoreDateTime: T0 - 86400, UseLatestRestorableTime: false },
    response: { TableDescription: { ...tableDescription.wire, TableName: "MusicThen" } },
    output: { tableDescription: { ...tableDescription.typed, tableName: "MusicThen" } },
  }),
  fixture("Scan", {
    input: { tableName: "Music", filterExpression: "Price > :p", expressionAttributeValues: { ":p": { n: "1" } }, segment: 1, totalSegments: 4, limit: 100 },
    body: { TableName: "Music", FilterExpression: "Price > :p", ExpressionAttributeValues: { ":p": { N: "1" } }, Segment: 1, TotalSegments: 4, Limit: 100 },
    response: { Items: [], Count: 0, ScannedCount: 100, LastEvaluatedKey: wireKey },
    output: { items: [], count: 0, scannedCount: 100, lastEvaluatedKey: key },
  }),
  fixture("SearchVectors", {
    input: {
      tableName: "Music",
      indexName: "EmbeddingIndex",
      searchVector: [{ n: "0.12" }, { n: "-0.5" }, { n: "1" }],
      topK: 2,
      searchConditionExpression: "Genre = :g",
      expressionAttributeValues: { ":g": { s: "Rock" } },
      projectionExpression: "Artist, SongTitle",
      returnConsumedCapacity: "TOTAL",
    },
    body: {
      TableName: "Music",
      IndexName: "EmbeddingIndex",
      SearchVector: [{ N: "0.12" }, { N: "-0.5" }, { N: "1" }],
      TopK: 2,
      SearchConditionExpression: "Genre = :g",
      ExpressionAttributeValues: { ":g": { S: "Rock" } },
      ProjectionExpression: "Artist, SongTitle",
      ReturnConsumedCapacity: "TOTAL",
    },
    response: { SearchResults: [{ Item: wireKey, Score: 0.0625 }, { Item: { Artist: { S: "Acme Band" } }, Score: 0.5 }], ConsumedCapacity: { VectorSearchRequestBytes: 1.5 } },
    output: { searchResults: [{ item: key, score: 0.0625 }, { item: { Artist: { s: "Acme Band" } }, score: 0.5 }], consumedCapacity: { vectorSearchRequestBytes: 1.5 } },
  }),
  fixture("TagResource", {
    input: { resourceArn: ARN, tags: [{ key: "env", value: "prod" }] },
    body: { ResourceArn: ARN, Tags: [{ Key: "env", Value: "prod" }] },
    response: {},
    output: {},
  }),
  fixture("TransactGetItems", {
    input: { transactItems: [{ get: { tableName: "Music", key, projectionExpression: "Price" } }], returnConsumedCapacity: "TOTAL" },
    body: { TransactItems: [{ Get: { TableName: "Music", Key: wireKey, ProjectionExpression: "Price" } }], ReturnConsumedCapacity: "TOTAL" },
    response: { Responses: [{ Item: { Price: { N: "1.99" } } }], ConsumedCapacity: [capacity.wire] },
    output: { responses: [{ item: { Price: { n: "1.99" } } }], consumedCapacity: [capacity.typed] },
  }),
  fixture("TransactWriteItems", {
    input: {
      transactItems: [
        { put: { tableName: "Music", item: key } },
        { update: { tableName: "Music", key, updateExpression: "SET Plays = Plays + :one", expressionAttributeValues: { ":one": { n: "1" } } } },
        { delete: { tableName: "Music", key } },
        { conditionCheck: { tableName: "Music", key, conditionExpression: "attribute_exists(Artist)" } },
      ],
      clientRequestToken: "token-4",
    },
    body: {
      TransactItems: [
        { Put: { TableName: "Music", Item: wireKey } },
        { Update: { TableName: "Music", Key: wireKey, UpdateExpression: "SET Plays = Plays + :one", ExpressionAttributeValues: { ":one": { N: "1" } } } },
        { Delete: { TableName: "Music", Key: wireKey } },
        { ConditionCheck: { TableName: "Music", Key: wireKey, ConditionExpression: "attribute_exists(Artist)" } },
      ],
      ClientRequestToken: "token-4",
    },
    response: {},
    output: {},
  }),
  fixture("UntagResource", {
    input: { resourceArn: ARN, tagKeys: ["env"] },
    body: { ResourceArn: ARN, TagKeys: ["env"] },
    response: {},
    output: {},
  }),
  fixture("UpdateContinuousBackups", {
    input: { tableName: "Music", pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 7 } },
    body: { TableName: "Music", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } },
    response: { ContinuousBackupsDescription: { ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "ENABLED", RecoveryPeriodInDays: 7 } } },
    output: { continuousBackupsDescription: { continuousBackupsStatus: "ENABLED", pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: "ENABLED", recoveryPeriodInDays: 7 } } },
  }),
  fixture("UpdateContributorInsights", {
    input: { tableName: "Music", contributorInsightsAction: "ENABLE", contributorInsightsMode: "THROTTLED_KEYS" },
    body: { TableName: "Music", ContributorInsightsAction: "ENABLE", ContributorInsightsMode: "THROTTLED_KEYS" },
    response: { TableName: "Music", ContributorInsightsStatus: "ENABLING", ContributorInsightsMode: "THROTTLED_KEYS" },
    output: { tableName: "Music", contributorInsightsStatus: "ENABLING", contributorInsightsMode: "THROTTLED_KEYS" },
  }),
  fixture("UpdateGlobalTable", {
    input: { globalTableName: "Music", replicaUpdates: [{ create: { regionName: "eu-west-1" } }, { delete: { regionName: "ap-south-1" } }] },
    body: { GlobalTableName: "Music", ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }, { Delete: { RegionName: "ap-south-1" } }] },
    response: { GlobalTableDescription: globalTable.wire },
    output: { globalTableDescription: globalTable.typed },
  }),
  fixture("UpdateGlobalTableSettings", {
    input: { globalTableName: "Music", globalTableBillingMode: "PROVISIONED", globalTableProvisionedWriteCapacityUnits: 10, replicaSettingsUpdate: [{ regionName: "us-east-1", replicaProvisionedReadCapacityUnits: 5 }] },
    body: { GlobalTableName: "Music", GlobalTableBillingMode: "PROVISIONED", GlobalTableProvisionedWriteCapacityUnits: 10, ReplicaSettingsUpdate: [{ RegionName: "us-east-1", ReplicaProvisionedReadCapacityUnits: 5 }] },
    response: { GlobalTableName: "Music", ReplicaSettings: [{ RegionName: "us-east-1", ReplicaBillingModeSummary: { BillingMode: "PROVISIONED", LastUpdateToPayPerRequestDateTime: T0 } }] },
    output: { globalTableName: "Music", replicaSettings: [{ regionName: "us-east-1", replicaBillingModeSummary: { billingMode: "PROVISIONED", lastUpdateToPayPerRequestDateTime: at(T0) } }] },
  }),
  fixture("UpdateItem", {
    input: {
      tableName: "Music",
      key,
      updateExpression: "SET #p = :p ADD Plays :one",
      conditionExpression: "attribute_exists(Artist)",
      expressionAttributeNames: { "#p": "Price" },
      expressionAttributeValues: { ":p": { n: "2.49" }, ":one": { n: "1" } },
      returnValues: "ALL_NEW",
      returnConsumedCapacity: "INDEXES",
    },
    body: {
      TableName: "Music",
      Key: wireKey,
      UpdateExpression: "SET #p = :p ADD Plays :one",
      ConditionExpression: "attribute_exists(Artist)",
      ExpressionAttributeNames: { "#p": "Price" },
      ExpressionAttributeValues: { ":p": { N: "2.49" }, ":one": { N: "1" } },
      ReturnValues: "ALL_NEW",
      ReturnConsumedCapacity: "INDEXES",
    },
    response: {
      Attributes: { ...wireKey, Price: { N: "2.49" }, Plays: { N: "8" } },
      ConsumedCapacity: { TableName: "Music", CapacityUnits: 2, GlobalSecondaryIndexes: { BySong: { CapacityUnits: 1, WriteCapacityUnits: 1 } } },
    },
    output: {
      attributes: { ...key, Price: { n: "2.49" }, Plays: { n: "8" } },
      consumedCapacity: { tableName: "Music", capacityUnits: 2, globalSecondaryIndexes: { BySong: { capacityUnits: 1, writeCapacityUnits: 1 } } },
    },
  }),
  fixture("UpdateKinesisStreamingDestination", {
    input: { tableName: "Music", streamArn: STREAM, updateKinesisStreamingConfiguration: { approximateCreationDateTimePrecision: "MILLISECOND" } },
    body: { TableName: "Music", StreamArn: STREAM, UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MILLISECOND" } },
    response: { TableName: "Music", StreamArn: STREAM, DestinationStatus: "UPDATING" },
    output: { tableName: "Music", streamArn: STREAM, destinationStatus: "UPDATING" },
  }),
  fixture("UpdateTable", {
    input: {
      tableName: "Music",
      globalSecondaryIndexUpdates: [{ update: { indexName: "BySong", provisionedThroughput: { readCapacityUnits: 10, writeCapacityUnits: 10 } } }, { delete: { indexName: "Old" } }],
      streamSpecification: { streamEnabled: true, streamViewType: "NEW_AND_OLD_IMAGES" },
    },
    body: {
      TableName: "Music",
      GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "BySong", ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 } } }, { Delete: { IndexName: "Old" } }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    },
    response: { TableDescription: { ...tableDescription.wire, TableStatus: "UPDATING", LatestStreamArn: `${ARN}/stream/2023-11-14T22:13:20.000` } },
    output: { tableDescription: { ...tableDescription.typed, tableStatus: "UPDATING", latestStreamArn: `${ARN}/stream/2023-11-14T22:13:20.000` } },
  }),
  fixture("UpdateTableReplicaAutoScaling", {
    input: { tableName: "Music", provisionedWriteCapacityAutoScalingUpdate: { minimumUnits: 1, maximumUnits: 10, autoScalingDisabled: false } },
    body: { TableName: "Music", ProvisionedWriteCapacityAutoScalingUpdate: { MinimumUnits: 1, MaximumUnits: 10, AutoScalingDisabled: false } },
    response: { TableAutoScalingDescription: { TableName: "Music", TableStatus: "UPDATING" } },
    output: { tableAutoScalingDescription: { tableName: "Music", tableStatus: "UPDATING" } },
  }),
  fixture("UpdateTimeToLive", {
    input: { tableName: "Music", timeToLiveSpecification: { enabled: true, attributeName: "expiresAt" } },
    body: { TableName: "Music", TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" } },
    response: { TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" } },
    output: { timeToLiveSpecification: { enabled: true, attributeName: "expiresAt" } },
  }),
];
