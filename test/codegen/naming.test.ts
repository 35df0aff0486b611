import { expect } from "chai";
import { docComment, firstSentence, htmlToMarkdown } from "../../codegen/docs.js";
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
    ["notes", "<note><p>Careful.</p></note> <important><p>Very.</p><p>Twice.</p></important>", "**Note:** Careful.\n\n**Important:** Very.\n\nTwice."],
    ["emphasis with spaces inside the tags", "<p>see the<i> CodeCommit User Guide</i> or the <b>Console </b>.</p>", "see the _CodeCommit User Guide_ or the **Console** ."],
    ["empty emphasis", "<p>a <b> </b>b<i></i></p>", "a b"],
    ["code inside bold, links inside code", "<p><b><code>PutItem</code> only</b> and <code><a>Query</a></code></p>", "**`PutItem` only** and `Query`"],
    ["links without an address, to other operations and shapes", "<p>Call <a>DescribeTable</a> or see <a>the guide</a>.</p>", "Call `DescribeTable` or see the guide."],
    ["entities in link addresses", '<p><a href="https://x.test/?a=1&amp;b=2">form</a></p>', "[form](https://x.test/?a=1&b=2)"],
    ["placeholders as code, other tags escaped", "<p>Files are &lt;Job&gt;_&lt;Part&gt;.csv (in &lt;region&gt;), e.g. &lt;key=a, value=b&gt;.</p>", "Files are `<Job>_<Part>.csv` (in `<region>`), e.g. \\<key=a, value=b>."],
    ["definition lists", "<dl><dt>NONE</dt><dd><p>No access.</p></dd><dt> FULL </dt><dd>All.</dd></dl>", "**NONE**\n\nNo access.\n\n**FULL**\n\nAll."],
    ["notes that start with a list", "<p>Removes it.</p><note><ul><li><p>Owners only.</p></li><li>Not across accounts.</li></ul></note>", "Removes it.\n\n**Note:**\n- Owners only.\n- Not across accounts."],
    ["nested and ordered lists", "<ol><li>first<ul><li>inner</li></ul></li><li>second</li></ol>", "1. first\n  - inner\n1. second"],
  ];
  for (const [name, html, markdown] of cases) {
    it(`converts ${name}`, () => expect(htmlToMarkdown(html)).to.equal(markdown));
  }

  it("takes a summary sentence from the first paragraph only", () => {
    expect(firstSentence("Rejected for one of these reasons:\n- The key is disabled. Or not.\n- Other.")).to.equal("Rejected for one of these reasons:");
    expect(firstSentence("The table is busy\n\nTry again. Later.")).to.equal("The table is busy");
    expect(firstSentence("An error occurred on the server side. Retry it.")).to.equal("An error occurred on the server side.");
  });

  it("never starts a wrapped line with a list, quote or heading marker", () => {
    const text = htmlToMarkdown(`<p>${"word ".repeat(19)}abcd - not a list, ${"word ".repeat(17)}a > b.</p>`);
    for (const line of text.split("\n")) expect(line).to.not.match(/^(?:[-+*] |>|#+ |\d+[.)] )/);
    expect(text.replace(/\n/g, " ")).to.include("abcd - not a list").and.include("a > b.");
  });

  it("never lets a comment end early or a line start a tag", () => {
    const lines = docComment("ends */ here\n@internal text", ["@deprecated"]);
    expect(lines.join("\n")).to.equal(["/**", " * ends *\\/ here", " * \\@internal text", " *", " * @deprecated", " */"].join("\n"));
  });
});
