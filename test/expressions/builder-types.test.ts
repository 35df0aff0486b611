// Type-level tests of the expression builder: every `@ts-expect-error` line
// must be a type error and every other line must compile, which
// `npx tsc --noEmit -p tsconfig.json` (part of `npm test`) checks. The checks
// sit in a function that never runs, since some of the wrong calls would also
// throw at run time; the mocha test below only runs what is valid.
import { expect } from "chai";
import { buildExpressions, expression } from "../../src/expressions/builder.js";
import { forDocument, forDocumentSend, forQueryAndUpdate, forSend, forTyped } from "../../src/expressions/builder-targets.js";
import type { StringPath, ValueAt } from "../../src/expressions/builder-types.js";
import type { ConditionCheck, QueryInput, Update, UpdateItemInput } from "../../src/generated/dynamodb/types.js";
import type { DocumentUpdateInput } from "../../src/document/index.js";
import type { QueryAndUpdateConfig } from "../../src/query-and-update/index.js";
import type { JsonObject } from "../../src/runtime/types.js";

interface Job {
  jobId: string;
  status: "PENDING" | "CLAIMED";
  claimedBy?: string;
  attempts: number;
  maxAttempts: number;
  tags: string[];
  labels?: Set<string>;
  payload: Uint8Array;
  address: { city: string; geo?: { lat: number; lng: number } };
  orders: { total: number; items: { sku: string }[] }[];
  "first.name"?: string;
  meta: Record<string, number>;
  big?: bigint;
}

interface Tree {
  name: string;
  children: Tree[];
}

