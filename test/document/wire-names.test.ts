/**
 * The document client's renaming between typed and wire members
 * (`src/document/wire-names.ts`): its table against the model and the
 * generator's naming rule, and its results against the generated
 * serializers it replaces.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { lowerCamel } from "../../codegen/naming.js";
import {
  DOUBLE_MEMBERS,
  typedMapToWire,
  typedToWire,
  USER_KEYED_MAPS,
  WIRE_NAMES,
  wireToTyped,
} from "../../src/document/wire-names.js";
import {
  de_BatchGetItemOutput,
  de_BatchWriteItemOutput,
  de_QueryOutput,
  se_AttributeMap,
  se_Put,
  se_QueryInput,
  se_TransactWriteItemsInput,
  se_UpdateItemInput,
} from "../../src/generated/dynamodb/serde.js";
import type { AttributeValue, Put, QueryInput, TransactWriteItemsInput, UpdateItemInput } from "../../src/generated/dynamodb/types.js";
import type { JsonObject } from "../../src/runtime/index.js";

interface Member {
  shape: string;
  idempotencyToken?: boolean;
}
interface Shape {
  type: string;
  members?: Record<string, Member>;
  member?: { shape: string };
  value?: { shape: string };
}
const ROOT = resolve(import.meta.dirname, "../..");
const model = JSON.parse(readFileSync(join(ROOT, "models/dynamodb/2012-08-10/service-2.json"), "utf8")) as {
  operations: Record<string, { input: { shape: string }; output: { shape: string } }>;
  shapes: Record<string, Shape>;
};

/** The operations `DynamoDBDocument` sends with typed members (DescribeTable's output it reads itself). */
const DOCUMENT_OPERATIONS = [
  "BatchExecuteStatement",
  "BatchGetItem",
  "BatchWriteItem",
  "DeleteItem",
  "ExecuteStatement",
  "ExecuteTransaction",
  "GetItem",
  "PutItem",
  "Query",
  "Scan",
  "TransactGetItems",
  "TransactWriteItems",
  "UpdateItem",
];

/** What the model says about the members under `shape`, outside attribute values. */
interface Found {
  maps: string[];
  doubles: Set<string>;
  /** Wire names by typed name, where the typed name is not the wire name with its first letter lowered. */
  renamed: Record<string, string>;
  /** Members the renaming cannot carry: blobs, timestamps and (in inputs) doubles, with their paths. */
  special: string[];
}

function isAttributeValues(shape: string): boolean {
  const s = model.shapes[shape]!;
  return shape === "AttributeValue" || (s.type === "map" && s.value!.shape === "AttributeValue") || (s.type === "list" && s.member!.shape === "AttributeValue");
}

function walk(shape: string, path: string, found: Found, seen: ReadonlySet<string>): void {
  if (isAttributeValues(shape) || seen.has(shape)) return;
  const s = model.shapes[shape]!;
  const inner = new Set([...seen, shape]);
  switch (s.type) {
    case "structure":
      for (const [name, member] of Object.entries(s.members ?? {})) {
        const typed = lowerCamel(name);
        if (typed !== name.charAt(0).toLowerCase() + name.slice(1)) found.renamed[typed] = name;
        const m = model.shapes[member.shape]!;
        const scalar = m.type === "list" ? model.shapes[m.member!.shape]!.type : m.type;
        if (scalar === "double" || scalar === "float") found.doubles.add(name);
        if (["blob", "timestamp"].includes(scalar)) found.special.push(`${scalar} ${path}${name}`);
        walk(member.shape, path === "" ? name : `${path}.${name}`, found, inner);
      }
      return;
    case "list":
      return walk(s.member!.shape, `${path}[]`, found, inner);
    case "map":
      found.maps.push(path);
      return walk(s.value!.shape, `${path}.*`, found, inner);
    default:
      return;
  }
}

function derive(shape: string): Found {
  const found: Found = { maps: [], doubles: new Set(), renamed: {}, special: [] };
  walk(shape, "", found, new Set());
  return found;
}

