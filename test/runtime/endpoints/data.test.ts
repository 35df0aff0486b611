import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { PARTITIONS } from "../../../src/runtime/endpoints/data/partitions.js";
import { partitionFor, type PartitionOutputs } from "../../../src/runtime/endpoints/partitions.js";
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
    expect(PARTITIONS.map(([id]) => id)).to.deep.equal(source.partitions.map((p) => p.id));
    expect(PARTITIONS.map(([id]) => id)).to.include.members(["aws", "aws-cn", "aws-us-gov"]);
    const model = (file: string) => JSON.parse(readFileSync(new URL(`models/endpoints/${file}/endpoint-rule-set-1.json`, root), "utf8")) as { rules: unknown[] };
    for (const [, , , , , , , regions] of PARTITIONS) for (const region of Object.values(regions)) expect(region).to.not.have.property("description");
    expect(dynamodbRules.rules).to.have.length(model("dynamodb/2012-08-10").rules.length);
    expect(streamsRules.rules).to.have.length(model("dynamodbstreams/2012-08-10").rules.length);
  });

  describe("compact partitions", () => {
    type Full = { partitions: Array<{ id: string; outputs: PartitionOutputs; regionRegex: string; regions: Record<string, Record<string, unknown>> }> };
    const full = JSON.parse(readFileSync(new URL("models/endpoints/partitions.json", root), "utf8")) as Full;

    /** The lookup's rule applied to the full botocore file: listed region first, then the first matching pattern, then `aws`. */
    function fromFullFile(region: string): PartitionOutputs {
      for (const p of full.partitions) {
        if (Object.hasOwn(p.regions, region)) {
          const { description: _description, ...overrides } = p.regions[region]!;
          return { ...p.outputs, ...overrides };
        }
      }
      const byPattern = full.partitions.find((p) => new RegExp(p.regionRegex).test(region)) ?? full.partitions.find((p) => p.id === "aws")!;
      return { ...byPattern.outputs };
    }

    const listed = full.partitions.flatMap((p) => Object.keys(p.regions));
    const odd = [
      "", "local", "moon-base-1", "zz-mars-1", "us-east-9", "ap-southeast-99", "US-EAST-1", " us-east-1", "us-east-1 ",
      "us-east-1-fips", "fips-us-east-1", "us-gov-west-9", "us-gov-east-1-fips", "cn-north-9", "cn-northwest-1x",
      "us-iso-east-9", "us-isob-west-9", "us-isof-south-9", "eu-isoe-west-9", "eusc-de-east-9", "eusc-fr-east-1",
      "aws-global-2", "aws-cn-global", "constructor", "__proto__", "toString", "hasOwnProperty",
    ];

    it("gives the full file's partition and outputs for every listed region and for unknown or odd ones", () => {
      expect(listed.length).to.be.greaterThan(40);
      for (const region of [...listed, ...odd]) expect(partitionFor(region), JSON.stringify(region)).to.deep.equal(fromFullFile(region));
    });

    it("lists only the regions the patterns would not place", () => {
      const embedded = PARTITIONS.flatMap(([, , , , , , , regions]) => Object.keys(regions));
      expect(embedded.length).to.be.lessThan(listed.length / 2);
      for (const [id, , , , , , , regions] of PARTITIONS) {
        for (const region of Object.keys(regions)) {
          const byPattern = PARTITIONS.find(([, regionRegex]) => new RegExp(regionRegex).test(region));
          expect(byPattern?.[0] === id && Object.keys(regions[region]!).length === 0, region).to.equal(false);
        }
      }
    });
  });
});
