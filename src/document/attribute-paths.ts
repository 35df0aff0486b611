/**
 * Where DynamoDB's wire inputs, outputs and errors hold attribute values, so
 * that `DynamoDBDocument.send` can take and return any operation's wire JSON
 * with plain values in those places and leave every other member as it is.
 *
 * A path is a chain of wire member names separated by dots, where `*` stands
 * for every value of a map and a trailing `[]` for every element of a list,
 * followed by what is found there: `:item` for a map of attribute names to
 * attribute values (an item, a key, `ExpressionAttributeValues`) and `:value`
 * for one attribute value (`Parameters[]`, a legacy condition's
 * `AttributeValueList[]`).
 *
 * The table is written out rather than derived at run time, so that a bundle
 * carries a few strings instead of the model; `test/document/attribute-paths.test.ts`
 * derives the same table from `models/dynamodb/2012-08-10/service-2.json` (every
 * member whose shape is `AttributeValue`, a list of it or a map to it) and
 * fails on any difference, so a model update that adds one cannot go unnoticed.
 */

/** The attribute-value paths of one operation's input and output. */
export interface OperationPaths {
  readonly input: readonly string[];
  readonly output: readonly string[];
}

/** Every DynamoDB operation whose input or output holds attribute values. Operations not listed have none. */
// Paths that recur across operations, written once (a bundle carries each string once).
const VALUES = "ExpressionAttributeValues:item";
const KEY = "Key:item";
const ITEM = "Item:item";
const COLLECTION_KEY = "ItemCollectionMetrics.ItemCollectionKey:item";
const EXPECTED_VALUE = "Expected.*.Value:value";
const EXPECTED_LIST = "Expected.*.AttributeValueList[]:value";
const ATTRIBUTES = "Attributes:item";
const ITEMS = "Items[]:item";
const LAST_KEY = "LastEvaluatedKey:item";
const START_KEY = "ExclusiveStartKey:item";
const RESPONSE_ITEMS = "Responses[].Item:item";

export const OPERATION_PATHS: Readonly<Record<string, OperationPaths>> = {
  BatchExecuteStatement: {
    input: ["Statements[].Parameters[]:value"],
    output: ["Responses[].Error.Item:item", RESPONSE_ITEMS],
  },
  BatchGetItem: {
    input: ["RequestItems.*.Keys[]:item"],
    output: ["Responses.*[]:item", "UnprocessedKeys.*.Keys[]:item"],
  },
  BatchWriteItem: {
    input: ["RequestItems.*[].PutRequest.Item:item", "RequestItems.*[].DeleteRequest.Key:item"],
    output: [
      "UnprocessedItems.*[].PutRequest.Item:item",
      "UnprocessedItems.*[].DeleteRequest.Key:item",
      "ItemCollectionMetrics.*[].ItemCollectionKey:item",
    ],
  },
  DeleteItem: {
    input: [KEY, EXPECTED_VALUE, EXPECTED_LIST, VALUES],
    output: [ATTRIBUTES, COLLECTION_KEY],
  },
  DescribeExport: {
    input: [],
    output: ["ExportDescription.FilterSpecification.ExpressionAttributeValues:item"],
  },
  ExecuteStatement: {
    input: ["Parameters[]:value"],
    output: [ITEMS, LAST_KEY],
  },
  ExecuteTransaction: {
    input: ["TransactStatements[].Parameters[]:value"],
    output: [RESPONSE_ITEMS],
  },
  ExportTableToPointInTime: {
    input: ["FilterSpecification.ExpressionAttributeValues:item"],
    output: ["ExportDescription.FilterSpecification.ExpressionAttributeValues:item"],
  },
  GetItem: {
    input: [KEY],
    output: [ITEM],
  },
  PutItem: {
    input: [ITEM, EXPECTED_VALUE, EXPECTED_LIST, VALUES],
    output: [ATTRIBUTES, COLLECTION_KEY],
  },
  Query: {
    input: [
      "KeyConditions.*.AttributeValueList[]:value",
      "QueryFilter.*.AttributeValueList[]:value",
      START_KEY,
      VALUES,
    ],
    output: [ITEMS, LAST_KEY],
  },
  Scan: {
    input: ["ScanFilter.*.AttributeValueList[]:value", START_KEY, VALUES],
    output: [ITEMS, LAST_KEY],
  },
  SearchVectors: {
    input: [VALUES, "SearchVector[]:value"],
    output: ["SearchResults[].Item:item"],
  },
  TransactGetItems: {
    input: ["TransactItems[].Get.Key:item"],
    output: [RESPONSE_ITEMS],
  },
  TransactWriteItems: {
    input: [
      "TransactItems[].ConditionCheck.Key:item",
      "TransactItems[].ConditionCheck.ExpressionAttributeValues:item",
      "TransactItems[].Put.Item:item",
      "TransactItems[].Put.ExpressionAttributeValues:item",
      "TransactItems[].Delete.Key:item",
      "TransactItems[].Delete.ExpressionAttributeValues:item",
      "TransactItems[].Update.Key:item",
      "TransactItems[].Update.ExpressionAttributeValues:item",
    ],
    output: ["ItemCollectionMetrics.*[].ItemCollectionKey:item"],
  },
  UpdateItem: {
    input: [
      KEY,
      "AttributeUpdates.*.Value:value",
      EXPECTED_VALUE,
      EXPECTED_LIST,
      VALUES,
    ],
    output: [ATTRIBUTES, COLLECTION_KEY],
  },
};

