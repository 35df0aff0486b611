import { expect } from "chai";
import {
  DynamoDBClient,
  BatchWriteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue as OfficialAttributeValue,
} from "@aws-sdk/client-dynamodb";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import type { AttributeValue } from "../../src/generated/dynamodb/types.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";

// The typed methods and the raw `send` entry against the official AWS SDK for
// JavaScript, on the same dynalite data: what one writes the others read, and
// all three agree value for value.

/** The official SDK's attribute value in our typed form (`S` -> `s`, `NULL` -> `null`). */
function toTyped(av: OfficialAttributeValue): AttributeValue {
  const [[type, value]] = Object.entries(av).filter(([, v]) => v !== undefined) as [[string, unknown]];
  const member = type === "NULL" ? "null" : type === "BOOL" ? "bool" : type.toLowerCase();
  if (type === "M") return { m: toTypedItem(value as Record<string, OfficialAttributeValue>) } as AttributeValue;
  if (type === "L") return { l: (value as OfficialAttributeValue[]).map(toTyped) } as AttributeValue;
  if (type === "B") return { b: new Uint8Array(value as Uint8Array) } as AttributeValue;
  if (type === "BS") return { bs: (value as Uint8Array[]).map((b) => new Uint8Array(b)) } as AttributeValue;
  return { [member]: value } as AttributeValue;
}

function toTypedItem(item: Record<string, OfficialAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toTyped(v)]));
}

/** The official SDK's attribute value in wire JSON (binaries as base64). */
function toWire(av: OfficialAttributeValue): unknown {
  const [[type, value]] = Object.entries(av).filter(([, v]) => v !== undefined) as [[string, unknown]];
  if (type === "M") return { M: Object.fromEntries(Object.entries(value as Record<string, OfficialAttributeValue>).map(([k, v]) => [k, toWire(v)])) };
  if (type === "L") return { L: (value as OfficialAttributeValue[]).map(toWire) };
  if (type === "B") return { B: Buffer.from(value as Uint8Array).toString("base64") };
  if (type === "BS") return { BS: (value as Uint8Array[]).map((b) => Buffer.from(b).toString("base64")) };
  return { [type]: value };
}

function toWireItem(item: Record<string, OfficialAttributeValue>): unknown {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toWire(v)]));
}

const sortByPk = <T extends Record<string, any>>(items: T[], pk: (item: T) => string) => [...items].sort((a, b) => pk(a).localeCompare(pk(b)));

