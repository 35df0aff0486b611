import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateService } from "../../codegen/generate.js";
import { generatedCodeTsconfig } from "../../codegen/typecheck.js";
import { REPO, widgetExtras, widgetModel } from "./models.js";

const run = promisify(execFile);

// Output generated outside this repository imports `dynaport/runtime` and must
// type-check on its own under strict settings: the small widget model (every
// awkward case, with a paginator and a waiter over shapes named like what they
// import) and DynamoDB Streams.
describe("codegen: generated output type-checks with tsc", function () {
  this.timeout(180_000);

  it("compiles under strict mode with dynaport/runtime mapped to src/runtime", async () => {
    const root = mkdtempSync(join(tmpdir(), "dynaport-tsc-"));
    const models: [string, unknown][] = [
      ["widgets", widgetModel()],
      ["streams", JSON.parse(readFileSync(join(REPO, "models/dynamodbstreams/2012-08-10/service-2.json"), "utf8"))],
    ];
    for (const [name, model] of models) {
      const { files } = generateService({ model, source: `${name}.json`, ...(name === "widgets" ? widgetExtras() : {}) });
      mkdirSync(join(root, name));
      for (const [file, text] of files) writeFileSync(join(root, name, file), text);
    }
    writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify(generatedCodeTsconfig(REPO, ["widgets", "streams"])));
    const tsc = join(REPO, "node_modules/typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { cwd: root }).catch((err: { stdout: string }) => err);
    expect(result.stdout).to.equal("");
  });
});
