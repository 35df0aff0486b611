/**
 * `DynamoDBDocument`: the DynamoDB data-plane operations with plain values.
 *
 * Each method builds the request in wire form and sends it through its
 * operation's wire descriptor (`sendOperation(client, GetItem, wire)`), so a
 * value is converted once on the way out (plain to wire JSON) and once on the
 * way back (wire JSON to plain), instead of going through the typed
 * `AttributeValue` form in between. Everything that is not
 * an item, a key or an expression value is renamed between its typed and
 * wire names (`wire-names.ts`, derived from the model), so those options
 * mean exactly what they mean on `DynamoDB`.
 *
 * It is built on the bare `DynamoDBClient` and the descriptors of the
 * operations it sends, never on the `DynamoDB` class or the whole operations
 * table, so a bundle of it holds only those operations.
 */
import type { CallOptions, ClientConfig, JsonObject, JsonValue, Paginator, ResponseMetadata } from "../runtime/index.js";
import { DynamoDBClient } from "../generated/dynamodb/client.js";
import { readItems, type ItemsLayout, type ItemsRead } from "./read-items.js";
import { ConditionalCheckFailedException, TransactionCanceledException } from "../generated/dynamodb/errors.js";
import {
  BatchExecuteStatement,
  BatchGetItem,
  BatchWriteItem,
  DeleteItem,
  ExecuteStatement,
  ExecuteTransaction,
  GetItem,
  PutItem,
  Query,
  Scan,
  sendOperation,
  TransactGetItems,
  TransactWriteItems,
  UpdateItem,
  operationNames,
  type WireOperation,
} from "../generated/dynamodb/operations.js";
import { typedMapToWire, typedToWire, USER_KEYED_MAPS, wireToTyped } from "./wire-names.js";
import type { AttributeValue } from "../generated/dynamodb/types.js";
import {
  DocumentConditionalCheckFailedException,
  DocumentTransactionCanceledException,
  TransactionVersionConflictError,
  type TransactionVersionConflict,
} from "./condition-errors.js";
import { MarshallError, VersionConflictError } from "./errors.js";
import type {
  DocumentBatchExecuteStatementInput,
  DocumentBatchExecuteStatementOutput,
  DocumentBatchStatementResponse,
  DocumentExecuteTransactionInput,
  DocumentExecuteTransactionOutput,
  DocumentSendOptions,
  DocumentSendOutput,
  DocumentBatchGetInput,
  DocumentBatchGetOutput,
  DocumentBatchWriteInput,
  DocumentBatchWriteOutput,
  DocumentDeleteInput,
  DocumentDeleteOutput,
  DocumentExecuteStatementInput,
  DocumentExecuteStatementOutput,
  DocumentGetInput,
  DocumentGetOutput,
  DocumentItemCollectionMetrics,
  DocumentKeysAndAttributes,
  DocumentPutInput,
  DocumentPutOutput,
  DocumentQueryInput,
  DocumentQueryOutput,
  DocumentScanInput,
  DocumentScanOutput,
  DocumentTransactGetInput,
  DocumentTransactGetOutput,
  DocumentTransactWriteInput,
  DocumentTransactWriteItem,
  DocumentTransactWriteOutput,
  DocumentUpdateInput,
  DocumentUpdateOutput,
  DocumentValues,
  DocumentWriteRequest,
  Version,
} from "./inputs.js";
import { attributeUpdatesToWire, conditionsToWire, expectedToWire } from "./legacy.js";
import { marshallContext, marshallItem, marshallValue, setMember, type MarshallContext } from "./marshall.js";
import type { DocumentItem, MarshallOptions, UnmarshallOptions, WireAttributeValue, WireItem } from "./types.js";
import { unmarshallContext, unmarshallItem, unmarshallValue, type UnmarshallContext } from "./unmarshall.js";
import { convertPaths, OPERATION_PATHS, type PathTarget } from "./attribute-paths.js";
import { jsonSafe, jsonSafeNumber } from "./json-safe.js";
import { ParamValidationError, unknownOperationMessage, type ValidationProblem } from "../runtime/validate.js";
import { paginateDocument, type DocumentPaginateOptions, type PageStep } from "./paging.js";
import { addToSetClause, planVersion, sameVersion, type VersionPlan } from "./versioning.js";

/** What a versioned write needs from its input, for single writes and transaction actions alike. */
interface VersionSpec {
  item?: DocumentItem;
  expectedVersion?: Version;
  updateExpression?: string;
  conditionExpression?: string;
  expressionAttributeNames?: Record<string, string>;
  expressionAttributeValues?: DocumentValues;
  expected?: unknown;
  attributeUpdates?: unknown;
}

/** A versioned action of a transaction, remembered to report its conflict or its new version. */
interface VersionedAction {
  readonly plan: VersionPlan;
  readonly tableName: string;
  readonly userCondition: string | undefined;
  /** Whether the action stores `plan.next` (puts and updates; not deletes or condition checks). */
  readonly stores: boolean;
  /** Where the action's item is, to read it when a failed check came back without it. */
  readonly locate: ItemLocation;
}

/** One item's table and key, or its whole item (a put's) when the key schema must be looked up. */
interface ItemLocation {
  readonly tableName: string;
  readonly key?: JsonObject;
  readonly item?: JsonObject;
}

/** The item a failed conditional write left behind: `known` is false when neither the service nor a read could tell. */
interface CurrentItem {
  readonly item: DocumentItem | undefined;
  readonly known: boolean;
}

/**
 * The operations `send` checks and reads with their descriptors without help:
 * the ones this client's methods send. Any other operation is checked the
 * same way when it comes as a descriptor, through the `operations` option or
 * the wrapped `DynamoDB`'s own `send`; by name alone it goes out as written
 * (see `passThrough`).
 */
const OWN_OPERATIONS: Readonly<Record<string, WireOperation>> = {
  BatchExecuteStatement,
  BatchGetItem,
  BatchWriteItem,
  DeleteItem,
  ExecuteStatement,
  ExecuteTransaction,
  GetItem,
  PutItem,
  Query,
  Scan,
  TransactGetItems,
  TransactWriteItems,
  UpdateItem,
};

/** The four kinds of transaction action: the document field, the wire member and the versioning kind. */
const TRANSACT_ACTIONS = [
  ["conditionCheck", "ConditionCheck", "check"],
  ["put", "Put", "put"],
  ["delete", "Delete", "delete"],
  ["update", "Update", "update"],
] as const;

/** What the four kinds of transaction action have in common, as `#transactWriteItemToWire` reads them. */
type TransactActionSpec = NonNullable<DocumentTransactWriteItem[(typeof TRANSACT_ACTIONS)[number][0]]> & {
  key?: DocumentItem;
  item?: DocumentItem;
  expectedVersion?: unknown;
  tableName: string;
  conditionExpression?: string;
};

/**
 * A descriptor for an operation the document client sends by name without
 * its own descriptor (CreateTable, ListTables, ...: none holds attribute
 * values): the request goes out as written and the service checks it, and an
 * error arrives as a `DynamoDBServiceException` named by its code. Pass the
 * operation's descriptor (`docs.send(CreateTable, input)`) to check the input
 * first and get its exception classes; holding every descriptor here would
 * put every operation into each app that uses the document client.
 */
function passThrough(name: string): WireOperation {
  return { name, modeledErrors: {}, validateWire: () => {} };
}

