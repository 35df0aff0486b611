/**
 * `checkExpressions` and `checkProjection`: each check, on wire input (AWS
 * member names) and typed input (camelCase names, `{ s: "x" }` values), with
 * the paths the problems get; the client option that turns them off; and a
 * handful of requests sent to dynalite with the checks off, where the checks
 * must agree with what dynalite answers.
 */
import { expect } from "chai";
import { checkExpressions, checkProjection, checkQuery } from "../../src/expressions/check.js";
import { DynamoDB } from "../../src/generated/dynamodb/index.js";
import { assertValid, ParamValidationError, type ValidationProblem } from "../../src/runtime/validate.js";
import { startDynalite, TEST_CREDENTIALS, untilActive, type DynaliteServer } from "../support/dynalite.js";

type Input = Record<string, unknown>;

function problemsOf(v: Input, wire = true): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  checkExpressions(v, problems, wire);
  return problems;
}

/** The problems as `path: message` lines, for matching. */
function lines(v: Input, wire = true): string[] {
  return problemsOf(v, wire).map((p) => `${p.path}: ${p.message}`);
}

function expectClean(v: Input, wire = true): void {
  expect(lines(v, wire)).to.deep.equal([]);
}

/** Expects exactly one problem, at `path`, whose message matches `message`. */
function expectOne(v: Input, path: string, message: RegExp, wire = true): void {
  const found = problemsOf(v, wire);
  expect(found.map((p) => `${p.path}: ${p.message}`), "problems").to.have.length(1);
  expect(found[0]!.path).to.equal(path);
  expect(found[0]!.message).to.match(message);
}

const S = (s: string) => ({ S: s });
const N = (n: string) => ({ N: n });

