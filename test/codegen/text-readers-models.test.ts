import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { ServiceContext } from "../../codegen/context.js";
import { generateService } from "../../codegen/generate.js";
import { parseModel, type ShapeRef } from "../../codegen/model.js";
import { JsonReader, type JsonObject } from "../../src/runtime/index.js";
import { REPO } from "./models.js";

// The text readers are generated for any service whose outputs hold unions.
// For every such output of the repository's models (and of the machine's
// botocore models that have them, when botocore is installed), random wire
// outputs built from the model must read in one pass to exactly what the
// JSON path gives.

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]! };
}
type Random = ReturnType<typeof random>;

const STRINGS = ["", "a", "tenant#7", 'quote " and \\ back', "é😀\n", "__proto__", "constructor"];

/** A wire value of `ref`'s shape, as the service would send it. */
function wireValue(ctx: ServiceContext, ref: ShapeRef, rnd: Random, depth: number): unknown {
  const shape = ctx.shape(ref.shape);
  const deep = depth > 4;
  switch (shape.type) {
    case "structure": {
      if (shape.document) return rnd.pick([null, 1, "x", [true], { a: { b: [] } }]);
      const members = ctx.members(ref.shape);
      const out: JsonObject = {};
      if (shape.union) {
        const m = members.length > 0 && !deep ? rnd.pick(members) : undefined;
        if (m) out[m.wireName] = wireValue(ctx, m.ref, rnd, depth + 1) as JsonObject;
        return out;
      }
      for (const m of members) {
        if (deep || rnd.next() < 0.4) continue;
        Object.defineProperty(out, m.wireName, { value: wireValue(ctx, m.ref, rnd, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "list":
      return Array.from({ length: deep ? 0 : rnd.int(3) }, () => wireValue(ctx, shape.member!, rnd, depth + 1));
    case "map": {
      const out: JsonObject = {};
      for (let i = deep ? 0 : rnd.int(3); i > 0; i--) {
        Object.defineProperty(out, rnd.pick(STRINGS) + i, { value: wireValue(ctx, shape.value!, rnd, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "string":
      return shape.enum && rnd.next() < 0.7 ? rnd.pick(shape.enum) : rnd.pick(STRINGS);
    case "integer":
    case "long":
      return rnd.int(1_000_000) - 1000;
    case "float":
    case "double":
      return rnd.pick([0, 1.5, -2.25e-7, 1e21, "Infinity", "-Infinity"]);
    case "boolean":
      return rnd.next() < 0.5;
    case "blob":
      return rnd.pick(["", "AQID", "q83vEjRWeJA="]);
    case "timestamp":
      return rnd.pick([0, 1_700_000_000, 1_700_000_000.123, "2026-11-21T09:14:07.512Z"]);
    default:
      return null;
  }
}

function readMaybeGzipped(path: string): unknown {
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8"));
  if (existsSync(`${path}.gz`)) return JSON.parse(gunzipSync(readFileSync(`${path}.gz`)).toString("utf8"));
  return undefined;
}

/** botocore's model of `service` (newest version), when botocore is installed. */
function botocoreModel(service: string): unknown {
  let dir: string;
  try {
    dir = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
  const base = join(dir, "data", service);
  if (!existsSync(base)) return undefined;
  const version = readdirSync(base).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).sort().pop();
  return version && readMaybeGzipped(join(base, version, "service-2.json"));
}

describe("codegen: text readers agree with the JSON path on every output that holds unions", function () {
  this.timeout(120_000);
  // Inside the repository, so that the generated TypeScript loads like the tests do.
  mkdirSync(join(REPO, ".tmp"), { recursive: true });
  const stage = mkdtempSync(join(REPO, ".tmp", "text-readers-"));
  after(() => rmSync(stage, { recursive: true, force: true }));

  const models: [string, () => unknown][] = [
    ["dynamodb", () => JSON.parse(readFileSync(join(REPO, "models/dynamodb/2012-08-10/service-2.json"), "utf8"))],
    ["dynamodbstreams", () => JSON.parse(readFileSync(join(REPO, "models/dynamodbstreams/2012-08-10/service-2.json"), "utf8"))],
    // botocore models with unions in their outputs; run when botocore is installed.
    ...["sagemaker", "dms", "b2bi", "verifiedpermissions", "mailmanager", "redshift-data", "keyspacesstreams", "cloudwatch"].map(
      (service): [string, () => unknown] => [service, () => botocoreModel(service)],
    ),
  ];

  for (const [name, load] of models) {
    it(name, async function () {
      const json = load();
      if (json === undefined) this.skip();
      const dir = join(stage, name.replace(/\W+/g, "-"));
      mkdirSync(dir);
      const runtimeImport = relative(dir, join(REPO, "src/runtime/index.js")).split("\\").join("/");
      const { files } = generateService({ model: json, source: `${name}.json`, runtimeImport });
      for (const [file, text] of files) writeFileSync(join(dir, file), text);
      const serde = (await import(pathToFileURL(join(dir, "serde.ts")).href)) as Record<string, (x: unknown) => unknown>;
      const ctx = new ServiceContext(parseModel(json, `${name}.json`), { source: `${name}.json`, runtimeImport });
      const outputs = [...new Set(ctx.operations.map((op) => op.output))].filter((o): o is string => o !== undefined && ctx.readsText(o));
      expect(outputs, "outputs read from text").to.not.be.empty;
      const rnd = random(outputs.length * 7919);
      for (const output of outputs) {
        const type = ctx.typeName(output);
        for (let i = 0; i < 40; i++) {
          const text = JSON.stringify(wireValue(ctx, { shape: output }, rnd, 0));
          const expected = serde[`de_${type}`]!(JSON.parse(text));
          const r = new JsonReader(text);
          expect(serde[`rd_${type}`]!(r), `${output}: ${text}`).to.deep.equal(expected);
          r.end();
          expect(serde[`read_${type}`]!(text), `${output}: ${text}`).to.deep.equal(expected);
        }
      }
    });
  }
});
