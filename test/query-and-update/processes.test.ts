import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { startDynalite, type DynaliteServer } from "../support/dynalite.js";
import { startFaultProxy, type FaultProxy } from "../../demo/fault-proxy.js";
import { createJobTable, loadJobs } from "../../demo/job-table.js";
import { verdictHolds, verifyClaims } from "../../demo/verify.js";
import type { WorkerReport } from "../../demo/worker.js";
import type { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { testClient } from "./support/client.js";

const WORKER = fileURLToPath(new URL("./support/worker-process.ts", import.meta.url));

/** Runs one worker process to completion and returns its report. */
function workerProcess(endpoint: string, name: string): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, endpoint, name], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.stderr.on("data", (c: Buffer) => (err += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as WorkerReport) : reject(new Error(`${name} exited with ${code}: ${err}`))));
  });
}

// Separate processes share nothing but the service, as real workers do, while
// a proxy loses some UpdateItem responses after dynalite has applied them.
describe("queryAndUpdate: worker processes racing on one dynalite", function () {
  this.timeout(120_000);
  let dynalite: DynaliteServer;
  let proxy: FaultProxy;
  let client: DynamoDB;

  before(async () => {
    dynalite = await startDynalite();
    proxy = await startFaultProxy(dynalite.endpoint);
    client = testClient(dynalite.endpoint);
    await createJobTable(client);
    await loadJobs(client, "JobQueueTable", 150);
  });
  after(async () => {
    await client.destroy();
    await proxy.close();
    await dynalite.close();
  });

  it("claims every job exactly once, losing no claim to a dropped response", async () => {
    let updates = 0;
    let dropped = 0;
    // Every 9th UpdateItem's answer is lost after commit: some claims, some lost races.
    proxy.decide((req) => (req.operation === "UpdateItem" && ++updates % 9 === 0 ? (dropped++, "drop-after-commit") : "forward"));

    const reports = await Promise.all(["p1", "p2", "p3", "p4"].map((name) => workerProcess(proxy.endpoint, name)));
    const verdict = await verifyClaims(client, "JobQueueTable", reports);

    expect(verdict).to.deep.equal({ jobs: 150, claimed: 150, claimedTwice: 0, leftUnclaimed: 0, claimedButUnreported: 0, wrongClaimant: 0 });
    expect(verdictHolds(verdict)).to.equal(true);
    expect(dropped).to.be.greaterThan(0);
    expect(reports.reduce((n, r) => n + r.recoveredAmbiguous, 0)).to.be.greaterThan(0);
    expect(reports.flatMap((r) => r.failures)).to.deep.equal([]);
  });
});
