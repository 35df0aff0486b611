import { expect } from "chai";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { DocumentConditionalCheckFailedException, DynamoDBDocument, VersionConflictError } from "../../src/document/index.js";
import { addToSetClause, planVersion } from "../../src/document/versioning.js";
import { startDynalite, TEST_CREDENTIALS, type DynaliteServer } from "../support/dynalite.js";
import { rejectionOf } from "../support/rejection.js";

describe("versioning: expression building", () => {
  const setCases: [string, string | undefined, string][] = [
    ["no expression", undefined, "SET #v = :n"],
    ["blank expression", "  ", "SET #v = :n"],
    ["joins an existing SET", "SET a = :a", "SET #v = :n, a = :a"],
    ["lower-case set keyword", "set a = :a REMOVE b", "set #v = :n, a = :a REMOVE b"],
    ["SET after another clause", "REMOVE b SET a = :a", "REMOVE b SET #v = :n, a = :a"],
    ["no SET clause", "REMOVE b", "REMOVE b SET #v = :n"],
    ["a #set placeholder is not the keyword", "ADD #set :one", "ADD #set :one SET #v = :n"],
    ["a :set placeholder is not the keyword", "DELETE tags :set", "DELETE tags :set SET #v = :n"],
    ["SET separated by a newline", "SET\n  a = :a", "SET\n  #v = :n, a = :a"],
  ];
  for (const [name, given, want] of setCases) {
    it(`addToSetClause: ${name}`, () => {
      expect(addToSetClause(given, "#v = :n")).to.equal(want);
    });
  }

  it("a create checks that no version exists and writes version 1", () => {
    const plan = planVersion("version", undefined, undefined, undefined, undefined);
    expect(plan.conditionExpression).to.equal("attribute_not_exists(#dynaportVersion)");
    expect(plan.names).to.deep.equal({ "#dynaportVersion": "version" });
    expect(plan.values).to.deep.equal({ ":dynaportNextVersion": { N: "1" } });
    expect(plan.next).to.equal(1);
  });

  it("keeps the caller's condition and picks placeholders the caller does not use", () => {
    const plan = planVersion(
      "v",
      7,
      "attribute_exists(#dynaportVersion)",
      { "#dynaportVersion": "other", "#dynaportVersion2": "another" },
      { ":dynaportVersion": 1, ":dynaportNextVersion": 2 },
    );
    expect(plan.conditionExpression).to.equal("(attribute_exists(#dynaportVersion)) AND #dynaportVersion3 = :dynaportVersion2");
    expect(plan.names).to.deep.equal({ "#dynaportVersion3": "v" });
    expect(plan.values).to.deep.equal({ ":dynaportVersion2": { N: "7" }, ":dynaportNextVersion2": { N: "8" } });
  });

  it("counts bigints, and moves to bigint past 2^53", () => {
    expect(planVersion("v", 41n, undefined, undefined, undefined).next).to.equal(42n);
    expect(planVersion("v", Number.MAX_SAFE_INTEGER, undefined, undefined, undefined).next).to.equal(2n ** 53n);
  });

  it("refuses a version that is not an integer", () => {
    expect(() => planVersion("v", "3", undefined, undefined, undefined)).to.throw(TypeError, /must be an integer/);
    expect(() => planVersion("v", 1.5, undefined, undefined, undefined)).to.throw(TypeError, /got 1.5/);
  });
});

