/**
 * The expression parser on the constructs of the Developer Guide, valid and
 * invalid, with the offsets of what it rejects; and the reserved words.
 */
import { expect } from "chai";
import {
  parseExpression,
  parseWithProblems,
  type ConditionNode,
  type ExpressionKind,
  type ParsedExpression,
  type PathNode,
  type UpdateAction,
} from "../../src/expressions/parse.js";
import { isReservedWord, reservedWords } from "../../src/expressions/reserved-words.js";

function ok(kind: ExpressionKind, text: string): ParsedExpression {
  const r = parseExpression(kind, text);
  if (!r.ok) expect.fail(`${kind} ${JSON.stringify(text)} was rejected: ${r.message}`);
  return r.expression;
}

function bad(kind: ExpressionKind, text: string, message: RegExp, position?: number): void {
  const r = parseExpression(kind, text);
  if (r.ok) expect.fail(`${kind} ${JSON.stringify(text)} was accepted`);
  expect(r.message).to.match(message);
  if (position !== undefined) expect(r.position, r.message).to.equal(position);
}

const condition = (text: string) => ok("condition", text).root as ConditionNode;

describe("parseExpression: conditions", () => {
  it("parses every comparator", () => {
    for (const op of ["=", "<>", "<", "<=", ">", ">="]) {
      const c = condition(`Price ${op} :p`);
      expect(c).to.include({ type: "comparison", operator: op });
    }
  });

  it("parses the Developer Guide's examples", () => {
    for (const text of [
      "attribute_exists(Pictures.SideView)",
      "attribute_not_exists(Manufacturer)",
      "attribute_type(ProductReviews.FiveStar, :v_sub)",
      "begins_with(Pictures.FrontView, :v_sub)",
      "contains(Color, :v_sub)",
      "size(Brand) <= :v_sub",
      "size(VideoClip) > :v_sub",
      "size(Color) < :v_sub",
      "size(ProductReviews.OneStar) > :v_sub",
      "Price BETWEEN :lo AND :hi",
      "ProductCategory IN (:cat1, :cat2)",
      "(ProductCategory IN (:cat1, :cat2)) and (Price between :lo and :hi)",
      "#pr.FiveStar[0] = :v",
      "RelatedItems[1] < :v AND ProductReviews.#five[2].remark <> :c",
      "NOT attribute_exists(Id) OR Price < :p",
    ]) {
      ok("condition", text);
    }
  });

  it("records the placeholders once each, in order of first use, with their offsets", () => {
    const e = ok("condition", "#a = :x AND #b.#a > :y OR :x < #c");
    expect(e.names).to.deep.equal(["#a", "#b", "#c"]);
    expect(e.namePositions).to.deep.equal([0, 12, 31]);
    expect(e.values).to.deep.equal([":x", ":y"]);
    expect(e.valuePositions).to.deep.equal([5, 20]);
  });

  it("reads nested paths with list indexes", () => {
    const c = condition("a.b[2].#c[10][0] = :v") as { args: [PathNode, unknown] };
    expect(c.args[0].elements).to.deep.equal(["a", "b", 2, "#c", 10, 0]);
    expect((condition("a . b [ 1 ] = :v") as { args: [PathNode, unknown] }).args[0].elements).to.deep.equal(["a", "b", 1]);
  });

  it("gives NOT precedence over AND, and AND over OR", () => {
    const c = condition("a = :a OR NOT b = :b AND c = :c");
    expect(c.type).to.equal("or");
    const right = (c as { args: ConditionNode[] }).args[1]!;
    expect(right.type).to.equal("and");
    expect((right as { args: ConditionNode[] }).args[0]!.type).to.equal("not");
    const grouped = condition("(a = :a OR b = :b) AND c = :c");
    expect(grouped.type).to.equal("and");
  });

  it("takes keywords and function names in any case, and no space around symbols", () => {
    ok("condition", "a between :x and :y");
    ok("condition", "a In(:x,:y)");
    ok("condition", "not a=:x Or b<>:y aNd c>=:z");
    bad("condition", "Attribute_Exists(a)", /unknown function Attribute_Exists/);
  });

  it("takes parentheses around conditions and operands, but not redundant ones", () => {
    ok("condition", "(a) = :v");
    ok("condition", "((a) = :v)");
    ok("condition", "((a = :v) AND b = :w)");
    ok("condition", "size((a)) > :n");
    bad("condition", "((a = :v))", /redundant parentheses/, 0);
    bad("condition", "((a)) = :v", /redundant parentheses/, 0);
    bad("condition", "a = :v AND ((attribute_exists(b)))", /redundant parentheses/, 11);
  });

  it("takes IN with 1 to 100 operands", () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `:v${i}`).join(", ");
    expect(ok("condition", `a IN (${list(100)})`).values).to.have.length(100);
    bad("condition", `a IN (${list(101)})`, /IN takes at most 100 operands, got 101/, 2);
    bad("condition", "a IN ()", /syntax error at offset 6/);
  });

  it("checks functions: names, argument counts, paths, and where they may appear", () => {
    bad("condition", "exists(a)", /unknown function exists/, 0);
    bad("condition", "attribute_exists(a, b)", /attribute_exists takes 1 argument, got 2/);
    bad("condition", "begins_with(a)", /begins_with takes 2 arguments, got 1/);
    bad("condition", "attribute_exists(:v)", /attribute_exists takes a path as its first argument/, 17);
    bad("condition", "attribute_not_exists(size(a))", /takes a path as its first argument/);
    bad("condition", "size(a)", /size\(\.\.\.\) is a number, not a condition/);
    bad("condition", "a = :v AND size(a)", /not a condition/);
    bad("condition", "a = attribute_exists(b)", /attribute_exists\(\.\.\.\) is a condition, not an operand/, 4);
    bad("condition", "contains(begins_with(a, :v), :w)", /is a condition, not an operand/);
    bad("condition", "begins_with(size(a), :v)", /begins_with cannot take size\(\.\.\.\), a number/);
    bad("condition", "attribute_type(a, b)", /attribute_type takes a :value naming a type \(S, N, B, SS, NS, BS, M, L, NULL, BOOL\) as its second argument/);
    ok("condition", "size(a) BETWEEN :x AND size(b)");
  });

  it("rejects attribute names that are reserved words, anywhere in a path", () => {
    bad("condition", "Status = :s", /"Status" is a reserved word/, 0);
    bad("condition", "a.name = :s", /"name" is a reserved word/, 2);
    bad("projection", "a, b.Size", /"Size" is a reserved word/, 5);
    bad("update", "SET a = :v REMOVE comment", /"comment" is a reserved word/, 18);
    ok("condition", "#status = :s AND size(a) > :n");
  });

  it("reports syntax errors with the offset and the token", () => {
    bad("condition", "a = :v AND", /syntax error at offset 10, near the end: expected a path, :value or function call/, 10);
    bad("condition", "a == :v", /syntax error at offset 3, near "=": expected a path, :value or function call/, 3);
    bad("condition", "a != :v", /near "!": expected a comparator/, 2);
    bad("condition", "a :v", /offset 2, near ":v": expected a comparator/, 2);
    bad("condition", "a = :v)", /near "\)": expected AND, OR or the end/, 6);
    bad("condition", "(a = :v", /expected "\)"/, 7);
    bad("condition", "a BETWEEN :x OR :y", /expected AND between BETWEEN's bounds/, 13);
    bad("condition", "a[x] = :v", /expected a list index/, 2);
    bad("condition", "a.1 = :v", /expected an attribute name/, 2);
    bad("condition", "1a = :v", /near "1"/, 0);
    bad("condition", "a", /expected a comparator/, 1);
    bad("condition", "a = :v b", /expected AND, OR or the end/, 7);
    bad("condition", "", /the expression is empty/, 0);
    bad("condition", "   ", /syntax error at offset 3/);
  });

  it("accepts what DynamoDB's grammar allows beyond the strict reading (never stricter than the service)", () => {
    ok("condition", "NOT NOT a = :v");
    ok("condition", "_a = :v AND b_1 = :w");
    ok("condition", "a\t=\n:v\r\nAND b = :w");
    ok("condition", ":v = a");
    ok("condition", ":v = :w");
  });

  it("rejects an expression over 4 KB, counted in UTF-8 bytes", () => {
    const padded = (n: number) => `a = :v${" ".repeat(n - 6)}`;
    ok("condition", padded(4096));
    bad("condition", padded(4097), /4097 bytes; the limit is 4096/);
    // 1366 three-byte characters are 4098 bytes though only 1366 UTF-16 units.
    bad("projection", `#a${"€".repeat(1366)}`, /4100 bytes/);
  });

  it("rejects paths nested more than 32 levels", () => {
    const deep = (levels: number) => ["a", ...Array.from({ length: levels }, (_, i) => `b${i}`)].join(".");
    ok("projection", deep(32));
    bad("projection", deep(33), /nests 33 levels; the limit is 32/);
  });
});

