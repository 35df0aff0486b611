/**
 * Reading the items of a response straight from its text into plain values,
 * for the document layer's reads (GetItem, Query, Scan, BatchGetItem,
 * TransactGetItems, ExecuteStatement) and the items its writes return
 * (PutItem, UpdateItem, DeleteItem).
 *
 * The typed client would parse `{ "S": "x" }` into a wire object, then the
 * document layer would turn that into `"x"`: two trees for one item. Here the
 * runtime's `JsonReader` walks the text once and only the plain values are
 * built. The reader takes the canonical form the service sends (one member
 * per attribute value, of the right JSON type) and nothing else: anything
 * unusual (a number that a `number` cannot hold exactly, an attribute value
 * with no member or two) makes it give up, and the caller converts the JSON
 * with `unmarshall` as before, which gives the same value or the error with
 * its path.
 */
import { JsonReader, readWireJson, setEntry, type JsonObject } from "../runtime/index.js";
import { setMember } from "./marshall.js";
import { MAX_DEPTH } from "./path.js";
import type { DocumentItem, NativeValue } from "./types.js";
import { toBytes, toNumber, type UnmarshallContext } from "./unmarshall.js";

/**
 * How an output member holds its items: one item (GetItem's `Item`, the
 * writes' `Attributes`), a list (Query's `Items`), lists by table
 * (BatchGetItem's `Responses`), or a list of `{ Item }` (TransactGetItems'
 * `Responses`, read as `{ item }`).
 */
export type ItemsLayout = "item" | "list" | "listByTable" | "itemResponses";

/** A response body with its items read as plain values, or `undefined` items when the reader gave up. */
export interface ItemsRead {
  /** The rest of the output as JSON; the items' member too when they were not read. */
  wire: JsonObject;
  /** The member's value as its layout reads it, `null` for a JSON null, `undefined` when not read. */
  items: unknown;
}

/** Thrown to leave the one pass; never escapes this module. */
const GIVE_UP = /* @__PURE__ */ new Error("not the canonical form");

/**
 * Reads an output whose member `key` holds items laid out as `layout`.
 * Every other member is kept as JSON. Throws a `SyntaxError` when the text
 * is not JSON.
 */
export function readItems(text: string, key: string, layout: ItemsLayout, ctx: UnmarshallContext): ItemsRead {
  try {
    const r = new JsonReader(text);
    const wire: JsonObject = {};
    let items: unknown;
    for (let k = r.firstKey(); k !== undefined; k = r.nextKey()) {
      if (k === key) items = r.isNull() ? null : LAYOUTS[layout](r, ctx);
      else setEntry(wire, k, r.value());
    }
    r.end();
    return { wire, items };
  } catch {
    // Whatever stopped the one pass (text out of the canonical form, a
    // number to report, an error from a `wrapNumbers` function), the JSON
    // path meets it again and answers as it always has.
  }
  return { wire: readWireJson(text), items: undefined };
}

const LAYOUTS: Record<ItemsLayout, (r: JsonReader, ctx: UnmarshallContext) => unknown> = {
  item: (r, ctx) => readItem(r, ctx, 1),
  list: readItemList,
  listByTable: (r, ctx) => {
    const tables: Record<string, DocumentItem[]> = {};
    for (let table = r.firstKey(); table !== undefined; table = r.nextKey()) setEntry(tables, table, readItemList(r, ctx));
    return tables;
  },
  itemResponses: (r, ctx) => {
    const responses: { item?: DocumentItem }[] = [];
    if (r.firstItem()) {
      do {
        const response: { item?: DocumentItem } = {};
        for (let k = r.firstKey(); k !== undefined; k = r.nextKey()) {
          if (k !== "Item") throw GIVE_UP;
          if (!r.isNull()) response.item = readItem(r, ctx, 1);
        }
        responses.push(response);
      } while (r.nextItem());
    }
    return responses;
  },
};

function readItemList(r: JsonReader, ctx: UnmarshallContext): DocumentItem[] {
  const items: DocumentItem[] = [];
  if (r.firstItem()) do items.push(readItem(r, ctx, 1));
  while (r.nextItem());
  return items;
}

function readItem(r: JsonReader, ctx: UnmarshallContext, depth: number): DocumentItem {
  const out: DocumentItem = {};
  for (let name = r.firstKey(); name !== undefined; name = r.nextKey()) {
    const value = readValue(r, ctx, depth);
    if (name === "__proto__") setMember(out, name, value);
    else out[name] = value;
  }
  return out;
}

/** One attribute value, `{ "S": "x" }`, as its plain value. */
function readValue(r: JsonReader, ctx: UnmarshallContext, depth: number): NativeValue {
  const tag = r.firstKey();
  let value: NativeValue;
  switch (tag) {
    case "S":
      value = r.string();
      break;
    case "N":
      value = toNumber(r.string(), ctx) as NativeValue;
      break;
    case "M":
      if (depth >= MAX_DEPTH) throw GIVE_UP;
      value = readItem(r, ctx, depth + 1);
      break;
    case "L": {
      if (depth >= MAX_DEPTH) throw GIVE_UP;
      const list: NativeValue[] = [];
      if (r.firstItem()) do list.push(readValue(r, ctx, depth + 1));
      while (r.nextItem());
      value = list;
      break;
    }
    case "BOOL":
      value = r.boolean();
      break;
    case "NULL":
      if (!r.boolean()) throw GIVE_UP;
      value = null;
      break;
    case "SS": {
      const set = new Set<string>();
      if (r.firstItem()) do set.add(r.string());
      while (r.nextItem());
      value = set;
      break;
    }
    case "NS": {
      const set = new Set<unknown>();
      if (r.firstItem()) do set.add(toNumber(r.string(), ctx));
      while (r.nextItem());
      value = set as NativeValue;
      break;
    }
    case "B":
      value = toBytes(r.string());
      break;
    case "BS": {
      const set = new Set<Uint8Array>();
      if (r.firstItem()) do set.add(toBytes(r.string()));
      while (r.nextItem());
      value = set;
      break;
    }
    default:
      throw GIVE_UP;
  }
  // Exactly one member: a second one is for `unmarshall` to judge.
  if (r.nextKey() !== undefined) throw GIVE_UP;
  return value;
}
