/**
 * Tree-shaking: an app bundled from the package's entry (`src/index.ts`)
 * with esbuild holds only the operations it calls. `DynamoDBClient` +
 * `getItem` brings no other operation's target, serializer, validator,
 * reader or error class; the document client brings only the operations its
 * methods send, and never the `DynamoDB` class or the operations table.
 *
 * Each app is bundled twice: minified, as an app ships (its size, and the
 * strings that survive minification: operation names, error codes, wire
 * member names), and minified except for identifiers, so that the generated
 * functions can be looked for by name (`se_PutItemInput`).
 */
import { expect } from "chai";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { operations } from "../../src/generated/dynamodb/index.js";

const ROOT = resolve(import.meta.dirname, "../..");
const DIR = join(ROOT, ".tmp", `tree-shaking-${process.pid}`);

interface Bundle {
  /** The minified app. */
  readonly text: string;
  /** The same app with its identifiers kept. */
  readonly named: string;
  /** Bytes each input contributes to the minified app, by path relative to the repository. */
  readonly bytes: ReadonlyMap<string, number>;
}

async function bundle(name: string, source: string): Promise<Bundle> {
  const entry = join(DIR, `${name}.ts`);
  writeFileSync(entry, source);
  const options: BuildOptions & { write: false } = { entryPoints: [entry], absWorkingDir: ROOT, bundle: true, write: false, format: "esm", platform: "node", logLevel: "silent" };
  const minified = await build({ ...options, minify: true, metafile: true, outdir: join(DIR, name) });
  const named = await build({ ...options, minifyWhitespace: true, minifySyntax: true, outdir: join(DIR, `${name}-named`) });
  const output = Object.values((minified.metafile as Metafile).outputs)[0]!;
  const bytes = new Map(Object.entries(output.inputs).map(([path, { bytesInOutput }]) => [path, bytesInOutput]));
  return { text: minified.outputFiles![0]!.text, named: named.outputFiles![0]!.text, bytes };
}

/** Bytes of the app from dynaport's own sources (everything but node_modules). */
function ownBytes(b: Bundle): number {
  let total = 0;
  for (const [path, n] of b.bytes) if (!path.includes("node_modules")) total += n;
  return total;
}

/** The minified size of `b`, its gzipped size and its own bytes, for the report line. */
function sizes(b: Bundle): string {
  return `${b.text.length} B minified (${gzipSync(b.text).length} B gzipped), ${ownBytes(b)} B from dynaport's sources`;
}

/** What the generated code of one operation is called: its serializer, validators, reader, error table. */
function generatedNames(op: string): string[] {
  const names = [`errors_${op}`];
  const shapes = OPERATION_SHAPES.get(op);
  if (shapes?.input) names.push(`se_${shapes.input}`, `validate_${shapes.input}`, `validateWire_${shapes.input}`);
  if (shapes?.output) names.push(`read_${shapes.output}`);
  return names;
}

/** Every DynamoDB operation's input and output shape, from the model. */
const OPERATION_SHAPES = new Map<string, { input?: string; output?: string }>();

/** Every modeled error class of DynamoDB, by the operations that may throw it. */
const ERROR_CLASSES = new Map<string, Set<string>>();

const src = JSON.stringify(join(ROOT, "src/index.ts"));