describe("parseExpression: key conditions", () => {
  it("takes the subset: =, <, <=, >, >=, BETWEEN and begins_with joined by AND", () => {
    for (const text of [
      "pk = :p",
      "pk = :p AND sk < :s",
      "pk = :p AND sk <= :s",
      "pk = :p AND sk > :s",
      "#pk = :p AND sk >= :s",
      "pk = :p AND sk BETWEEN :a AND :b",
      "pk = :p and begins_with(sk, :s)",
      ":p = pk AND :s < sk",
      "(pk = :p) AND (sk = :s)",
    ]) {
      ok("keyCondition", text);
    }
    expect(ok("keyCondition", "pk = :p AND #sk > :s").paths.map((p) => p.elements)).to.deep.equal([["pk"], ["#sk"]]);
  });

  it("rejects what a key condition cannot hold", () => {
    bad("keyCondition", "pk = :p OR sk = :s", /cannot use OR/, 8);
    bad("keyCondition", "NOT pk = :p", /cannot use NOT/);
    bad("keyCondition", "pk IN (:p)", /cannot use IN/);
    bad("keyCondition", "pk <> :p", /cannot use <>/);
    bad("keyCondition", "pk = :p AND attribute_exists(sk)", /cannot use attribute_exists/);
    bad("keyCondition", "pk = :p AND contains(sk, :s)", /cannot use contains/);
    bad("keyCondition", "pk = :p AND size(sk) > :n", /cannot use size/);
    bad("keyCondition", "pk = :p AND sk.x = :s", /nested attribute/);
    bad("keyCondition", "pk = sk", /must compare one key attribute with values/);
    bad("keyCondition", ":p = :s", /must compare one key attribute with values/);
    bad("keyCondition", "pk = :p AND begins_with(:s, sk)", /takes the key attribute first in begins_with/);
    bad("keyCondition", "pk = :p AND :a BETWEEN sk AND :b", /takes the key attribute first in BETWEEN/);
  });
});

