/**
 * Cold start: a fresh `node` process imports a client, constructs it and
 * completes one GetItem against the stub; the runner times spawn to exit.
 * `node` running an empty script is the baseline.
 *
 * The scripts are plain `.mjs` written into `bench/.out/cold/`, importing the
 * packages by name as an application would (dynaport from its staged build).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUT_DIR } from "./build.js";
import { BENCH_CREDENTIALS, BENCH_REGION, type ModuleUrls } from "./clients.js";
import { TABLE, WIRE_REQUESTS } from "./fixtures.js";
import { timeNode } from "./processes.js";

/** The programs timed, by the name the report uses. */
export type ColdStartName = "node" | "dynaport" | "dynaport-doc" | "aws-sdk" | "aws-sdk-doc" | "aws-lite" | "sign+undici";

const config = JSON.stringify({ region: BENCH_REGION, credentials: BENCH_CREDENTIALS });
const wireGet = JSON.stringify(WIRE_REQUESTS.GetItem);
const key = `{ pk: "tenant#7", sk: "job#000042" }`;
const typedKey = `{ pk: { s: "tenant#7" }, sk: { s: "job#000042" } }`;
const endpoint = "process.env.BENCH_ENDPOINT";
const done = `if (!(result.Item ?? result.item)) { console.error("no item", result); process.exit(1); }\nprocess.exit(0);\n`;

/** The source of each program; `undefined` when its package is not available. */
function sources(modules: ModuleUrls): Record<ColdStartName, string | undefined> {
  // The package's exports, from its built entry.
  const dynaport =
    modules.dynaport.length === 0
      ? undefined
      : modules.dynaport.map((url, i) => `import * as m${i} from ${JSON.stringify(url)};\n`).join("") +
        `const { DynamoDB, DynamoDBDocument } = { ${modules.dynaport.map((_, i) => `...m${i}`).join(", ")} };\n`;
  return {
    node: "process.exit(0);\n",
    dynaport:
      dynaport &&
      dynaport +
        `const client = new DynamoDB({ ...${config}, endpoint: ${endpoint} });\n` +
        `const result = await client.getItem({ tableName: ${JSON.stringify(TABLE)}, key: ${typedKey} });\n` +
        done,
    "dynaport-doc":
      dynaport &&
      dynaport +
        `const client = new DynamoDB({ ...${config}, endpoint: ${endpoint} });\n` +
        `if (DynamoDBDocument === undefined) { console.error("dynaport does not export DynamoDBDocument yet"); process.exit(3); }\n` +
        `const doc = typeof DynamoDBDocument.from === "function" ? DynamoDBDocument.from(client) : new DynamoDBDocument(client);\n` +
        `const result = await doc.get({ tableName: ${JSON.stringify(TABLE)}, key: ${key} });\n` +
        done,
    "aws-sdk":
      `import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";\n` +
      `const client = new DynamoDBClient({ ...${config}, endpoint: ${endpoint} });\n` +
      `const result = await client.send(new GetItemCommand(${wireGet}));\n` +
      done,
    "aws-sdk-doc":
      `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\n` +
      `import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";\n` +
      `const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ ...${config}, endpoint: ${endpoint} }));\n` +
      `const result = await doc.send(new GetCommand({ TableName: ${JSON.stringify(TABLE)}, Key: ${key} }));\n` +
      done,
    "aws-lite":
      `import awsLite from "@aws-lite/client";\n` +
      `import dynamodb from "@aws-lite/dynamodb";\n` +
      `const aws = await awsLite({ region: ${JSON.stringify(BENCH_REGION)}, ...${JSON.stringify(BENCH_CREDENTIALS)}, endpoint: ${endpoint}, plugins: [dynamodb] });\n` +
      `const result = await aws.DynamoDB.GetItem({ TableName: ${JSON.stringify(TABLE)}, Key: ${key} });\n` +
      done,
    // What a naive hand-rolled client pays: undici and the smithy signer imported whole.
    "sign+undici":
      `import { Pool } from "undici";\n` +
      `import { SignatureV4 } from "@smithy/signature-v4";\n` +
      `import { Sha256 } from "@aws-crypto/sha256-js";\n` +
      `const url = new URL(${endpoint});\n` +
      `const signer = new SignatureV4({ credentials: ${JSON.stringify(BENCH_CREDENTIALS)}, region: ${JSON.stringify(BENCH_REGION)}, service: "dynamodb", sha256: Sha256 });\n` +
      `const body = ${JSON.stringify(wireGet)};\n` +
      `const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", query: {}, body,\n` +
      `  headers: { host: url.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" } });\n` +
      `const { host, ...headers } = signed.headers;\n` +
      `const response = await new Pool(url.origin).request({ method: "POST", path: "/", headers, body });\n` +
      `const result = await response.body.json();\n` +
      done,
  };
}

/** Cold-start times, and the programs that could not run. */
export interface ColdStartResult {
  /** Milliseconds per run, by program. */
  times: Map<ColdStartName, number[]>;
  /** Why a program was left out (its package is not built, or it failed). */
  skipped: Map<ColdStartName, string>;
}

/** Runs each program `runs` times, interleaved, after one untimed pass. */
export async function measureColdStart(
  modules: ModuleUrls,
  endpoint: string,
  runs: number,
  only: (name: ColdStartName) => boolean,
  log: (line: string) => void,
): Promise<ColdStartResult> {
  const dir = join(OUT_DIR, "cold");
  mkdirSync(dir, { recursive: true });
  const result: ColdStartResult = { times: new Map(), skipped: new Map() };
  const programs: [ColdStartName, string][] = [];
  for (const [name, source] of Object.entries(sources(modules)) as [ColdStartName, string | undefined][]) {
    if (!only(name)) continue;
    if (source === undefined) {
      result.skipped.set(name, "dynaport is not built yet");
      continue;
    }
    const file = join(dir, `${name}.mjs`);
    writeFileSync(file, source);
    // The untimed pass also fills the OS file cache, as on any machine that has run the app before.
    try {
      await timeNode(file, { BENCH_ENDPOINT: endpoint });
      programs.push([name, file]);
      result.times.set(name, []);
    } catch (err) {
      // Say why: the script's own message, or the exception's first line.
      const lines = (err as Error).message.trim().split("\n").map((line) => line.trim());
      const reason = lines.find((line) => /^\w*(Error|Exception)\b|does not export/.test(line)) ?? lines[0]!;
      result.skipped.set(name, reason);
    }
  }
  for (let run = 0; run < runs; run++) {
    for (const [name, file] of programs) result.times.get(name)!.push(await timeNode(file, { BENCH_ENDPOINT: endpoint }));
  }
  log(`  best of ${runs}: ${programs.map(([name]) => `${name} ${Math.round(Math.min(...result.times.get(name)!))} ms`).join(", ")}`);
  return result;
}
