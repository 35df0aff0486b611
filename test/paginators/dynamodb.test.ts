import { expect } from "chai";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { sendJson, type StubServer } from "../support/stub-server.js";
import { stubbedClient } from "../support/client.js";
import {
  DynamoDB,
  paginateListBackups,
  paginateListTables,
  paginateListTagsOfResource,
  paginateQuery,
  paginateScan,
} from "../../src/generated/dynamodb/index.js";
import type { AttributeValue } from "../../src/generated/dynamodb/types.js";
import { InvalidResponseError, PaginationError } from "../../src/runtime/index.js";

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

// The generated paginators on real data: dynalite for what it implements,
// a stub server for ListBackups (dynalite has no backups) and for a service
// that misbehaves.
describe("generated paginators against dynalite", function () {
  let server: DynaliteServer;
  let db: DynamoDB;
  const table = "Orders";
  const customers = ["c1", "c2", "c3"];
  const perCustomer = 40;

  before(async () => {
    server = await startDynalite();
    db = new DynamoDB({ region: "us-east-1", endpoint: server.endpoint, credentials: TEST_CREDENTIALS });
    await db.createTable({
      tableName: table,
      attributeDefinitions: [
        { attributeName: "pk", attributeType: "S" },
        { attributeName: "sk", attributeType: "N" },
      ],
      keySchema: [
        { attributeName: "pk", keyType: "HASH" },
        { attributeName: "sk", keyType: "RANGE" },
      ],
      billingMode: "PAY_PER_REQUEST",
    });
    for (const name of ["Extra1", "Extra2", "Extra3", "Extra4"]) {
      await db.createTable({
        tableName: name,
        attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
        keySchema: [{ attributeName: "id", keyType: "HASH" }],
        billingMode: "PAY_PER_REQUEST",
      });
    }
    const writes = customers.flatMap((pk) =>
      Array.from({ length: perCustomer }, (_, i) => ({ putRequest: { item: { pk: { s: pk }, sk: { n: String(i) }, total: { n: String(i * 10) } } } })),
    );
    for (let i = 0; i < writes.length; i += 25) await db.batchWriteItem({ requestItems: { [table]: writes.slice(i, i + 25) } });
  });

  after(async () => {
    await db.destroy();
    await server.close();
  });

  const byCustomer = (pk: string) => ({
    tableName: table,
    keyConditionExpression: "pk = :pk",
    expressionAttributeValues: { ":pk": { s: pk } } as Record<string, AttributeValue>,
  });

  it("paginateQuery pages through one partition at the page size", async () => {
    const pages = await collect(paginateQuery(db, byCustomer("c2"), { pageSize: 15 }));
    expect(pages.map((p) => p.count)).to.deep.equal([15, 15, 10]);
    expect(pages[0]!.$metadata.httpStatusCode).to.equal(200);
    expect(pages[2]!.lastEvaluatedKey).to.equal(undefined);
    const sks = pages.flatMap((p) => p.items!.map((item) => Number(item.sk!.n)));
    expect(sks).to.deep.equal(Array.from({ length: perCustomer }, (_, i) => i));
  });

  it("paginateQuery's items() yields typed items across pages", async () => {
    const items = await collect(paginateQuery(db, { ...byCustomer("c1"), scanIndexForward: false }, { pageSize: 7 }).items());
    expect(items).to.have.length(perCustomer);
    expect(items[0]).to.deep.equal({ pk: { s: "c1" }, sk: { n: "39" }, total: { n: "390" } });
  });

  it("paginateQuery resumes from a page's lastEvaluatedKey", async () => {
    const first = await collect(paginateQuery(db, byCustomer("c3"), { pageSize: 10 }));
    const resumeFrom = first[1]!.lastEvaluatedKey;
    expect(resumeFrom).to.deep.equal({ pk: { s: "c3" }, sk: { n: "19" } });
    const rest = await collect(paginateQuery(db, byCustomer("c3"), { pageSize: 10, startingToken: resumeFrom }).items());
    expect(rest.map((item) => item.sk!.n)).to.deep.equal(Array.from({ length: 20 }, (_, i) => String(i + 20)));
  });

  it("paginateScan reads every item, with the input's own limit when no page size is given", async () => {
    const pages = await collect(paginateScan(db, { tableName: table, limit: 50 }));
    expect(pages.map((p) => p.count)).to.deep.equal([50, 50, 20]);
    const keys = new Set(pages.flatMap((p) => p.items!.map((item) => `${item.pk!.s}#${item.sk!.n}`)));
    expect(keys.size).to.equal(customers.length * perCustomer);
  });

  it("paginateScan's items() with a filter drops nothing across pages", async () => {
    const big = await collect(
      paginateScan(db, { tableName: table, filterExpression: "#t >= :min", expressionAttributeNames: { "#t": "total" }, expressionAttributeValues: { ":min": { n: "300" } } }, { pageSize: 9 }).items(),
    );
    expect(big).to.have.length(customers.length * 10);
  });

  it("paginateListTables lists every table, two at a time", async () => {
    const pages = await collect(paginateListTables(db, {}, { pageSize: 2 }));
    expect(pages.map((p) => p.tableNames)).to.deep.equal([["Extra1", "Extra2"], ["Extra3", "Extra4"], ["Orders"]]);
    expect(await collect(paginateListTables(db, {}, { pageSize: 2, startingToken: "Extra3" }).items())).to.deep.equal(["Extra4", "Orders"]);
  });

  it("paginateListTagsOfResource lists a table's tags", async () => {
    const { table: described } = await db.describeTable({ tableName: "Extra1" });
    const resourceArn = described!.tableArn!;
    // dynalite answers TagResource with the JSON string "" rather than an
    // object, which the client rightly refuses after the tags are stored.
    await db.tagResource({ resourceArn, tags: [{ key: "team", value: "billing" }, { key: "env", value: "test" }] }).catch((err: Error) => {
      if (!(err instanceof InvalidResponseError)) throw err;
    });
    const tags = await collect(paginateListTagsOfResource(db, { resourceArn }).items());
    expect(tags.map((t) => `${t.key}=${t.value}`).sort()).to.deep.equal(["env=test", "team=billing"]);
  });
});