describe("versioned writes against dynalite", () => {
  let server: DynaliteServer;
  let client: DynamoDB;
  let doc: DynamoDBDocument;
  const tableName = "versioned";

  before(async () => {
    server = await startDynalite();
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS });
    doc = new DynamoDBDocument(client, { versionAttribute: "version" });
    await client.createTable({
      tableName,
      keySchema: [{ attributeName: "id", keyType: "HASH" }],
      attributeDefinitions: [{ attributeName: "id", attributeType: "S" }],
      billingMode: "PAY_PER_REQUEST",
    });
  });

  after(async () => {
    await client.destroy();
    await server.close();
  });

  const stored = async (id: string) => (await doc.get({ tableName, key: { id }, consistentRead: true })).item;

  it("put: creates at version 1, then updates only from the version read", async () => {
    const created = await doc.put({ tableName, item: { id: "p", title: "first" } });
    expect(created.version).to.equal(1);
    expect(await stored("p")).to.deep.equal({ id: "p", title: "first", version: 1 });

    const item = (await stored("p"))!;
    const replaced = await doc.put({ tableName, item: { ...item, title: "second" } });
    expect(replaced.version).to.equal(2);
    // The caller's object is not modified.
    expect(item.version).to.equal(1);
    expect(await stored("p")).to.deep.equal({ id: "p", title: "second", version: 2 });
  });

  it("put: a second create of the same item is a conflict carrying the stored item", async () => {
    const error = await rejectionOf(doc.put({ tableName, item: { id: "p", title: "impostor" } }));
    expect(error).to.be.instanceOf(VersionConflictError);
    const conflict = error as VersionConflictError;
    expect(conflict.code).to.equal("VERSION_CONFLICT");
    expect(conflict.expectedVersion).to.equal(undefined);
    expect(conflict.actualVersion).to.equal(2);
    expect(conflict.item).to.deep.equal({ id: "p", title: "second", version: 2 });
    expect(conflict.message).to.match(/expected no item \(a create\) but found version 2/);
    expect(conflict.$metadata?.httpStatusCode).to.equal(400);
  });

  it("put: a stale version is a conflict and writes nothing", async () => {
    const error = await rejectionOf(doc.put({ tableName, item: { id: "p", title: "stale", version: 1 } }));
    expect(error).to.be.instanceOf(VersionConflictError);
    expect((error as VersionConflictError).item).to.deep.equal({ id: "p", title: "second", version: 2 });
    expect(await stored("p")).to.deep.equal({ id: "p", title: "second", version: 2 });
  });

  it("update: creates at version 1 when no version was read", async () => {
    const out = await doc.update({ tableName, key: { id: "u" }, updateExpression: "SET title = :t", expressionAttributeValues: { ":t": "new" }, returnValues: "ALL_NEW" });
    expect(out.version).to.equal(1);
    expect(out.attributes).to.deep.equal({ id: "u", title: "new", version: 1 });
  });

  it("update: joins the caller's SET and keeps the caller's names and values, even ones that look like its own", async () => {
    const out = await doc.update({
      tableName,
      key: { id: "u" },
      updateExpression: "SET #t = :t, #dynaportVersion = :dynaportVersion REMOVE obsolete",
      expressionAttributeNames: { "#t": "title", "#dynaportVersion": "shadow" },
      expressionAttributeValues: { ":t": "edited", ":dynaportVersion": "caller's own value" },
      expectedVersion: 1,
      returnValues: "ALL_NEW",
    });
    expect(out.version).to.equal(2);
    expect(out.attributes).to.deep.equal({ id: "u", title: "edited", shadow: "caller's own value", version: 2 });
  });

  it("update: a stale expectedVersion is a conflict carrying the stored item", async () => {
    const error = await rejectionOf(doc.update({ tableName, key: { id: "u" }, updateExpression: "SET title = :t", expressionAttributeValues: { ":t": "lost" }, expectedVersion: 1 }));
    expect(error).to.be.instanceOf(VersionConflictError);
    const conflict = error as VersionConflictError;
    expect(conflict.expectedVersion).to.equal(1);
    expect(conflict.actualVersion).to.equal(2);
    expect(conflict.item).to.deep.equal({ id: "u", title: "edited", shadow: "caller's own value", version: 2 });
    expect((await stored("u"))!.title).to.equal("edited");
  });

  it("update: an item someone deleted is a conflict with no item", async () => {
    const error = await rejectionOf(doc.update({ tableName, key: { id: "gone" }, updateExpression: "SET title = :t", expressionAttributeValues: { ":t": "x" }, expectedVersion: 4 }));
    expect(error).to.be.instanceOf(VersionConflictError);
    expect((error as VersionConflictError).item).to.equal(undefined);
    expect((error as VersionConflictError).message).to.match(/expected version 4 but found no item/);
    expect(await stored("gone")).to.equal(undefined);
  });

  it("the caller's own failed condition is not reported as a version conflict", async () => {
    const error = await rejectionOf(
      doc.update({
        tableName,
        key: { id: "u" },
        updateExpression: "SET title = :t",
        conditionExpression: "title = :expectedTitle",
        expressionAttributeValues: { ":t": "x", ":expectedTitle": "something else" },
        expectedVersion: 2,
      }),
    );
    expect(error).to.be.instanceOf(DocumentConditionalCheckFailedException);
    expect(error).to.not.be.instanceOf(VersionConflictError);
    expect((error as DocumentConditionalCheckFailedException).currentItem!.version).to.equal(2);
  });

  it("with both conditions, a stale version is still a conflict", async () => {
    const error = await rejectionOf(
      doc.update({ tableName, key: { id: "u" }, updateExpression: "SET title = :t", conditionExpression: "attribute_exists(title)", expressionAttributeValues: { ":t": "x" }, expectedVersion: 1 }),
    );
    expect(error).to.be.instanceOf(VersionConflictError);
  });

  it("delete: only with the stored version", async () => {
    const stale = await rejectionOf(doc.delete({ tableName, key: { id: "u" }, expectedVersion: 1 }));
    expect(stale).to.be.instanceOf(VersionConflictError);
    expect(await stored("u")).to.not.equal(undefined);
    const out = await doc.delete({ tableName, key: { id: "u" }, expectedVersion: 2, returnValues: "ALL_OLD" });
    expect(out.attributes!.version).to.equal(2);
    expect(await stored("u")).to.equal(undefined);
  });

  it("exactly one of several writers racing from the same version wins", async () => {
    await doc.put({ tableName, item: { id: "race", counter: 0 } });
    const read = (await stored("race"))!;
    const writers = Array.from({ length: 8 }, (_, i) => doc.put({ tableName, item: { ...read, counter: i + 1 } }));
    const results = await Promise.allSettled(writers);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).to.have.length(1);
    expect(lost).to.have.length(7);
    for (const r of lost) expect(r.reason).to.be.instanceOf(VersionConflictError);
    const final = (await stored("race"))!;
    expect(final.version).to.equal(2);
    for (const r of lost) expect((r.reason as VersionConflictError).item).to.deep.equal(final);
  });

  it("counts bigint versions", async () => {
    // Written by another program with a version a number cannot hold.
    await client.putItem({ tableName, item: { id: { s: "big" }, version: { n: "9007199254740993" } } });
    const item = (await stored("big"))!;
    expect(item.version).to.equal(9007199254740993n);
    const out = await doc.put({ tableName, item: { ...item, note: "past 2^53" } });
    expect(out.version).to.equal(9007199254740994n);
    expect((await stored("big"))!.version).to.equal(9007199254740994n);
  });

  it("a call can opt out, or name its own version attribute", async () => {
    await doc.put({ tableName, item: { id: "free", version: 99 }, versionAttribute: false });
    expect((await stored("free"))!.version).to.equal(99);
    const plain = new DynamoDBDocument(client);
    // Version 5 was never stored, so writing "from version 5" conflicts.
    expect(await rejectionOf(plain.put({ tableName, item: { id: "rev", rev: 5 }, versionAttribute: "rev" }))).to.be.instanceOf(VersionConflictError);
    await plain.put({ tableName, item: { id: "rev" }, versionAttribute: "rev" });
    expect(await stored("rev")).to.deep.equal({ id: "rev", rev: 1 });
    const misuse = await rejectionOf(plain.update({ tableName, key: { id: "rev" }, updateExpression: "SET a = :a", expressionAttributeValues: { ":a": 1 }, expectedVersion: 1 }));
    expect(misuse).to.be.instanceOf(TypeError);
    expect((misuse as Error).message).to.match(/expectedVersion needs a versionAttribute/);
  });
});