describe("tree-shaking: an app bundles only the operations it calls", function () {
  this.timeout(60_000);
  let getItemApp: Bundle;
  let classApp: Bundle;
  let docApp: Bundle;

  before(async () => {
    mkdirSync(DIR, { recursive: true });
    const { readFileSync } = await import("node:fs");
    const model = JSON.parse(readFileSync(join(ROOT, "models/dynamodb/2012-08-10/service-2.json"), "utf8")) as {
      operations: Record<string, { input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[] }>;
    };
    for (const [name, op] of Object.entries(model.operations)) {
      OPERATION_SHAPES.set(name, { ...(op.input && { input: op.input.shape }), ...(op.output && { output: op.output.shape }) });
      for (const e of op.errors ?? []) {
        if (!ERROR_CLASSES.has(e.shape)) ERROR_CLASSES.set(e.shape, new Set());
        ERROR_CLASSES.get(e.shape)!.add(name);
      }
    }
    getItemApp = await bundle(
      "get-item",
      `import { DynamoDBClient, getItem } from ${src};\n` +
        `const client = new DynamoDBClient({ region: "us-east-1" });\n` +
        `console.log(await getItem(client, { tableName: "t", key: { pk: { s: "a" } } }));\n`,
    );
    classApp = await bundle(
      "class",
      `import { DynamoDB } from ${src};\n` +
        `const db = new DynamoDB({ region: "us-east-1" });\n` +
        `console.log(await db.getItem({ tableName: "t", key: { pk: { s: "a" } } }));\n`,
    );
    docApp = await bundle(
      "document-get",
      `import { DynamoDBDocument } from ${src};\n` +
        `const doc = new DynamoDBDocument({ region: "us-east-1" });\n` +
        `console.log(await doc.get({ tableName: "t", key: { pk: "a" } }));\n`,
    );
    console.log(
      `      GetItem app: ${sizes(getItemApp)}\n      DynamoDB class app: ${sizes(classApp)}\n      document get app: ${sizes(docApp)}`,
    );
  });

  after(() => rmSync(DIR, { recursive: true, force: true }));

  it("DynamoDBClient + getItem holds GetItem and no other operation", () => {
    expect(getItemApp.text).to.include('"GetItem"');
    expect(getItemApp.named).to.include("se_GetItemInput").and.include("read_GetItemOutput").and.include("errors_GetItem");
    for (const op of Object.keys(operations)) {
      if (op === "GetItem") continue;
      // The target is the service's prefix and the name the function passes to `call`.
      expect(getItemApp.text, `${op}'s name`).to.not.include(`"${op}"`);
      for (const name of generatedNames(op)) expect(getItemApp.named, name).to.not.include(name);
    }
  });

  it("holds GetItem's error classes and no other", () => {
    // By declaration (`class X extends`, or `X=class extends` as esbuild may write it): the runtime's
    // retry rules name some codes (`LimitExceededException`) as strings.
    for (const [error, ops] of ERROR_CLASSES) {
      if (ops.has("GetItem")) expect(getItemApp.named, error).to.match(new RegExp(`class ${error} extends|${error}=class extends`));
      else expect(getItemApp.named, error).to.not.match(new RegExp(`\\b${error}\\b(?!")`));
    }
    expect(getItemApp.text).to.not.include("ConditionalCheckFailedException").and.not.include("TransactionCanceledException");
  });

  it("holds no other operation's serializer, by the wire members only other inputs have", () => {
    for (const member of ["ConditionExpression", "UpdateExpression", "KeyConditionExpression", "TransactItems", "RequestItems", "AttributeDefinitions", "ExclusiveStartKey"]) {
      expect(getItemApp.text, member).to.not.include(member);
    }
  });

  it("leaves out the class, the operations table and the layers, by the metafile", () => {
    for (const [path, n] of getItemApp.bytes) {
      if (/src\/(document|batch|query-and-update)\/|generated\/dynamodb\/(paginators|waiters|client-class)\.ts/.test(path)) expect(n, path).to.equal(0);
    }
    expect(getItemApp.named).to.not.include("has no operation named");
    expect(getItemApp.named).to.not.include("sendOperation");
    // The class app, which refers to every operation, is much larger.
    expect(getItemApp.text.length * 2).to.be.lessThan(classApp.text.length);
  });

  it("the document client's get app holds only the operations its methods send", () => {
    // DescribeTable: a versioned put's conflict reads the stored item by the table's key schema when the service did not return it.
    const sent = new Set(["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction", "DescribeTable"]);
    for (const op of Object.keys(operations)) {
      if (sent.has(op)) continue;
      // Its name may be there (`send` takes any operation by name), its serializer, check and reader not.
      for (const name of generatedNames(op)) expect(docApp.named, name).to.not.include(name);
    }
    // Neither the DynamoDB class nor the operations table.
    expect(docApp.named).to.not.match(/\bDynamoDB = class\b|class DynamoDB extends/);
    expect(docApp.named).to.not.match(/\boperations\s*=\s*\{/);
    expect(docApp.named).to.include("errors_GetItem");
  });
});