/** Options of a `DynamoDBDocument`. */
export interface DocumentClientOptions {
  /** How plain values become attribute values (`removeUndefinedValues`, `convertEmptyValues`, ...). */
  marshallOptions?: MarshallOptions;
  /** How attribute values become plain values (`wrapNumbers`, ...). */
  unmarshallOptions?: UnmarshallOptions;
  /**
   * Makes `put`, `update` and `delete` versioned writes on this attribute:
   * each succeeds only if the stored version is the one the caller read
   * (`put`: the item's own value of the attribute; `update`/`delete`:
   * `expectedVersion`; absent: the item must not exist or have no version),
   * and `put`/`update` store the next version (1 for a new item). A lost race
   * throws `VersionConflictError` with the current item. The put, update and
   * delete actions of `transactWrite` follow the same rules. A call (or a
   * transaction action) can override this with its own `versionAttribute`
   * (`false` to write unversioned).
   * Versioned writes always send `ReturnValuesOnConditionCheckFailure:
   * ALL_OLD`, so that a conflict reports the stored item without a second read.
   * A service that answers a failed condition without the item (some
   * emulators) gets one consistent GetItem instead (after a DescribeTable,
   * once per table, for a put, whose key attributes the client must learn).
   */
  versionAttribute?: string;
  /**
   * Return results as JSON carries them without loss (see `jsonSafe`): sets
   * as arrays, binaries as base64 strings, numbers as JavaScript numbers when
   * those hold them exactly and as their exact decimal strings otherwise.
   * Applies to every method's output and to `send`'s, and to the items on
   * conflict errors; `unmarshallOptions.wrapNumbers` is then not used. Keys
   * returned this way (`lastEvaluatedKey`) are for display: a binary or
   * long-number key part has become a string, so page with `paginateQuery`
   * or a client without this option.
   */
  jsonSafe?: boolean;
  /**
   * Descriptors `send` may take by name besides the ones this client's
   * methods use, e.g. the generated `operations` table (`import { operations }
   * from "dynaport"`) to accept every operation. A bundle holds only the
   * descriptors passed here.
   */
  operations?: Readonly<Record<string, WireOperation>>;
}

/**
 * A DynamoDB client that takes and returns plain JavaScript values for keys,
 * items and expression attribute values.
 *
 * ```ts
 * const db = new DynamoDBDocument({ region: "eu-west-1" });
 * await db.put({ tableName: "users", item: { id: "u1", name: "Ada", visits: 1 } });
 * const { item } = await db.get({ tableName: "users", key: { id: "u1" } });
 * ```
 *
 * It either wraps an existing client, a `DynamoDBClient` or a `DynamoDB`
 * (sharing its connections, credentials and retry settings; the caller keeps
 * ownership and closes it), or builds a `DynamoDBClient` from a
 * `ClientConfig` (then `destroy()` closes it).
 */
export class DynamoDBDocument<Client extends DynamoDBClient = DynamoDBClient> {
  /**
   * The client underneath, for everything that is not about items (tables,
   * backups, ...): the one passed in (so `new DynamoDBDocument(db).client`
   * is that `DynamoDB`, with its methods), or the bare `DynamoDBClient` built
   * from a configuration, which the operation functions take
   * (`createTable(doc.client, { ... })`).
   */
  readonly client: Client;
  readonly #ownsClient: boolean;
  readonly #marshall: MarshallContext;
  readonly #unmarshall: UnmarshallContext;
  readonly #versionAttribute: string | undefined;
  readonly #jsonSafe: boolean;
  readonly #operations: Readonly<Record<string, WireOperation>> | undefined;
  /** Key attribute names by table, learnt with DescribeTable when a put's conflict must be read back. */
  readonly #keySchemas = new Map<string, readonly string[]>();

  constructor(client: Client | ClientConfig = {}, options: DocumentClientOptions = {}) {
    const wrapped = client instanceof DynamoDBClient;
    this.#ownsClient = !wrapped;
    this.client = wrapped ? client : (new DynamoDBClient(client as ClientConfig) as Client);
    // Request bodies are JSON, where binaries travel as base64 text.
    this.#marshall = marshallContext(options.marshallOptions, true);
    this.#jsonSafe = options.jsonSafe === true;
    this.#unmarshall = unmarshallContext(this.#jsonSafe ? { ...options.unmarshallOptions, wrapNumbers: jsonSafeNumber } : options.unmarshallOptions);
    this.#operations = options.operations;
    if (options.versionAttribute !== undefined && options.versionAttribute === "") {
      throw new TypeError("versionAttribute must be a non-empty attribute name");
    }
    this.#versionAttribute = options.versionAttribute;
  }

  /**
   * Reads one item by its key (GetItem).
   *
   * @returns `item` as plain values, or no `item` when none has that key.
   */
  async get<T extends object = DocumentItem>(input: DocumentGetInput, options?: CallOptions): Promise<DocumentGetOutput<T>> {
    const { key, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.GetItem!.input);
    wire.Key = this.#toWire(key, "key");
    const { output, items: item } = await this.#sendReading(GetItem, wire, options, "Item", "item", (json) => this.#fromWire(json, "item"));
    const { Item, $metadata, ...raw } = output;
    const out = wireToTyped<DocumentGetOutput<T>>(raw, USER_KEYED_MAPS.GetItem!.output);
    if (item !== undefined) out.item = item as T;
    out.$metadata = $metadata;
    return this.#result(out);
  }

