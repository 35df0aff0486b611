/**
 * The endpoint rules of botocore 1.43.107 for DynamoDB: `SearchVectors`
 * carries the static context parameter `IsSearchOperation: true`, which sends
 * it to the search endpoints (`search-dynamodb.<region>`, `<account>.search-ddb.<region>`);
 * every other operation keeps its endpoints; a custom endpoint that names a
 * dual-stack DynamoDB host is refused.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { evaluateRuleSet, type RuleSet } from "../../../src/runtime/endpoints/index.js";
import { ruleSet } from "../../../src/generated/dynamodb/endpoints.js";

const model = JSON.parse(readFileSync(new URL("../../../models/dynamodb/2012-08-10/service-2.json", import.meta.url), "utf8")) as {
  operations: Record<string, { staticContextParams?: Record<string, { value: unknown }> }>;
};

function url(params: Record<string, string | boolean>): string {
  return evaluateRuleSet(ruleSet as RuleSet, params).url;
}

function error(params: Record<string, string | boolean>): string {
  try {
    evaluateRuleSet(ruleSet as RuleSet, params);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the rules to refuse " + JSON.stringify(params));
}

describe("endpoints: DynamoDB's search endpoints (botocore 1.43.107)", () => {
  it("only SearchVectors sets IsSearchOperation, to true", () => {
    const withParams = Object.entries(model.operations).filter(([, op]) => op.staticContextParams);
    expect(withParams.map(([name, op]) => [name, op.staticContextParams])).to.deep.equal([["SearchVectors", { IsSearchOperation: { value: true } }]]);
  });

  const cases: [string, Record<string, string | boolean>, string][] = [
    ["a region", { Region: "us-east-1" }, "https://search-dynamodb.us-east-1.amazonaws.com"],
    ["FIPS", { Region: "us-east-1", UseFIPS: true }, "https://search-dynamodb-fips.us-east-1.amazonaws.com"],
    ["dual-stack", { Region: "eu-west-1", UseDualStack: true }, "https://search-dynamodb.eu-west-1.api.aws"],
    ["FIPS and dual-stack", { Region: "us-east-1", UseFIPS: true, UseDualStack: true }, "https://search-dynamodb-fips.us-east-1.api.aws"],
    ["GovCloud FIPS", { Region: "us-gov-west-1", UseFIPS: true }, "https://search-dynamodb.us-gov-west-1.amazonaws.com"],
    ["China", { Region: "cn-north-1" }, "https://search-dynamodb.cn-north-1.amazonaws.com.cn"],
    ["an account endpoint", { Region: "us-east-1", AccountId: "111122223333", AccountIdEndpointMode: "preferred" }, "https://111122223333.search-ddb.us-east-1.amazonaws.com"],
    ["a custom endpoint, unchanged", { Region: "us-east-1", Endpoint: "http://localhost:8000" }, "http://localhost:8000"],
    ["the local region, unchanged", { Region: "local" }, "http://localhost:8000"],
  ];
  for (const [what, params, expected] of cases) {
    it(`SearchVectors, ${what}: ${expected}`, () => {
      expect(url({ ...params, IsSearchOperation: true })).to.equal(expected);
    });
  }

  it("every other operation keeps DynamoDB's endpoints", () => {
    expect(url({ Region: "us-east-1" })).to.equal("https://dynamodb.us-east-1.amazonaws.com");
    expect(url({ Region: "us-east-1", IsSearchOperation: false })).to.equal("https://dynamodb.us-east-1.amazonaws.com");
    expect(url({ Region: "us-east-1", AccountId: "111122223333", AccountIdEndpointMode: "preferred" })).to.equal("https://111122223333.ddb.us-east-1.amazonaws.com");
  });

  it("refuses a custom endpoint naming a dual-stack DynamoDB host, pointing at the dual-stack setting", () => {
    for (const host of ["dynamodb.us-east-1.api.aws", "search-dynamodb.us-east-1.api.aws"]) {
      expect(error({ Region: "us-east-1", Endpoint: `https://${host}` })).to.match(/^Endpoint override is not supported for dual-stack endpoints/);
    }
    expect(url({ Region: "us-east-1", Endpoint: "https://dynamodb.us-east-1.amazonaws.com" })).to.equal("https://dynamodb.us-east-1.amazonaws.com");
  });
});
