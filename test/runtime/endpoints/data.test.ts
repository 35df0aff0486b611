import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { PARTITIONS } from "../../../src/runtime/endpoints/data/partitions.js";
import { ruleSet as dynamodbRules } from "../../../src/generated/dynamodb/endpoints.js";
import { ruleSet as streamsRules } from "../../../src/generated/dynamodbstreams/endpoints.js";

const root = new URL("../../../", import.meta.url);

describe("endpoints: embedded data", () => {
  it("is what models/endpoints/embed.mjs makes of models/endpoints/", async () => {
    // Exits non-zero, naming the stale module, when the committed data drifts from the models.
    await promisify(execFile)(process.execPath, [new URL("models/endpoints/embed.mjs", root).pathname, "--check"]);
  });

  it("holds every partition, without region descriptions; DynamoDB's and Streams' rule sets are generated with their clients", () => {
    const source = JSON.parse(readFileSync(new URL("models/endpoints/partitions.json", root), "utf8")) as { partitions: Array<{ id: string }> };
    expect(PARTITIONS.partitions.map((p) => p.id)).to.deep.equal(source.partitions.map((p) => p.id));
    expect(PARTITIONS.partitions.map((p) => p.id)).to.include.members(["aws", "aws-cn", "aws-us-gov"]);
    const model = (file: string) => JSON.parse(readFileSync(new URL(`models/endpoints/${file}/endpoint-rule-set-1.json`, root), "utf8")) as { rules: unknown[] };
    for (const partition of PARTITIONS.partitions) for (const region of Object.values(partition.regions)) expect(region).to.not.have.property("description");
    expect(dynamodbRules.rules).to.have.length(model("dynamodb/2012-08-10").rules.length);
    expect(streamsRules.rules).to.have.length(model("dynamodbstreams/2012-08-10").rules.length);
  });
});
