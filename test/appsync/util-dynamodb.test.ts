import { expect } from "chai";
import { dynamodb } from "../../src/appsync/index.js";

describe("appsync: util.dynamodb", () => {
  it("toDynamoDB picks the type from the value, never a set or a binary", () => {
    expect(dynamodb.toDynamoDB("x")).to.deep.equal({ S: "x" });
    expect(dynamodb.toDynamoDB(1.5)).to.deep.equal({ N: "1.5" });
    expect(dynamodb.toDynamoDB(true)).to.deep.equal({ BOOL: true });
    expect(dynamodb.toDynamoDB(null)).to.deep.equal({ NULL: true });
    expect(dynamodb.toDynamoDB(["a", 1, undefined])).to.deep.equal({ L: [{ S: "a" }, { N: "1" }, { NULL: true }] });
    expect(dynamodb.toDynamoDB({ a: { b: [true] }, skipped: undefined })).to.deep.equal({ M: { a: { M: { b: { L: [{ BOOL: true }] } } } } });
  });

  it("toMapValues converts each member; the typed helpers make each type", () => {
    expect(dynamodb.toMapValues({ id: "1", n: 2 })).to.deep.equal({ id: { S: "1" }, n: { N: "2" } });
    expect(dynamodb.toS("a")).to.deep.equal({ S: "a" });
    expect(dynamodb.toN(-3e-7)).to.deep.equal({ N: "-3e-7" });
    expect(dynamodb.toB("AAEC")).to.deep.equal({ B: "AAEC" });
    expect(dynamodb.toBoolean(false)).to.deep.equal({ BOOL: false });
    expect(dynamodb.toNull()).to.deep.equal({ NULL: true });
    expect(dynamodb.toList([1, "a"])).to.deep.equal({ L: [{ N: "1" }, { S: "a" }] });
    expect(dynamodb.toMap({ a: 1 })).to.deep.equal({ M: { a: { N: "1" } } });
    expect(dynamodb.toStringSet(["a", "b"])).to.deep.equal({ SS: ["a", "b"] });
    expect(dynamodb.toNumberSet([1, 2.5])).to.deep.equal({ NS: ["1", "2.5"] });
    expect(dynamodb.toBinarySet(["AA==", "AQ=="])).to.deep.equal({ BS: ["AA==", "AQ=="] });
  });

  it("the Json forms are the same values as JSON text", () => {
    expect(dynamodb.toDynamoDBJson({ a: 1 })).to.equal('{"M":{"a":{"N":"1"}}}');
    expect(dynamodb.toMapValuesJson({ a: "x" })).to.equal('{"a":{"S":"x"}}');
    expect(dynamodb.toStringJson("x")).to.equal('{"S":"x"}');
    expect(dynamodb.toNumberJson(3)).to.equal('{"N":"3"}');
    expect(dynamodb.toNumberSetJson([1])).to.equal('{"NS":["1"]}');
    expect(dynamodb.toNullJson()).to.equal('{"NULL":true}');
  });

  it("S3 objects round-trip through a string attribute", () => {
    const typed = dynamodb.toS3Object("photos/a.png", "bucket", "us-west-2", "v1");
    expect(JSON.parse(typed.S)).to.deep.equal({ s3: { key: "photos/a.png", bucket: "bucket", region: "us-west-2", version: "v1" } });
    expect(dynamodb.fromS3ObjectJson(typed.S)).to.deep.equal({ key: "photos/a.png", bucket: "bucket", region: "us-west-2", version: "v1" });
    expect(dynamodb.fromS3ObjectJson(dynamodb.toS3Object("k", "b", "r").S)).to.deep.equal({ key: "k", bucket: "b", region: "r" });
    expect(() => dynamodb.fromS3ObjectJson("{}")).to.throw(TypeError);
  });

  it("refuses what is not JSON data, naming where", () => {
    expect(() => dynamodb.toDynamoDB({ a: [Number.NaN] })).to.throw(TypeError, /value\.a\[0\]: cannot convert NaN/);
    expect(() => dynamodb.toDynamoDB(new Date(0))).to.throw(TypeError);
    expect(() => dynamodb.toNumberSet(["1" as unknown as number])).to.throw(TypeError, /toNumberSet/);
    expect(() => dynamodb.toS(1 as unknown as string)).to.throw(TypeError);
  });
});
