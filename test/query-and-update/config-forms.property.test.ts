import { expect } from "chai";
import fc from "fast-check";
import { normalizeConfig, type QueryAndUpdateConfig } from "../../src/query-and-update/index.js";

// However a workflow engine splits a configuration between nested literals
// and dotted mapping keys, the helper must see the same configuration.

const placeholder = (sigil: string) => fc.stringMatching(/^[A-Za-z0-9_]{1,6}$/).map((s) => sigil + s);
const json = fc.jsonValue({ maxDepth: 2 }).filter((v) => !Object.is(v, -0)) as fc.Arbitrary<any>;

const configs: fc.Arbitrary<QueryAndUpdateConfig> = fc
  .record({
    tableName: fc.stringMatching(/^[A-Za-z0-9_.-]{3,12}$/),
    indexName: fc.option(fc.stringMatching(/^[A-Za-z0-9_.-]{3,12}$/), { nil: undefined }),
    limit: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    keyAttributes: fc.option(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,5}$/), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    names: fc.dictionary(placeholder("#"), fc.stringMatching(/^[a-zA-Z.]{1,8}$/), { maxKeys: 4 }),
    queryValues: fc.dictionary(placeholder(":"), json, { minKeys: 1, maxKeys: 3 }),
    updateValues: fc.dictionary(placeholder(":"), json, { minKeys: 1, maxKeys: 3 }),
  })
  .map(({ tableName, indexName, limit, keyAttributes, names, queryValues, updateValues }) => {
    const nameKeys = Object.keys(names);
    // Expressions that use every placeholder given, so the configuration is valid.
    const condition = Object.keys(queryValues).map((v, i) => `${nameKeys[i % Math.max(1, nameKeys.length)] ?? "pk"} = ${v}`).join(" AND ");
    const update = "SET " + Object.keys(updateValues).map((v, i) => `a${i} = ${v}`).join(", ") + (nameKeys.length ? `, ${nameKeys.join(" = :x, ")} = :x` : "");
    return {
      query: {
        tableName,
        keyConditionExpression: condition,
        expressionAttributeValues: queryValues,
        ...(indexName !== undefined && { indexName }),
        ...(limit !== undefined && { limit }),
        ...(keyAttributes !== undefined && { keyAttributes }),
      },
      update: { updateExpression: update, expressionAttributeNames: names, expressionAttributeValues: { ...updateValues, ":x": 1 } },
    };
  });

/** Moves each parameter (or each map entry) to a dotted key where `choose` says so. */
function split(config: QueryAndUpdateConfig, choose: () => 0 | 1 | 2): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [section, params] of Object.entries(config)) {
    for (const [param, value] of Object.entries(params as Record<string, unknown>)) {
      const how = choose();
      const isMap = param.startsWith("expressionAttribute");
      if (how === 0) (out[section] ??= {})[param] = value;
      else if (how === 1 || !isMap) out[`${section}.${param}`] = value;
      else for (const [k, v] of Object.entries(value as object)) out[`${section}.${param}.${k}`] = v;
    }
  }
  return out;
}

describe("queryAndUpdate configuration forms (property)", () => {
  it("normalises every split of a configuration into nested and dotted keys to the same thing", () => {
    fc.assert(
      fc.property(configs, fc.infiniteStream(fc.constantFrom<0 | 1 | 2>(0, 1, 2)), (config, choices) => {
        const expected = normalizeConfig(config);
        const it = choices[Symbol.iterator]();
        const merged = split(config, () => it.next().value);
        expect(normalizeConfig(merged)).to.deep.equal(expected);
      }),
      { numRuns: 300 },
    );
  });
});
