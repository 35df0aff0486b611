import { expect } from "chai";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { AmbiguousUpdateError, QueryAndUpdateError, queryAndUpdate, type QueryAndUpdateOutput } from "../../src/query-and-update/index.js";
import { createJobTable, jobId, loadJobs } from "../../demo/job-table.js";
import { testClient } from "./support/client.js";
import { DynamoDBClient, type DynamoDB } from "../../src/generated/dynamodb/index.js";
import { startFaultProxy, type FaultProxy } from "../../demo/fault-proxy.js";

type Client = DynamoDB;

/** The seed's claim, nested, for any table and worker. */
const claimConfig = (tableName: string, workerId: string, limit?: number) => ({
  query: {
    tableName,
    indexName: "StatusGSI",
    keyConditionExpression: "#status = :status",
    expressionAttributeValues: { ":status": "PENDING" },
    ...(limit === undefined ? {} : { limit }),
    keyAttributes: ["jobId"],
  },
  update: {
    updateExpression: "SET #status = :newStatus, #claimedBy = :workerId",
    conditionExpression: "#status = :status",
    expressionAttributeNames: { "#status": "status", "#claimedBy": "claimedBy" },
    expressionAttributeValues: { ":newStatus": "CLAIMED", ":workerId": workerId, ":status": "PENDING" },
  },
});

const ids = (out: QueryAndUpdateOutput) => out.items.map((i) => String(i.jobId)).sort();

async function getItem(client: Client, tableName: string, id: string) {
  const out = await client.send("GetItem", { TableName: tableName, Key: { jobId: { S: id } }, ConsistentRead: true });
  return out.Item as Record<string, { S?: string }>;
}

