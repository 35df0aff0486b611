import { expect } from "chai";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateService } from "../../codegen/generate.js";
import { IN_REPO_CHECKS } from "../../codegen/customizations.js";
import * as serde from "../../src/generated/dynamodb/serde.js";
import type { AttributeValue, TableDescription } from "../../src/generated/dynamodb/types.js";
import { REPO } from "./models.js";
import { typedAttributeValue } from "../support/arbitraries.js";

// The committed DynamoDB serializers: anything typed survives the trip to the
// wire JSON (through JSON text) and back, and the committed files are what the
// generator writes today.
describe("codegen: DynamoDB serializer round trips", function () {
  const attributeValue = typedAttributeValue;

  const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value));

  it("AttributeValue, items and keys (property-based)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), attributeValue, { maxKeys: 5 }), (item) => {
        expect(serde.de_AttributeMap(viaJson(serde.se_AttributeMap(item)))).to.deep.equal(item);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps an attribute named __proto__ as an ordinary entry", () => {
    const item = JSON.parse('{"__proto__": {"s": "x"}, "a": {"n": "1"}}') as Record<string, AttributeValue>;
    const wire = serde.se_AttributeMap(item);
    expect(Object.keys(wire)).to.deep.equal(["__proto__", "a"]);
    const back = serde.de_AttributeMap(viaJson(wire));
    expect(Object.getPrototypeOf(back)).to.equal(Object.prototype);
    expect(Object.keys(back)).to.deep.equal(["__proto__", "a"]);
  });

  it("TableDescription with dates, numbers, nested lists and enums", () => {
    const table: TableDescription = {
      tableName: "t",
      tableStatus: "ACTIVE",
      creationDateTime: new Date(1_700_000_000_123),
      keySchema: [{ attributeName: "pk", keyType: "HASH" }],
      globalSecondaryIndexes: [{ indexName: "g", indexStatus: "CREATING", backfilling: true, itemCount: 3 }],
      provisionedThroughput: { lastIncreaseDateTime: new Date(0), readCapacityUnits: 1, writeCapacityUnits: 2 },
      sseDescription: { status: "ENABLED", kmsMasterKeyArn: "arn" },
    };
    expect(serde.de_TableDescription(viaJson(serde.se_TableDescription(table)))).to.deep.equal(table);
  });

  it("the committed src/generated matches what the generator writes now", () => {
    for (const service of ["dynamodb", "dynamodbstreams"]) {
      const dir = join(REPO, "models", service, "2012-08-10");
      const { files } = generateService({
        model: JSON.parse(readFileSync(join(dir, "service-2.json"), "utf8")),
        source: `models/${service}/2012-08-10/service-2.json`,
        runtimeImport: "../../runtime/index.js",
        ...(IN_REPO_CHECKS[service] ? { structureChecks: IN_REPO_CHECKS[service] } : {}),
        endpointRuleSet: {
          json: JSON.parse(readFileSync(join(REPO, "models/endpoints", service, "2012-08-10/endpoint-rule-set-1.json"), "utf8")),
          source: `models/endpoints/${service}/2012-08-10/endpoint-rule-set-1.json`,
        },
      });
      for (const [name, text] of files) {
        if (name === "paginators.ts" || name === "waiters.ts" || name === "index.ts") continue; // need the other emitters
        expect(readFileSync(join(REPO, "src/generated", service, name), "utf8"), `${service}/${name}`).to.equal(text);
      }
    }
  });
});