describe("checkExpressions: placeholders across the expressions of a request", () => {
  it("passes a typical UpdateItem, wire and typed", () => {
    expectClean({
      UpdateExpression: "SET #n = :n, #c = #c + :one REMOVE #old ADD tags :t",
      ConditionExpression: "attribute_exists(pk) AND #c < :max",
      ExpressionAttributeNames: { "#n": "name", "#c": "count", "#old": "old" },
      ExpressionAttributeValues: { ":n": S("x"), ":one": N("1"), ":t": { SS: ["a"] }, ":max": N("10") },
    });
    expectClean(
      {
        updateExpression: "SET #n = :n ADD tags :t",
        conditionExpression: "#n <> :n",
        expressionAttributeNames: { "#n": "name" },
        expressionAttributeValues: { ":n": { s: "x" }, ":t": { ss: ["a"] } },
      },
      false,
    );
  });

  it("reports a placeholder used but not defined, at the expression that uses it", () => {
    expectOne({ ConditionExpression: "a = :v" }, "ConditionExpression", /uses :v \(offset 4\), which ExpressionAttributeValues does not define/);
    expectOne(
      { ConditionExpression: "#a = :v", ExpressionAttributeValues: { ":v": S("x") } },
      "ConditionExpression",
      /uses #a \(offset 0\), which ExpressionAttributeNames does not define/,
    );
    expectOne(
      { filterExpression: "a = :w OR b = :v", expressionAttributeValues: { ":w": { s: "x" } } },
      "filterExpression",
      /uses :v .* which expressionAttributeValues does not define/,
      false,
    );
  });

  it("reports a placeholder defined but used by no expression, at its entry", () => {
    expectOne(
      { UpdateExpression: "SET a = :v", ExpressionAttributeValues: { ":v": S("x"), ":unused": S("y") } },
      'ExpressionAttributeValues[":unused"]',
      /not used by any expression/,
    );
    expectOne(
      { updateExpression: "SET a = :v", expressionAttributeNames: { "#x": "x" }, expressionAttributeValues: { ":v": { s: "x" } } },
      'expressionAttributeNames["#x"]',
      /not used by any expression/,
      false,
    );
  });

  it("counts uses across all the expressions of the request", () => {
    expectClean({
      KeyConditionExpression: "#pk = :pk",
      FilterExpression: "#s = :s",
      ProjectionExpression: "#pk, #s, #p",
      ExpressionAttributeNames: { "#pk": "pk", "#s": "status", "#p": "price" },
      ExpressionAttributeValues: { ":pk": S("a"), ":s": S("b") },
    });
    expectClean({
      UpdateExpression: "SET #a = :v",
      ConditionExpression: "#b = :w",
      ExpressionAttributeNames: { "#a": "a", "#b": "b" },
      ExpressionAttributeValues: { ":v": S("x"), ":w": S("y") },
    });
  });

  it("does not report unused placeholders when an expression could not be read", () => {
    expectOne(
      { UpdateExpression: "SET a = ", ConditionExpression: "b = :w", ExpressionAttributeValues: { ":v": S("x"), ":w": S("y") } },
      "UpdateExpression",
      /syntax error at offset 8/,
    );
  });

  it("reports keys of the wrong form", () => {
    expectOne(
      { ConditionExpression: "#a = :v", ExpressionAttributeNames: { "#a": "a", status: "status" }, ExpressionAttributeValues: { ":v": S("x") } },
      'ExpressionAttributeNames["status"]',
      /is not a placeholder: write # and letters, digits or _ \(#x1\)/,
    );
    expectOne(
      { ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": S("x"), ":v-2": S("y") } },
      'ExpressionAttributeValues[":v-2"]',
      /is not a placeholder: write :/,
    );
    const long = `:${"v".repeat(255)}`;
    expectOne({ ConditionExpression: `a = ${long}`, ExpressionAttributeValues: { [long]: S("x") } }, `ExpressionAttributeValues["${long}"]`, /is 256 bytes; placeholders take up to 255/);
  });

  it("reports empty maps, and a name mapped to an empty string", () => {
    expect(lines({ ConditionExpression: "a = :v", ExpressionAttributeNames: {}, ExpressionAttributeValues: { ":v": S("x") } })).to.deep.equal([
      "ExpressionAttributeNames: is empty; leave it out",
    ]);
    expect(lines({ ConditionExpression: "a = b", ExpressionAttributeValues: {} }, true)[0]).to.match(/^ExpressionAttributeValues: is empty/);
    expectOne(
      { ConditionExpression: "#a = :v", ExpressionAttributeNames: { "#a": "" }, ExpressionAttributeValues: { ":v": S("x") } },
      'ExpressionAttributeNames["#a"]',
      /empty attribute name/,
    );
  });

  it("reports maps given without an expression that could use them", () => {
    expectOne({ ExpressionAttributeNames: { "#a": "a" } }, "ExpressionAttributeNames", /is given, but no expression takes names/);
    expectOne(
      { ProjectionExpression: "#a", ExpressionAttributeNames: { "#a": "a" }, ExpressionAttributeValues: { ":v": S("x") } },
      "ExpressionAttributeValues",
      /is given, but no expression takes values/,
    );
    expectOne({ expressionAttributeValues: { ":v": { s: "x" } } }, "expressionAttributeValues", /is given, but no expression takes values/, false);
  });

  it("reports legacy members given with expressions, but lets KeyConditions go with a filter", () => {
    expectOne(
      { ConditionExpression: "attribute_exists(a)", Expected: { a: { Exists: true } } },
      "Expected",
      /cannot be combined with expressions/,
    );
    expectOne({ projectionExpression: "a", attributesToGet: ["a"] }, "attributesToGet", /cannot be combined/, false);
    expectClean({ KeyConditions: { pk: {} }, FilterExpression: "a = :v", ExpressionAttributeValues: { ":v": S("x") } });
    expectOne({ KeyConditions: { pk: {} }, KeyConditionExpression: "pk = :v", ExpressionAttributeValues: { ":v": S("x") } }, "KeyConditions", /cannot be combined/);
  });

  it("reports the grammar's problems at the expression's member, with their offsets", () => {
    expectOne({ ConditionExpression: "status = :s", ExpressionAttributeValues: { ":s": S("x") } }, "ConditionExpression", /"status" is a reserved word.*\(offset 0\)/);
    expectOne({ projectionExpression: "a, b.name" }, "projectionExpression", /"name" is a reserved word.*offset 5/, false);
    expectOne({ UpdateExpression: "" }, "UpdateExpression", /the expression is empty/);
  });
});

describe("checkExpressions: what needs the placeholders resolved", () => {
  it("reports update paths that overlap or conflict, names resolved", () => {
    expectOne({ UpdateExpression: "SET a = :v REMOVE a", ExpressionAttributeValues: { ":v": S("x") } }, "UpdateExpression", /the paths a and a .* overlap/);
    expectOne(
      { UpdateExpression: "SET a.b = :v, #a = :w", ExpressionAttributeNames: { "#a": "a" }, ExpressionAttributeValues: { ":v": S("x"), ":w": S("y") } },
      "UpdateExpression",
      /the paths a\.b and a \(offset 14\) overlap/,
    );
    expectOne(
      { updateExpression: "SET a[1] = :v, a.b = :w", expressionAttributeValues: { ":v": { s: "x" }, ":w": { s: "y" } } },
      "updateExpression",
      /a\[1\] and a\.b .* conflict/,
      false,
    );
    expectOne({ UpdateExpression: "ADD s :v DELETE s :v", ExpressionAttributeValues: { ":v": { SS: ["x"] } } }, "UpdateExpression", /overlap/);
    expectClean({ UpdateExpression: "SET a[1] = :v, a[2] = :v, b.c = :v, b.d = :v", ExpressionAttributeValues: { ":v": S("x") } });
    expectClean({
      UpdateExpression: "SET #a = :v, #b = :v",
      ExpressionAttributeNames: { "#a": "a", "#b": "ab" },
      ExpressionAttributeValues: { ":v": S("x") },
    });
  });

  it("reports projection paths that overlap", () => {
    expectOne({ ProjectionExpression: "#a, #b", ExpressionAttributeNames: { "#a": "x", "#b": "x" } }, "ProjectionExpression", /the paths x and x .* overlap/);
    expectOne({ ProjectionExpression: "a, a.b" }, "ProjectionExpression", /overlap/);
  });

  it("reports the operands of a comparison or function that are the same path", () => {
    expectOne({ ConditionExpression: "#a = a", ExpressionAttributeNames: { "#a": "a" } }, "ConditionExpression", /the operands of = \(offset 0\) are both a; they must differ/);
    expectOne({ FilterExpression: "begins_with(a.b, a.b)" }, "FilterExpression", /begins_with/);
    expectClean({ ConditionExpression: "a = b AND a.b < a.c" });
  });

  it("reports a key condition naming a key twice, or more than two keys", () => {
    expectOne(
      { KeyConditionExpression: "#k = :a AND k > :b", ExpressionAttributeNames: { "#k": "k" }, ExpressionAttributeValues: { ":a": S("x"), ":b": S("y") } },
      "KeyConditionExpression",
      /names the key k twice \(offset 12\); write one condition per key/,
    );
    expectOne(
      { KeyConditionExpression: "a = :v AND b = :v AND c = :v", ExpressionAttributeValues: { ":v": S("x") } },
      "KeyConditionExpression",
      /names 3 keys \(a, b, c\); a table has at most two/,
    );
  });

  it("reports values of a type the operator or function does not take, wire and typed", () => {
    const one = (expression: Input, message: RegExp, wire = true) => {
      const found = lines(expression, wire);
      expect(found, JSON.stringify(expression)).to.have.length(1);
      expect(found[0]).to.match(message);
    };
    one({ UpdateExpression: "ADD a :v", ExpressionAttributeValues: { ":v": S("x") } }, /ADD takes N, SS, NS, BS, but :v \(offset 6\) is a value of type S/);
    one({ updateExpression: "ADD a :v", expressionAttributeValues: { ":v": { l: [] } } }, /ADD takes .* type L/, false);
    one({ UpdateExpression: "DELETE a :v", ExpressionAttributeValues: { ":v": N("1") } }, /DELETE takes SS, NS, BS/);
    one({ UpdateExpression: "SET a = a + :v", ExpressionAttributeValues: { ":v": S("1") } }, /\+ takes N/);
    one({ UpdateExpression: "SET a = list_append(a, :v)", ExpressionAttributeValues: { ":v": S("1") } }, /list_append takes L/);
    one({ ConditionExpression: "begins_with(a, :v)", ExpressionAttributeValues: { ":v": N("1") } }, /begins_with takes S, B/);
    one({ conditionExpression: "size(:v) > :n", expressionAttributeValues: { ":v": { bool: true }, ":n": { n: "1" } } }, /size takes .* type BOOL/, false);
    one({ ConditionExpression: "attribute_type(a, :t)", ExpressionAttributeValues: { ":t": S("STRING") } }, /attribute_type takes a string naming a type \(S, N, .*\), but :t \(offset 18\) is "STRING"/);
    one({ ConditionExpression: "attribute_type(a, :t)", ExpressionAttributeValues: { ":t": N("1") } }, /a value of type N/);
    one({ KeyConditionExpression: "pk = :v AND sk < :w", ExpressionAttributeValues: { ":v": S("x"), ":w": { BOOL: true } } }, /key condition's < takes S, N, B/);
    expectClean({ ConditionExpression: "attribute_type(a, :t)", ExpressionAttributeValues: { ":t": S("SS") } });
    expectClean({ UpdateExpression: "ADD n :n, s :s DELETE t :s", ExpressionAttributeValues: { ":n": N("1"), ":s": { NS: ["1"] } } });
  });

  it("reports BETWEEN bounds of two types, or in the wrong order", () => {
    const between = (low: unknown, high: unknown) =>
      lines({ ConditionExpression: "a BETWEEN :lo AND :hi", ExpressionAttributeValues: { ":lo": low, ":hi": high } });
    expect(between(S("a"), N("1"))[0]).to.match(/bounds :lo and :hi \(offset 10\) are of two types, S and N/);
    expect(between(N("10"), N("9"))[0]).to.match(/bounds :lo and :hi .* are out of order/);
    expect(between(S("b"), S("a"))).to.have.length(1);
    expect(between(N("9"), N("10"))).to.deep.equal([]);
    expect(between(S("a"), S("a"))).to.deep.equal([]);
    // UTF-8 order: U+FF61 sorts before U+1F600 although its UTF-16 code unit is higher.
    expect(between(S("\uff61"), S("\u{1f600}"))).to.deep.equal([]);
    expect(between(S("\u{1f600}"), S("\uff61"))).to.have.length(1);
    // Binaries compare as unsigned bytes: 0xff sorts after 0x01; a shorter prefix first.
    expect(between({ B: "/w==" }, { B: "AQ==" })[0]).to.match(/are out of order/);
    expect(between({ B: "AQ==" }, { B: "/w==" })).to.deep.equal([]);
    expect(between({ B: "AQ==" }, { B: "AQI=" })).to.deep.equal([]);
    const typed = (low: Uint8Array, high: Uint8Array) =>
      lines({ conditionExpression: "a BETWEEN :lo AND :hi", expressionAttributeValues: { ":lo": { b: low }, ":hi": { b: high } } }, false);
    expect(typed(new Uint8Array([255]), new Uint8Array([1]))[0]).to.match(/are out of order/);
    expect(typed(new Uint8Array([1]), new Uint8Array([1, 0]))).to.deep.equal([]);
  });
});

describe("checkExpressions: the attribute values themselves", () => {
  /** The problems of one value `:v` used by a condition, wire and typed. */
  const valueLines = (value: unknown, wire = true) =>
    wire
      ? lines({ ConditionExpression: "a = :v", ExpressionAttributeValues: { ":v": value } })
      : lines({ conditionExpression: "a = :v", expressionAttributeValues: { ":v": value } }, false);
  const at = 'ExpressionAttributeValues[":v"]: ';

  it("takes numbers in DynamoDB's syntax, up to 38 significant digits, within its range", () => {
    for (const n of ["0", "-0", "1", "-1.5", "1.", ".5", "1e5", "1E+5", "2.5e-3", "0e999", "9.99e125", "1e-130", "00000000000000000000000000000000000000001",
      "12345678901234567890123456789012345678", "1234567890123456789012345678901234567800000", "1.00000000000000000000000000000000000000000000"]) {
      expect(valueLines(N(n)), n).to.deep.equal([]);
      expect(valueLines({ n }, false), n).to.deep.equal([]);
    }
  });

  it("reports an N that is not a number, has too many digits, or is out of range", () => {
    for (const n of ["", " 1", "+1", "1.2.3", "0x10", "Infinity", "NaN", "-", ".", "1e", "e5", "1_0", "٣"]) {
      expect(valueLines(N(n)), JSON.stringify(n)).to.deep.equal([`${at}N ${JSON.stringify(n)} is not a number (such as -1.5e3)`]);
    }
    expect(valueLines(N("123456789012345678901234567890123456789"))).to.deep.equal([`${at}N "123456789012345678901234567890123456789" has over 38 significant digits`]);
    expect(valueLines(N("1e126"))[0]).to.match(/N "1e126" is out of range \(1e-130 to 1e126\)/);
    expect(valueLines(N("1e-131"))[0]).to.match(/out of range/);
    expect(valueLines({ n: "1.2.3" }, false)).to.deep.equal(['expressionAttributeValues[":v"]: N "1.2.3" is not a number (such as -1.5e3)']);
  });

  it("reports empty sets, duplicate elements (numbers by value), and numbers of an NS", () => {
    expect(valueLines({ SS: [] })).to.deep.equal([`${at}SS is empty; a set needs an element`]);
    expect(valueLines({ ns: [] }, false)[0]).to.match(/NS is empty/);
    expect(valueLines({ BS: [] })[0]).to.match(/BS is empty/);
    expect(valueLines({ SS: ["a", "b", "a"] })).to.deep.equal([`${at}SS holds a twice`]);
    expect(valueLines({ NS: ["1", "1.0"] })).to.deep.equal([`${at}NS holds 1.0 twice`]);
    expect(valueLines({ NS: ["0", "-0"] })[0]).to.match(/NS holds -0 twice/);
    expect(valueLines({ NS: ["15e-1", "1.50"] })[0]).to.match(/twice/);
    expect(valueLines({ NS: ["1", "x"] })).to.deep.equal([`${at}NS "x" is not a number (such as -1.5e3)`]);
    expect(valueLines({ BS: ["AQ==", "AQ=="] })[0]).to.match(/BS holds AQ== twice/);
    expect(valueLines({ bs: [new Uint8Array([1, 2]), Buffer.from([1, 2])] }, false)[0]).to.match(/BS holds \[1,2\] twice/);
    // Different elements, numbers equal only as doubles, and null elements (the service drops them) pass.
    expect(valueLines({ NS: ["1", "10", "0.1", "100000000000000000001", "100000000000000000002"] })).to.deep.equal([]);
    expect(valueLines({ bs: [new Uint8Array([1, 2]), new Uint8Array([1, 3])] }, false)).to.deep.equal([]);
    expect(valueLines({ SS: ["a", null] })).to.deep.equal([]);
  });

  it("reports a value with no type, NULL set to false, and problems nested in M and L", () => {
    expect(valueLines({})).to.deep.equal([`${at}has no type; set one of S, N, B, SS, NS, BS, M, L, NULL, BOOL`]);
    expect(valueLines({ S: null })[0]).to.match(/has no type/);
    expect(valueLines({ s: undefined }, false)[0]).to.match(/has no type/);
    expect(valueLines({ NULL: false })).to.deep.equal([`${at}sets NULL to false, not true`]);
    expect(valueLines({ M: { a: { L: [S("x"), { SS: [] }] } } })).to.deep.equal([`${at}in M.a, in L[1], SS is empty; a set needs an element`]);
    expect(valueLines({ l: [{}] }, false)[0]).to.match(/in L\[0\], has no type/);
    for (const fine of [{ NULL: true }, { M: {} }, { L: [] }, { BOOL: false }, { S: "" }, { V: "a type this client does not know" }, { S: null, N: "1" }]) {
      expect(valueLines(fine), JSON.stringify(fine)).to.deep.equal([]);
    }
  });

  it("leaves values of the wrong JavaScript type to the model's checks", () => {
    for (const odd of [undefined, null, "x", 5, [], new Date(0), new Uint8Array(0), { N: 5 }, { SS: "a" }, { NS: [1, 1] }]) {
      expect(valueLines(odd), String(JSON.stringify(odd))).to.deep.equal([]);
    }
  });

  it("checks values in checkExpressions only, not checkProjection", () => {
    const problems: ValidationProblem[] = [];
    checkProjection({ ProjectionExpression: "a", ExpressionAttributeValues: { ":v": {} } }, problems, true);
    expect(problems).to.deep.equal([]);
  });
});

describe("checkProjection", () => {
  it("checks a projection and its names, wire and typed", () => {
    const run = (v: Input, wire: boolean) => {
      const problems: ValidationProblem[] = [];
      checkProjection(v, problems, wire);
      return problems.map((p) => `${p.path}: ${p.message}`);
    };
    expect(run({ ProjectionExpression: "#a, b", ExpressionAttributeNames: { "#a": "a" } }, true)).to.deep.equal([]);
    expect(run({ projectionExpression: "#a", expressionAttributeNames: { "#a": "a", "#b": "b" } }, false)).to.deep.equal([
      'expressionAttributeNames["#b"]: is not used by any expression; remove it',
    ]);
    expect(run({ ExpressionAttributeNames: { "#a": "a" } }, true)[0]).to.match(/^ExpressionAttributeNames: is given, but no expression takes names/);
    expect(run({ ProjectionExpression: "a, a" }, true)[0]).to.match(/overlap/);
  });
});

describe("checkExpressions: turned off", () => {
  it("does nothing when the validation runs with the service checks off", () => {
    const input = { UpdateExpression: "SET status = :missing" };
    const validator = (v: Input, problems: ValidationProblem[]) => checkExpressions(v, problems, true);
    expect(() => assertValid("UpdateItem", input, validator)).to.throw(ParamValidationError, /status/);
    expect(() => assertValid("UpdateItem", input, validator, false)).not.to.throw();
  });
});

describe("checkExpressions agrees with dynalite", function () {
  this.timeout(20_000);
  let server: DynaliteServer;
  let client: DynamoDB;

  before(async () => {
    server = await startDynalite({ extended: false });
    client = new DynamoDB({ endpoint: server.endpoint, region: "us-east-1", credentials: TEST_CREDENTIALS, checkExpressions: false, maxAttempts: 1 });
    await client.send("CreateTable", {
      TableName: "items",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
    await untilActive(server.endpoint, "items");
    await client.send("PutItem", { TableName: "items", Item: { pk: S("p"), sk: S("s"), n: N("1"), tags: { SS: ["a"] } } });
  });

  after(async () => {
    await client?.destroy();
    await server?.close();
  });

  const key = { pk: S("p"), sk: S("s") };
  const cases: [operation: string, input: Input][] = [
    ["UpdateItem", { UpdateExpression: "SET #n = :n, c = if_not_exists(c, :z) + :one REMOVE old ADD tags :t", ExpressionAttributeNames: { "#n": "name" }, ExpressionAttributeValues: { ":n": S("x"), ":z": N("0"), ":one": N("1"), ":t": { SS: ["b"] } } }],
    ["UpdateItem", { UpdateExpression: "SET name = :n", ExpressionAttributeValues: { ":n": S("x") } }],
    ["UpdateItem", { UpdateExpression: "SET a = :n REMOVE a", ExpressionAttributeValues: { ":n": S("x") } }],
    ["UpdateItem", { UpdateExpression: "SET a = :n", ExpressionAttributeValues: { ":n": S("x"), ":extra": S("y") } }],
    ["UpdateItem", { UpdateExpression: "ADD n :s", ExpressionAttributeValues: { ":s": S("x") } }],
    ["UpdateItem", { UpdateExpression: "SET a = :v", ConditionExpression: "attribute_exists(pk) AND (n BETWEEN :lo AND :hi)", ExpressionAttributeValues: { ":v": S("x"), ":lo": N("0"), ":hi": N("5") } }],
    ["UpdateItem", { UpdateExpression: "SET a = :v", ConditionExpression: "((n = :v))", ExpressionAttributeValues: { ":v": S("x") } }],
    ["PutItem", { Item: { pk: S("q"), sk: S("s") }, ConditionExpression: "attribute_not_exists(pk) OR size(tags) < :n", ExpressionAttributeValues: { ":n": N("3") } }],
    ["PutItem", { Item: { pk: S("q"), sk: S("s") }, ConditionExpression: "#u = :n", ExpressionAttributeValues: { ":n": N("3") } }],
    ["DeleteItem", { ConditionExpression: "begins_with(sk, :p) AND NOT contains(tags, :t)", ExpressionAttributeValues: { ":p": S("s"), ":t": S("zz") } }],
    ["Query", { KeyConditionExpression: "pk = :p AND begins_with(sk, :s)", FilterExpression: "n IN (:a, :b)", ProjectionExpression: "pk, #t", ExpressionAttributeNames: { "#t": "tags" }, ExpressionAttributeValues: { ":p": S("p"), ":s": S("s"), ":a": N("1"), ":b": N("2") } }],
    ["Query", { KeyConditionExpression: "pk = :p OR sk = :s", ExpressionAttributeValues: { ":p": S("p"), ":s": S("s") } }],
    ["Query", { KeyConditionExpression: "pk = :p", ProjectionExpression: "a, a.b", ExpressionAttributeValues: { ":p": S("p") } }],
    ["Scan", { FilterExpression: "a = :v", ExpressionAttributeNames: { "#x": "x" }, ExpressionAttributeValues: { ":v": S("x") } }],
    ["GetItem", { ProjectionExpression: "pk, sk, tags[0]" }],
    ["GetItem", { ProjectionExpression: "pk,", ExpressionAttributeNames: { "#a": "a" } }],
  ];

  for (const [operation, input] of cases) {
    it(`${operation} ${JSON.stringify(input).slice(0, 110)}`, async () => {
      const request = { TableName: "items", ...(operation === "PutItem" || operation.startsWith("Query") || operation === "Scan" ? {} : { Key: key }), ...input };
      const ours = problemsOf(input);
      const answer = await client.send(operation as "GetItem", request).then(
        () => "accepted",
        (e: Error) => `${e.name}: ${e.message}`,
      );
      if (answer === "accepted") expect(ours, "dynalite accepted it").to.deep.equal([]);
      else {
        expect(answer).to.match(/ValidationException/);
        expect(ours, `dynalite answered ${answer}`).to.not.deep.equal([]);
      }
    });
  }
});

describe("checkQuery: a Query names its partition", () => {
  const queryLines = (v: Record<string, unknown>, wire = true) => {
    const problems: ValidationProblem[] = [];
    checkQuery(v, problems, wire);
    return problems.map((p) => `${p.path}: ${p.message}`);
  };

  it("wants a key condition, in either form, and checks the rest as any structure", () => {
    expect(queryLines({ FilterExpression: "a = :a", ExpressionAttributeValues: { ":a": { S: "x" } } })).to.deep.equal([
      "KeyConditionExpression: is required: a Query reads the partition its key condition names (a Scan reads them all)",
    ]);
    expect(queryLines({ filterExpression: "a = :a", expressionAttributeValues: { ":a": { s: "x" } } }, false)[0]).to.match(/^keyConditionExpression: is required/);
    expect(queryLines({ KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "x" }] } } })).to.deep.equal([]);
    expect(queryLines({ KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: "x" }, ":q": { S: "y" } } })).to.have.length(1);
  });
});

