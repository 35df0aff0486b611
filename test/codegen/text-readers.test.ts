import { expect } from "chai";
import fc from "fast-check";
import * as serde from "../../src/generated/dynamodb/serde.js";
import * as streamsSerde from "../../src/generated/dynamodbstreams/serde.js";
import { JsonReader, type JsonObject } from "../../src/runtime/index.js";
import { typedAttributeValue } from "../support/arbitraries.js";

// Outputs holding attribute values are read straight from the response text
// (rd_X); whatever the text, the body reader (read_X) must give what the JSON
// path, de_X(JSON.parse(text)), gives.
describe("codegen: text readers agree with the JSON deserializers", function () {
  const attributeValue = typedAttributeValue;
  const item = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "S", "N")), attributeValue, { maxKeys: 5 });
  const capacity = fc.record(
    { TableName: fc.string(), CapacityUnits: fc.double({ noNaN: true, noDefaultInfinity: true }), Table: fc.record({ ReadCapacityUnits: fc.nat() }) },
    { requiredKeys: [] },
  );
  const wireItem = item.map((i) => serde.se_AttributeMap(i));
  const queryOutput = fc.record(
    {
      Items: fc.array(wireItem, { maxLength: 4 }),
      Count: fc.nat(),
      ScannedCount: fc.nat(),
      LastEvaluatedKey: wireItem,
      ConsumedCapacity: capacity,
      SomethingNew: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );

  function agree<T>(text: string, rd: (r: JsonReader) => T, read: (text: string) => T, de: (wire: JsonObject) => T): void {
    const expected = de(JSON.parse(text) as JsonObject);
    const r = new JsonReader(text);
    expect(rd(r)).to.deep.equal(expected);
    r.end();
    expect(read(text)).to.deep.equal(expected);
  }

  it("Query outputs, compact and indented, read in one pass (property-based)", () => {
    fc.assert(
      fc.property(queryOutput, fc.constantFrom(0, 1), (output, indent) => {
        const text = JSON.stringify(output, null, indent);
        const expected = serde.de_QueryOutput(JSON.parse(text) as JsonObject);
        // The one pass itself, not its fallback, reads every canonical body.
        const r = new JsonReader(text);
        expect(serde.rd_QueryOutput(r)).to.deep.equal(expected);
        r.end();
        expect(serde.read_QueryOutput(text)).to.deep.equal(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("BatchGetItem and TransactGetItems outputs (property-based)", () => {
    const batch = fc.record({ Responses: fc.dictionary(fc.string(), fc.array(wireItem, { maxLength: 3 }), { maxKeys: 2 }), UnprocessedKeys: fc.constant({}) }, { requiredKeys: [] });
    const transact = fc.record({ Responses: fc.array(fc.record({ Item: wireItem }, { requiredKeys: [] }), { maxLength: 3 }), ConsumedCapacity: fc.array(capacity, { maxLength: 2 }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(batch, transact, (b, t) => {
        agree(JSON.stringify(b), serde.rd_BatchGetItemOutput, serde.read_BatchGetItemOutput, serde.de_BatchGetItemOutput);
        agree(JSON.stringify(t), serde.rd_TransactGetItemsOutput, serde.read_TransactGetItemsOutput, serde.de_TransactGetItemsOutput);
      }),
      { numRuns: 150 },
    );
  });

  it("falls back to the JSON path for text out of the canonical form, with the same result", () => {
    const bodies = [
      '{"Count": "5"}', // a number as a string: the JSON path passes it through
      '{"Items": [null, {"a": {"S": "x"}}]}', // a null item
      '{"Items": [{"a": {"S": "x", "N": "1"}}]}', // two members: the first wins
      '{"Items": [{"a": {"Unknown": 1, "S": "x"}}]}', // an unknown member before a known one
      '{"Items": [{"a": {"S": null, "N": "2"}}]}', // a null member is skipped
      '{"Items": [{"a": {"M": {"b": null}}}]}', // a null value in a map
      '{"Items": [{"a": {"SS": ["x", null]}}]}', // a null inside a string set
      '{"Count": 1, "Count": 2}', // a repeated key: the last wins
      "{}",
    ];
    for (const text of bodies) {
      expect(serde.read_QueryOutput(text), text).to.deep.equal(serde.de_QueryOutput(JSON.parse(text) as JsonObject));
    }
  });

  it("throws a SyntaxError for text that is not a JSON object, or JSON the output cannot take", () => {
    const deep = 100_000; // attribute values nested deeper than any stack
    const nested = '{"Items": [{"a": ' + '{"L": ['.repeat(deep) + "]}".repeat(deep) + "}]}";
    for (const text of ["<html></html>", '{"Items": [', "[]", '"text"', "null", '{"Items": [{"a": {"B": 12}}]}', nested]) {
      expect(() => serde.read_QueryOutput(text), text.slice(0, 40)).to.throw(SyntaxError);
    }
  });

  it("the Streams client reads GetRecords the same way", () => {
    const text = JSON.stringify({
      NextShardIterator: "it",
      Records: [
        {
          eventID: "1",
          eventName: "INSERT",
          dynamodb: { ApproximateCreationDateTime: 1700000000.5, Keys: { pk: { S: "a" } }, NewImage: { pk: { S: "a" }, n: { N: "1" }, b: { B: "AQI=" } }, SequenceNumber: "1", SizeBytes: 12, StreamViewType: "NEW_IMAGE" },
          userIdentity: { PrincipalId: "p", Type: "Service" },
        },
      ],
    });
    const expected = streamsSerde.de_GetRecordsOutput(JSON.parse(text) as JsonObject);
    const r = new JsonReader(text);
    expect(streamsSerde.rd_GetRecordsOutput(r)).to.deep.equal(expected);
    expect(expected.records![0]!.dynamodb!.approximateCreationDateTime).to.deep.equal(new Date(1700000000500));
  });
});