describe("wire names: the table matches the model", () => {
  it("lists, for each operation the document client sends, exactly the model's user-keyed maps", () => {
    const derived: Record<string, { input: string[]; output: string[] }> = {};
    for (const name of DOCUMENT_OPERATIONS) {
      const op = model.operations[name]!;
      derived[name] = { input: derive(op.input.shape).maps.sort(), output: derive(op.output.shape).maps.sort() };
    }
    const table = Object.fromEntries(Object.entries(USER_KEYED_MAPS).map(([name, m]) => [name, { input: [...m.input].sort(), output: [...m.output].sort() }]));
    expect(table).to.deep.equal(derived);
    expect(USER_KEYED_MAPS.TransactWriteItems!.input).to.include("TransactItems[].Put.ExpressionAttributeNames");
  });

  it("lists the output doubles; inputs have none, and no member is a blob or a timestamp", () => {
    const doubles = new Set<string>();
    for (const name of DOCUMENT_OPERATIONS) {
      const op = model.operations[name]!;
      const input = derive(op.input.shape);
      const output = derive(op.output.shape);
      expect([...input.doubles], `${name} input doubles`).to.deep.equal([]);
      expect([...input.special, ...output.special], name).to.deep.equal([]);
      for (const d of output.doubles) doubles.add(d);
    }
    expect([...DOUBLE_MEMBERS].sort()).to.deep.equal([...doubles].sort());
  });

  it("names members as the generator does: WIRE_NAMES holds every exception to the first-letter rule", () => {
    const renamed: Record<string, string> = {};
    for (const name of DOCUMENT_OPERATIONS) {
      const op = model.operations[name]!;
      Object.assign(renamed, derive(op.input.shape).renamed, derive(op.output.shape).renamed);
    }
    expect(WIRE_NAMES).to.deep.equal(renamed);
    // The derivation sees acronyms: the rule differs from lowering the first letter for such names.
    expect(lowerCamel("SSESpecification")).to.equal("sseSpecification");
  });

  it("would see a renamed member or a new map in a changed model", () => {
    const saved = model.shapes.GetItemInput!.members!;
    model.shapes.GetItemInput!.members = { ...saved, SSEType: { shape: "TableName" }, Extra: { shape: "ExpressionAttributeNameMap" } };
    try {
      const found = derive("GetItemInput");
      expect(found.renamed).to.deep.equal({ sseType: "SSEType" });
      expect(found.maps).to.include("Extra");
    } finally {
      model.shapes.GetItemInput!.members = saved;
    }
  });
});