describe("queryAndUpdate against dynalite", function () {
  // Races and paging move thousands of requests through one in-process dynalite.
  this.timeout(60_000);
  let dynalite: DynaliteServer;
  let proxy: FaultProxy;
  let client: Client;
  let tables = 0;

  /** A fresh job table with `count` pending jobs, reached through the proxy. */
  async function jobTable(count: number, extra?: (n: number) => Record<string, { S: string }>): Promise<string> {
    const name = `Jobs${++tables}`;
    await createJobTable(client, name);
    await loadJobs(client, name, count, extra);
    return name;
  }

  /** Pending job ids in the order StatusGSI returns them. */
  async function pendingInIndexOrder(table: string): Promise<string[]> {
    const out: string[] = [];
    let start: unknown;
    do {
      const page = await client.send("Query", {
        TableName: table,
        IndexName: "StatusGSI",
        KeyConditionExpression: "#s = :p",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":p": { S: "PENDING" } },
        ProjectionExpression: "jobId",
        ...(start ? { ExclusiveStartKey: start as Record<string, never> } : {}),
      });
      out.push(...(page.Items as { jobId: { S: string } }[]).map((i) => i.jobId.S));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  before(async () => {
    dynalite = await startDynalite();
    proxy = await startFaultProxy(dynalite.endpoint);
    client = testClient(proxy.endpoint);
  });
  afterEach(() => proxy.decide(() => "forward"));
  after(async () => {
    await client.destroy();
    await proxy.close();
    await dynalite.close();
  });

  describe("configuration forms", () => {
    it("accepts the merged dotted form, down to single placeholder entries", async () => {
      const table = await jobTable(3);
      const out = await queryAndUpdate(client, {
        "query.tableName": table,
        query: { indexName: "StatusGSI", keyConditionExpression: "#status = :status" },
        "query.expressionAttributeValues": { ":status": "PENDING" },
        update: { updateExpression: "SET #status = :newStatus, #claimedBy = :workerId", conditionExpression: "#status = :status" },
        "update.expressionAttributeNames": { "#status": "status", "#claimedBy": "claimedBy" },
        "update.expressionAttributeValues": { ":newStatus": "CLAIMED", ":status": "PENDING" },
        "update.expressionAttributeValues.:workerId": "dotted",
      });
      expect(ids(out)).to.deep.equal([jobId(0), jobId(1), jobId(2)]);
      expect(out.items.every((i) => i.claimedBy === "dotted")).to.equal(true);
    });

    it("takes the bare DynamoDBClient, sending through the operations' descriptors", async () => {
      const table = await jobTable(3);
      const bare = new DynamoDBClient({ region: "us-east-1", endpoint: proxy.endpoint, credentials: TEST_CREDENTIALS });
      try {
        const config = claimConfig(table, "bare");
        delete (config.query as { keyAttributes?: string[] }).keyAttributes; // DescribeTable too
        const out = await queryAndUpdate(bare, config);
        expect(ids(out)).to.deep.equal([jobId(0), jobId(1), jobId(2)]);
        expect((await getItem(client, table, jobId(1))).claimedBy!.S).to.equal("bare");
      } finally {
        await bare.destroy();
      }
    });

    it("without keyAttributes, asks DescribeTable once per table and client, even for concurrent first calls", async () => {
      const table = await jobTable(20);
      const fresh = testClient(proxy.endpoint);
      try {
        const config = (worker: string) => {
          const c = claimConfig(table, worker, 2);
          delete (c.query as { keyAttributes?: string[] }).keyAttributes;
          return c;
        };
        const before = proxy.counts.get("DescribeTable") ?? 0;
        const first = await Promise.all(["a", "b", "c", "d"].map((w) => queryAndUpdate(fresh, config(w))));
        const second = await queryAndUpdate(fresh, config("e"));
        expect((proxy.counts.get("DescribeTable") ?? 0) - before).to.equal(1);
        const claimed = [...first, second].flatMap(ids);
        expect(new Set(claimed).size).to.equal(claimed.length);
        expect(claimed.length).to.be.greaterThan(0);
        // A different client has its own cache.
        await queryAndUpdate(client, config("f"));
        expect((proxy.counts.get("DescribeTable") ?? 0) - before).to.equal(2);
      } finally {
        await fresh.destroy();
      }
    });

    it("reads a composite key (partition and sort key) from DescribeTable", async () => {
      await client.send("CreateTable", {
        TableName: "Composite",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "N" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      });
      for (let sk = 1; sk <= 3; sk++) {
        await client.send("PutItem", { TableName: "Composite", Item: { pk: { S: "queue" }, sk: { N: String(sk) }, state: { S: "new" } } });
      }
      const out = await queryAndUpdate(client, {
        query: { tableName: "Composite", keyConditionExpression: "pk = :q AND sk >= :from", expressionAttributeValues: { ":q": "queue", ":from": 2 } },
        update: { updateExpression: "SET #state = :done", conditionExpression: "#state = :new", expressionAttributeNames: { "#state": "state" }, expressionAttributeValues: { ":done": "done", ":new": "new" } },
      });
      expect(out.items).to.deep.equal([
        { pk: "queue", sk: 2, state: "done" },
        { pk: "queue", sk: 3, state: "done" },
      ]);
    });
  });

  describe("limit and paging", () => {
    it("pages on until `limit` candidates when one page holds fewer", async () => {
      // ~100 kB per job: DynamoDB pages stop at 1 MB, so 30 jobs need several pages.
      const padding = "x".repeat(100_000);
      const table = await jobTable(40, () => ({ padding: { S: padding } }));
      const indexOrder = await pendingInIndexOrder(table);
      const queriesBefore = proxy.counts.get("Query") ?? 0;
      const out = await queryAndUpdate(client, claimConfig(table, "pager", 30));
      expect(out.updatedItemCount).to.equal(30);
      expect(out.candidateCount).to.equal(30);
      expect((proxy.counts.get("Query") ?? 0) - queriesBefore).to.be.at.least(3);
      // The first 30 of the index, in the order the index returned them.
      expect(out.items.map((i) => i.jobId)).to.deep.equal(indexOrder.slice(0, 30));
    });

    it("defaults to 100 candidates", async () => {
      const table = await jobTable(130);
      const out = await queryAndUpdate(client, claimConfig(table, "default-limit"));
      expect(out.updatedItemCount).to.equal(100);
      const rest = await queryAndUpdate(client, claimConfig(table, "default-limit-2"));
      expect(rest.updatedItemCount).to.equal(30);
    });

    it("stops when the index is exhausted, with fewer than `limit`", async () => {
      const table = await jobTable(7);
      const out = await queryAndUpdate(client, claimConfig(table, "few", 50));
      expect(out.updatedItemCount).to.equal(7);
      const again = await queryAndUpdate(client, claimConfig(table, "none", 50));
      expect(again).to.deep.include({ updatedItemCount: 0, items: [], candidateCount: 0, lostRaces: 0 });
    });
  });

  describe("races", () => {
    it("gives each job to exactly one of many concurrent workers", async () => {
      const table = await jobTable(40);
      const claimedBy = new Map<string, string[]>();
      let lost = 0;
      const worker = async (name: string) => {
        for (let run = 0; ; run++) {
          const exec = `${name}-run${run}`;
          const out = await queryAndUpdate(client, claimConfig(table, exec, 5), { concurrency: 5 });
          lost += out.lostRaces;
          expect(out.failures).to.deep.equal([]);
          for (const item of out.items) claimedBy.set(String(item.jobId), [...(claimedBy.get(String(item.jobId)) ?? []), exec]);
          if (out.candidateCount === 0) return;
        }
      };
      await Promise.all(Array.from({ length: 16 }, (_, i) => worker(`w${i}`)));

      expect(claimedBy.size).to.equal(40);
      for (const [id, execs] of claimedBy) {
        expect(execs, id).to.have.length(1);
        // The table agrees with what was reported.
        expect((await getItem(client, table, id)).claimedBy?.S).to.equal(execs[0]);
      }
      // 16 workers over 40 jobs, 5 at a time: collisions are all but certain.
      expect(lost).to.be.greaterThan(0);
    });

    it("counts a candidate someone else already claimed as a lost race, not an error", async () => {
      const table = await jobTable(3);
      await client.send("UpdateItem", {
        TableName: table,
        Key: { jobId: { S: jobId(1) } },
        UpdateExpression: "SET claimedBy = :other",
        ExpressionAttributeValues: { ":other": { S: "other" } },
      });
      // Status stays PENDING (so the index returns it) but the condition also
      // requires no claimant: another worker's claim, as the index lags behind.
      const config = claimConfig(table, "me", 10);
      config.update.conditionExpression = "#status = :status AND attribute_not_exists(#claimedBy)";
      const out = await queryAndUpdate(client, config);
      expect(ids(out)).to.deep.equal([jobId(0), jobId(2)]);
      expect(out.lostRaces).to.equal(1);
      expect(out.failures).to.deep.equal([]);
    });
  });

  describe("failures", () => {
    it("reports an update that fails for another reason with its key, keeping the other claims", async () => {
      const table = await jobTable(5);
      proxy.decide((req) =>
        req.operation === "UpdateItem" && (req.body.Key as { jobId: { S: string } }).jobId.S === jobId(3)
          ? { status: 400, body: { __type: "com.amazon.coral.validate#ValidationException", message: "Item size has exceeded the maximum allowed size" } }
          : "forward",
      );
      const out = await queryAndUpdate(client, claimConfig(table, "partial"));
      expect(ids(out)).to.deep.equal([jobId(0), jobId(1), jobId(2), jobId(4)]);
      expect(out.lostRaces).to.equal(0);
      expect(out.failures).to.have.length(1);
      expect(out.failures[0]!.key).to.deep.equal({ jobId: jobId(3) });
      expect(out.failures[0]!.error.name).to.equal("ValidationException");
      expect(out.failures[0]!.error.message).to.match(/maximum allowed size/);
    });

    it("keeps the claims made when a later query page fails", async () => {
      const padding = "x".repeat(100_000); // ~10 jobs a page
      const table = await jobTable(25, () => ({ padding: { S: padding } }));
      let queries = 0;
      proxy.decide((req) =>
        req.operation === "Query" && ++queries === 2
          ? { status: 400, body: { __type: "com.amazon.coral.validate#ValidationException", message: "page two is broken" } }
          : "forward",
      );
      const err = await queryAndUpdate(client, claimConfig(table, "half", 25)).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(QueryAndUpdateError);
      const { output, cause } = err as QueryAndUpdateError;
      expect((cause as Error).name).to.equal("ValidationException");
      expect(output.updatedItemCount).to.be.within(1, 24);
      // Every claim reported is real.
      for (const item of output.items) expect((await getItem(client, table, String(item.jobId))).claimedBy?.S).to.equal("half");
    });

    it("stops at an aborted signal before sending anything", async () => {
      const table = await jobTable(2);
      const before = proxy.counts.get("UpdateItem") ?? 0;
      const controller = new AbortController();
      controller.abort(new Error("shutting down"));
      const err = await queryAndUpdate(client, claimConfig(table, "aborted"), { signal: controller.signal }).catch((e: Error) => e);
      expect((err as Error).message).to.equal("shutting down");
      expect((proxy.counts.get("UpdateItem") ?? 0) - before).to.equal(0);
    });

    it("finishes the update in flight when aborted, and hands over its claim", async () => {
      const table = await jobTable(5);
      const controller = new AbortController();
      proxy.decide((req) => {
        if (req.operation === "UpdateItem") controller.abort(new Error("shutting down"));
        return "forward";
      });
      const err = await queryAndUpdate(client, claimConfig(table, "draining"), { signal: controller.signal, concurrency: 1 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(QueryAndUpdateError);
      const { output, cause } = err as QueryAndUpdateError;
      expect((cause as Error).message).to.equal("shutting down");
      expect(output.updatedItemCount).to.equal(1);
      expect((await getItem(client, table, String(output.items[0]!.jobId))).claimedBy?.S).to.equal("draining");
    });

    it("throws the query's error as it is when nothing was claimed", async () => {
      const err = await queryAndUpdate(client, claimConfig("NoSuchTable", "x")).catch((e: Error) => e);
      expect(err).to.be.instanceOf(Error);
      expect((err as Error).name).to.equal("ResourceNotFoundException");
    });
  });

  describe("ambiguous outcomes", () => {
    it("reports as won a claim whose response was lost after the service applied it", async () => {
      const table = await jobTable(4);
      let dropped = 0;
      proxy.decide((req) => {
        if (req.operation === "UpdateItem" && (req.body.Key as { jobId: { S: string } }).jobId.S === jobId(2) && dropped === 0) {
          dropped++;
          return "drop-after-commit";
        }
        return "forward";
      });
      const updatesBefore = proxy.counts.get("UpdateItem") ?? 0;
      const out = await queryAndUpdate(client, claimConfig(table, "exec-ambiguous"));
      expect(dropped).to.equal(1);
      // The retry reached the service and failed its condition...
      expect((proxy.counts.get("UpdateItem") ?? 0) - updatesBefore).to.equal(5);
      // ...yet the claim is ours and reported as such, with the item as it is.
      expect(ids(out)).to.deep.equal([jobId(0), jobId(1), jobId(2), jobId(3)]);
      expect(out.items.find((i) => i.jobId === jobId(2))).to.deep.equal({ jobId: jobId(2), status: "CLAIMED", claimedBy: "exec-ambiguous" });
      expect(out).to.deep.include({ lostRaces: 0, recoveredAmbiguous: 1, failures: [] });
    });

    it("still reports a lost race when a retry finds another worker's claim", async () => {
      const table = await jobTable(2);
      let failedOnce = false;
      proxy.decide((req) => {
        if (req.operation === "UpdateItem" && (req.body.Key as { jobId: { S: string } }).jobId.S === jobId(1) && !failedOnce) {
          failedOnce = true;
          // Not applied: the first attempt is lost in transit, and meanwhile another worker claims the job.
          void client.send("UpdateItem", {
            TableName: table,
            Key: { jobId: { S: jobId(1) } },
            UpdateExpression: "SET #s = :c, claimedBy = :o",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":c": { S: "CLAIMED" }, ":o": { S: "someone-else" } },
          });
          return { status: 503, body: { __type: "com.amazonaws.dynamodb.v20120810#ServiceUnavailable", message: "try again" } };
        }
        return "forward";
      });
      const out = await queryAndUpdate(client, claimConfig(table, "exec-loser"));
      await new Promise((r) => setTimeout(r, 50));
      expect(failedOnce).to.equal(true);
      expect(ids(out)).to.deep.equal([jobId(0)]);
      expect(out).to.deep.include({ lostRaces: 1, recoveredAmbiguous: 0, failures: [] });
      expect((await getItem(client, table, jobId(1))).claimedBy?.S).to.equal("someone-else");
    });

    it("settles with a consistent read when every attempt's response is lost", async () => {
      const table = await jobTable(2);
      proxy.decide((req) =>
        req.operation === "UpdateItem" && (req.body.Key as { jobId: { S: string } }).jobId.S === jobId(0) ? "drop-after-commit" : "forward",
      );
      const getsBefore = proxy.counts.get("GetItem") ?? 0;
      const out = await queryAndUpdate(client, claimConfig(table, "exec-dark"));
      expect(ids(out)).to.deep.equal([jobId(0), jobId(1)]);
      expect(out).to.deep.include({ recoveredAmbiguous: 1, failures: [] });
      expect((proxy.counts.get("GetItem") ?? 0) - getsBefore).to.equal(1);
    });

    it("reports an outcome it cannot tell as a failure, never as lost", async () => {
      const table = await jobTable(1, () => ({ tries: { S: "x" } }));
      let dropped = false;
      proxy.decide((req) => {
        if (req.operation === "UpdateItem" && !dropped) {
          dropped = true;
          return "drop-after-commit";
        }
        return "forward";
      });
      const out = await queryAndUpdate(client, {
        query: { tableName: table, indexName: "StatusGSI", keyConditionExpression: "#status = :pending", expressionAttributeValues: { ":pending": "PENDING" }, keyAttributes: ["jobId"] },
        // Nothing here is set from a value alone, so the item cannot show whose write it holds.
        update: {
          updateExpression: "SET #status = if_not_exists(#missing, :claimed)",
          conditionExpression: "#status = :pending",
          expressionAttributeNames: { "#status": "status", "#missing": "missing" },
          expressionAttributeValues: { ":claimed": "CLAIMED", ":pending": "PENDING" },
        },
      });
      expect(out.updatedItemCount).to.equal(0);
      expect(out.lostRaces).to.equal(0);
      expect(out.failures).to.have.length(1);
      expect(out.failures[0]!.error).to.be.instanceOf(AmbiguousUpdateError);
    });
  });
});