function typeChecks(): void {
  const x = expression<Job>();

  // Paths and the type of their values.
  x.eq("status", "PENDING");
  // @ts-expect-error: status is a string
  x.eq("status", 3);
  // @ts-expect-error: not one of the status literals
  x.eq("status", "DONE");
  x.eq("claimedBy", "w1"); // optional attributes compare with their type
  // @ts-expect-error: not an attribute of Job
  x.eq("state", "PENDING");
  x.eq("address.city", "Oslo");
  x.gt("address.geo.lat", 59.9);
  // @ts-expect-error: lat is a number
  x.gt("address.geo.lat", "59.9");
  // @ts-expect-error: no such member of address
  x.eq("address.town", "Oslo");
  x.eq("tags[0]", "a");
  // @ts-expect-error: a tag is a string
  x.eq("tags[0]", 1);
  x.eq("orders[2].items[0].sku", "SKU-1");
  // @ts-expect-error: a total is a number
  x.eq("orders[2].total", "12");
  x.eq("meta.anything", 1);
  x.eq("big", 10n);
  x.eq("payload", new Uint8Array(1));

  // The array form: names taken literally, numbers as list indexes.
  x.eq(["first.name"], "Ada");
  x.eq(["orders", 0, "items", 1, "sku"], "SKU-2");
  // @ts-expect-error: a sku is a string
  x.eq(["orders", 0, "items", 1, "sku"], 2);
  // @ts-expect-error: orders is a list, so a number comes next
  x.eq(["orders", "total"], 1);
  // @ts-expect-error: a name with a dot has no string form (it would read as two steps)
  x.eq("first.name", "Ada");

  // Operands: size, other attributes.
  x.gt(x.size("tags"), 2);
  // @ts-expect-error: size is a number
  x.gt(x.size("tags"), "2");
  x.lt("attempts", x.attr("maxAttempts"));
  // @ts-expect-error: comparing a number with a string attribute
  x.lt("attempts", x.attr("jobId"));
  x.between("attempts", 1, 3);
  // @ts-expect-error: both ends are numbers
  x.between("attempts", 1, "3");
  x.isIn("status", ["PENDING", "CLAIMED"]);
  // @ts-expect-error: candidates have the attribute's type
  x.isIn("status", ["PENDING", 1]);

  // Functions.
  x.beginsWith("status", "PEND"); // any string, not only the literals
  x.beginsWith("payload", new Uint8Array([1]));
  // @ts-expect-error: begins_with takes strings and binaries
  x.beginsWith("attempts", 1);
  x.contains("labels", "red");
  x.contains("tags", "a");
  x.contains("jobId", "JOB");
  // @ts-expect-error: labels holds strings
  x.contains("labels", 1);
  x.attributeType("labels", "SS");
  // @ts-expect-error: not a DynamoDB type name
  x.attributeType("labels", "SET");

  // Updates.
  x.set("status", "CLAIMED");
  // @ts-expect-error: status is a string
  x.set("status", 1);
  x.set("attempts", x.plus("attempts", 1));
  x.set("attempts", x.plus(x.ifNotExists("attempts", 0), 1));
  x.set("attempts", x.minus("maxAttempts", "attempts"));
  // @ts-expect-error: attempts + 1 is a number, status a string
  x.set("status", x.plus("attempts", 1));
  // @ts-expect-error: if_not_exists's default has the attribute's type
  x.ifNotExists("attempts", "0");
  x.set("tags", x.listAppend("tags", ["new"]));
  x.set("tags", x.listAppend(["first"], x.ifNotExists("tags", [])));
  // @ts-expect-error: tags holds strings
  x.set("tags", x.listAppend("tags", [1]));
  x.add("labels", new Set(["red"]));
  x.add("attempts", 1);
  // @ts-expect-error: labels holds strings
  x.add("labels", new Set([1]));
  x.deleteFromSet("labels", new Set(["red"]));
  x.remove("claimedBy");
  x.remove(["first.name"]);
  // @ts-expect-error: not an attribute of Job
  x.remove("claimed");
  x.projection("jobId", "address.city", ["first.name"]);
  // @ts-expect-error: not an attribute of Job
  x.projection("jobId", "nope");

  // Key conditions: only what DynamoDB accepts in one.
  buildExpressions({ keyCondition: x.eq("status", "PENDING") });
  buildExpressions({ keyCondition: x.and(x.eq("jobId", "a"), x.beginsWith("status", "P")) });
  buildExpressions({ keyCondition: x.and(x.eq("jobId", "a"), x.between("attempts", 1, 2)) });
  // @ts-expect-error: <> is not a key condition
  buildExpressions({ keyCondition: x.ne("status", "PENDING") });
  // @ts-expect-error: OR is not a key condition
  buildExpressions({ keyCondition: x.or(x.eq("jobId", "a"), x.eq("jobId", "b")) });
  // @ts-expect-error: contains belongs in a filter
  buildExpressions({ keyCondition: x.and(x.eq("jobId", "a"), x.contains("tags", "x")) });
  // @ts-expect-error: size() is not a key attribute
  buildExpressions({ keyCondition: x.eq(x.size("tags"), 1) });
  // @ts-expect-error: not a part of a request's expressions
  buildExpressions({ conditon: x.eq("status", "PENDING") });

  // Without an item type anything goes.
  const u = expression();
  u.eq("anything.at[3].all", 3);
  u.set(["odd.name"], { any: "value" });
  u.contains("x", 1);

  // Deep and recursive item types stay usable.
  const t = expression<Tree>();
  t.eq("children[0].children[1].children[2].name", "leaf");
  t.eq(["children", 0, "children", 1, "name"], "leaf");
  // @ts-expect-error: a name is a string
  t.eq("children[0].name", 1);

  // The builder's types.
  const city: ValueAt<Job, "address.city"> = "Oslo";
  const lat: ValueAt<Job, ["address", "geo", "lat"]> = 1;
  const path: StringPath<Job> = "orders[1].items[2].sku";
  void [city, lat, path];

  // Each target's output spreads into its call's input.
  const built = buildExpressions({ update: x.set("status", "CLAIMED"), condition: x.eq("status", "PENDING") });
  const typed: UpdateItemInput = { tableName: "Jobs", key: { jobId: { s: "1" } }, ...forTyped(built) };
  const wire: JsonObject = { TableName: "Jobs", Key: { jobId: { S: "1" } }, ...forSend(built) };
  const doc: DocumentUpdateInput = { tableName: "Jobs", key: { jobId: "1" }, ...forDocument(built) };
  const docSend: Record<string, unknown> = { TableName: "Jobs", Key: { jobId: "1" }, ...forDocumentSend(built) };
  void [typed, wire, doc, docSend];
  // @ts-expect-error: only the parts given are members
  void forTyped(built).keyConditionExpression;
  // @ts-expect-error: typed methods take typed attribute values, not plain ones
  const wrongTarget: UpdateItemInput = { tableName: "Jobs", key: { jobId: { s: "1" } }, ...forDocument(built) };
  void wrongTarget;
  const query: QueryInput = { tableName: "Jobs", ...forTyped(buildExpressions({ keyCondition: x.eq("jobId", "1"), projection: ["jobId"] })) };
  void query;

  // A transaction's Update needs its updateExpression: present for certain only when the update was given for certain.
  const txUpdate: Update = { tableName: "Jobs", key: { jobId: { s: "1" } }, ...forTyped(built) };
  const txCheck: ConditionCheck = { tableName: "Jobs", key: { jobId: { s: "1" } }, ...forTyped(buildExpressions({ condition: x.attributeExists("jobId") })) };
  void [txUpdate, txCheck];
  const maybe = buildExpressions({ update: Math.random() > 0.5 ? x.set("status", "CLAIMED") : undefined });
  // @ts-expect-error: the update may have been skipped
  const txMaybe: Update = { tableName: "Jobs", key: { jobId: { s: "1" } }, ...forTyped(maybe) };
  void txMaybe;

  const claim = buildExpressions({ keyCondition: x.eq("status", "PENDING"), update: x.set("status", "CLAIMED"), condition: x.eq("status", "PENDING") });
  const parts = forQueryAndUpdate(claim);
  const config: QueryAndUpdateConfig = { query: { tableName: "Jobs", indexName: "StatusGSI", ...parts.query }, update: parts.update };
  void config;
  // @ts-expect-error: queryAndUpdate needs a key condition and an update
  forQueryAndUpdate(buildExpressions({ condition: x.eq("status", "PENDING") }));
}

describe("expression builder: types", () => {
  it("is compiled by tsc (see the @ts-expect-error lines); at run time one set of terms serves every item type", () => {
    expect(typeof typeChecks).to.equal("function");
    expect(expression<Job>()).to.equal(expression<Tree>());
    const x = expression<Job>();
    expect(buildExpressions({ condition: x.eq(["first.name"], "Ada") }).names).to.deep.equal({ "#_0": "first.name" });
  });
});
