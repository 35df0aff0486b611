import { expect } from "chai";
import { DynamoDB, paginateQuery, paginateScan } from "../../src/generated/dynamodb/index.js";
import { DynamoDBDocument, NumberValue, unmarshall, type DocumentItem, type WireItem } from "../../src/document/index.js";
import { PaginationError } from "../../src/runtime/index.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { startStubServer, sendJson, type StubServer } from "../support/stub-server.js";
import { se_AttributeValue } from "../../src/generated/dynamodb/serde.js";
import type { AttributeValue } from "../../src/generated/dynamodb/types.js";

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/** A typed item (as the generated client returns it) as plain values. */
function plain(item: Record<string, AttributeValue>): DocumentItem {
  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) wire[name] = se_AttributeValue(value);
  return unmarshall(wire as WireItem);
}

describe("DynamoDBDocument paging against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  let doc: DynamoDBDocument;
  const tableName = "feed";
  const big = 2n ** 60n;

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    doc = new DynamoDBDocument(client);
    await client.createTable({
      tableName,
      keySchema: [
        { attributeName: "pk", keyType: "HASH" },
        { attributeName: "sk", keyType: "RANGE" },
      ],
      attributeDefinitions: [
        { attributeName: "pk", attributeType: "S" },
        { attributeName: "sk", attributeType: "N" },
      ],
      billingMode: "PAY_PER_REQUEST",
    });
    const writes = [];
    for (let sk = 1; sk <= 23; sk++) writes.push({ putRequest: { item: { pk: "a", sk, odd: sk % 2 === 1, tags: new Set([`t${sk}`]) } } });
    for (let sk = 1; sk <= 4; sk++) writes.push({ putRequest: { item: { pk: "b", sk } } });
    // Sort keys no JavaScript number holds: the continuation keys carry bigints.
    for (let i = 1n; i <= 5n; i++) writes.push({ putRequest: { item: { pk: "big", sk: big + i } } });
    for (let i = 0; i < writes.length; i += 25) await doc.batchWrite({ requestItems: { [tableName]: writes.slice(i, i + 25) } });
  });

  after(async () => {
    await client.destroy();
    await server.close();
  });

  const queryA = { tableName, keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": "a" } };

  it("pages through a query with plain pages and plain continuation keys", async () => {
    const pages = await collect(doc.paginateQuery(queryA, { pageSize: 10 }));
    expect(pages.map((page) => page.count)).to.deep.equal([10, 10, 3]);
    expect(pages[0]!.items![0]).to.deep.equal({ pk: "a", sk: 1, odd: true, tags: new Set(["t1"]) });
    expect(pages.map((page) => page.lastEvaluatedKey)).to.deep.equal([{ pk: "a", sk: 10 }, { pk: "a", sk: 20 }, undefined]);
    expect(pages.flatMap((page) => page.items!.map((item) => item.sk))).to.deep.equal(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(pages[2]!.$metadata.httpStatusCode).to.equal(200);
  });

  it("items() yields each item in order, across pages", async () => {
    const items = await collect(doc.paginateQuery<{ pk: string; sk: number }>(queryA, { pageSize: 4 }).items());
    expect(items.map((item) => item.sk)).to.deep.equal(Array.from({ length: 23 }, (_, i) => i + 1));
  });

  it("resumes from a plain starting token, or from the input's exclusiveStartKey", async () => {
    const fromToken = await collect(doc.paginateQuery(queryA, { pageSize: 5, startingToken: { pk: "a", sk: 18 } }).items());
    expect(fromToken.map((item) => item.sk)).to.deep.equal([19, 20, 21, 22, 23]);
    const fromInput = await collect(doc.paginateQuery({ ...queryA, exclusiveStartKey: { pk: "a", sk: 20 } }).items());
    expect(fromInput.map((item) => item.sk)).to.deep.equal([21, 22, 23]);
    // The token wins over the input's key.
    const both = await collect(doc.paginateQuery({ ...queryA, exclusiveStartKey: { pk: "a", sk: 1 } }, { startingToken: { pk: "a", sk: 22 } }).items());
    expect(both.map((item) => item.sk)).to.deep.equal([23]);
  });

  it("pages through a scan, with a plain filter", async () => {
    const pages = await collect(doc.paginateScan({ tableName, filterExpression: "odd = :yes", expressionAttributeValues: { ":yes": true } }, { pageSize: 7 }));
    // 32 items scanned 7 at a time; the filter applies within each page.
    expect(pages).to.have.length(5);
    expect(pages.reduce((n, page) => n + page.scannedCount!, 0)).to.equal(32);
    const sks = pages.flatMap((page) => page.items!.map((item) => item.sk as number));
    expect(sks.sort((x, y) => x - y)).to.deep.equal([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23]);
  });

  it("gives the same pages as the generated paginator, after unmarshall", async () => {
    for (const pageSize of [1, 6, 50]) {
      const typed = await collect(paginateQuery(client, { tableName, keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": { s: "a" } } }, { pageSize }));
      const plainPages = await collect(doc.paginateQuery(queryA, { pageSize }));
      expect(plainPages.map((page) => page.items)).to.deep.equal(typed.map((page) => page.items!.map(plain)));
      expect(plainPages.map((page) => page.lastEvaluatedKey)).to.deep.equal(typed.map((page) => page.lastEvaluatedKey && plain(page.lastEvaluatedKey)));
    }
    const typedScan = await collect(paginateScan(client, { tableName }, { pageSize: 9 }).items());
    const plainScan = await collect(doc.paginateScan({ tableName }, { pageSize: 9 }).items());
    expect(plainScan).to.deep.equal(typedScan.map(plain));
  });

  it("pages over keys that only a bigint (or a NumberValue) holds exactly", async () => {
    const input = { tableName, keyConditionExpression: "pk = :pk", expressionAttributeValues: { ":pk": "big" } };
    const pages = await collect(doc.paginateQuery(input, { pageSize: 2 }));
    expect(pages.map((page) => page.lastEvaluatedKey?.sk)).to.deep.equal([big + 2n, big + 4n, undefined]);
    expect(pages.flatMap((page) => page.items!.map((item) => item.sk))).to.deep.equal([1n, 2n, 3n, 4n, 5n].map((i) => big + i));
    const resumed = await collect(doc.paginateQuery(input, { pageSize: 2, startingToken: { pk: "big", sk: big + 3n } }).items());
    expect(resumed.map((item) => item.sk)).to.deep.equal([big + 4n, big + 5n]);

    const wrapped = new DynamoDBDocument(client, { unmarshallOptions: { wrapNumbers: true } });
    const wrappedPages = await collect(wrapped.paginateQuery(input, { pageSize: 2 }));
    expect(wrappedPages.map((page) => String(page.lastEvaluatedKey?.sk))).to.deep.equal([String(big + 2n), String(big + 4n), "undefined"]);
    expect(wrappedPages[2]!.items![0]!.sk).to.be.instanceOf(NumberValue);
  });

  it("pages with a wrapNumbers function whose values marshall cannot read back", async () => {
    class Decimal {
      constructor(readonly digits: string) {}
    }
    const custom = new DynamoDBDocument(client, { unmarshallOptions: { wrapNumbers: (digits) => new Decimal(digits) } });
    const items = await collect(custom.paginateQuery(queryA, { pageSize: 8 }).items());
    expect(items).to.have.length(23);
    expect(items.map((item) => (item.sk as Decimal).digits)).to.deep.equal(Array.from({ length: 23 }, (_, i) => String(i + 1)));
  });

  it("passes the legacy keyConditions with plain values on every page", async () => {
    const items = await collect(
      doc.paginateQuery({ tableName, keyConditions: { pk: { comparisonOperator: "EQ", attributeValueList: ["b"] } } }, { pageSize: 3 }).items(),
    );
    expect(items).to.deep.equal([1, 2, 3, 4].map((sk) => ({ pk: "b", sk })));
  });

  it("starts over when iterated again", async () => {
    const paginator = doc.paginateQuery({ ...queryA, expressionAttributeValues: { ":pk": "b" } }, { pageSize: 3 });
    expect((await collect(paginator)).length).to.equal(2);
    expect((await collect(paginator.items())).length).to.equal(4);
  });

  it("refuses a bad page size or starting key before sending anything", () => {
    expect(() => doc.paginateQuery(queryA, { pageSize: 0 })).to.throw(RangeError, /pageSize must be a positive integer/);
    expect(() => doc.paginateQuery(queryA, { startingToken: { pk: "a", sk: undefined } })).to.throw(/startingToken\.sk/);
  });

  it("an abort signal ends the iteration with the abort", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    let failure: unknown;
    try {
      for await (const page of doc.paginateQuery(queryA, { pageSize: 5, signal: controller.signal })) {
        seen.push(page.count!);
        controller.abort();
      }
    } catch (error) {
      failure = error;
    }
    expect(seen).to.deep.equal([5]);
    expect((failure as Error).name).to.match(/Abort/);
  });
});

describe("DynamoDBDocument paging on the wire", () => {
  let stub: StubServer;
  let doc: DynamoDBDocument;

  before(async () => {
    stub = await startStubServer();
    doc = new DynamoDBDocument({ endpoint: stub.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });

  after(async () => {
    await doc.destroy();
    await stub.close();
  });

  it("sends each continuation key back exactly as the service wrote it", async () => {
    const keys = [{ pk: { S: "p" }, sk: { N: "1.50" } }, { pk: { S: "p" }, sk: { N: "12345678901234567890.5" } }];
    let call = 0;
    stub.handle((_req, res) => sendJson(res, 200, { Items: [], Count: 0, ScannedCount: 0, ...(call < keys.length ? { LastEvaluatedKey: keys[call++] } : {}) }));
    const before = stub.requests.length;
    const pages = await collect(
      new DynamoDBDocument(doc.client, { unmarshallOptions: { wrapNumbers: true } }).paginateScan({ tableName: "t" }, { pageSize: 2, startingToken: { pk: "p", sk: 0 } }),
    );
    expect(pages).to.have.length(3);
    const bodies = stub.requests.slice(before).map((request) => JSON.parse(request.body));
    expect(bodies).to.deep.equal([
      { TableName: "t", Limit: 2, ExclusiveStartKey: { pk: { S: "p" }, sk: { N: "0" } } },
      { TableName: "t", Limit: 2, ExclusiveStartKey: keys[0] },
      { TableName: "t", Limit: 2, ExclusiveStartKey: keys[1] },
    ]);
  });

  it("sends nothing until iterated", async () => {
    stub.handle((_req, res) => sendJson(res, 200, { Items: [] }));
    const before = stub.requests.length;
    const paginator = doc.paginateQuery({ tableName: "t", keyConditionExpression: "pk = :p", expressionAttributeValues: { ":p": "x" } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stub.requests.length).to.equal(before);
    expect(await collect(paginator)).to.have.length(1);
    expect(stub.requests.length).to.equal(before + 1);
  });

  it("stops with a PaginationError when the service repeats the key it was sent", async () => {
    stub.handle((_req, res) => sendJson(res, 200, { Items: [{ id: { S: "x" } }], LastEvaluatedKey: { id: { S: "same" } } }));
    let failure: unknown;
    const seen: DocumentItem[] = [];
    try {
      for await (const item of doc.paginateScan({ tableName: "t" }).items()) seen.push(item);
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(PaginationError);
    expect(seen).to.deep.equal([{ id: "x" }, { id: "x" }]);
  });
});
