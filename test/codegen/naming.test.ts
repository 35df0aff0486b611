import { expect } from "chai";
import { docComment, htmlToMarkdown } from "../../codegen/docs.js";
import { claimName, lowerCamel, propertyAccess, propertyKey } from "../../codegen/naming.js";
import { portablePattern } from "../../codegen/patterns.js";

describe("codegen: names", function () {
  const cases: [string, string][] = [
    ["TableName", "tableName"],
    ["SSESpecification", "sseSpecification"],
    ["NULL", "null"],
    ["BOOL", "bool"],
    ["S", "s"],
    ["SS", "ss"],
    ["KMSMasterKeyId", "kmsMasterKeyId"],
    ["IndexARN", "indexARN"],
    ["S3Bucket", "s3Bucket"],
    ["SizeEstimateRangeGB", "sizeEstimateRangeGB"],
    ["message", "message"],
    ["UpdateItem", "updateItem"],
    ["ARN", "arn"],
  ];
  for (const [wire, member] of cases) {
    it(`lowers ${wire} to ${member}`, () => expect(lowerCamel(wire)).to.equal(member));
  }

  it("claims the first free candidate, then numbers the last", () => {
    const taken = new Set(["Date", "DateShape"]);
    expect(claimName(taken, ["Widget"])).to.equal("Widget");
    expect(claimName(taken, ["Date", "DateShape"])).to.equal("DateShape2");
    expect(taken.has("DateShape2")).to.equal(true);
  });

  it("quotes keys and reads that are not identifiers", () => {
    expect(propertyKey("tableName")).to.equal("tableName");
    expect(propertyKey("odd-name")).to.equal('"odd-name"');
    expect(propertyKey("__proto__")).to.equal('"__proto__"');
    expect(propertyAccess("w", "TableName")).to.equal("w.TableName");
    expect(propertyAccess("w", "wire-name")).to.equal('w["wire-name"]');
  });
});

describe("codegen: patterns enforced only where JavaScript agrees", function () {
  const cases: [string, string | undefined][] = [
    ["[a-zA-Z0-9_.-]+", "/[a-zA-Z0-9_.-]+/u"],
    ["^[^\\$]+$", "/^[^\\$]+$/u"],
    ["([0-9a-f]{16})+", "/([0-9a-f]{16})+/u"],
    ["\\p{Print}+", undefined], // Java property class
    ["[A-Za-z0-9\\-\\_\\.]{1,3}", undefined], // \_ is an error under the u flag
    ["(?i)abc", undefined], // inline flag
    ["a++", undefined], // possessive quantifier
    ["[a-z&&[^b]]", undefined], // class intersection
    ["\\s*", undefined], // \s is ASCII in Java, Unicode in JavaScript
    ["a/b", "/a\\/b/u"],
  ];
  for (const [pattern, literal] of cases) {
    it(`${pattern} -> ${literal ?? "not enforced"}`, () => expect(portablePattern(pattern)).to.equal(literal));
  }
});

describe("codegen: documentation", function () {
  const cases: [string, string, string][] = [
    ["paragraphs and code", "<p>Use <code>UpdateItem</code> now.</p> <p>Second.</p>", "Use `UpdateItem` now.\n\nSecond."],
    ["spaces inside code tags", "<p>the <code> Key </code>parameter</p>", "the `Key` parameter"],
    ["links", '<p>See <a href="https://x.test/a">the guide</a>.</p>', "See [the guide](https://x.test/a)."],
    ["lists", "<ul><li><p>one</p></li><li>two</li></ul>", "- one\n- two"],
    ["entities", "<p>a &lt; b &amp;&amp; c</p>", "a < b && c"],
    ["notes", "<note><p>Careful.</p></note>", "**Note:**\n\nCareful."],
  ];
  for (const [name, html, markdown] of cases) {
    it(`converts ${name}`, () => expect(htmlToMarkdown(html)).to.equal(markdown));
  }

  it("never lets a comment end early or a line start a tag", () => {
    const lines = docComment("ends */ here\n@internal text", ["@deprecated"]);
    expect(lines.join("\n")).to.equal(["/**", " * ends *\\/ here", " * \\@internal text", " *", " * @deprecated", " */"].join("\n"));
  });
});
