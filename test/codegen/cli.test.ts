import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO, widgetModel } from "./models.js";

const run = promisify(execFile);
const TSX = join(REPO, "node_modules/.bin/tsx");
const CLI = join(REPO, "codegen/cli.ts");

// The command line as users and `make codegen` run it.
describe("codegen: command line", function () {
  this.timeout(60_000);

  it("generates one model into --out, importing dynaport/runtime by default", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dynaport-cli-"));
    writeFileSync(join(dir, "service-2.json"), JSON.stringify(widgetModel()));
    const { stdout } = await run(TSX, [CLI, "--model", join(dir, "service-2.json"), "--out", join(dir, "out")]);
    expect(stdout).to.include("WidgetStore").and.include("skipped WatchWidgets");
    expect(readdirSync(join(dir, "out")).sort()).to.deep.equal(["client.ts", "errors.ts", "index.ts", "operations.ts", "serde.ts", "types.ts", "validate.ts"]);
    expect(readFileSync(join(dir, "out", "client.ts"), "utf8")).to.include('from "dynaport/runtime";');
  });

  it("rejects a model of another protocol with a clear message and a failing exit code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dynaport-cli-"));
    const model = widgetModel();
    Object.assign(model.metadata as object, { protocol: "query", protocols: ["query"] });
    writeFileSync(join(dir, "service-2.json"), JSON.stringify(model));
    const result = await run(TSX, [CLI, "--model", join(dir, "service-2.json"), "--out", join(dir, "out")]).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(result?.code).to.equal(1);
    expect(result?.stderr).to.match(/codegen: .*service-2\.json: protocol "query" \(protocols query\) is not supported/);
  });

  it("prints its usage when arguments are missing", async () => {
    const result = await run(TSX, [CLI]).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(result?.code).to.equal(2);
    expect(result?.stderr).to.include("--all-in-repo");
  });
});
