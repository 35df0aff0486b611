/**
 * The document client's PartiQL batch and transaction (`batchExecuteStatement`,
 * `executeTransaction`, and the same through `send`) against moto_server,
 * which implements PartiQL (dynalite does not). Pending when moto_server is
 * not installed.
 */
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { DynamoDBDocument } from "../../src/index.js";
import { createTable } from "../../src/generated/dynamodb/index.js";
import { TEST_CREDENTIALS } from "../support/dynalite.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function startMoto(): Promise<{ endpoint: string; process: ChildProcess } | undefined> {
  if (spawnSync("sh", ["-c", "command -v moto_server"]).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`${endpoint}/moto-api/`);
      return { endpoint, process: child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill();
  return undefined;
}

describe("PartiQL with plain values (moto_server)", function () {
  this.timeout(60_000);
  let moto: { endpoint: string; process: ChildProcess } | undefined;
  let docs: DynamoDBDocument;

  before(async function () {
    moto = await startMoto();
    if (moto === undefined) this.skip();
    docs = new DynamoDBDocument({ endpoint: moto.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    await createTable(docs.client, {
      tableName: "people",
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
    });
    await docs.put({ tableName: "people", item: { id: "a", name: "Ada", tags: new Set(["x"]), visits: 3 } });
    await docs.put({ tableName: "people", item: { id: "b", name: "Bob", visits: 12345678901234567890n } });
  });

  after(async () => {
    await docs?.destroy();
    moto?.process.kill();
  });

  it("batchExecuteStatement: plain parameters, plain items in responses, in order", async () => {
    const out = await docs.batchExecuteStatement({
      statements: [
        { statement: "SELECT * FROM people WHERE id = ?", parameters: ["b"] },
        { statement: "SELECT * FROM people WHERE id = ?", parameters: ["a"] },
      ],
    });
    expect(out.responses).to.have.length(2);
    expect(out.responses![0]!.item).to.deep.equal({ id: "b", name: "Bob", visits: 12345678901234567890n });
    expect(out.responses![1]!.item).to.deep.equal({ id: "a", name: "Ada", tags: new Set(["x"]), visits: 3 });
    expect(out.$metadata.httpStatusCode).to.equal(200);
  });

  it("executeTransaction: writes with plain parameters; reads return plain items", async () => {
    // moto's PartiQL takes parameters in UPDATE and SELECT statements (not yet in INSERT).
    await docs.executeTransaction({
      transactStatements: [
        { statement: "UPDATE people SET visits = ? WHERE id = ?", parameters: [4, "a"] },
        { statement: "UPDATE people SET nickname = ? WHERE id = ?", parameters: ["Bobby", "b"] },
      ],
    });
    expect((await docs.get({ tableName: "people", key: { id: "a" } })).item).to.have.property("visits", 4);
    expect((await docs.get({ tableName: "people", key: { id: "b" } })).item).to.have.property("nickname", "Bobby");
    const read = await docs.executeTransaction({ transactStatements: [{ statement: "SELECT * FROM people WHERE id = ?", parameters: ["a"] }] });
    expect(read.responses).to.deep.equal([{ item: { id: "a", name: "Ada", tags: new Set(["x"]), visits: 4 } }]);
  });

  it("send: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction with AWS member names", async () => {
    const one = await docs.send("ExecuteStatement", { Statement: 'SELECT * FROM "people" WHERE id = ?', Parameters: ["a"] });
    expect(one.Items).to.deep.equal([{ id: "a", name: "Ada", tags: new Set(["x"]), visits: 4 }]);
    const batch = await docs.send("BatchExecuteStatement", { Statements: [{ Statement: "SELECT * FROM people WHERE id = ?", Parameters: ["a"] }] });
    expect((batch.Responses as { Item?: unknown }[])[0]!.Item).to.deep.equal({ id: "a", name: "Ada", tags: new Set(["x"]), visits: 4 });
    await docs.send("ExecuteTransaction", { TransactStatements: [{ Statement: "UPDATE people SET visits = ? WHERE id = ?", Parameters: [5, "a"] }] });
    expect((await docs.get({ tableName: "people", key: { id: "a" } })).item).to.have.property("visits", 5);
  });
});
