import { expect } from "chai";
import fc from "fast-check";
import { readItems } from "../../src/document/read-items.js";
import { unmarshallContext, unmarshallItem } from "../../src/document/unmarshall.js";
import { DynamoDBDocument, MarshallError, marshall, NumberValue, type UnmarshallOptions, type WireItem } from "../../src/document/index.js";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { stubbedClient } from "../support/client.js";
import { sendJson } from "../support/stub-server.js";
import { plainValue } from "../support/arbitraries.js";
import { rejectionOf } from "../support/rejection.js";

// The document layer reads the items of GetItem, Query and Scan answers
// straight from the text into plain values. Whatever the text, the result
// must be what unmarshall gives for the parsed JSON, errors included.
describe("document: items read straight from the response text", () => {
  const item = plainValue(true).map;
  /** JSON as the service sends it: binaries as base64 text. */
  const toText = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v));

  function viaJson(items: WireItem[], options?: UnmarshallOptions) {
    const ctx = unmarshallContext(options);
    return items.map((wire, i) => unmarshallItem(JSON.parse(toText(wire)) as WireItem, ctx, `items[${i}]`));
  }

  it("gives what unmarshall gives, in one pass (property-based)", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 4 }), fc.boolean(), (plain, wrap) => {
        const wire = plain.map((p) => marshall(p));
        const options = wrap ? { wrapNumbers: true } : undefined;
        const text = toText({ Items: wire, Count: wire.length, LastEvaluatedKey: { pk: { S: "k" } } });
        const read = readItems(text, "Items", "list", unmarshallContext(options));
        expect(read.items, "read in one pass").to.not.equal(undefined);
        expect(read.items).to.deep.equal(viaJson(wire, options));
        expect(read.wire).to.deep.equal({ Count: wire.length, LastEvaluatedKey: { pk: { S: "k" } } });
      }),
      { numRuns: 300 },
    );
  });

  it("reads BatchGetItem's lists by table and TransactGetItems' responses (property-based)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.array(item, { maxLength: 3 }), { maxKeys: 3 }), fc.array(fc.option(item, { nil: undefined }), { maxLength: 3 }), (tables, responses) => {
        const ctx = unmarshallContext(undefined);
        const wireTables = Object.fromEntries(Object.entries(tables).map(([table, items]) => [table, items.map((p) => marshall(p))]));
        const batch = readItems(toText({ Responses: wireTables, UnprocessedKeys: {} }), "Responses", "listByTable", ctx);
        const parsedTables = JSON.parse(toText(wireTables)) as Record<string, WireItem[]>;
        expect(batch.items).to.deep.equal(Object.fromEntries(Object.entries(parsedTables).map(([table, items]) => [table, viaJson(items)])));
        expect(batch.wire).to.deep.equal({ UnprocessedKeys: {} });
        const wireResponses = responses.map((p) => (p === undefined ? {} : { Item: marshall(p) }));
        const transact = readItems(toText({ Responses: wireResponses }), "Responses", "itemResponses", ctx);
        const parsed = JSON.parse(toText(wireResponses)) as { Item?: WireItem }[];
        expect(transact.items).to.deep.equal(parsed.map((r) => (r.Item === undefined ? {} : { item: viaJson([r.Item])[0] })));
      }),
      { numRuns: 150 },
    );
  });

  it("reads GetItem's one item, and a JSON null as null", () => {
    const ctx = unmarshallContext(undefined);
    expect(readItems('{"Item": {"a": {"N": "1.5"}, "b": {"NULL": true}}}', "Item", "item", ctx).items).to.deep.equal({ a: 1.5, b: null });
    expect(readItems('{"Item": null}', "Item", "item", ctx).items).to.equal(null);
    expect(readItems("{}", "Item", "item", ctx)).to.deep.equal({ wire: {}, items: undefined });
  });

  it("keeps an attribute named __proto__ an own property", () => {
    const read = readItems('{"Items": [{"__proto__": {"S": "x"}}]}', "Items", "list", unmarshallContext(undefined));
    const [first] = read.items as Record<string, unknown>[];
    expect(Object.getPrototypeOf(first)).to.equal(Object.prototype);
    expect(Object.keys(first!)).to.deep.equal(["__proto__"]);
  });

  it("hands anything out of the canonical form to unmarshall, which gives the same value", () => {
    const ctx = unmarshallContext(undefined);
    for (const attribute of ['{"S": "x", "N": "1"}', '{"NULL": false}', '{"Unknown": 1, "S": "x"}', '{"SS": ["a", "a"]}']) {
      const text = `{"Items": [{"a": ${attribute}}]}`;
      const read = readItems(text, "Items", "list", ctx);
      const expected = viaJson((JSON.parse(text) as { Items: WireItem[] }).Items);
      const items = read.items ?? (read.wire.Items as WireItem[]).map((w, i) => unmarshallItem(w, ctx, `items[${i}]`));
      expect(items, attribute).to.deep.equal(expected);
    }
  });

  it("calls a wrapNumbers function for every number, and gives up when it throws", () => {
    const seen: string[] = [];
    const ctx = unmarshallContext({ wrapNumbers: (text) => (seen.push(text), `#${text}`) });
    expect(readItems('{"Items": [{"n": {"N": "7"}, "s": {"NS": ["1", "2"]}}]}', "Items", "list", ctx).items).to.deep.equal([{ n: "#7", s: new Set(["#1", "#2"]) }]);
    expect(seen).to.deep.equal(["7", "1", "2"]);
    const throwing = unmarshallContext({
      wrapNumbers: () => {
        throw new Error("no numbers here");
      },
    });
    expect(readItems('{"Items": [{"n": {"N": "7"}}]}', "Items", "list", throwing).items).to.equal(undefined);
  });

  describe("through the document client, on the wire", () => {
    const wire = stubbedClient(DynamoDB);

    it("query and get return the items as plain values", async () => {
      const doc = new DynamoDBDocument(wire.client, { unmarshallOptions: { wrapNumbers: true } });
      wire.stub.handle((_req, res) => sendJson(res, 200, { Items: [{ pk: { S: "a" }, n: { N: "12345678901234567890.5" } }], Count: 1, ScannedCount: 1, LastEvaluatedKey: { pk: { S: "a" } } }));
      const page = await doc.query({ tableName: "t", keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": "a" } });
      expect(page.items).to.deep.equal([{ pk: "a", n: new NumberValue("12345678901234567890.5") }]);
      expect(page.lastEvaluatedKey).to.deep.equal({ pk: "a" });
      expect(page.count).to.equal(1);
      wire.stub.handle((_req, res) => sendJson(res, 200, { Item: { pk: { S: "a" } } }));
      expect((await doc.get({ tableName: "t", key: { pk: "a" } })).item).to.deep.equal({ pk: "a" });
    });

    it("batchGet and transactGet return their items as plain values, and report an imprecise number with its path", async () => {
      const doc = new DynamoDBDocument(wire.client);
      wire.stub.handle((_req, res) => sendJson(res, 200, { Responses: { t: [{ pk: { S: "a" } }, { pk: { S: "b" }, n: { N: "1" } }] }, UnprocessedKeys: {} }));
      const batch = await doc.batchGet({ requestItems: { t: { keys: [{ pk: "a" }, { pk: "b" }] } } });
      expect(batch.responses).to.deep.equal({ t: [{ pk: "a" }, { pk: "b", n: 1 }] });
      expect(batch.unprocessedKeys).to.deep.equal({});
      wire.stub.handle((_req, res) => sendJson(res, 200, { Responses: [{ Item: { pk: { S: "a" } } }, {}] }));
      const transact = await doc.transactGet({ transactItems: [{ get: { tableName: "t", key: { pk: "a" } } }, { get: { tableName: "t", key: { pk: "z" } } }] });
      expect(transact.responses).to.deep.equal([{ item: { pk: "a" } }, {}]);

      const imprecise = { N: "0.12345678901234567890" };
      wire.stub.handle((_req, res) => sendJson(res, 200, { Responses: { t: [{ pk: { S: "a" } }, { price: imprecise }] } }));
      const batchError = await rejectionOf(doc.batchGet({ requestItems: { t: { keys: [{ pk: "a" }] } } }), MarshallError);
      expect(batchError.path).to.equal("responses.t[1].price");
      wire.stub.handle((_req, res) => sendJson(res, 200, { Responses: [{ Item: { price: imprecise } }] }));
      const transactError = await rejectionOf(doc.transactGet({ transactItems: [{ get: { tableName: "t", key: { pk: "a" } } }] }), MarshallError);
      expect(transactError.path).to.equal("responses[0].item.price");
    });

    it("put, update and delete return their attributes as plain values", async () => {
      const doc = new DynamoDBDocument(wire.client);
      wire.stub.handle((_req, res) => sendJson(res, 200, { Attributes: { pk: { S: "a" }, n: { N: "2" }, tags: { SS: ["x"] } }, ConsumedCapacity: { TableName: "t", CapacityUnits: 1 } }));
      const expected = { pk: "a", n: 2, tags: new Set(["x"]) };
      const updated = await doc.update({ tableName: "t", key: { pk: "a" }, updateExpression: "SET n = :n", expressionAttributeValues: { ":n": 2 }, returnValues: "ALL_NEW" });
      expect(updated.attributes).to.deep.equal(expected);
      expect(updated.consumedCapacity).to.deep.equal({ tableName: "t", capacityUnits: 1 });
      expect((await doc.put({ tableName: "t", item: { pk: "a" }, returnValues: "ALL_OLD" })).attributes).to.deep.equal(expected);
      expect((await doc.delete({ tableName: "t", key: { pk: "a" }, returnValues: "ALL_OLD" })).attributes).to.deep.equal(expected);
      wire.stub.handle((_req, res) => sendJson(res, 200, {}));
      expect(await doc.delete({ tableName: "t", key: { pk: "a" } })).to.not.have.property("attributes");
    });

    it("an imprecise number still fails with the path of the attribute, after the call", async () => {
      const doc = new DynamoDBDocument(wire.client);
      wire.stub.handle((_req, res) => sendJson(res, 200, { Items: [{ pk: { S: "a" } }, { pk: { S: "b" }, price: { N: "0.12345678901234567890" } }], Count: 2 }));
      const error = await rejectionOf(doc.query({ tableName: "t", keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": "a" } }), MarshallError);
      expect(error.path).to.equal("items[1].price");
      wire.stub.handle((_req, res) => sendJson(res, 200, { Attributes: { price: { N: "0.12345678901234567890" } } }));
      const updateError = await rejectionOf(doc.update({ tableName: "t", key: { pk: "a" }, updateExpression: "SET p = :p", expressionAttributeValues: { ":p": 1 }, returnValues: "ALL_NEW" }), MarshallError);
      expect(updateError.path).to.equal("attributes.price");
    });
  });
});
