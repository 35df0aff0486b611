import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { PARTITIONS } from "../../../src/runtime/endpoints/data/partitions.js";
import { RULE_SETS } from "../../../src/runtime/endpoints/data/rule-sets.js";

const root = new URL("../../../", import.meta.url);

describe("endpoints: embedded data", () => {
  it("is what models/endpoints/embed.mjs makes of models/endpoints/", async () => {
    // Exits non-zero, naming the stale module, when the committed data drifts from the models.
    await promisify(execFile)(process.execPath, [new URL("models/endpoints/embed.mjs", root).pathname, "--check"]);
  });

  it("holds every partition and the DynamoDB, DynamoDB Streams and STS rule sets", () => {
    const source = JSON.parse(readFileSync(new URL("models/endpoints/partitions.json", root), "utf8")) as { partitions: Array<{ id: string }> };
    expect(PARTITIONS.partitions.map((p) => p.id)).to.deep.equal(source.partitions.map((p) => p.id));
    expect(PARTITIONS.partitions.map((p) => p.id)).to.include.members(["aws", "aws-cn", "aws-us-gov"]);
    expect(Object.keys(RULE_SETS).sort()).to.deep.equal(["DynamoDB", "DynamoDB Streams", "STS"]);
  });
});
