/**
 * Inputs and outputs of `DynamoDBDocument`: the generated client's types with
 * every key, item and expression attribute value as a plain value instead of
 * an `AttributeValue`. Everything else keeps its generated name and type, so
 * options read the same on both clients (`tableName`, `conditionExpression`,
 * `returnValues`, ...).
 */
import type { ResponseMetadata } from "../runtime/types.js";
import type {
  AttributeValueUpdate,
  BatchExecuteStatementInput,
  BatchExecuteStatementOutput,
  BatchGetItemInput,
  BatchGetItemOutput,
  BatchWriteItemInput,
  BatchWriteItemOutput,
  Condition,
  ConditionCheck,
  Delete,
  DeleteItemInput,
  DeleteItemOutput,
  ExecuteStatementInput,
  ExecuteStatementOutput,
  ExecuteTransactionInput,
  ExecuteTransactionOutput,
  BatchStatementError,
  BatchStatementRequest,
  BatchStatementResponse,
  ParameterizedStatement,
  ExpectedAttributeValue,
  Get,
  GetItemInput,
  GetItemOutput,
  ItemCollectionMetrics,
  KeysAndAttributes,
  Put,
  PutItemInput,
  PutItemOutput,
  QueryInput,
  QueryOutput,
  ScanInput,
  ScanOutput,
  TransactGetItemsInput,
  TransactGetItemsOutput,
  TransactWriteItemsInput,
  TransactWriteItemsOutput,
  Update,
  UpdateItemInput,
  UpdateItemOutput,
} from "../generated/dynamodb/types.js";
import type { DocumentItem } from "./types.js";

/** Expression attribute values as plain values: `{ ":min": 10 }`. */
export type DocumentValues = Record<string, unknown>;

/** What every output carries about the exchange. */
export interface WithMetadata {
  $metadata: ResponseMetadata;
}

/** A version number as stored in the version attribute. */
export type Version = number | bigint;

/**
 * Per-call control of versioned writes; see `DocumentClientOptions.versionAttribute`.
 */
export interface VersionedWrite {
  /** The version attribute for this call; `false` writes without a version check even when the client has one. */
  versionAttribute?: string | false;
}

/** A legacy `Condition` (in `keyConditions`, `queryFilter`, `scanFilter`) with plain values in `attributeValueList`. */
export type DocumentCondition = Omit<Condition, "attributeValueList"> & { attributeValueList?: unknown[] };

/** A legacy `expected` entry with plain values in `value` and `attributeValueList`. */
export type DocumentExpectedAttributeValue = Omit<ExpectedAttributeValue, "value" | "attributeValueList"> & {
  value?: unknown;
  attributeValueList?: unknown[];
};

/** A legacy `attributeUpdates` entry with a plain `value`. */
export type DocumentAttributeValueUpdate = Omit<AttributeValueUpdate, "value"> & { value?: unknown };

/** `ItemCollectionMetrics` with its key as plain values. */
export type DocumentItemCollectionMetrics = Omit<ItemCollectionMetrics, "itemCollectionKey"> & { itemCollectionKey?: DocumentItem };

/** Input of `DynamoDBDocument.get`. */
export type DocumentGetInput = Omit<GetItemInput, "key"> & { key: DocumentItem };
/** Output of `DynamoDBDocument.get`. */
export type DocumentGetOutput<T = DocumentItem> = Omit<GetItemOutput, "item"> & { item?: T } & WithMetadata;

/**
 * Input of `DynamoDBDocument.put`. With a version attribute, the item's own
 * value of it is the version the caller read (absent: the item must not exist
 * yet, or have no version), and the item is written with the next version.
 */
export type DocumentPutInput = Omit<PutItemInput, "item" | "expressionAttributeValues" | "expected"> & {
  item: DocumentItem;
  expressionAttributeValues?: DocumentValues;
  expected?: Record<string, DocumentExpectedAttributeValue>;
} & VersionedWrite;
/** Output of `DynamoDBDocument.put`; `version` is the version written, for a versioned put. */
export type DocumentPutOutput<T = DocumentItem> = Omit<PutItemOutput, "attributes" | "itemCollectionMetrics"> & {
  attributes?: T;
  itemCollectionMetrics?: DocumentItemCollectionMetrics;
  version?: Version;
} & WithMetadata;

/**
 * Input of `DynamoDBDocument.update`. With a version attribute,
 * `expectedVersion` is the version the caller read (absent: the item must not
 * exist yet, or have no version); the update also sets the next version.
 */
export type DocumentUpdateInput = Omit<UpdateItemInput, "key" | "expressionAttributeValues" | "expected" | "attributeUpdates"> & {
  key: DocumentItem;
  expressionAttributeValues?: DocumentValues;
  expected?: Record<string, DocumentExpectedAttributeValue>;
  attributeUpdates?: Record<string, DocumentAttributeValueUpdate>;
  expectedVersion?: Version;
} & VersionedWrite;
/** Output of `DynamoDBDocument.update`; `version` is the version written, for a versioned update. */
export type DocumentUpdateOutput<T = DocumentItem> = Omit<UpdateItemOutput, "attributes" | "itemCollectionMetrics"> & {
  attributes?: T;
  itemCollectionMetrics?: DocumentItemCollectionMetrics;
  version?: Version;
} & WithMetadata;

