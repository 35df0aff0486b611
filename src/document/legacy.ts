/**
 * The legacy conditional parameters with plain values: `expected`,
 * `attributeUpdates`, `keyConditions`, `queryFilter` and `scanFilter`.
 *
 * DynamoDB still accepts these pre-expression parameters (see "Legacy
 * conditional parameters" in the DynamoDB Developer Guide), and code written
 * for the official document client passes plain values in their `Value` and
 * `AttributeValueList` members. Here the same members take plain values; the
 * rest of each entry (`comparisonOperator`, `exists`, `action`) is only
 * renamed to its wire name.
 */
import type { JsonObject } from "../runtime/index.js";
import type { DocumentAttributeValueUpdate, DocumentCondition, DocumentExpectedAttributeValue } from "./inputs.js";
import { marshallValue, setMember, type MarshallContext } from "./marshall.js";
import { formatPath } from "./path.js";
import { typedToWire } from "./wire-names.js";

/** The entries of legacy conditions and updates hold no user-keyed map. */
const NO_MAPS: readonly string[] = [];

/** `keyConditions`, `queryFilter` or `scanFilter` in wire form. */
export function conditionsToWire(conditions: Record<string, DocumentCondition>, ctx: MarshallContext, root: string): JsonObject {
  return eachEntry(conditions, root, (entry, path) => {
    const { attributeValueList, ...rest } = entry;
    const wire = typedToWire(rest, NO_MAPS);
    if (attributeValueList != null) wire.AttributeValueList = valueList(attributeValueList, ctx, `${path}.attributeValueList`);
    return wire;
  });
}

/** `expected` in wire form. */
export function expectedToWire(expected: Record<string, DocumentExpectedAttributeValue>, ctx: MarshallContext, root: string): JsonObject {
  return eachEntry(expected, root, (entry, path) => {
    const { value, attributeValueList, ...rest } = entry;
    const wire = typedToWire(rest, NO_MAPS);
    // `value: undefined` reads as "no value", as an absent member does in the
    // generated serializers; `exists: false` entries are written that way.
    if (value !== undefined) wire.Value = marshallValue(value, ctx, `${path}.value`) as unknown as JsonObject;
    if (attributeValueList != null) wire.AttributeValueList = valueList(attributeValueList, ctx, `${path}.attributeValueList`);
    return wire;
  });
}

/** `attributeUpdates` in wire form. */
export function attributeUpdatesToWire(updates: Record<string, DocumentAttributeValueUpdate>, ctx: MarshallContext, root: string): JsonObject {
  return eachEntry(updates, root, (entry, path) => {
    const { value, ...rest } = entry;
    const wire = typedToWire(rest, NO_MAPS);
    // A DELETE without a value removes the attribute; with one, it takes elements out of a set.
    if (value !== undefined) wire.Value = marshallValue(value, ctx, `${path}.value`) as unknown as JsonObject;
    return wire;
  });
}

/**
 * Converts each own entry of an attribute-name map. Attribute names are data,
 * so a name such as `__proto__` becomes an own member, never a prototype.
 */
function eachEntry<Entry>(map: Record<string, Entry>, root: string, convert: (entry: Entry, path: string) => JsonObject): JsonObject {
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    throw new TypeError(`${root} must be an object of attribute names to conditions`);
  }
  const out: JsonObject = {};
  for (const name of Object.keys(map)) {
    const entry = map[name];
    if (entry != null) setMember(out, name, convert(entry, formatPath(root, [name])));
  }
  return out;
}

function valueList(values: readonly unknown[], ctx: MarshallContext, path: string): JsonObject[] {
  if (!Array.isArray(values)) throw new TypeError(`${path} must be an array of values`);
  return values.map((value, i) => marshallValue(value, ctx, `${path}[${i}]`) as unknown as JsonObject);
}