describe("parseExpression: updates", () => {
  const actions = (text: string) => ok("update", text).root as UpdateAction[];

  it("parses SET, REMOVE, ADD and DELETE in any order and case", () => {
    const list = actions("remove a, b.c[1] SET d = :d, e = e + :n ADD f :f delete g :g");
    expect(list.map((a) => a.action)).to.deep.equal(["REMOVE", "REMOVE", "SET", "SET", "ADD", "DELETE"]);
    expect(list.map((a) => a.path.elements)).to.deep.equal([["a"], ["b", "c", 1], ["d"], ["e"], ["f"], ["g"]]);
    expect(list[3]!.value).to.include({ type: "+" });
  });

  it("parses the Developer Guide's SET values", () => {
    for (const text of [
      "SET ProductCategory = :c, Price = :p",
      "SET RelatedItems[1] = :ri",
      "SET #pr.#5star[1] = :r5, #pr.#3star = :r3",
      "SET Price = Price - :p",
      "SET Price = Price + :p",
      "SET #ri = list_append(#ri, :vals)",
      "SET #ri = list_append(:vals, #ri)",
      "SET Price = if_not_exists(Price, :p)",
      "SET a = if_not_exists(a, :zero) + :one",
      "SET a = (b + :n), c = (:v)",
      "SET a = ((:v))",
      "ADD QuantityOnHand :q",
      "ADD Color :c",
      "ADD a:n",
      "DELETE Color :p",
      "REMOVE Brand, InStock, QuantityOnHand",
      "REMOVE RelatedItems[1], RelatedItems[2]",
    ]) {
      ok("update", text);
    }
  });

  it("records the update's target paths, not the operands", () => {
    const e = ok("update", "SET a = b + :n, #c = if_not_exists(d, :z) REMOVE e");
    expect(e.paths.map((p) => p.elements)).to.deep.equal([["a"], ["#c"], ["e"]]);
    expect(e.values).to.deep.equal([":n", ":z"]);
  });

  it("rejects a clause given twice, and malformed actions", () => {
    bad("update", "SET a = :v SET b = :w", /SET appears twice; an update takes each clause once/, 11);
    bad("update", "REMOVE a remove b", /REMOVE appears twice/, 9);
    bad("update", "SET a", /expected "=" after the path/, 5);
    bad("update", "SET a < :v", /expected "=" after the path/, 6);
    bad("update", "SET a = :v,", /offset 11/);
    bad("update", "SET a = a + :n + :m", /near "\+": expected SET, REMOVE, ADD or DELETE/, 15);
    bad("update", "ADD a b", /expected a :value after the path of ADD/, 6);
    bad("update", "DELETE a", /expected a :value after the path of DELETE/);
    bad("update", "UPDATE a = :v", /near "UPDATE": expected SET, REMOVE, ADD or DELETE/, 0);
    bad("update", "SET a = :v AND b = :w", /near "AND"/);
    bad("update", "REMOVE", /expected an attribute name/, 6);
  });

  it("checks the update functions", () => {
    bad("update", "SET a = size(b)", /unknown function size; use if_not_exists, list_append/);
    bad("update", "SET a = if_not_exists(:v, a)", /if_not_exists takes a path as its first argument/);
    bad("update", "SET a = list_append(a)", /list_append takes 2 arguments, got 1/);
  });

  it("records the value types operators need", () => {
    const rules = ok("update", "SET a = a + :n, b = list_append(b, :l) ADD c :c DELETE d :d").valueRules;
    expect(rules.map((r) => [r.value, r.allowed.join(" "), r.what])).to.deep.equal([
      [":n", "N", "+"],
      [":l", "L", "list_append"],
      [":c", "N SS NS BS", "ADD"],
      [":d", "SS NS BS", "DELETE"],
    ]);
  });
});