describe("differential: the typed client and raw send agree with @aws-sdk/client-dynamodb", () => {
  let server: DynaliteServer;
  let ours: DynamoDB;
  let official: DynamoDBClient;
  const tableName = "Differential";

  before(async () => {
    server = await startDynalite();
    const config = { endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS };
    ours = new DynamoDB(config);
    official = new DynamoDBClient(config);
    await ours.createTable({
      tableName,
      keySchema: [{ attributeName: "pk", keyType: "HASH" }, { attributeName: "sk", keyType: "RANGE" }],
      attributeDefinitions: [{ attributeName: "pk", attributeType: "S" }, { attributeName: "sk", attributeType: "N" }],
      billingMode: "PAY_PER_REQUEST",
    });
    // Written by the official SDK: every attribute type, nested.
    const items = Array.from({ length: 30 }, (_, i) => ({
      pk: { S: `P${i % 3}` },
      sk: { N: String(i) },
      s: { S: `text ${i} ✓` },
      n: { N: i % 2 ? "12345678901234567890.123" : "-0.5" },
      b: { B: new Uint8Array([i, 0, 255]) },
      ss: { SS: ["a", `b${i}`] },
      ns: { NS: ["1", String(i + 2)] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([i + 2])] },
      bool: { BOOL: i % 2 === 0 },
      nul: { NULL: true },
      l: { L: [{ S: "x" }, { N: "1" }, { M: { deep: { L: [{ BOOL: true }] } } }] },
      m: { M: { inner: { S: "y" }, list: { L: [] }, empty: { M: {} } } },
    }));
    for (let i = 0; i < items.length; i += 25) {
      await official.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
  });

  after(async () => {
    official.destroy();
    await ours.destroy();
    await server.close();
  });

  it("reads an item exactly as the official client does, typed and raw", async () => {
    const key = { pk: { S: "P1" }, sk: { N: "7" } };
    const theirs = await official.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    const typed = await ours.getItem({ tableName, key: { pk: { s: "P1" }, sk: { n: "7" } }, consistentRead: true });
    const raw = await ours.send("GetItem", { TableName: tableName, Key: key, ConsistentRead: true });
    expect(typed.item).to.deep.equal(toTypedItem(theirs.Item!));
    expect(raw.Item).to.deep.equal(toWireItem(theirs.Item!));
  });

  it("queries and scans to the same items", async () => {
    const theirs = await official.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "P2" } } }),
    );
    const typed = await ours.query({ tableName, keyConditionExpression: "pk = :p", expressionAttributeValues: { ":p": { s: "P2" } } });
    expect(typed.count).to.equal(theirs.Count);
    expect(typed.items).to.deep.equal(theirs.Items!.map(toTypedItem));

    const theirScan = await official.send(new ScanCommand({ TableName: tableName }));
    const rawScan = await ours.send("Scan", { TableName: tableName });
    const key = (item: any) => `${item.pk.S}/${item.sk.N.padStart(3, "0")}`;
    expect(sortByPk(rawScan.Items as any[], key)).to.deep.equal(
      sortByPk(theirScan.Items!.map((item) => toWireItem(item) as any), key),
    );
  });

  it("describes the table alike, dates included", async () => {
    const theirs = await official.send(new DescribeTableCommand({ TableName: tableName }));
    const typed = await ours.describeTable({ tableName });
    expect(typed.table?.tableName).to.equal(theirs.Table?.TableName);
    expect(typed.table?.itemCount).to.equal(theirs.Table?.ItemCount);
    expect(typed.table?.creationDateTime?.getTime()).to.equal(theirs.Table?.CreationDateTime?.getTime());
    expect(typed.table?.billingModeSummary?.billingMode).to.equal(theirs.Table?.BillingModeSummary?.BillingMode);
  });

  it("sees what the other wrote: an update by dynaport read by the official client", async () => {
    await ours.updateItem({
      tableName,
      key: { pk: { s: "P0" }, sk: { n: "0" } },
      updateExpression: "SET #m.#added = :v ADD ns :more",
      expressionAttributeNames: { "#m": "m", "#added": "added" },
      expressionAttributeValues: { ":v": { b: new Uint8Array([9, 9]) }, ":more": { ns: ["100"] } },
    });
    const theirs = await official.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: "P0" }, sk: { N: "0" } } }));
    expect(Buffer.from(theirs.Item!.m!.M!.added!.B!)).to.deep.equal(Buffer.from([9, 9]));
    expect([...theirs.Item!.ns!.NS!].sort()).to.deep.equal(["1", "100", "2"]);

    const rawUpdate = await ours.send("UpdateItem", {
      TableName: tableName,
      Key: { pk: { S: "P0" }, sk: { N: "3" } },
      UpdateExpression: "SET s = :s",
      ExpressionAttributeValues: { ":s": { S: "raw" } },
      ReturnValues: "UPDATED_NEW",
    });
    expect(rawUpdate.Attributes).to.deep.equal({ s: { S: "raw" } });
    const check = await official.send(new UpdateItemCommand({
      TableName: tableName,
      Key: { pk: { S: "P0" }, sk: { N: "3" } },
      UpdateExpression: "SET s = s",
      ReturnValues: "ALL_NEW",
    }));
    expect(check.Attributes!.s).to.deep.equal({ S: "raw" });
  });
});