describe("generated paginators against a stub server", function () {
  const wire = stubbedClient(DynamoDB);
  let stub: StubServer;
  let db: DynamoDB;
  before(() => ({ stub, client: db } = wire));

  beforeEach(() => stub.requests.splice(0));

  it("paginateListBackups sends each page's LastEvaluatedBackupArn as the next ExclusiveStartBackupArn", async () => {
    const arns = Array.from({ length: 5 }, (_, i) => `arn:aws:dynamodb:us-east-1:1:table/T/backup/${i}`);
    stub.handle((req, res) => {
      const body = JSON.parse(req.body) as { ExclusiveStartBackupArn?: string; Limit?: number };
      const start = body.ExclusiveStartBackupArn === undefined ? 0 : arns.indexOf(body.ExclusiveStartBackupArn) + 1;
      const page = arns.slice(start, start + (body.Limit ?? 100));
      const more = start + page.length < arns.length;
      sendJson(res, 200, {
        BackupSummaries: page.map((BackupArn) => ({ BackupArn, TableName: "T" })),
        ...(more ? { LastEvaluatedBackupArn: page[page.length - 1] } : {}),
      });
    });
    const summaries = await collect(paginateListBackups(db, { tableName: "T" }, { pageSize: 2 }).items());
    expect(summaries.map((s) => s.backupArn)).to.deep.equal(arns);
    expect(stub.requests.map((r) => r.headers["x-amz-target"])).to.deep.equal(Array(3).fill("DynamoDB_20120810.ListBackups"));
    expect(stub.requests.map((r) => JSON.parse(r.body))).to.deep.equal([
      { TableName: "T", Limit: 2 },
      { TableName: "T", Limit: 2, ExclusiveStartBackupArn: arns[1] },
      { TableName: "T", Limit: 2, ExclusiveStartBackupArn: arns[3] },
    ]);
  });

  it("stops with a PaginationError when the service repeats the key it was sent", async () => {
    stub.handle((_req, res) => sendJson(res, 200, { Items: [{ pk: { S: "a" } }], Count: 1, ScannedCount: 1, LastEvaluatedKey: { pk: { S: "a" } } }));
    const pages: unknown[] = [];
    let error: unknown;
    try {
      for await (const page of paginateScan(db, { tableName: "T" })) pages.push(page);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(PaginationError);
    expect((error as Error).message).to.match(/Scan returned the same lastEvaluatedKey it was sent on page 2/);
    expect(pages).to.have.length(2);
    expect(stub.requests).to.have.length(2);
    expect(JSON.parse(stub.requests[1]!.body)).to.deep.equal({ TableName: "T", ExclusiveStartKey: { pk: { S: "a" } } });
  });

  it("paginateListTagsOfResource follows NextToken", async () => {
    stub.handle((req, res) => {
      const body = JSON.parse(req.body) as { NextToken?: string };
      if (!body.NextToken) sendJson(res, 200, { Tags: [{ Key: "a", Value: "1" }], NextToken: "t1" });
      else sendJson(res, 200, { Tags: [{ Key: "b", Value: "2" }] });
    });
    const tags = await collect(paginateListTagsOfResource(db, { resourceArn: "arn:aws:dynamodb:us-east-1:1:table/T" }).items());
    expect(tags).to.deep.equal([{ key: "a", value: "1" }, { key: "b", value: "2" }]);
    expect(JSON.parse(stub.requests[1]!.body).NextToken).to.equal("t1");
  });
});