/**
 * Input of `DynamoDBDocument.delete`. With a version attribute,
 * `expectedVersion` is the version the caller read; the delete happens only
 * if it is still the stored one (absent: only if the item has no version).
 */
export type DocumentDeleteInput = Omit<DeleteItemInput, "key" | "expressionAttributeValues" | "expected"> & {
  key: DocumentItem;
  expressionAttributeValues?: DocumentValues;
  expected?: Record<string, DocumentExpectedAttributeValue>;
  expectedVersion?: Version;
} & VersionedWrite;
/** Output of `DynamoDBDocument.delete`. */
export type DocumentDeleteOutput<T = DocumentItem> = Omit<DeleteItemOutput, "attributes" | "itemCollectionMetrics"> & {
  attributes?: T;
  itemCollectionMetrics?: DocumentItemCollectionMetrics;
} & WithMetadata;

/** Input of `DynamoDBDocument.query`. */
export type DocumentQueryInput = Omit<QueryInput, "exclusiveStartKey" | "expressionAttributeValues" | "keyConditions" | "queryFilter"> & {
  exclusiveStartKey?: DocumentItem;
  expressionAttributeValues?: DocumentValues;
  keyConditions?: Record<string, DocumentCondition>;
  queryFilter?: Record<string, DocumentCondition>;
};
/** Output of `DynamoDBDocument.query`. */
export type DocumentQueryOutput<T = DocumentItem> = Omit<QueryOutput, "items" | "lastEvaluatedKey"> & {
  items?: T[];
  lastEvaluatedKey?: DocumentItem;
} & WithMetadata;

/** Input of `DynamoDBDocument.scan`. */
export type DocumentScanInput = Omit<ScanInput, "exclusiveStartKey" | "expressionAttributeValues" | "scanFilter"> & {
  exclusiveStartKey?: DocumentItem;
  expressionAttributeValues?: DocumentValues;
  scanFilter?: Record<string, DocumentCondition>;
};
/** Output of `DynamoDBDocument.scan`. */
export type DocumentScanOutput<T = DocumentItem> = Omit<ScanOutput, "items" | "lastEvaluatedKey"> & {
  items?: T[];
  lastEvaluatedKey?: DocumentItem;
} & WithMetadata;

/** `KeysAndAttributes` with plain keys. */
export type DocumentKeysAndAttributes = Omit<KeysAndAttributes, "keys"> & { keys: DocumentItem[] };
/** Input of `DynamoDBDocument.batchGet`. */
export type DocumentBatchGetInput = Omit<BatchGetItemInput, "requestItems"> & { requestItems: Record<string, DocumentKeysAndAttributes> };
/** Output of `DynamoDBDocument.batchGet`; `unprocessedKeys` can be sent again as `requestItems`. */
export type DocumentBatchGetOutput<T = DocumentItem> = Omit<BatchGetItemOutput, "responses" | "unprocessedKeys"> & {
  responses?: Record<string, T[]>;
  unprocessedKeys?: Record<string, DocumentKeysAndAttributes>;
} & WithMetadata;

/** One write of a batch, with a plain item or key. */
export interface DocumentWriteRequest {
  putRequest?: { item: DocumentItem };
  deleteRequest?: { key: DocumentItem };
}
/** Input of `DynamoDBDocument.batchWrite`. */
export type DocumentBatchWriteInput = Omit<BatchWriteItemInput, "requestItems"> & { requestItems: Record<string, DocumentWriteRequest[]> };
/** Output of `DynamoDBDocument.batchWrite`; `unprocessedItems` can be sent again as `requestItems`. */
export type DocumentBatchWriteOutput = Omit<BatchWriteItemOutput, "unprocessedItems" | "itemCollectionMetrics"> & {
  unprocessedItems?: Record<string, DocumentWriteRequest[]>;
  itemCollectionMetrics?: Record<string, DocumentItemCollectionMetrics[]>;
} & WithMetadata;

/** Input of `DynamoDBDocument.transactGet`. */
export type DocumentTransactGetInput = Omit<TransactGetItemsInput, "transactItems"> & {
  transactItems: { get: Omit<Get, "key"> & { key: DocumentItem } }[];
};
/** Output of `DynamoDBDocument.transactGet`: one response per requested item, in order. */
export type DocumentTransactGetOutput<T = DocumentItem> = Omit<TransactGetItemsOutput, "responses"> & {
  responses?: { item?: T }[];
} & WithMetadata;

/**
 * One action of `DynamoDBDocument.transactWrite`, with plain keys, items and
 * values. `put`, `update` and `delete` are versioned writes under the same
 * rules as the single-item methods: the client's `versionAttribute` applies
 * unless the action names its own (or `false`); a put's item carries the
 * version it read, an update or delete states it as `expectedVersion`.
 *
 * A `conditionCheck` with an `expectedVersion` checks that the item still has
 * the version the caller read (ANDed with its own `conditionExpression`, which
 * it then may leave out), so a transaction can write some items on the
 * strength of others being unchanged. Without `expectedVersion` it checks no
 * version: it writes nothing, so it has no next version to store.
 */