describe("parseExpression: projections", () => {
  it("parses paths separated by commas", () => {
    const e = ok("projection", " Title , #pr.FiveStar[0], RelatedItems[2] ");
    expect((e.root as PathNode[]).map((p) => p.elements)).to.deep.equal([["Title"], ["#pr", "FiveStar", 0], ["RelatedItems", 2]]);
    expect(e.names).to.deep.equal(["#pr"]);
  });

  it("rejects what is not a path list", () => {
    bad("projection", "a,", /offset 2, near the end/, 2);
    bad("projection", "a b", /near "b": expected "," or the end/, 2);
    bad("projection", "(a)", /near "\("/, 0);
    bad("projection", "a, :v", /expected an attribute name/, 3);
  });
});

describe("parseWithProblems", () => {
  it("answers every problem, and the tree when only the syntax is right", () => {
    const r = parseWithProblems("condition", "status = :s AND size(count) > :n AND foo(a)");
    expect(r.problems.map((p) => p.message)).to.have.length(3);
    expect(r.problems.map((p) => p.position)).to.deep.equal([0, 21, 37]);
    expect(r.expression?.values).to.deep.equal([":s", ":n"]);
  });

  it("answers no tree after a syntax error", () => {
    const r = parseWithProblems("update", "SET a = :v REMOVE");
    expect(r.expression).to.equal(undefined);
    expect(r.problems).to.have.length(1);
  });
});

describe("isReservedWord", () => {
  it("knows the Developer Guide's words, in any case", () => {
    for (const w of ["ABORT", "absolute", "AUTHORIZATION", "Authorize", "status", "Name", "size", "COUNT", "zone", "timestamp", "data", "key", "value", "IN", "between"]) {
      expect(isReservedWord(w), w).to.equal(true);
    }
  });

  it("decodes to the guide's 573 words, in alphabetical order, each once", () => {
    const words = reservedWords();
    expect(words).to.have.length(573);
    expect([...words].sort()).to.deep.equal(words);
    expect(new Set(words).size).to.equal(573);
    for (const w of words) expect(w).to.match(/^[a-z]+$/);
    expect(words.slice(0, 3)).to.deep.equal(["abort", "absolute", "action"]);
    expect(words.slice(-3)).to.deep.equal(["write", "year", "zone"]);
    expect(words.filter((w) => w.startsWith("st"))).to.deep.equal(
      ["start", "state", "static", "status", "storage", "store", "stored", "stream", "string", "struct", "style"],
    );
  });

  it("does not flag ordinary names", () => {
    for (const w of ["pk", "sk", "price", "title", "status_code", "createdAt", "_a", "ABS", "AUTHORIZ", "ZONES"]) {
      expect(isReservedWord(w), w).to.equal(false);
    }
  });
});
