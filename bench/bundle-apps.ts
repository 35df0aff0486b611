/**
 * The GetItem apps the bundle benchmark builds: each imports one client the
 * way an application would, makes one GetItem of `{ pk: "a" }` against the
 * endpoint in `BENCH_ENDPOINT` with static credentials, prints the item it got
 * back and exits (non-zero when there is no item).
 *
 * The sources are plain ES modules without top-level `await`, so that esbuild
 * can emit them as CommonJS (what Lambda bundlers emit) as well as ESM.
 */
import { BENCH_CREDENTIALS, BENCH_REGION } from "./clients.js";

/** The apps, by the name the report uses. */
export const BUNDLE_APPS = [
  "dynaport getItem()",
  "dynaport DynamoDB",
  "dynaport document",
  "aws-sdk client",
  "aws-sdk lib-dynamodb",
  "aws-lite",
  "aws4fetch",
] as const;
/** One of {@link BUNDLE_APPS}. */
export type BundleApp = (typeof BUNDLE_APPS)[number];

/** Whether an app is one of dynaport's (its failures to build may just mean "not there yet"). */
export function isDynaport(app: BundleApp): boolean {
  return app.startsWith("dynaport");
}

/** The official app an app is compared with: the document client for document apps. */
export function officialCounterpart(app: BundleApp): BundleApp {
  return app === "dynaport document" || app === "aws-sdk lib-dynamodb" ? "aws-sdk lib-dynamodb" : "aws-sdk client";
}

/** The table every app names; the stub does not look at it. */
export const BUNDLE_TABLE = "bench-bundle";

const region = JSON.stringify(BENCH_REGION);
const credentials = JSON.stringify(BENCH_CREDENTIALS);
const table = JSON.stringify(BUNDLE_TABLE);

/**
 * Where the endpoint comes from: `process.env` where there is one (Node),
 * else a global the page would set. Guarded so the browser build has no
 * unguarded `process`.
 */
const endpoint = `const endpoint = typeof process !== "undefined" ? process.env.BENCH_ENDPOINT : globalThis.BENCH_ENDPOINT;\n`;

/** Prints the item (or fails) and ends the process, which keep-alive sockets would hold open. */
const finish =
  `function finish(item) {\n` +
  `  if (!item) throw new Error("no item in the response");\n` +
  `  console.log(JSON.stringify(item));\n` +
  `  if (typeof process !== "undefined") process.exit(0);\n` +
  `}\n` +
  `function fail(err) {\n` +
  `  console.error(err);\n` +
  `  if (typeof process !== "undefined") process.exit(1);\n` +
  `}\n`;

function app(imports: string, body: string): string {
  return `${imports}\n${endpoint}${finish}\nasync function main() {\n${body}}\n\nmain().catch(fail);\n`;
}

/** The source of each app. */
export function appSource(name: BundleApp): string {
  const config = `{ region: ${region}, credentials: ${credentials}, endpoint }`;
  switch (name) {
    case "dynaport getItem()":
      return app(
        `import { DynamoDBClient, getItem } from "dynaport";`,
        `  const client = new DynamoDBClient(${config});\n` +
          `  const out = await getItem(client, { tableName: ${table}, key: { pk: { s: "a" } } });\n` +
          `  finish(out.item);\n`,
      );
    case "dynaport DynamoDB":
      return app(
        `import { DynamoDB } from "dynaport";`,
        `  const db = new DynamoDB(${config});\n` +
          `  const out = await db.getItem({ tableName: ${table}, key: { pk: { s: "a" } } });\n` +
          `  finish(out.item);\n`,
      );
    case "dynaport document":
      return app(
        `import { DynamoDBDocument } from "dynaport";`,
        `  const doc = new DynamoDBDocument(${config});\n` +
          `  const out = await doc.get({ tableName: ${table}, key: { pk: "a" } });\n` +
          `  finish(out.item);\n`,
      );
    case "aws-sdk client":
      return app(
        `import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";`,
        `  const client = new DynamoDBClient(${config});\n` +
          `  const out = await client.send(new GetItemCommand({ TableName: ${table}, Key: { pk: { S: "a" } } }));\n` +
          `  finish(out.Item);\n`,
      );
    case "aws-sdk lib-dynamodb":
      return app(
        `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nimport { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";`,
        `  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(${config}));\n` +
          `  const out = await doc.send(new GetCommand({ TableName: ${table}, Key: { pk: "a" } }));\n` +
          `  finish(out.Item);\n`,
      );
    case "aws-lite":
      return app(
        `import awsLite from "@aws-lite/client";\nimport dynamodb from "@aws-lite/dynamodb";`,
        `  const aws = await awsLite({ region: ${region}, ...${credentials}, endpoint, plugins: [dynamodb] });\n` +
          `  const out = await aws.DynamoDB.GetItem({ TableName: ${table}, Key: { pk: "a" } });\n` +
          `  finish(out.Item);\n`,
      );
    case "aws4fetch":
      // The floor of a signed fetch: sign the wire JSON and POST it, parse the answer.
      return app(
        `import { AwsClient } from "aws4fetch";`,
        `  const aws = new AwsClient({ ...${credentials}, region: ${region}, service: "dynamodb" });\n` +
          `  const response = await aws.fetch(endpoint, {\n` +
          `    method: "POST",\n` +
          `    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" },\n` +
          `    body: JSON.stringify({ TableName: ${table}, Key: { pk: { S: "a" } } }),\n` +
          `  });\n` +
          `  if (!response.ok) throw new Error(\`HTTP \${response.status}: \${await response.text()}\`);\n` +
          `  finish((await response.json()).Item);\n`,
      );
  }
}
