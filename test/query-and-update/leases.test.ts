import { expect } from "chai";
import { startDynalite, type DynaliteServer } from "../support/dynalite.js";
import { queryAndUpdate, type QueryAndUpdateConfig } from "../../src/query-and-update/index.js";
import { testClient } from "./support/client.js";
import type { DynamoDB } from "../../src/generated/dynamodb/index.js";

// Claims that expire: the recipes of docs/query-and-update.md ("Leases"). Time
// is a value the caller passes (`:now`), so the test moves the clock itself.
describe("queryAndUpdate: leases", function () {
  let dynalite: DynaliteServer;
  let client: DynamoDB;
  const T = 1_800_000_000_000; // a fixed "now", epoch milliseconds
  const TTL = 30_000; // 30 s lease

  before(async () => {
    dynalite = await startDynalite();
    client = testClient(dynalite.endpoint);
  });
  after(async () => {
    await client.destroy();
    await dynalite.close();
  });

  /** Marks a job done, but only for the worker still holding its lease. */
  async function complete(table: string, id: string, workerId: string, extra = "") {
    return client
      .send("UpdateItem", {
        TableName: table,
        Key: { jobId: { S: id } },
        UpdateExpression: `SET #status = :done REMOVE ${extra}#claimedBy`,
        ConditionExpression: "#claimedBy = :me",
        ExpressionAttributeNames: { "#status": "status", "#claimedBy": "claimedBy", ...(extra ? { "#availableAt": "availableAt" } : {}) },
        ExpressionAttributeValues: { ":done": { S: "DONE" }, ":me": { S: workerId } },
      })
      .then(
        () => "completed",
        (e: Error) => e.name,
      );
  }

  describe("visibility timeout: one sparse index ordered by when a job is next available", () => {
    const table = "LeasedJobs";
    // Candidates are jobs available now: never claimed, or whose lease ran out.
    const claim = (workerId: string, now: number): QueryAndUpdateConfig => ({
      query: {
        tableName: table,
        indexName: "AvailableGSI",
        keyConditionExpression: "#queue = :queue AND #availableAt <= :now",
        expressionAttributeValues: { ":queue": "default", ":now": now },
        keyAttributes: ["jobId"],
      },
      update: {
        // The claim pushes the job's availability to the lease's end.
        updateExpression: "SET #status = :claimed, #claimedBy = :workerId, #availableAt = :leaseUntil",
        conditionExpression: "#availableAt <= :now",
        expressionAttributeNames: { "#queue": "queue", "#availableAt": "availableAt", "#status": "status", "#claimedBy": "claimedBy" },
        expressionAttributeValues: { ":claimed": "CLAIMED", ":workerId": workerId, ":leaseUntil": now + TTL, ":now": now },
      },
    });

    before(async () => {
      await client.send("CreateTable", {
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "jobId", AttributeType: "S" },
          { AttributeName: "queue", AttributeType: "S" },
          { AttributeName: "availableAt", AttributeType: "N" },
        ],
        KeySchema: [{ AttributeName: "jobId", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [
          {
            IndexName: "AvailableGSI",
            KeySchema: [
              { AttributeName: "queue", KeyType: "HASH" },
              { AttributeName: "availableAt", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
        BillingMode: "PAY_PER_REQUEST",
      });
      for (const id of ["a", "b", "c"]) {
        await client.send("PutItem", { TableName: table, Item: { jobId: { S: id }, queue: { S: "default" }, availableAt: { N: String(T - 1000) }, status: { S: "PENDING" } } });
      }
    });

    it("lets an expired claim be claimed again, and nothing else", async () => {
      const first = await queryAndUpdate(client, claim("worker-1", T));
      expect(first.items.map((i) => i.jobId).sort()).to.deep.equal(["a", "b", "c"]);
      expect(first.items[0]).to.include({ status: "CLAIMED", claimedBy: "worker-1", availableAt: T + TTL });

      // While the leases run, no one else gets the jobs.
      const early = await queryAndUpdate(client, claim("worker-2", T + TTL - 1));
      expect(early).to.deep.include({ updatedItemCount: 0, candidateCount: 0 });

      // worker-1 finishes "a"; completing drops it from the sparse index.
      expect(await complete(table, "a", "worker-1", "#availableAt, ")).to.equal("completed");

      // worker-1 dies holding "b" and "c": once the lease is over they go to worker-2.
      const late = await queryAndUpdate(client, claim("worker-2", T + TTL + 1));
      expect(late.items.map((i) => i.jobId).sort()).to.deep.equal(["b", "c"]);
      expect(late.items.every((i) => i.claimedBy === "worker-2")).to.equal(true);

      // worker-1 comes back too late: its completion is refused.
      expect(await complete(table, "b", "worker-1", "#availableAt, ")).to.equal("ConditionalCheckFailedException");
      expect(await complete(table, "b", "worker-2", "#availableAt, ")).to.equal("completed");
    });

    it("lets the condition, not the query, decide: a candidate it refuses is a lost race", async () => {
      await client.send("PutItem", { TableName: table, Item: { jobId: { S: "d" }, queue: { S: "default" }, availableAt: { N: String(T) }, status: { S: "PENDING" } } });
      // The condition, not the query, decides: a stale candidate is a lost race.
      const config = claim("worker-3", T + 10 * TTL);
      config.update.conditionExpression = "#availableAt <= :stale";
      config.update.expressionAttributeValues![":stale"] = T - 1;
      const out = await queryAndUpdate(client, config);
      expect(out.updatedItemCount).to.equal(0);
      expect(out.lostRaces).to.be.greaterThan(0);
    });
  });

  describe("a status index with a lease end as its sort key", () => {
    const table = "StatusLeasedJobs";
    const update = (workerId: string, now: number) => ({
      updateExpression: "SET #status = :claimed, #claimedBy = :workerId, #leaseUntil = :leaseUntil",
      // Pending, or claimed by someone whose lease is over.
      conditionExpression: "#status = :pending OR (#status = :claimed AND #leaseUntil < :now)",
      expressionAttributeNames: { "#status": "status", "#claimedBy": "claimedBy", "#leaseUntil": "leaseUntil" },
      expressionAttributeValues: { ":pending": "PENDING", ":claimed": "CLAIMED", ":workerId": workerId, ":leaseUntil": now + TTL, ":now": now },
    });
    const claimPending = (workerId: string, now: number): QueryAndUpdateConfig => ({
      query: { tableName: table, indexName: "StatusLeaseGSI", keyConditionExpression: "#status = :pending", expressionAttributeValues: { ":pending": "PENDING" } },
      update: update(workerId, now),
    });
    const claimExpired = (workerId: string, now: number): QueryAndUpdateConfig => ({
      query: {
        tableName: table,
        indexName: "StatusLeaseGSI",
        keyConditionExpression: "#status = :claimed AND #leaseUntil < :now",
        expressionAttributeValues: { ":claimed": "CLAIMED", ":now": now },
      },
      update: update(workerId, now),
    });

    before(async () => {
      await client.send("CreateTable", {
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "jobId", AttributeType: "S" },
          { AttributeName: "status", AttributeType: "S" },
          { AttributeName: "leaseUntil", AttributeType: "N" },
        ],
        KeySchema: [{ AttributeName: "jobId", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [
          {
            IndexName: "StatusLeaseGSI",
            KeySchema: [
              { AttributeName: "status", KeyType: "HASH" },
              { AttributeName: "leaseUntil", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
        BillingMode: "PAY_PER_REQUEST",
      });
      for (const id of ["a", "b"]) {
        await client.send("PutItem", { TableName: table, Item: { jobId: { S: id }, status: { S: "PENDING" }, leaseUntil: { N: "0" } } });
      }
    });

    it("claims pending jobs first, then expired claims, never a live one", async () => {
      const first = await queryAndUpdate(client, claimPending("worker-1", T));
      expect(first.updatedItemCount).to.equal(2);
      expect(await queryAndUpdate(client, claimExpired("worker-2", T + TTL - 1))).to.deep.include({ updatedItemCount: 0 });
      const taken = await queryAndUpdate(client, claimExpired("worker-2", T + TTL + 1));
      expect(taken.items.map((i) => i.jobId).sort()).to.deep.equal(["a", "b"]);
      expect(taken.items.every((i) => i.claimedBy === "worker-2" && i.leaseUntil === T + 2 * TTL + 1)).to.equal(true);
    });
  });
});