describe("wire names: the same wire JSON as the generated serializers", () => {
  it("writes a query's typed options as se_QueryInput does, keeping attribute names", () => {
    const input = {
      tableName: "t",
      indexName: "byDate",
      select: "SPECIFIC_ATTRIBUTES",
      attributesToGet: ["a", "b"],
      limit: 10,
      consistentRead: true,
      keyConditions: { id: { comparisonOperator: "EQ" } },
      queryFilter: { status: { comparisonOperator: "NOT_NULL" } },
      conditionalOperator: "AND",
      scanIndexForward: false,
      returnConsumedCapacity: "INDEXES",
      projectionExpression: "#n, tableName",
      filterExpression: "attribute_exists(#n)",
      keyConditionExpression: "Id = :id",
      expressionAttributeNames: JSON.parse('{"#n": "tableName", "__proto__": "Key", "plain": "x"}') as Record<string, string>,
      expressionAttributeValues: undefined,
      exclusiveStartKey: null,
    } as unknown as QueryInput;
    expect(JSON.stringify(sorted(typedToWire(input, USER_KEYED_MAPS.Query!.input)))).to.equal(JSON.stringify(sorted(se_QueryInput(input))));
    const wire = typedToWire(input, USER_KEYED_MAPS.Query!.input);
    expect(Object.keys(wire.ExpressionAttributeNames as object)).to.deep.equal(["#n", "__proto__", "plain"]);
    expect(Object.keys(wire.KeyConditions as object)).to.deep.equal(["id"]);
    expect(Object.getPrototypeOf(wire.ExpressionAttributeNames)).to.equal(Object.prototype);
  });

  it("writes the legacy updates and a transaction action's options under a path prefix", () => {
    const update = {
      tableName: "t",
      attributeUpdates: { camelName: { action: "DELETE" } },
      expected: { other: { exists: false, comparisonOperator: "NULL" } },
      returnValues: "ALL_NEW",
      returnItemCollectionMetrics: "SIZE",
    } as unknown as UpdateItemInput;
    expect(sorted(typedToWire(update, USER_KEYED_MAPS.UpdateItem!.input))).to.deep.equal(sorted(se_UpdateItemInput(update)));
    const put = { tableName: "t", conditionExpression: "x", expressionAttributeNames: { "#camelCase": "camelCase", lower: "lower" }, returnValuesOnConditionCheckFailure: "ALL_OLD" } as unknown as Put;
    expect(typedToWire(put, USER_KEYED_MAPS.TransactWriteItems!.input, "TransactItems[].Put")).to.deep.equal(se_Put(put));
    // Without the prefix, the attribute-name map would lose its keys' case.
    expect(typedToWire({ transactItems: [{ put }] }, USER_KEYED_MAPS.TransactWriteItems!.input)).to.deep.equal(
      (({ ClientRequestToken: _, ...rest }) => rest)(se_TransactWriteItemsInput({ transactItems: [{ put }], clientRequestToken: "x" } as TransactWriteItemsInput)),
    );
  });

  it("reads outputs as the generated deserializers do: index names kept, doubles as numbers", () => {
    const capacity = {
      TableName: "t",
      CapacityUnits: "NaN",
      ReadCapacityUnits: 1.5,
      Table: { CapacityUnits: "Infinity" },
      GlobalSecondaryIndexes: { ByDate: { ReadCapacityUnits: "-Infinity" }, byName: { WriteCapacityUnits: 2 } },
      LocalSecondaryIndexes: JSON.parse('{"__proto__": {"CapacityUnits": 1}}') as JsonObject,
    };
    const query = { Count: 2, ScannedCount: 3, ConsumedCapacity: capacity, Unknown: null } as unknown as JsonObject;
    const typed = wireToTyped<Record<string, unknown>>(query, USER_KEYED_MAPS.Query!.output);
    expect(typed).to.deep.equal(de_QueryOutput(query));
    const indexes = (typed.consumedCapacity as { localSecondaryIndexes: object }).localSecondaryIndexes;
    expect(Object.keys(indexes)).to.deep.equal(["__proto__"]);
    expect(Object.keys((typed.consumedCapacity as { globalSecondaryIndexes: object }).globalSecondaryIndexes)).to.deep.equal(["ByDate", "byName"]);
    const batch = { ConsumedCapacity: [capacity, { TableName: "u", WriteCapacityUnits: "1" }] } as unknown as JsonObject;
    expect(wireToTyped(batch, USER_KEYED_MAPS.BatchGetItem!.output)).to.deep.equal(de_BatchGetItemOutput(batch));
    expect(wireToTyped(batch, USER_KEYED_MAPS.BatchWriteItem!.output)).to.deep.equal(de_BatchWriteItemOutput(batch));
  });

  it("keeps table names in requests, and reads the options of unprocessed keys under their table", () => {
    const request = { requestItems: { users: { consistentRead: true, expressionAttributeNames: { lower: "x" } } }, returnConsumedCapacity: "TOTAL" };
    expect(typedToWire(request, USER_KEYED_MAPS.BatchGetItem!.input)).to.deep.equal({
      RequestItems: { users: { ConsistentRead: true, ExpressionAttributeNames: { lower: "x" } } },
      ReturnConsumedCapacity: "TOTAL",
    });
    const wire = { ProjectionExpression: "#a", ExpressionAttributeNames: { "#a": "Attr", Upper: "Upper" }, ConsistentRead: true };
    expect(wireToTyped(wire, USER_KEYED_MAPS.BatchGetItem!.output, "UnprocessedKeys.*")).to.deep.equal({
      projectionExpression: "#a",
      expressionAttributeNames: { "#a": "Attr", Upper: "Upper" },
      consistentRead: true,
    });
  });

  it("writes typed attribute values as the generated serializer does, binaries as copied bytes", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const item = JSON.parse('{"__proto__": {"s": "x"}}') as Record<string, AttributeValue>;
    Object.assign(item, {
      n: { n: "1.5" },
      b: { b: bytes },
      bs: { bs: [bytes] },
      m: { m: { inner: { l: [{ null: true }, { bool: false }, { ss: ["a"] }, { ns: ["1"] }] } } },
    });
    const wire = typedMapToWire(item);
    const expected = se_AttributeMap(item);
    // Base64 in the generated form, bytes here: compare with the bytes encoded.
    const encoded = JSON.parse(JSON.stringify(wire, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v))) as JsonObject;
    expect(sorted(encoded)).to.deep.equal(sorted(expected));
    expect(Object.keys(wire)[0]).to.equal("__proto__");
    const out = (wire.b as unknown as { B: Uint8Array }).B;
    expect(out).to.deep.equal(bytes);
    expect(out.buffer).to.not.equal(bytes.buffer);
  });
});

/** `value` with every object's keys in order, for comparisons where only member order may differ. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    Object.defineProperty(out, key, { value: sorted((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
