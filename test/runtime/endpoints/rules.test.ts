import { expect } from "chai";
import { EndpointError, evaluateRuleSet, partitionFor, type RuleSet } from "../../../src/runtime/endpoints/index.js";
import { STANDARD_FUNCTIONS, getAttr, isValidHostLabel, uriEncode } from "../../../src/runtime/endpoints/functions.js";

const fn = STANDARD_FUNCTIONS;

describe("endpoint rules: standard library", () => {
  it("isSet, not, booleanEquals, stringEquals", () => {
    expect([fn.isSet!(undefined), fn.isSet!(null), fn.isSet!(""), fn.isSet!(false)]).to.deep.equal([false, false, true, true]);
    expect([fn.not!(true), fn.not!(false)]).to.deep.equal([false, true]);
    expect([fn.booleanEquals!(true, true), fn.booleanEquals!(false, true)]).to.deep.equal([true, false]);
    expect([fn.stringEquals!("a", "a"), fn.stringEquals!("a", "A"), fn.stringEquals!(undefined, undefined)]).to.deep.equal([true, false, false]);
  });

  it("getAttr walks keys and indexes", () => {
    const value = { a: { b: [{ c: "x" }, "y"] } };
    expect(getAttr(value, "a.b[0].c")).to.equal("x");
    expect(getAttr(value, "a.b[1]")).to.equal("y");
    expect(getAttr(value, "a.b[5]")).to.equal(undefined);
    expect(getAttr(value, "a.missing.c")).to.equal(undefined);
    expect(getAttr(["p", "q"], "[1]")).to.equal("q");
  });

  const labels: Array<[string, boolean, boolean]> = [
    ["us-east-1", false, true],
    ["a", false, true],
    ["-a", false, false],
    ["a-", false, false],
    ["a.b", false, false],
    ["a.b", true, true],
    ["a..b", true, false],
    ["a_b", false, false],
    ["x".repeat(63), false, true],
    ["x".repeat(64), false, false],
    ["", false, false],
  ];
  for (const [label, sub, want] of labels) {
    it(`isValidHostLabel(${JSON.stringify(label.length > 10 ? `${label.length} chars` : label)}, ${sub}) is ${want}`, () => {
      expect(isValidHostLabel(label, sub)).to.equal(want);
    });
  }

  it("parseURL splits a URL, and refuses query strings and other schemes", () => {
    expect(fn.parseURL!("https://example.com:8443/a/b")).to.deep.equal({ scheme: "https", authority: "example.com:8443", path: "/a/b", normalizedPath: "/a/b/", isIp: false });
    expect(fn.parseURL!("http://127.0.0.1")).to.deep.equal({ scheme: "http", authority: "127.0.0.1", path: "", normalizedPath: "/", isIp: true });
    expect(fn.parseURL!("http://[::1]:80/")).to.include({ isIp: true, path: "/" });
    expect(fn.parseURL!("https://example.com/?q=1")).to.equal(undefined);
    expect(fn.parseURL!("ftp://example.com")).to.equal(undefined);
    expect(fn.parseURL!("not a url")).to.equal(undefined);
  });

  it("substring counts from either end and refuses out-of-range or non-ASCII input", () => {
    expect(fn.substring!("abcdefg", 0, 4, false)).to.equal("abcd");
    expect(fn.substring!("abcdefg", 0, 4, true)).to.equal("defg");
    expect(fn.substring!("abc", 0, 4, false)).to.equal(undefined);
    expect(fn.substring!("abc", 2, 1, false)).to.equal(undefined);
    expect(fn.substring!("ab\u00e9d", 0, 2, false)).to.equal(undefined);
  });

  it("uriEncode encodes everything but unreserved characters", () => {
    expect(uriEncode("a b/c!'()*~._-")).to.equal("a%20b%2Fc%21%27%28%29%2A~._-");
  });

  it("aws.parseArn", () => {
    expect(fn["aws.parseArn"]!("arn:aws:dynamodb:us-east-1:123456789012:table/Music")).to.deep.equal({
      partition: "aws",
      service: "dynamodb",
      region: "us-east-1",
      accountId: "123456789012",
      resourceId: ["table", "Music"],
    });
    expect(fn["aws.parseArn"]!("arn:aws:iam::123456789012:role/a:b")).to.deep.include({ region: "", resourceId: ["role", "a", "b"] });
    expect(fn["aws.parseArn"]!("arn:aws:dynamodb:us-east-1:1")).to.equal(undefined);
    expect(fn["aws.parseArn"]!("nope:aws:s3:::bucket")).to.equal(undefined);
  });

  it("aws.partition: a listed region, then the regex, then aws", () => {
    expect(partitionFor("us-gov-west-1")).to.include({ name: "aws-us-gov", dnsSuffix: "amazonaws.com" });
    expect(partitionFor("cn-south-9")).to.include({ name: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
    expect(partitionFor("aws-global")).to.include({ name: "aws", implicitGlobalRegion: "us-east-1" });
    expect(partitionFor("moon-base-1")).to.include({ name: "aws" });
  });
});

describe("endpoint rules: evaluation", () => {
  const ruleSet: RuleSet = {
    version: "1.0",
    parameters: {
      Region: { type: "string", builtIn: "AWS::Region", required: true },
      Flag: { type: "boolean", required: true, default: false },
      Bucket: { type: "string" },
    },
    rules: [
      {
        type: "tree",
        conditions: [{ fn: "isSet", argv: [{ ref: "Bucket" }] }],
        rules: [
          {
            type: "endpoint",
            conditions: [{ fn: "isValidHostLabel", argv: [{ ref: "Bucket" }, false] }, { fn: "aws.partition", argv: [{ ref: "Region" }], assign: "P" }],
            endpoint: { url: "https://{Bucket}.svc.{Region}.{P#dnsSuffix}/{{literal}}", properties: { authSchemes: [{ name: "sigv4", signingRegion: "{Region}" }] }, headers: { "x-bucket": ["{Bucket}"] } },
          },
        ],
      },
      { type: "error", conditions: [{ fn: "booleanEquals", argv: [{ ref: "Flag" }, true] }], error: "Flag set in {Region}" },
      // `P` was bound inside the first rule only; here it must be unset again.
      { type: "endpoint", conditions: [{ fn: "isSet", argv: [{ ref: "P" }] }], endpoint: { url: "https://leaked" } },
      { type: "endpoint", conditions: [], endpoint: { url: "https://svc.{Region}.example" } },
    ],
  };

  it("expands templates, attributes and escaped braces, and evaluates properties and headers", () => {
    const got = evaluateRuleSet(ruleSet, { Region: "cn-north-1", Bucket: "logs" });
    expect(got.url).to.equal("https://logs.svc.cn-north-1.amazonaws.com.cn/{literal}");
    expect(got.properties).to.deep.equal({ authSchemes: [{ name: "sigv4", signingRegion: "cn-north-1" }] });
    expect(got.headers).to.deep.equal({ "x-bucket": ["logs"] });
  });

  it("treats a tree whose conditions hold as terminal", () => {
    expect(() => evaluateRuleSet(ruleSet, { Region: "us-east-1", Bucket: "not_a_label" })).to.throw(EndpointError, "no endpoint rule matched");
  });

  it("raises error rules with their templated message", () => {
    expect(() => evaluateRuleSet(ruleSet, { Region: "us-east-1", Flag: true })).to.throw(EndpointError, "Flag set in us-east-1");
  });

  it("applies defaults, scopes bindings to their rule, and checks required parameters", () => {
    expect(evaluateRuleSet(ruleSet, { Region: "eu-west-1" }).url).to.equal("https://svc.eu-west-1.example");
    expect(() => evaluateRuleSet(ruleSet, {})).to.throw(EndpointError, "Region is required");
  });

  it("names an unsupported function", () => {
    const bad: RuleSet = { version: "1.0", parameters: {}, rules: [{ type: "endpoint", conditions: [{ fn: "aws.frobnicate", argv: [] }], endpoint: { url: "https://x" } }] };
    expect(() => evaluateRuleSet(bad, {})).to.throw(EndpointError, "unsupported function aws.frobnicate");
  });
});