  /**
   * Creates or replaces one item (PutItem). With a version attribute (see
   * `DocumentClientOptions.versionAttribute`), `item`'s own version is the one
   * the caller read and the stored item gets the next one, returned as `version`.
   *
   * @throws DocumentConditionalCheckFailedException when `conditionExpression` fails.
   * @throws VersionConflictError when the stored version differs from the item's.
   */
  async put<T extends object = DocumentItem>(input: DocumentPutInput, options?: CallOptions): Promise<DocumentPutOutput<T>> {
    const { item, expressionAttributeValues, versionAttribute, expected, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.PutItem!.input);
    wire.Item = this.#toWire(item, "item");
    if (expected !== undefined) wire.Expected = expectedToWire(expected, this.#marshall, "expected");
    return this.#writeItem<DocumentPutOutput<T>>("put", PutItem, wire, input, versionAttribute, expressionAttributeValues, { tableName: rest.tableName, item: wire.Item as JsonObject }, options);
  }

  /**
   * Edits one item's attributes, creating the item if needed (UpdateItem).
   * With a version attribute, `expectedVersion` is the version the caller
   * read; the update adds `SET <version> = <next>` to `updateExpression`.
   *
   * @throws DocumentConditionalCheckFailedException when `conditionExpression` fails.
   * @throws VersionConflictError when the stored version is not `expectedVersion`.
   */
  async update<T extends object = DocumentItem>(input: DocumentUpdateInput, options?: CallOptions): Promise<DocumentUpdateOutput<T>> {
    const { key, expressionAttributeValues, versionAttribute, expectedVersion, expected, attributeUpdates, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.UpdateItem!.input);
    wire.Key = this.#toWire(key, "key");
    if (expected !== undefined) wire.Expected = expectedToWire(expected, this.#marshall, "expected");
    if (attributeUpdates !== undefined) wire.AttributeUpdates = attributeUpdatesToWire(attributeUpdates, this.#marshall, "attributeUpdates");
    return this.#writeItem<DocumentUpdateOutput<T>>("update", UpdateItem, wire, input, versionAttribute, expressionAttributeValues, { tableName: rest.tableName, key: wire.Key as JsonObject }, options);
  }

  /**
   * Deletes one item by its key (DeleteItem). With a version attribute, only
   * while the stored version is `expectedVersion`.
   *
   * @throws DocumentConditionalCheckFailedException when `conditionExpression` fails.
   * @throws VersionConflictError when the stored version is not `expectedVersion`.
   */
  async delete<T extends object = DocumentItem>(input: DocumentDeleteInput, options?: CallOptions): Promise<DocumentDeleteOutput<T>> {
    const { key, expressionAttributeValues, versionAttribute, expectedVersion, expected, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.DeleteItem!.input);
    wire.Key = this.#toWire(key, "key");
    if (expected !== undefined) wire.Expected = expectedToWire(expected, this.#marshall, "expected");
    return this.#writeItem<DocumentDeleteOutput<T>>("delete", DeleteItem, wire, input, versionAttribute, expressionAttributeValues, { tableName: rest.tableName, key: wire.Key as JsonObject }, options);
  }

  /**
   * Reads the items of one partition, in sort-key order (Query). Pass
   * `lastEvaluatedKey` back as `exclusiveStartKey` for the next page, or let
   * `paginateQuery` do it.
   */
  async query<T extends object = DocumentItem>(input: DocumentQueryInput, options?: CallOptions): Promise<DocumentQueryOutput<T>> {
    const { exclusiveStartKey, ...rest } = input;
    const start = exclusiveStartKey === undefined ? undefined : this.#toWire(exclusiveStartKey, "exclusiveStartKey");
    return (await this.#queryPage<T>(rest, start, options)).page;
  }

  /**
   * Reads every item of a table or index, a page at a time (Scan). Pass
   * `lastEvaluatedKey` back as `exclusiveStartKey` for the next page, or let
   * `paginateScan` do it.
   */
  async scan<T extends object = DocumentItem>(input: DocumentScanInput, options?: CallOptions): Promise<DocumentScanOutput<T>> {
    const { exclusiveStartKey, ...rest } = input;
    const start = exclusiveStartKey === undefined ? undefined : this.#toWire(exclusiveStartKey, "exclusiveStartKey");
    return (await this.#scanPage<T>(rest, start, options)).page;
  }

  /**
   * Every page of a query, as plain values: the document-client counterpart
   * of the generated `paginateQuery(client, input)`. Each request starts
   * where the previous page's `lastEvaluatedKey` ended, until a page has
   * none; `pageSize` sets `limit`, `startingToken` (a plain key, some page's
   * `lastEvaluatedKey`) resumes an earlier walk, and `items()` yields the items
   * one by one.
   *
   * ```ts
   * for await (const order of db.paginateQuery({ tableName: "orders", keyConditionExpression: "customer = :c",
   *   expressionAttributeValues: { ":c": "ada" } }).items()) { ... }
   * ```
   *
   * Nothing is sent until iteration starts; iterating again starts over.
   */
  paginateQuery<T extends object = DocumentItem>(input: DocumentQueryInput, options: DocumentPaginateOptions = {}): Paginator<DocumentQueryOutput<T>, T> {
    return paginateDocument("Query", (rest, start, callOptions) => this.#queryPage<T>(rest, start, callOptions), input, options, (key, root) => this.#toWire(key, root));
  }

  /** Every page of a scan, as plain values; see `paginateQuery` for the options and the `items()` view. */
  paginateScan<T extends object = DocumentItem>(input: DocumentScanInput, options: DocumentPaginateOptions = {}): Paginator<DocumentScanOutput<T>, T> {
    return paginateDocument("Scan", (rest, start, callOptions) => this.#scanPage<T>(rest, start, callOptions), input, options, (key, root) => this.#toWire(key, root));
  }

  /**
   * Reads up to 100 items from one or more tables (BatchGetItem). Keys the
   * service did not get to come back in `unprocessedKeys`, ready to send again.
   */
  async batchGet<T extends object = DocumentItem>(input: DocumentBatchGetInput, options?: CallOptions): Promise<DocumentBatchGetOutput<T>> {
    const { requestItems, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.BatchGetItem!.input);
    const tables: JsonObject = {};
    for (const table of Object.keys(requestItems)) {
      tables[table] = this.#keysAndAttributesToWire(requestItems[table]!, `requestItems.${table}`);
    }
    wire.RequestItems = tables;
    const { output, items: responses } = await this.#sendReading(BatchGetItem, wire, options, "Responses", "listByTable", (json) => {
      const tables: Record<string, DocumentItem[]> = {};
      for (const [table, items] of Object.entries(json as JsonObject)) tables[table] = this.#fromWireList(items, `responses.${table}`);
      return tables;
    });
    const { Responses, UnprocessedKeys, $metadata, ...raw } = output;
    const out = wireToTyped<DocumentBatchGetOutput<T>>(raw, USER_KEYED_MAPS.BatchGetItem!.output);
    if (responses !== undefined) out.responses = responses as Record<string, T[]>;
    if (UnprocessedKeys != null) {
      const unprocessed: Record<string, DocumentKeysAndAttributes> = {};
      for (const [table, request] of Object.entries(UnprocessedKeys as JsonObject)) {
        const { Keys, ...others } = request as JsonObject;
        unprocessed[table] = { ...wireToTyped<Omit<DocumentKeysAndAttributes, "keys">>(others, USER_KEYED_MAPS.BatchGetItem!.output, "UnprocessedKeys.*"), keys: this.#fromWireList(Keys, `unprocessedKeys.${table}.keys`) };
      }
      out.unprocessedKeys = unprocessed;
    }
    out.$metadata = $metadata;
    return this.#result(out);
  }

  /**
   * Puts or deletes up to 25 items in one or more tables (BatchWriteItem).
   * Writes the service did not get to come back in `unprocessedItems`, ready to send again.
   */
  async batchWrite(input: DocumentBatchWriteInput, options?: CallOptions): Promise<DocumentBatchWriteOutput> {
    const { requestItems, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.BatchWriteItem!.input);
    const tables: JsonObject = {};
    for (const table of Object.keys(requestItems)) {
      tables[table] = requestItems[table]!.map((request, i) => this.#writeRequestToWire(request, `requestItems.${table}[${i}]`));
    }
    wire.RequestItems = tables;
    const { UnprocessedItems, ItemCollectionMetrics, $metadata, ...raw } = await sendOperation(this.client, BatchWriteItem, wire, options);
    const out = wireToTyped<DocumentBatchWriteOutput>(raw, USER_KEYED_MAPS.BatchWriteItem!.output);
    if (UnprocessedItems != null) {
      const unprocessed: Record<string, DocumentWriteRequest[]> = {};
      for (const [table, requests] of Object.entries(UnprocessedItems as JsonObject)) {
        unprocessed[table] = (requests as JsonObject[]).map((request, i) => this.#writeRequestFromWire(request, `unprocessedItems.${table}[${i}]`));
      }
      out.unprocessedItems = unprocessed;
    }
    if (ItemCollectionMetrics != null) out.itemCollectionMetrics = this.#metricsByTable(ItemCollectionMetrics);
    out.$metadata = $metadata;
    return this.#result(out);
  }

  /** Reads up to 100 items as one consistent snapshot (TransactGetItems); `responses` follow the order of `transactItems`. */
  async transactGet<T extends object = DocumentItem>(input: DocumentTransactGetInput, options?: CallOptions): Promise<DocumentTransactGetOutput<T>> {
    const { transactItems, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.TransactGetItems!.input);
    wire.TransactItems = transactItems.map(({ get }, i) => {
      const { key, ...others } = get;
      const action = typedToWire(others, USER_KEYED_MAPS.TransactGetItems!.input, "TransactItems[].Get");
      action.Key = this.#toWire(key, `transactItems[${i}].get.key`);
      return { Get: action };
    });
    try {
      const { output, items: responses } = await this.#sendReading(TransactGetItems, wire, options, "Responses", "itemResponses", (json) =>
        (json as JsonObject[]).map((response, i) => (response.Item != null ? { item: this.#fromWire(response.Item, `responses[${i}].item`) } : {})),
      );
      const { Responses, $metadata, ...raw } = output;
      const out = wireToTyped<DocumentTransactGetOutput<T>>(raw, USER_KEYED_MAPS.TransactGetItems!.output);
      if (responses !== undefined) out.responses = responses as DocumentTransactGetOutput<T>["responses"];
      out.$metadata = $metadata;
      return this.#result(out);
    } catch (error) {
      throw await this.#transactionError(error, []);
    }
  }

  /**
   * Applies up to 100 condition checks, puts, updates and deletes atomically
   * (TransactWriteItems): all succeed or none does. Puts, updates and deletes
   * are versioned writes when a version attribute applies to them (see
   * `DocumentClientOptions.versionAttribute`); `versions` then lists the
   * version each action stored.
   *
   * @throws TransactionVersionConflictError when the version check of one or
   *   more actions failed; `conflicts` names them with their current items.
   * @throws DocumentTransactionCanceledException with plain `cancellationItems`
   *   when a condition fails (or another reason cancels the transaction).
   */
  async transactWrite(input: DocumentTransactWriteInput, options?: CallOptions): Promise<DocumentTransactWriteOutput> {
    const { transactItems, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.TransactWriteItems!.input);
    const versioned: (VersionedAction | undefined)[] = new Array(transactItems.length);
    wire.TransactItems = transactItems.map((action, i) => this.#transactWriteItemToWire(action, `transactItems[${i}]`, versioned, i));
    try {
      const { ItemCollectionMetrics, $metadata, ...raw } = await sendOperation(this.client, TransactWriteItems, wire, options);
      const out = wireToTyped<DocumentTransactWriteOutput>(raw, USER_KEYED_MAPS.TransactWriteItems!.output);
      if (ItemCollectionMetrics != null) out.itemCollectionMetrics = this.#metricsByTable(ItemCollectionMetrics);
      if (versioned.some((action) => action !== undefined)) {
        out.versions = Array.from(versioned, (action) => (action?.stores ? (action.plan.next as Version) : undefined));
      }
      out.$metadata = $metadata;
      return this.#result(out);
    } catch (error) {
      throw await this.#transactionError(error, versioned);
    }
  }

  /**
   * Runs one PartiQL statement (ExecuteStatement); `parameters` are plain
   * values for its `?` placeholders, in order.
   *
   * @throws DocumentConditionalCheckFailedException when the statement's condition fails.
   */
  async executeStatement<T extends object = DocumentItem>(
    input: DocumentExecuteStatementInput,
    options?: CallOptions,
  ): Promise<DocumentExecuteStatementOutput<T>> {
    const { parameters, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.ExecuteStatement!.input);
    if (parameters !== undefined) {
      wire.Parameters = this.#parametersToWire(parameters, "parameters");
    }
    const { output, items } = await this.#write(undefined, undefined, undefined, () =>
      this.#sendReading(ExecuteStatement, wire, options, "Items", "list", (json) => this.#fromWireList(json, "items")),
    );
    const { Items, LastEvaluatedKey, $metadata, ...raw } = output;
    const out = wireToTyped<DocumentExecuteStatementOutput<T>>(raw, USER_KEYED_MAPS.ExecuteStatement!.output);
    if (items !== undefined) out.items = items as T[];
    if (LastEvaluatedKey != null) out.lastEvaluatedKey = this.#fromWire(LastEvaluatedKey, "lastEvaluatedKey");
    out.$metadata = $metadata;
    return this.#result(out);
  }

  /**
   * Runs up to 25 PartiQL statements, each on its own (BatchExecuteStatement);
   * `parameters` are plain values. `responses` follow the order of
   * `statements`, each with its item or its error (with the item a failed
   * condition returned, as plain values).
   */
  async batchExecuteStatement<T extends object = DocumentItem>(
    input: DocumentBatchExecuteStatementInput,
    options?: CallOptions,
  ): Promise<DocumentBatchExecuteStatementOutput<T>> {
    const { statements, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.BatchExecuteStatement!.input);
    wire.Statements = this.#statementsToWire(statements, USER_KEYED_MAPS.BatchExecuteStatement!.input, "statements");
    const { Responses, $metadata, ...raw } = await sendOperation(this.client, BatchExecuteStatement, wire, options);
    const out = wireToTyped<DocumentBatchExecuteStatementOutput<T>>(raw, USER_KEYED_MAPS.BatchExecuteStatement!.output);
    if (Responses != null) {
      out.responses = (Responses as JsonObject[]).map((response, i) => {
        const { Item, Error, ...others } = response;
        const plain = wireToTyped<DocumentBatchStatementResponse<T>>(others, USER_KEYED_MAPS.BatchExecuteStatement!.output, "Responses[]");
        if (Item != null) plain.item = this.#fromWire(Item, `responses[${i}].item`) as T;
        if (Error != null) {
          const { Item: errorItem, ...errorOthers } = Error as JsonObject;
          const error = wireToTyped<NonNullable<DocumentBatchStatementResponse<T>["error"]>>(errorOthers, USER_KEYED_MAPS.BatchExecuteStatement!.output, "Responses[].Error");
          if (errorItem != null) error.item = this.#fromWire(errorItem, `responses[${i}].error.item`);
          plain.error = error;
        }
        return plain;
      });
    }
    out.$metadata = $metadata;
    return this.#result(out);
  }

  /**
   * Runs up to 100 PartiQL statements as one transaction (ExecuteTransaction):
   * all succeed or none does; `parameters` are plain values and `responses`
   * hold the items of its reads, in the order of `transactStatements`.
   *
   * @throws DocumentTransactionCanceledException with plain `cancellationItems`
   *   when a condition fails (or another reason cancels the transaction).
   */
  async executeTransaction<T extends object = DocumentItem>(
    input: DocumentExecuteTransactionInput,
    options?: CallOptions,
  ): Promise<DocumentExecuteTransactionOutput<T>> {
    const { transactStatements, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.ExecuteTransaction!.input);
    wire.TransactStatements = this.#statementsToWire(transactStatements, USER_KEYED_MAPS.ExecuteTransaction!.input, "transactStatements");
    try {
      const { Responses, $metadata, ...raw } = await sendOperation(this.client, ExecuteTransaction, wire, options);
      const out = wireToTyped<DocumentExecuteTransactionOutput<T>>(raw, USER_KEYED_MAPS.ExecuteTransaction!.output);
      if (Responses != null) {
        out.responses = (Responses as JsonObject[]).map((response, i) => (response.Item != null ? { item: this.#fromWire(response.Item, `responses[${i}].item`) as T } : {}));
      }
      out.$metadata = $metadata;
      return this.#result(out);
    } catch (error) {
      throw await this.#transactionError(error, []);
    }
  }

  /**
   * Sends any DynamoDB operation with its input written as the AWS API
   * reference writes it (`TableName`, `Key`, `Item`, `ExpressionAttributeValues`,
   * `ExclusiveStartKey`, `RequestItems`, `TransactItems`, `Parameters`, the
   * legacy `Expected`/`AttributeUpdates`/`KeyConditions`/`QueryFilter`/`ScanFilter`)
   * but with plain values wherever the wire holds attribute values, and
   * returns its output the same way (`Item`, `Items`, `Count`,
   * `LastEvaluatedKey`, `Attributes`, `Responses`, `UnprocessedItems`, ...),
   * with `$metadata`. This is the request JSON of the official
   * DocumentClient:
   *
   * ```ts
   * await docs.send("UpdateItem", { TableName: "users", Key: { id: 1 },
   *   UpdateExpression: "SET age = :age", ExpressionAttributeValues: { ":age": 40 } });
   * ```
   *
   * Which members hold attribute values comes from the model (see
   * `attribute-paths.ts`); operations without any (`CreateTable`,
   * `ListTables`, ...) go through unchanged, as with the raw `send`. The input
   * is checked against the model before anything is sent; values that cannot
   * be stored are reported in the same `ParamValidationError`, each at its
   * wire path (`Item.tags[1]`).
   *
   * `operation` is an operation's name or its wire descriptor (`GetItem`,
   * `CreateTable` from "dynaport"). By name, this client knows the operations
   * its methods send; any other needs the `operations` option, a wrapped
   * `DynamoDB` (whose own `send` knows them all), or `sendDocument`.
   *
   * Versioned writes, number precision and errors work as in the methods:
   * PutItem, UpdateItem, DeleteItem and the actions of TransactWriteItems are
   * versioned when a version attribute applies (`options.expectedVersion`,
   * `options.expectedVersions[i]` give the version read); a failed condition
   * throws `DocumentConditionalCheckFailedException` (or `VersionConflictError`)
   * with the stored item as plain values in `Item` and `currentItem`, and a
   * cancelled transaction carries `CancellationReasons` with plain `Item`s.
   */
  async send(operation: string | WireOperation, input: Record<string, unknown> = {}, options: DocumentSendOptions & CallOptions = {}): Promise<DocumentSendOutput> {
    const { versionAttribute, expectedVersion, expectedVersions, ...callOptions } = options;
    const { name, descriptor } = this.#resolve(operation);
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new TypeError(`${name}: expected the input as an object of the operation's members, got ${input === null ? "null" : Array.isArray(input) ? "an array" : `a ${typeof input}`}`);
    }
    const raw = (wire: JsonObject): Promise<JsonObject & { $metadata: ResponseMetadata }> =>
      descriptor !== undefined
        ? sendOperation(this.client, descriptor, wire, callOptions)
        : (this.client as unknown as RawSend).send(name, wire, callOptions);
    const paths = Object.hasOwn(OPERATION_PATHS, name) ? OPERATION_PATHS[name]! : undefined;
    const writes = name === "PutItem" || name === "UpdateItem" || name === "DeleteItem";
    if (expectedVersion !== undefined && !(name === "UpdateItem" || name === "DeleteItem")) {
      throw new TypeError(
        name === "PutItem"
          ? "PutItem: the version read is the one in Item itself; expectedVersion is for UpdateItem and DeleteItem"
          : `${name}: expectedVersion applies to UpdateItem and DeleteItem (expectedVersions to TransactWriteItems)`,
      );
    }
    if (expectedVersions !== undefined && name !== "TransactWriteItems") throw new TypeError(`${name}: expectedVersions applies to TransactWriteItems`);
    if (paths === undefined) return this.#result(await raw(input as JsonObject));

    const problems: ValidationProblem[] = [];
    const wire = copyObject(convertPaths(input, paths.input, (value, target, path) => this.#convertInput(value, target, path, problems))) as JsonObject;
    if (problems.length > 0) {
      // What converted is checked too, so that one error lists everything wrong; nothing is sent.
      try {
        descriptor?.validateWire(wire, this.client.config.checkExpressions);
      } catch (error) {
        if (!(error instanceof ParamValidationError)) throw error;
        problems.push(...error.problems);
      }
      throw new ParamValidationError(name, problems);
    }
    let plan: VersionPlan | undefined;
    let locate: ItemLocation | undefined;
    const versioned: (VersionedAction | undefined)[] = [];
    if (writes) {
      const kind = name === "PutItem" ? "put" : name === "UpdateItem" ? "update" : "delete";
      // Without an item to read the version from, validation reports what is missing.
      if (kind !== "put" || isObject(input.Item)) {
        plan = this.#planVersion(kind, wire, wireSpec(input, expectedVersion), versionAttribute);
        if (plan !== undefined) mergeValues(wire, plan);
      }
      locate = { tableName: String(input.TableName), key: wire.Key as JsonObject | undefined, item: wire.Item as JsonObject | undefined };
    } else if (name === "TransactWriteItems" && Array.isArray(wire.TransactItems)) {
      const plainActions = input.TransactItems as unknown[];
      wire.TransactItems = (wire.TransactItems as JsonValue[]).map((action, i) => {
        if (!isObject(action)) return action;
        const kinds = { ConditionCheck: "check", Put: "put", Delete: "delete", Update: "update" } as const;
        const out = copyObject(action) as JsonObject;
        for (const member of Object.keys(kinds) as (keyof typeof kinds)[]) {
          const spec = out[member];
          const plainSpec = (plainActions[i] as Record<string, unknown>)[member];
          if (!isObject(spec) || !isObject(plainSpec)) continue;
          const kind = kinds[member];
          if (kind === "put" && !isObject(plainSpec.Item)) continue;
          const inner = copyObject(spec) as JsonObject;
          out[member] = inner;
          const actionPlan = this.#planVersion(kind, inner, wireSpec(plainSpec, expectedVersions?.[i]), versionAttribute);
          if (actionPlan === undefined) continue;
          mergeValues(inner, actionPlan);
          const tableName = String(plainSpec.TableName);
          versioned[i] = {
            plan: actionPlan,
            tableName,
            userCondition: plainSpec.ConditionExpression as string | undefined,
            stores: kind === "put" || kind === "update",
            locate: { tableName, key: inner.Key as JsonObject | undefined, item: inner.Item as JsonObject | undefined },
          };
        }
        return out;
      });
    }

    let output: JsonObject & { $metadata: ResponseMetadata };
    try {
      output = await this.#write(plan, input.ConditionExpression as string | undefined, locate, () => raw(wire));
    } catch (error) {
      if (error instanceof DocumentConditionalCheckFailedException) {
        defineMember(error, "Item", error.currentItem);
        throw error;
      }
      if (error instanceof VersionConflictError) {
        defineMember(error, "Item", error.item);
        throw error;
      }
      if (name === "TransactWriteItems" || name === "TransactGetItems" || name === "ExecuteTransaction") {
        const failure = await this.#transactionError(error, versioned);
        if (failure instanceof DocumentTransactionCanceledException) defineMember(failure, "CancellationReasons", wireReasons(error, failure.cancellationItems));
        throw failure;
      }
      throw error;
    }
    const { $metadata, ...rest } = output;
    const plain = convertPaths(rest, paths.output, (value, target, path) =>
      target === "item" ? this.#fromWire(value as JsonValue, path) : unmarshallValue(value as unknown as WireAttributeValue, this.#unmarshall, path),
    ) as DocumentSendOutput;
    plain.$metadata = $metadata;
    return this.#result(plain);
  }

  /**
   * One item or attribute value of `send`'s input in wire form. A value that
   * cannot be converted adds its problem to `problems` and leaves a stand-in
   * the wire check accepts (the attributes of an item that did convert, or
   * `NULL`), so that the check adds no problem of its own there; an item's
   * other attributes are tried one by one, so each bad one is reported.
   */
  #convertInput(value: unknown, target: PathTarget, path: string, problems: ValidationProblem[]): unknown {
    try {
      return target === "item" ? this.#toWire(value as object, path) : marshallValue(value, this.#marshall, path);
    } catch (error) {
      if (!(error instanceof MarshallError)) throw error;
      problems.push(marshallProblem(error));
      if (target === "value") return { NULL: true };
      const item: JsonObject = {};
      // An error at the root itself (not an item at all) has no attributes to try.
      if (error.path === path) return item;
      const map = value instanceof Map;
      const entries: [unknown, unknown][] = map ? [...value] : Object.keys(value as object).map((k) => [k, (value as Record<string, unknown>)[k]]);
      // The first attribute that fails is the one already reported.
      let reported = false;
      for (const [k, v] of entries) {
        const single = map ? new Map([[k, v]]) : Object.create(null);
        if (!map) defineMember(single, k as string, v);
        try {
          const converted = this.#toWire(single, path);
          for (const name of Object.keys(converted)) defineMember(item, name, converted[name]);
        } catch (inner) {
          if (!(inner instanceof MarshallError)) throw inner;
          if (reported) problems.push(marshallProblem(inner));
          reported = true;
          // A stand-in keeps the attribute (an expression's `:value` among
          // them) present for the checks that follow; nothing is sent.
          if (typeof k === "string") defineMember(item, k, { NULL: true });
        }
      }
      return item;
    }
  }

  /** The descriptor of an operation given by name or as its descriptor; none when the wrapped `DynamoDB` sends it by name. */
  #resolve(operation: string | WireOperation): { name: string; descriptor: WireOperation | undefined } {
    if (typeof operation === "object" && operation !== null && typeof operation.name === "string" && typeof operation.validateWire === "function") {
      return { name: operation.name, descriptor: operation };
    }
    if (typeof operation !== "string") {
      throw new TypeError(`send: expected an operation name such as "GetItem" or an operation descriptor, got ${operation === null ? "null" : typeof operation}`);
    }
    if (Object.hasOwn(OWN_OPERATIONS, operation)) return { name: operation, descriptor: OWN_OPERATIONS[operation] };
    const extra = this.#operations;
    if (extra !== undefined && Object.hasOwn(extra, operation)) return { name: operation, descriptor: extra[operation] };
    // The DynamoDB class knows every operation by name (and suggests names for a misspelt one).
    if (typeof (this.client as unknown as Partial<RawSend>).send === "function") return { name: operation, descriptor: undefined };
    if ((operationNames as readonly string[]).includes(operation)) return { name: operation, descriptor: passThrough(operation) };
    throw new TypeError(`send: ${unknownOperationMessage("DynamoDB", operation, operationNames)}`);
  }

  /** PartiQL statements in wire form (BatchExecuteStatement's `Statements`, ExecuteTransaction's `TransactStatements`). */
  #statementsToWire(statements: readonly { parameters?: unknown[] }[], maps: readonly string[], root: "statements" | "transactStatements"): JsonObject[] {
    const member = root === "statements" ? "Statements[]" : "TransactStatements[]";
    return statements.map((statement, i) => {
      const { parameters, ...others } = statement;
      const request = typedToWire(others, maps, member);
      if (parameters !== undefined) request.Parameters = this.#parametersToWire(parameters, `${root}[${i}].parameters`);
      return request;
    });
  }

  #parametersToWire(parameters: unknown[], root: string): JsonObject[] {
    return parameters.map((value, i) => marshallValue(value, this.#marshall, `${root}[${i}]`) as unknown as JsonObject);
  }

  /** Closes the underlying client's connections if this document client created it; a wrapped client is left to its owner. */
  async destroy(): Promise<void> {
    if (this.#ownsClient) await this.client.destroy();
  }

  #versionFor(perCall: string | false | undefined): string | undefined {
    if (perCall === false) return undefined;
    if (perCall === "") throw new TypeError("versionAttribute must be a non-empty attribute name");
    return perCall ?? this.#versionAttribute;
  }

  /**
   * The second half of `put`, `update` and `delete`, once `wire` holds the
   * request: the version plan and its condition, the expression values, the
   * send (reading the returned attributes as plain values), and the output,
   * with the new version for a versioned put or update.
   */
  async #writeItem<Out extends { attributes?: unknown; itemCollectionMetrics?: unknown; version?: unknown; $metadata: ResponseMetadata }>(
    kind: "put" | "update" | "delete",
    operation: WireOperation,
    wire: JsonObject,
    input: DocumentPutInput | DocumentUpdateInput | DocumentDeleteInput,
    versionAttribute: string | false | undefined,
    values: DocumentValues | undefined,
    locate: ItemLocation,
    options: CallOptions | undefined,
  ): Promise<Out> {
    const plan = this.#planVersion(kind, wire, input, versionAttribute);
    this.#setValues(wire, values, plan);
    const { output, items: attributes } = await this.#write(plan, input.conditionExpression, locate, () =>
      this.#sendReading(operation, wire, options, "Attributes", "item", (json) => this.#fromWire(json, "attributes")),
    );
    const { Attributes, ItemCollectionMetrics, $metadata, ...raw } = output;
    const out = wireToTyped<Out>(raw, USER_KEYED_MAPS[operation.name]!.output);
    if (attributes !== undefined) out.attributes = attributes;
    if (ItemCollectionMetrics != null) out.itemCollectionMetrics = this.#metrics(ItemCollectionMetrics);
    if (plan !== undefined && kind !== "delete") out.version = plan.next;
    out.$metadata = $metadata;
    return this.#result(out);
  }

  /**
   * Makes a put, update or delete (`wire`, a request or a transaction
   * action) a versioned write when a version attribute applies, or a
   * transaction's condition check a version check when it states
   * `expectedVersion`, and returns its plan; `undefined` otherwise.
   */
  #planVersion(kind: "put" | "update" | "delete" | "check", wire: JsonObject, spec: VersionSpec, perCall: string | false | undefined): VersionPlan | undefined {
    const attribute = this.#versionFor(perCall);
    if (attribute === undefined) {
      if (spec.expectedVersion !== undefined) throw new TypeError("expectedVersion needs a versionAttribute, on the client or on this call");
      return undefined;
    }
    // A condition check is versioned only when asked: by default the
    // client's attribute would make it an "item must not exist" check.
    if (kind === "check" && spec.expectedVersion === undefined) return undefined;
    // DynamoDB refuses a request that mixes expression and legacy parameters.
    if (spec.expected !== undefined || spec.attributeUpdates !== undefined) {
      const legacy = spec.expected !== undefined ? "expected" : "attributeUpdates";
      const instead = kind === "update" ? "updateExpression and conditionExpression" : "conditionExpression";
      throw new TypeError(
        `the legacy ${legacy} cannot be combined with the condition expression of a versioned ${kind}; write it with ${instead} instead, or pass versionAttribute: false`,
      );
    }
    const { conditionExpression, expressionAttributeNames: names, expressionAttributeValues: values } = spec;
    let plan: VersionPlan;
    if (kind === "put") {
      const item = spec.item!;
      const read = item instanceof Map ? item.get(attribute) : Object.hasOwn(item, attribute) ? item[attribute] : undefined;
      // The next version goes into the item itself, not into a value placeholder.
      plan = planVersion(attribute, read, conditionExpression, names, values, false);
      setMember(wire.Item as JsonObject, attribute, { N: String(plan.next) });
    } else if (kind === "update") {
      plan = planVersion(attribute, spec.expectedVersion, conditionExpression, names, values);
      wire.UpdateExpression = addToSetClause(spec.updateExpression, `${plan.namePlaceholder} = ${plan.nextPlaceholder}`);
    } else {
      // A delete or a check stores no next version, so the plan leaves its value out.
      plan = planVersion(attribute, spec.expectedVersion, conditionExpression, names, values, false);
    }
    this.#applyPlan(wire, plan);
    return plan;
  }

  /** Adds the version check to a wire request; the caller's own names and values are merged in by `#setValues`. */
  #applyPlan(wire: JsonObject, plan: VersionPlan): void {
    wire.ConditionExpression = plan.conditionExpression;
    wire.ExpressionAttributeNames = { ...(wire.ExpressionAttributeNames as JsonObject | undefined), ...plan.names };
    // Without ALL_OLD a conflict could not say what is stored now without a second read.
    wire.ReturnValuesOnConditionCheckFailure = "ALL_OLD";
  }

  #setValues(wire: JsonObject, values: DocumentValues | undefined, plan: VersionPlan | undefined, root = "expressionAttributeValues"): void {
    if (values === undefined && plan === undefined) return;
    const out: JsonObject = values === undefined ? {} : this.#toWire(values, root);
    if (plan !== undefined) Object.assign(out, plan.values);
    // DynamoDB rejects an empty map here (a create's check needs no values).
    if (Object.keys(out).length > 0) wire.ExpressionAttributeValues = out;
  }

  /**
   * Runs a conditional write, turning a failed condition into the document
   * layer's errors. A versioned write whose failure came back without the
   * stored item reads it (see `#current`), so the conflict reports what is
   * really there.
   */
  async #write<R>(plan: VersionPlan | undefined, userCondition: string | undefined, locate: ItemLocation | undefined, send: () => Promise<R>): Promise<R> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      let current: CurrentItem = { item: this.#errorItem(error), known: true };
      if (plan !== undefined) {
        if (current.item === undefined && locate !== undefined) current = await this.#current(locate);
        if (isVersionConflict(plan, userCondition, current.item)) {
          throw new VersionConflictError({
            versionAttribute: plan.attribute,
            expectedVersion: plan.expected,
            item: this.#safeItem(current.item),
            itemUnknown: !current.known,
            $metadata: error.$metadata,
            cause: error,
          });
        }
      }
      throw new DocumentConditionalCheckFailedException(error, this.#safeItem(current.item));
    }
  }

  /**
   * The item stored now at `locate`, read with one consistent GetItem (a
   * put's key attributes are picked from its item after one DescribeTable per
   * table). `known: false` when the read could not be made or failed.
   */
  async #current(locate: ItemLocation): Promise<CurrentItem> {
    try {
      let key = locate.key;
      if (key === undefined) {
        if (locate.item === undefined) return { item: undefined, known: false };
        const names = await this.#keyNames(locate.tableName);
        const picked: JsonObject = {};
        for (const name of names) {
          if (!Object.hasOwn(locate.item, name)) return { item: undefined, known: false };
          setMember(picked, name, locate.item[name]);
        }
        key = picked;
      }
      const output = await sendOperation(this.client, GetItem, { TableName: locate.tableName, Key: key, ConsistentRead: true });
      return { item: output.Item == null ? undefined : this.#fromWire(output.Item, "item"), known: true };
    } catch {
      return { item: undefined, known: false };
    }
  }

  async #keyNames(tableName: string): Promise<readonly string[]> {
    const known = this.#keySchemas.get(tableName);
    if (known !== undefined) return known;
    // By name: the input is the client's own, and DescribeTable's check and exception classes would only add to every bundle.
    const output = await sendOperation(this.client, passThrough("DescribeTable"), { TableName: tableName });
    const schema = ((output.Table as JsonObject | undefined)?.KeySchema ?? []) as JsonObject[];
    const names = schema.map((element) => element.AttributeName as string);
    if (names.length > 0) this.#keySchemas.set(tableName, names);
    return names;
  }

  /** The item a `ConditionalCheckFailedException` carries, as plain values: typed (`item`) or in wire form (`Item`). */
  #errorItem(error: object): DocumentItem | undefined {
    const typed = (error as { item?: Record<string, AttributeValue> }).item;
    if (typed != null) return this.#fromTyped(typed);
    const wire = (error as { Item?: JsonValue }).Item;
    return wire != null ? this.#fromWire(wire, "Item") : undefined;
  }

  /** The document layer's error for a cancelled transaction; `versioned[i]` is the plan of action `i`, if versioned. */
  async #transactionError(error: unknown, versioned: readonly (VersionedAction | undefined)[]): Promise<unknown> {
    if (!(error instanceof TransactionCanceledException)) return error;
    const typed = (error as { cancellationReasons?: { code?: string; item?: Record<string, AttributeValue> }[] }).cancellationReasons;
    const wire = (error as { CancellationReasons?: JsonObject[] }).CancellationReasons;
    const reasons: { code: string | undefined; item: DocumentItem | undefined }[] =
      typed != null
        ? typed.map((reason) => ({ code: reason.code, item: reason.item == null ? undefined : this.#fromTyped(reason.item) }))
        : (wire ?? []).map((reason, i) => ({
            code: reason.Code as string | undefined,
            item: reason.Item == null ? undefined : this.#fromWire(reason.Item, `CancellationReasons[${i}].Item`),
          }));
    const items = reasons.map((reason) => reason.item);
    const conflicts: TransactionVersionConflict[] = [];
    for (let index = 0; index < reasons.length; index++) {
      const action = versioned[index];
      const reason = reasons[index]!;
      if (action === undefined || reason.code !== "ConditionalCheckFailed") continue;
      let item = reason.item;
      // A service that left the item out: read it, so the conflict says what is there.
      if (item === undefined) item = (await this.#current(action.locate)).item;
      if (!isVersionConflict(action.plan, action.userCondition, item)) continue;
      const { attribute, expected } = action.plan;
      const safe = this.#safeItem(item);
      conflicts.push({ index, tableName: action.tableName, versionAttribute: attribute, expectedVersion: expected, actualVersion: safe?.[attribute], item: safe });
    }
    const safeItems = items.map((item) => this.#safeItem(item));
    if (conflicts.length > 0) return new TransactionVersionConflictError(error, safeItems, conflicts);
    return new DocumentTransactionCanceledException(error, safeItems);
  }

  /** A result in the form the client returns: with `jsonSafe`, converted by `jsonSafe` (its `$metadata` kept as it is). */
  #result<T>(out: T): T {
    if (!this.#jsonSafe) return out;
    const { $metadata, ...rest } = out as { $metadata?: ResponseMetadata };
    const safe = jsonSafe(rest) as Record<string, unknown>;
    if ($metadata !== undefined) safe.$metadata = $metadata;
    return safe as T;
  }

  #safeItem(item: DocumentItem | undefined): DocumentItem | undefined {
    return item === undefined || !this.#jsonSafe ? item : (jsonSafe(item) as DocumentItem);
  }

  /** One page of a query, with its continuation key still in wire form for `paginateQuery`. */
  async #queryPage<T>(input: Omit<DocumentQueryInput, "exclusiveStartKey">, start: JsonObject | undefined, options: CallOptions | undefined): Promise<PageStep<DocumentQueryOutput<T>>> {
    const { expressionAttributeValues, keyConditions, queryFilter, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.Query!.input);
    if (keyConditions !== undefined) wire.KeyConditions = conditionsToWire(keyConditions, this.#marshall, "keyConditions");
    if (queryFilter !== undefined) wire.QueryFilter = conditionsToWire(queryFilter, this.#marshall, "queryFilter");
    return this.#readPage(Query, wire, start, expressionAttributeValues, options, USER_KEYED_MAPS.Query!.output);
  }

  /** One page of a scan, with its continuation key still in wire form for `paginateScan`. */
  async #scanPage<T>(input: Omit<DocumentScanInput, "exclusiveStartKey">, start: JsonObject | undefined, options: CallOptions | undefined): Promise<PageStep<DocumentScanOutput<T>>> {
    const { expressionAttributeValues, scanFilter, ...rest } = input;
    const wire = typedToWire(rest, USER_KEYED_MAPS.Scan!.input);
    if (scanFilter !== undefined) wire.ScanFilter = conditionsToWire(scanFilter, this.#marshall, "scanFilter");
    return this.#readPage(Scan, wire, start, expressionAttributeValues, options, USER_KEYED_MAPS.Scan!.output);
  }

  async #readPage<Page>(
    operation: typeof Query | typeof Scan,
    wire: JsonObject,
    start: JsonObject | undefined,
    values: DocumentValues | undefined,
    options: CallOptions | undefined,
    outputMaps: readonly string[],
  ): Promise<PageStep<Page>> {
    if (start !== undefined) wire.ExclusiveStartKey = start;
    this.#setValues(wire, values, undefined);
    const { output, items } = await this.#sendReading(operation, wire, options, "Items", "list", (json) => this.#fromWireList(json, "items"));
    const { Items, LastEvaluatedKey, $metadata, ...raw } = output;
    const page = wireToTyped(raw, outputMaps) as { items?: DocumentItem[]; lastEvaluatedKey?: DocumentItem; $metadata: ResponseMetadata };
    if (items !== undefined) page.items = items;
    if (LastEvaluatedKey != null) page.lastEvaluatedKey = this.#fromWire(LastEvaluatedKey, "lastEvaluatedKey");
    page.$metadata = $metadata;
    return { page: this.#result(page) as Page, lastEvaluatedKey: LastEvaluatedKey == null ? undefined : (LastEvaluatedKey as JsonObject) };
  }

  /**
   * Calls `operation` through the raw `send` and returns the items under
   * `key` as plain values: read in the same pass as the JSON (see
   * `read-items.ts`), or, when that pass gave up, converted from their JSON
   * by `convert`, with its errors and their paths. `undefined` when the
   * output has none.
   */
  async #sendReading<I>(
    operation: WireOperation,
    wire: JsonObject,
    options: CallOptions | undefined,
    key: string,
    layout: ItemsLayout,
    convert: (json: JsonValue) => I,
  ): Promise<{ output: JsonObject & { $metadata: ResponseMetadata }; items: I | undefined }> {
    let read: ItemsRead | undefined;
    const output = await sendOperation(this.client, operation, wire, options, (text) => {
      read = readItems(text, key, layout, this.#unmarshall);
      return read.wire;
    });
    const plain = (read as ItemsRead | undefined)?.items;
    if (plain !== undefined) return { output, items: (plain ?? undefined) as I | undefined };
    const json = output[key];
    return { output, items: json != null ? convert(json) : undefined };
  }

  #toWire(value: object, root: string): JsonObject {
    return marshallItem(value, this.#marshall, root) as unknown as JsonObject;
  }

  #fromWire(value: JsonValue, root: string): DocumentItem {
    return unmarshallItem(value as unknown as WireItem, this.#unmarshall, root);
  }

  #fromWireList(values: JsonValue, root: string): DocumentItem[] {
    const list = values as unknown as WireItem[];
    const out: DocumentItem[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = unmarshallItem(list[i]!, this.#unmarshall, `${root}[${i}]`);
    return out;
  }

  /** Items inside errors were parsed into typed attribute values by the generated client; back to wire, then plain. */
  #fromTyped(item: Record<string, AttributeValue>): DocumentItem {
    return this.#fromWire(typedMapToWire(item), "item");
  }

  #metrics(wire: JsonValue): DocumentItemCollectionMetrics {
    const { ItemCollectionKey, SizeEstimateRangeGB } = wire as JsonObject;
    const out: DocumentItemCollectionMetrics = {};
    if (ItemCollectionKey != null) out.itemCollectionKey = this.#fromWire(ItemCollectionKey, "itemCollectionKey");
    if (SizeEstimateRangeGB != null) out.sizeEstimateRangeGB = SizeEstimateRangeGB as number[];
    return out;
  }

  #metricsByTable(wire: JsonValue): Record<string, DocumentItemCollectionMetrics[]> {
    const out: Record<string, DocumentItemCollectionMetrics[]> = {};
    for (const [table, list] of Object.entries(wire as JsonObject)) out[table] = (list as JsonValue[]).map((metrics) => this.#metrics(metrics));
    return out;
  }

  #keysAndAttributesToWire(request: DocumentKeysAndAttributes, root: string): JsonObject {
    const { keys, ...others } = request;
    const wire = typedToWire(others, USER_KEYED_MAPS.BatchGetItem!.input, "RequestItems.*");
    wire.Keys = keys.map((key, i) => this.#toWire(key, `${root}.keys[${i}]`));
    return wire;
  }

  #writeRequestToWire(request: DocumentWriteRequest, root: string): JsonObject {
    if (request.putRequest !== undefined) return { PutRequest: { Item: this.#toWire(request.putRequest.item, `${root}.putRequest.item`) } };
    if (request.deleteRequest !== undefined) return { DeleteRequest: { Key: this.#toWire(request.deleteRequest.key, `${root}.deleteRequest.key`) } };
    throw new TypeError(`${root}: a write request needs putRequest or deleteRequest`);
  }

  #writeRequestFromWire(request: JsonObject, root: string): DocumentWriteRequest {
    const put = request.PutRequest as JsonObject | undefined;
    if (put != null) return { putRequest: { item: this.#fromWire(put.Item!, `${root}.putRequest.item`) } };
    const del = request.DeleteRequest as JsonObject;
    return { deleteRequest: { key: this.#fromWire(del.Key!, `${root}.deleteRequest.key`) } };
  }

  /** One transaction action in wire form; a versioned put, update or delete records its plan in `versioned[index]`. */
  #transactWriteItemToWire(action: DocumentTransactWriteItem, root: string, versioned: (VersionedAction | undefined)[], index: number): JsonObject {
    for (const [field, member, kind] of TRANSACT_ACTIONS) {
      const spec = action[field];
      if (spec === undefined) continue;
      const { key, item, expressionAttributeValues, versionAttribute, expectedVersion: _, ...others } = spec as TransactActionSpec;
      const wire = typedToWire(others, USER_KEYED_MAPS.TransactWriteItems!.input, `TransactItems[].${member}`);
      // A put names its item, the other actions their key.
      const [place, wirePlace] = kind === "put" ? (["item", "Item"] as const) : (["key", "Key"] as const);
      wire[wirePlace] = this.#toWire((kind === "put" ? item : key)!, `${root}.${field}.${place}`);
      const plan = this.#planVersion(kind, wire, spec, versionAttribute);
      if (plan !== undefined) {
        const locate: ItemLocation = { tableName: others.tableName, [place]: wire[wirePlace] as JsonObject };
        versioned[index] = { plan, tableName: others.tableName, userCondition: others.conditionExpression, stores: kind === "put" || kind === "update", locate };
      }
      this.#setValues(wire, expressionAttributeValues, plan, `${root}.${field}.expressionAttributeValues`);
      return { [member]: wire };
    }
    throw new TypeError(`${root}: a transaction action needs conditionCheck, put, delete or update`);
  }
}

/**
 * Whether a failed conditional write lost a version race. With only the
 * version check, any failure is a conflict. With the caller's condition too,
 * the current item (from ALL_OLD) tells which one failed: if it still holds
 * the expected version, the caller's own condition did.
 */
function isVersionConflict(plan: VersionPlan, userCondition: string | undefined, current: DocumentItem | undefined): boolean {
  if (userCondition === undefined || userCondition.trim() === "") return true;
  return !sameVersion(current?.[plan.attribute], plan.expected);
}

/** A `DynamoDB` client's raw `send`, which knows every operation by name. */
interface RawSend {
  send(operation: string, input: JsonObject, options?: CallOptions): Promise<JsonObject & { $metadata: ResponseMetadata }>;
}

/** What `#planVersion` needs, from a wire request or transaction action written with plain values. */
function wireSpec(input: Record<string, unknown>, expectedVersion: Version | undefined): VersionSpec {
  return {
    item: isObject(input.Item) ? (input.Item as DocumentItem) : undefined,
    expectedVersion,
    updateExpression: input.UpdateExpression as string | undefined,
    conditionExpression: input.ConditionExpression as string | undefined,
    expressionAttributeNames: input.ExpressionAttributeNames as Record<string, string> | undefined,
    expressionAttributeValues: isObject(input.ExpressionAttributeValues) ? (input.ExpressionAttributeValues as DocumentValues) : undefined,
    expected: input.Expected,
    attributeUpdates: input.AttributeUpdates,
  };
}

/** Adds a version plan's values to a wire request whose own values are already in wire form. */
function mergeValues(wire: JsonObject, plan: VersionPlan): void {
  const values = { ...(wire.ExpressionAttributeValues as JsonObject | undefined), ...(plan.values as unknown as JsonObject) };
  if (Object.keys(values).length > 0) wire.ExpressionAttributeValues = values;
}

/** `CancellationReasons` under their wire names, each with its item as plain values. */
function wireReasons(error: unknown, items: readonly (DocumentItem | undefined)[]): JsonObject[] {
  const wire = (error as { CancellationReasons?: JsonObject[] }).CancellationReasons;
  const typed = (error as { cancellationReasons?: { code?: string; message?: string }[] }).cancellationReasons;
  const base: JsonObject[] =
    wire != null
      ? wire.map((reason) => copyObject(reason) as JsonObject)
      : (typed ?? []).map((reason) => {
          const out: JsonObject = {};
          if (reason.code !== undefined) out.Code = reason.code;
          if (reason.message !== undefined) out.Message = reason.message;
          return out;
        });
  return base.map((reason, i) => {
    delete reason.Item;
    if (items[i] !== undefined) (reason as Record<string, unknown>).Item = items[i];
    return reason;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A conversion problem as a validation problem: its path, and the marshaller's message without it. */
function marshallProblem(error: MarshallError): ValidationProblem {
  const prefix = `${error.path}: `;
  return { path: error.path, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
}

/** A shallow copy with own data properties only (a member named `__proto__` stays data). */
function copyObject(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) defineMember(out, name, (value as Record<string, unknown>)[name]);
  return out;
}

function defineMember(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
