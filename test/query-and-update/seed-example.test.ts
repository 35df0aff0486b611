import { expect } from "chai";
import { startDynalite, type DynaliteServer } from "../support/dynalite.js";
import { queryAndUpdate } from "../../src/query-and-update/index.js";
import { FLOW_VARIABLES, seedClaimStep, stepConfig } from "../../demo/workflow-step.js";
import { createJobTable, jobId, loadJobs } from "../../demo/job-table.js";
import { testClient } from "./support/client.js";
import type { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { startFaultProxy, type FaultProxy } from "../../demo/fault-proxy.js";

// The seed's Full JSON Example, as written: literals merged with the resolved
// input mappings (dotted keys), against the table it names.
describe("queryAndUpdate: the seed's example", function () {
  let dynalite: DynaliteServer;
  let proxy: FaultProxy;
  let client: DynamoDB;

  before(async () => {
    dynalite = await startDynalite();
    proxy = await startFaultProxy(dynalite.endpoint);
    client = testClient(proxy.endpoint);
    await createJobTable(client);
    await loadJobs(client, "JobQueueTable", 12);
  });
  after(async () => {
    await client.destroy();
    await proxy.close();
    await dynalite.close();
  });

  it("claims up to 5 pending jobs and returns them as plain JSON", async () => {
    const step = seedClaimStep();
    const config = stepConfig(step, { flow_variables: FLOW_VARIABLES, flowExecutionId: "exec-1" });
    expect(Object.keys(config)).to.include.members(["query", "update", "query.expressionAttributeValues", "update.expressionAttributeNames"]);

    const sent: Record<string, unknown>[] = [];
    proxy.decide((req) => (sent.push({ operation: req.operation, ...req.body }), "forward"));
    const out = await queryAndUpdate(client, config);

    expect(out.updatedItemCount).to.equal(5);
    expect(out.items).to.have.length(5);
    for (const item of out.items) {
      expect(item).to.have.all.keys("jobId", "status", "claimedBy");
      expect(item.status).to.equal("CLAIMED");
      expect(item.claimedBy).to.equal("exec-1");
    }
    expect(out.lostRaces).to.equal(0);
    expect(out.failures).to.deep.equal([]);

    // keyAttributes given: no DescribeTable. The query carries #status (from the
    // update's names) and only the query's own values.
    const query = sent.find((r) => r.operation === "Query")!;
    expect(sent.some((r) => r.operation === "DescribeTable")).to.equal(false);
    expect(query).to.deep.include({
      TableName: "JobQueueTable",
      IndexName: "StatusGSI",
      KeyConditionExpression: "#status = :status",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":status": { S: "PENDING" } },
      Limit: 5,
    });
    const update = sent.find((r) => r.operation === "UpdateItem")!;
    expect(update).to.deep.include({
      UpdateExpression: "SET #status = :newStatus, #claimedBy = :workerId",
      ConditionExpression: "#status = :status",
      ExpressionAttributeNames: { "#status": "status", "#claimedBy": "claimedBy" },
      ExpressionAttributeValues: { ":newStatus": { S: "CLAIMED" }, ":workerId": { S: "exec-1" }, ":status": { S: "PENDING" } },
      ReturnValues: "ALL_NEW",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
  });

  it("runs again until the queue is empty, never returning a job twice", async () => {
    const step = seedClaimStep();
    const claimed: string[] = [];
    for (let run = 2; ; run++) {
      const out = await queryAndUpdate(client, stepConfig(step, { flow_variables: FLOW_VARIABLES, flowExecutionId: `exec-${run}` }));
      if (out.updatedItemCount === 0) break;
      claimed.push(...out.items.map((i) => String(i.jobId)));
    }
    // 12 jobs, 5 taken by the first test.
    expect(claimed).to.have.length(7);
    expect(new Set(claimed).size).to.equal(7);
    expect(claimed).to.not.include(jobId(999));
  });
});