/** The modeled errors whose members hold attribute values, by error code. */
export const ERROR_PATHS: Readonly<Record<string, readonly string[]>> = {
  ConditionalCheckFailedException: ["Item:item"],
  TransactionCanceledException: ["CancellationReasons[].Item:item"],
};

/** What a path leads to: an item (a map of attribute values) or one attribute value. */
export type PathTarget = "item" | "value";

/**
 * Converts what `paths` lead to in `root` with `convert`, returning a copy;
 * `root` itself and everything off the paths are left untouched (containers
 * on a path are copied, members beside it shared). `convert` gets the value,
 * whether it is an item or one attribute value, and its wire path for
 * messages (`RequestItems.users[0].PutRequest.Item`). Missing or `null`
 * members, and containers of the wrong kind, are left for the operation's
 * validation to report.
 */
export function convertPaths<T extends object>(
  root: T,
  paths: readonly string[],
  convert: (value: unknown, target: PathTarget, path: string) => unknown,
): T {
  let out: unknown = root;
  for (const spec of paths) {
    const colon = spec.lastIndexOf(":");
    const target = spec.slice(colon + 1) as PathTarget;
    const steps = parseSteps(spec.slice(0, colon));
    out = convertAt(out, steps, 0, target, "", convert);
  }
  return out as T;
}

/** One step of a path: a member name, every map value, or every list element. */
type Step = { member: string } | { each: "map" } | { each: "list" };

function parseSteps(path: string): Step[] {
  const steps: Step[] = [];
  for (const segment of path.split(".")) {
    let name = segment;
    let lists = 0;
    while (name.endsWith("[]")) {
      name = name.slice(0, -2);
      lists++;
    }
    if (name === "*") steps.push({ each: "map" });
    else if (name !== "") steps.push({ member: name });
    for (let i = 0; i < lists; i++) steps.push({ each: "list" });
  }
  return steps;
}

function convertAt(
  value: unknown,
  steps: readonly Step[],
  at: number,
  target: PathTarget,
  path: string,
  convert: (value: unknown, target: PathTarget, path: string) => unknown,
): unknown {
  if (value === undefined || value === null) return value;
  if (at === steps.length) return convert(value, target, path);
  const step = steps[at]!;
  if ("member" in step) {
    if (typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, step.member)) return value;
    const inner = (value as Record<string, unknown>)[step.member];
    const converted = convertAt(inner, steps, at + 1, target, join(path, step.member), convert);
    if (converted === inner) return value;
    return withMember(value as Record<string, unknown>, step.member, converted);
  }
  if (step.each === "list") {
    if (!Array.isArray(value)) return value;
    return value.map((element, i) => convertAt(element, steps, at + 1, target, `${path}[${i}]`, convert));
  }
  if (typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const converted = convertAt((value as Record<string, unknown>)[name], steps, at + 1, target, join(path, name), convert);
    define(out, name, converted);
  }
  return out;
}

function join(path: string, member: string): string {
  return path === "" ? member : `${path}.${member}`;
}

/** A shallow copy of `source` with `name` set to `value`. */
function withMember(source: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) define(out, key, source[key]);
  define(out, name, value);
  return out;
}

/** Sets an own data property, even one named `__proto__`. */
function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
