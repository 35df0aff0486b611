/**
 * The generator's structure checks (codegen/customizations.ts): DynamoDB's
 * validators call the expression checks from exactly the structures whose
 * expressions follow the Developer Guide's grammar, the projection-only ones
 * call the smaller check, and a generation without customizations (any
 * service generated outside this repository) calls none.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { generateService } from "../../codegen/generate.js";
import { IN_REPO_CHECKS } from "../../codegen/customizations.js";

const model = JSON.parse(readFileSync("models/dynamodb/2012-08-10/service-2.json", "utf8")) as unknown;

/** The validators (typed form) that call `fn`, by the name of the validated type. */
function callers(validate: string, fn: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const line of validate.split("\n")) {
    const head = /^export function validate_(\w+)\(/.exec(line);
    if (head) current = head[1]!;
    else if (/^export function validateWire_/.test(line)) break;
    if (line.trim() === `${fn}(v, problems, false);`) out.push(current);
  }
  return out.sort();
}

describe("codegen: structure checks", function () {
  const customized = generateService({ model, source: "m.json", runtimeImport: "../../runtime/index.js", structureChecks: IN_REPO_CHECKS.dynamodb! });
  const validate = customized.files.get("validate.ts")!;

  it("calls the expression checks from the request structures that hold expressions", () => {
    expect(callers(validate, "checkExpressions")).to.deep.equal(
      ["ConditionCheck", "Delete", "DeleteItemInput", "Put", "PutItemInput", "ScanInput", "Update", "UpdateItemInput"],
    );
    expect(callers(validate, "checkQuery")).to.deep.equal(["QueryInput"]);
    expect(callers(validate, "checkProjection")).to.deep.equal(["Get", "GetItemInput", "KeysAndAttributes"]);
  });

  it("leaves structures with another grammar to the service", () => {
    // An export's filter and SearchVectors' inputs hold expression members too.
    for (const name of ["FilterSpecification", "SearchVectorsInput"]) {
      const body = validate.split(`export function validate_${name}(`)[1]?.split("\n}\n")[0] ?? "";
      expect(body, name).to.not.match(/check(Expressions|Projection|Query)/);
    }
  });

  it("checks wire input the same way, and lets the client turn the checks off", () => {
    expect(validate).to.include("checkExpressions(v, problems, true);");
    const functions = customized.files.get("functions.ts")!;
    expect(functions).to.include('assertValid("updateItem", input, validate_UpdateItemInput, client.config.checkExpressions);');
    // Operations without expressions do not read the option.
    expect(functions).to.include('assertValid("batchWriteItem", input, validate_BatchWriteItemInput);');
    expect(customized.files.get("operations.ts")).to.include("operation.validateWire(input, client.config.checkExpressions);");
  });

  it("adds nothing without customizations", () => {
    const plain = generateService({ model, source: "m.json" });
    expect(plain.files.get("validate.ts")).to.not.match(/checkExpressions|checkProjection|checkQuery/);
    expect(plain.files.get("functions.ts")).to.not.include("checkExpressions");
  });
});
