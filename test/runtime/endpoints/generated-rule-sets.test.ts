import { expect } from "chai";
import { readFileSync } from "node:fs";
import { evaluateRuleSet, type RuleSet } from "../../../src/runtime/endpoints/index.js";
import { ruleSet as dynamodbRules } from "../../../src/generated/dynamodb/endpoints.js";
import { ruleSet as streamsRules } from "../../../src/generated/dynamodbstreams/endpoints.js";

const root = new URL("../../../", import.meta.url);

function withoutDocs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDocs);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "documentation").map(([k, v]) => [k, withoutDocs(v)]));
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Every object reached more than once from the root (the parts the generated module shares). */
function sharedObjects(value: unknown, seen = new Set<object>(), shared = new Set<object>()): Set<object> {
  if (value !== null && typeof value === "object") {
    if (seen.has(value)) shared.add(value);
    else {
      seen.add(value);
      for (const v of Object.values(value)) sharedObjects(v, seen, shared);
    }
  }
  return shared;
}

// Configurations that reach most branches: partitions, FIPS, dual-stack, custom and local endpoints,
// account-based endpoints, ARNs, and rejected combinations.
const CONFIGS: Array<Record<string, string | boolean | string[]>> = [
  { Region: "us-east-1" },
  { Region: "eu-west-1", UseFIPS: true },
  { Region: "us-east-1", UseDualStack: true },
  { Region: "us-east-1", UseFIPS: true, UseDualStack: true },
  { Region: "cn-north-1" },
  { Region: "us-gov-west-1", UseFIPS: true },
  { Region: "local" },
  { Region: "us-east-1", Endpoint: "https://example.com" },
  { Region: "us-east-1", Endpoint: "https://example.com", UseFIPS: true },
  { Region: "us-east-1", AccountId: "111122223333", AccountIdEndpointMode: "preferred" },
  { Region: "us-east-1", AccountId: "111122223333", AccountIdEndpointMode: "required", UseFIPS: true },
  { Region: "us-east-1", AccountIdEndpointMode: "required" },
  { Region: "us-east-1", ResourceArn: "arn:aws:dynamodb:us-east-1:111122223333:table/T", AccountIdEndpointMode: "preferred" },
  { Region: "us-east-1", ResourceArnList: ["arn:aws:dynamodb:us-east-1:111122223333:table/T"], AccountIdEndpointMode: "preferred" },
  { Region: "us-east-1", AccountId: "not an id", AccountIdEndpointMode: "preferred" },
  // botocore 1.43.107: SearchVectors' own endpoints, and custom endpoints naming a dual-stack host.
  { Region: "us-east-1", IsSearchOperation: true },
  { Region: "us-east-1", IsSearchOperation: true, UseFIPS: true, UseDualStack: true },
  { Region: "us-east-1", IsSearchOperation: true, AccountId: "111122223333", AccountIdEndpointMode: "preferred" },
  { Region: "us-east-1", Endpoint: "https://dynamodb.us-east-1.api.aws" },
  {},
];

function outcome(ruleSet: RuleSet, params: Record<string, string | boolean | string[]>): unknown {
  try {
    return evaluateRuleSet(ruleSet, params);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

for (const [name, generated, model] of [
  ["DynamoDB", dynamodbRules, "dynamodb/2012-08-10"],
  ["DynamoDB Streams", streamsRules, "dynamodbstreams/2012-08-10"],
] as const) {
  describe(`endpoints: ${name}'s generated rule set`, () => {
    const json = JSON.parse(readFileSync(new URL(`models/endpoints/${model}/endpoint-rule-set-1.json`, root), "utf8")) as unknown;

    it("is the model's rule set without documentation", () => {
      expect(generated).to.deep.equal(withoutDocs(json));
    });

    it("shares its repeated parts by reference", () => {
      expect(sharedObjects(generated).size).to.be.greaterThan(5);
    });

    it("evaluates the same twice, never modifying the shared parts", () => {
      // The evaluations on the model's own JSON (unshared, unfrozen) are the reference.
      const expected = CONFIGS.map((params) => outcome(json as RuleSet, params));
      expect(expected.filter((o) => o && typeof o === "object" && "url" in o)).to.have.length.greaterThan(5);
      expect(expected.filter((o) => o && typeof o === "object" && "error" in o)).to.have.length.greaterThan(1);
      // Frozen, any write by the engine throws (modules are strict), and the rule set would stop matching the model.
      deepFreeze(generated);
      for (let round = 0; round < 2; round++) {
        expect(CONFIGS.map((params) => outcome(generated, params))).to.deep.equal(expected);
      }
      expect(generated).to.deep.equal(withoutDocs(json));
    });
  });
}