export interface DocumentTransactWriteItem {
  conditionCheck?: Omit<ConditionCheck, "key" | "expressionAttributeValues" | "conditionExpression"> & {
    key: DocumentItem;
    conditionExpression?: string;
    expressionAttributeValues?: DocumentValues;
    expectedVersion?: Version;
  } & VersionedWrite;
  put?: Omit<Put, "item" | "expressionAttributeValues"> & { item: DocumentItem; expressionAttributeValues?: DocumentValues } & VersionedWrite;
  delete?: Omit<Delete, "key" | "expressionAttributeValues"> & {
    key: DocumentItem;
    expressionAttributeValues?: DocumentValues;
    expectedVersion?: Version;
  } & VersionedWrite;
  update?: Omit<Update, "key" | "expressionAttributeValues"> & {
    key: DocumentItem;
    expressionAttributeValues?: DocumentValues;
    expectedVersion?: Version;
  } & VersionedWrite;
}
/** Input of `DynamoDBDocument.transactWrite`. */
export type DocumentTransactWriteInput = Omit<TransactWriteItemsInput, "transactItems"> & { transactItems: DocumentTransactWriteItem[] };
/** Output of `DynamoDBDocument.transactWrite`. */
export type DocumentTransactWriteOutput = Omit<TransactWriteItemsOutput, "itemCollectionMetrics"> & {
  itemCollectionMetrics?: Record<string, DocumentItemCollectionMetrics[]>;
  /**
   * When any action is versioned: the version each action stored, in the
   * order of `transactItems` (`undefined` for condition checks, deletes and
   * unversioned actions).
   */
  versions?: (Version | undefined)[];
} & WithMetadata;

/** Input of `DynamoDBDocument.executeStatement`: `parameters` are plain values for the statement's `?`s. */
export type DocumentExecuteStatementInput = Omit<ExecuteStatementInput, "parameters"> & { parameters?: unknown[] };
/** Output of `DynamoDBDocument.executeStatement`. */
export type DocumentExecuteStatementOutput<T = DocumentItem> = Omit<ExecuteStatementOutput, "items" | "lastEvaluatedKey"> & {
  items?: T[];
  lastEvaluatedKey?: DocumentItem;
} & WithMetadata;

/** One statement of `DynamoDBDocument.batchExecuteStatement`: `parameters` are plain values. */
export type DocumentBatchStatementRequest = Omit<BatchStatementRequest, "parameters"> & { parameters?: unknown[] };
/** Input of `DynamoDBDocument.batchExecuteStatement`. */
export type DocumentBatchExecuteStatementInput = Omit<BatchExecuteStatementInput, "statements"> & { statements: DocumentBatchStatementRequest[] };
/** The answer to one statement of a batch: its item, or its error with the item a failed condition returned. */
export type DocumentBatchStatementResponse<T = DocumentItem> = Omit<BatchStatementResponse, "item" | "error"> & {
  item?: T;
  error?: Omit<BatchStatementError, "item"> & { item?: DocumentItem };
};
/** Output of `DynamoDBDocument.batchExecuteStatement`: `responses` follow the order of `statements`. */
export type DocumentBatchExecuteStatementOutput<T = DocumentItem> = Omit<BatchExecuteStatementOutput, "responses"> & {
  responses?: DocumentBatchStatementResponse<T>[];
} & WithMetadata;

/** One statement of `DynamoDBDocument.executeTransaction`: `parameters` are plain values. */
export type DocumentParameterizedStatement = Omit<ParameterizedStatement, "parameters"> & { parameters?: unknown[] };
/** Input of `DynamoDBDocument.executeTransaction`. */
export type DocumentExecuteTransactionInput = Omit<ExecuteTransactionInput, "transactStatements"> & {
  transactStatements: DocumentParameterizedStatement[];
};
/** Output of `DynamoDBDocument.executeTransaction`: one response per statement, in order. */
export type DocumentExecuteTransactionOutput<T = DocumentItem> = Omit<ExecuteTransactionOutput, "responses"> & {
  responses?: { item?: T }[];
} & WithMetadata;

/**
 * Options of `DynamoDBDocument.send`: the call's options, and the versioning
 * of the methods, which the wire input has no member for.
 */
export interface DocumentSendOptions {
  /** This call's version attribute, overriding the client's; `false` writes unversioned. */
  versionAttribute?: string | false;
  /** UpdateItem and DeleteItem: the version the caller read (a PutItem's is in its `Item`). */
  expectedVersion?: Version;
  /** TransactWriteItems: the version each action's caller read, by its index in `TransactItems`. */
  expectedVersions?: readonly (Version | undefined)[];
}

/** What `DynamoDBDocument.send` returns: the operation's wire output with plain values where it holds attribute values. */
export type DocumentSendOutput = Record<string, unknown> & WithMetadata;
