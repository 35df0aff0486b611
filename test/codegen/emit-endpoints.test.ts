import { expect } from "chai";
import { transformSync } from "esbuild";
import { emitEndpoints } from "../../codegen/emit-endpoints.js";
import type { ServiceContext } from "../../codegen/context.js";

const ctx = { runtimeImport: "../../runtime/index.js", clientName: "Widgets", source: "test/widgets.json" } as ServiceContext;

/** Imports the emitted module (its only import is a type, which the transform drops). */
async function load(text: string): Promise<unknown> {
  const js = transformSync(text, { loader: "ts", format: "esm" }).code;
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as { ruleSet: unknown };
  return mod.ruleSet;
}

// A rule set with the kinds of repetition real ones have: the same condition, error and endpoint in several branches.
function ruleSet(): unknown {
  const fips = { fn: "booleanEquals", argv: [{ ref: "UseFIPS" }, true], documentation: "FIPS on" };
  const region = { fn: "isSet", argv: [{ ref: "Region" }] };
  const fipsError = { conditions: [fips], error: "Invalid Configuration: FIPS is not supported in this partition", type: "error" };
  const endpoint = { url: "https://widgets.{Region}.{PartitionResult#dnsSuffix}", properties: {}, headers: {} };
  return {
    version: "1.0",
    parameters: {
      Region: { builtIn: "AWS::Region", required: false, type: "string", documentation: "The region." },
      UseFIPS: { builtIn: "AWS::UseFIPS", required: true, default: false, type: "boolean" },
    },
    rules: [
      { conditions: [region, { fn: "stringEquals", argv: [{ ref: "Region" }, "local"] }], rules: [fipsError, { conditions: [], endpoint, type: "endpoint" }], type: "tree" },
      { conditions: [region], rules: [fipsError, { conditions: [fips], endpoint: { ...endpoint, url: "https://widgets-fips.{Region}.amazonaws.com" }, type: "endpoint" }, { conditions: [], endpoint, type: "endpoint" }], type: "tree" },
      { conditions: [], error: "Invalid Configuration: Missing Region", type: "error" },
    ],
  };
}

describe("codegen: endpoints.ts", () => {
  it("writes repeated parts once, as constants, and evaluates to the rule set without documentation", async () => {
    const text = emitEndpoints(ctx, ruleSet(), "rules.json");
    expect(text).to.match(/^const call\d+ = \{"fn":"isSet","argv":\[refRegion\]\};$/m);
    expect(text.match(/booleanEquals/g)).to.have.length(1);
    expect(text.match(/Invalid Configuration: FIPS is not supported/g)).to.have.length(1);
    expect(text.match(/https:\/\/widgets\.\{Region\}/g)).to.have.length(1);
    expect(text).to.include('"type":"error" as const').and.not.include("FIPS on").and.not.include("The region.");
    const loaded = await load(text);
    const expected = JSON.parse(JSON.stringify(ruleSet(), (k, v: unknown) => (k === "documentation" ? undefined : v))) as unknown;
    expect(loaded).to.deep.equal(expected);
  });

  it("declares each constant before its first use", async () => {
    const text = emitEndpoints(ctx, ruleSet(), "rules.json");
    const declared: string[] = [];
    for (const line of text.split("\n").filter((l) => l.startsWith("const ") || l.startsWith("export const "))) {
      const uses = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/\b[a-z][A-Za-z]*\d*\b/g) ?? [];
      for (const use of uses.filter((u) => /^(call|list|text|ref|errorRule|treeRule|endpointRule|endpoint|object)[A-Z0-9]/.test(u))) {
        if (line.startsWith(`const ${use} =`)) continue;
        expect(declared, `${use} in ${line}`).to.include(use);
      }
      const name = /^const (\w+) =/.exec(line)?.[1];
      if (name) declared.push(name);
    }
    expect(declared.length).to.be.greaterThan(3);
  });

  it("is deterministic, and leaves a rule set without repeats as one literal", () => {
    expect(emitEndpoints(ctx, ruleSet(), "rules.json")).to.equal(emitEndpoints(ctx, ruleSet(), "rules.json"));
    const single = { version: "1.0", parameters: {}, rules: [{ conditions: [], endpoint: { url: "https://widgets.example" }, type: "endpoint" }] };
    const text = emitEndpoints(ctx, single, "rules.json");
    expect(text).to.not.match(/^const /m);
    expect(text).to.include('export const ruleSet: RuleSet = {"version":"1.0"');
  });
});
