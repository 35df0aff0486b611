/**
 * DynamoDB's AttributeValue is a union in the service's Smithy model, which
 * botocore's JSON does not say; the generator marks it (codegen/model.ts), so
 * the typed form holds exactly one type. The `@ts-expect-error` lines are the
 * test: `npm test` type-checks this file, and an expected error that does not
 * occur fails the build.
 */
import { expect } from "chai";
import type { AttributeValue } from "../../src/generated/dynamodb/index.js";
import type { AttributeValue as StreamsAttributeValue } from "../../src/generated/dynamodbstreams/index.js";
import { de_AttributeValue } from "../../src/generated/dynamodb/serde.js";

describe("codegen: unions the Smithy model declares and botocore does not", () => {
  it("types an attribute value as exactly one of its members", () => {
    const values: AttributeValue[] = [{ s: "a" }, { n: "1" }, { bool: true }, { null: true }, { l: [{ s: "x" }] }, { m: { k: { ss: ["a"] } } }];
    // @ts-expect-error two types in one attribute value
    const both: AttributeValue = { s: "a", n: "1" };
    // @ts-expect-error the same in the Streams client's records
    const streams: StreamsAttributeValue = { s: "a", bool: true };
    // Narrowing by member works as for any union.
    const first = values[0]!;
    const text: string | undefined = first.s;
    expect([both, streams, text]).to.have.length(3);
  });

  it("reads the one member a wire value carries", () => {
    expect(de_AttributeValue({ N: "12.5" })).to.deep.equal({ n: "12.5" });
    expect(de_AttributeValue({ M: { a: { L: [{ NULL: true }] } } })).to.deep.equal({ m: { a: { l: [{ null: true }] } } });
  });
});
