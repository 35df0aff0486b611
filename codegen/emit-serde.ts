/**
 * `serde.ts`: for every structure, and every list or map holding something
 * that changes on the wire, a serializer `se_X` (typed, camelCase -> wire
 * JSON) and a deserializer `de_X` (wire JSON -> typed). Plain code, one
 * function per shape, no reflection: blobs are base64, timestamps epoch
 * seconds, unknown enum values pass through as strings.
 *
 * Shapes inside outputs that hold unions (see `ServiceContext.readsText`)
 * also get a text reader `rd_X`, which reads the typed value straight from
 * the response text through the runtime's `JsonReader`. Every operation's
 * output gets a body reader `read_X` for the client to pass to `call`.
 */
import type { MemberInfo, ServiceContext } from "./context.js";
import type { ShapeRef } from "./model.js";
import { INHERITED_NAMES, propertyAccess } from "./naming.js";
import { Imports, file, header } from "./writer.js";

/** Emits `serde.ts` for one service. */
export function emitSerde(ctx: ServiceContext): string {
  const imports = new Imports();
  const body: string[] = [];
  for (const name of ctx.namedShapes) {
    const shape = ctx.shape(name);
    if (shape.type === "structure") {
      body.push(...structSerializer(ctx, name, imports), "", ...structDeserializer(ctx, name, imports), "");
    } else if ((shape.type === "list" || shape.type === "map") && ctx.converts(name)) {
      body.push(...collectionSerializers(ctx, name, imports), "");
    }
    if (ctx.readsText(name)) body.push(...textReader(ctx, name, imports), "");
  }
  for (const name of new Set(ctx.operations.map((op) => op.output))) {
    if (name !== undefined) body.push(...bodyReader(ctx, name, imports), "");
  }
  return file(
    header(ctx),
    "// Serializers (`se_`) and deserializers (`de_`) between the typed shapes and the wire JSON.",
    imports.render(),
    body.join("\n").trimEnd(),
  );
}

/** The expression that turns a typed value `expr` of `ref`'s shape into wire JSON. */
export function serializeValue(ctx: ServiceContext, ref: ShapeRef, expr: string, imports: Imports): string {
  const shape = ctx.shape(ref.shape);
  const rt = (name: string) => imports.value(ctx.runtimeImport, name);
  switch (shape.type) {
    case "structure":
      return shape.document ? expr : `se_${ctx.typeName(ref.shape)}(${expr})`;
    case "list":
    case "map":
      return ctx.converts(ref.shape) ? `se_${ctx.typeName(ref.shape)}(${expr})` : expr;
    case "blob":
      return `${rt("toBase64")}(${expr})`;
    case "timestamp": {
      const format = ref.timestampFormat ?? shape.timestampFormat ?? "unixTimestamp";
      const fn = format === "iso8601" ? "toIsoTimestamp" : format === "rfc822" ? "toHttpDate" : "toEpochSeconds";
      return `${rt(fn)}(${expr})`;
    }
    case "float":
    case "double":
      return `${rt("toWireDouble")}(${expr})`;
    default:
      return expr;
  }
}

/**
 * The expression that reads `expr` (a `JsonValue` from the wire) as the typed
 * value of `ref`'s shape. Callers in other files import the `de_` functions
 * they use through `imports` from `./serde.js`.
 */
export function deserializeValue(ctx: ServiceContext, ref: ShapeRef, expr: string, imports: Imports, local: boolean): string {
  const shape = ctx.shape(ref.shape);
  const rt = (name: string) => imports.value(ctx.runtimeImport, name);
  const fn = (name: string) => (local ? name : imports.value("./serde.js", name));
  switch (shape.type) {
    case "structure":
      if (shape.document) return expr;
      return `${fn("de_" + ctx.typeName(ref.shape))}(${expr} as ${rtType(ctx, imports, "JsonObject")})`;
    case "list":
      if (ctx.converts(ref.shape)) return `${fn("de_" + ctx.typeName(ref.shape))}(${expr} as ${rtType(ctx, imports, "JsonValue")}[])`;
      return `${expr} as ${typeRef(ctx, ref.shape, imports)}`;
    case "map":
      if (ctx.converts(ref.shape)) return `${fn("de_" + ctx.typeName(ref.shape))}(${expr} as ${rtType(ctx, imports, "JsonObject")})`;
      return `${expr} as ${typeRef(ctx, ref.shape, imports)}`;
    case "blob":
      return `${rt("fromBase64")}(${expr} as string)`;
    case "timestamp":
      return `${rt("parseTimestamp")}(${expr})`;
    case "float":
    case "double":
      return `${rt("fromWireDouble")}(${expr})`;
    default:
      return `${expr} as ${typeRef(ctx, ref.shape, imports)}`;
  }
}

/**
 * Reads the wire key `name` of `object`: a plain property read, except for
 * names every object inherits, which must be own properties to count.
 */
export function wireRead(ctx: ServiceContext, object: string, name: string, imports: Imports): string {
  if (INHERITED_NAMES.has(name)) return `${imports.value(ctx.runtimeImport, "ownValue")}(${object}, ${JSON.stringify(name)})`;
  return propertyAccess(object, name);
}

/** A type expression, importing the named types it mentions from `./types.js`. */
export function typeRef(ctx: ServiceContext, shape: string, imports: Imports): string {
  const expr = ctx.typeExpr(shape);
  for (const word of expr.match(/\b[A-Za-z_$][\w$]*\b/g) ?? []) {
    if (word === "JsonValue") imports.type(ctx.runtimeImport, word);
    else if (!BUILTIN_TYPES.has(word)) imports.type("./types.js", word);
  }
  return expr;
}

const BUILTIN_TYPES = new Set(["string", "number", "boolean", "Date", "Uint8Array", "Record", "Array", "unknown"]);

function rtType(ctx: ServiceContext, imports: Imports, name: string): string {
  return imports.type(ctx.runtimeImport, name);
}

function structSerializer(ctx: ServiceContext, name: string, imports: Imports): string[] {
  const typeName = ctx.typeName(name);
  imports.type("./types.js", typeName);
  const JsonObject = rtType(ctx, imports, "JsonObject");
  const members = ctx.members(name);
  const doc = `/** Writes \`${typeName}\` as wire JSON. */`;
  if (members.length === 0) {
    return [doc, `export function se_${typeName}(_value: ${typeName}): ${JsonObject} {`, "  return {};", "}"];
  }
  const lines = [doc, `export function se_${typeName}(v: ${typeName}): ${JsonObject} {`, `  const w: ${JsonObject} = {};`];
  for (const m of members) {
    const read = propertyAccess("v", m.name);
    if (m.ref.idempotencyToken && m.shape.type === "string") {
      // The SDKs fill idempotency tokens so that a retried call is recognised
      // by the service as the same request.
      lines.push(`  ${assign(m, `${read} ?? ${imports.value(ctx.runtimeImport, "idempotencyToken")}()`, imports, ctx)}`);
      continue;
    }
    lines.push(`  if (${read} != null) ${assign(m, serializeValue(ctx, m.ref, read, imports), imports, ctx)}`);
  }
  lines.push("  return w;", "}");
  return lines;
}

function assign(m: MemberInfo, value: string, imports: Imports, ctx: ServiceContext): string {
  // `__proto__` would set the prototype, and inherited names are typed as
  // `Object.prototype`'s functions: both are written as plain own entries.
  if (INHERITED_NAMES.has(m.wireName)) return `${imports.value(ctx.runtimeImport, "setEntry")}(w, ${JSON.stringify(m.wireName)}, ${value});`;
  return `${propertyAccess("w", m.wireName)} = ${value};`;
}

function structDeserializer(ctx: ServiceContext, name: string, imports: Imports): string[] {
  const typeName = ctx.typeName(name);
  const JsonObject = rtType(ctx, imports, "JsonObject");
  const members = ctx.members(name);
  const shape = ctx.shape(name);
  const doc = `/** Reads \`${typeName}\` from wire JSON. */`;
  if (members.length === 0) {
    return [doc, `export function de_${typeName}(_wire: ${JsonObject}): ${typeName} {`, "  return {};", "}"];
  }
  const lines = [doc, `export function de_${typeName}(w: ${JsonObject}): ${typeName} {`];
  if (shape.union || members.length >= KEY_DRIVEN_MEMBERS) return [...lines, ...keyDrivenBody(ctx, typeName, members, shape.union === true, imports), "}"];
  lines.push(`  const v = {} as ${typeName};`);
  for (const m of members) {
    const read = wireRead(ctx, "w", m.wireName, imports);
    lines.push(`  if (${read} != null) ${propertyAccess("v", m.name)} = ${deserializeValue(ctx, m.ref, read, imports, true)};`);
  }
  lines.push("  return v;", "}");
  return lines;
}

/**
 * From this many members on, a deserializer walks the keys the wire object
 * has instead of probing for every member it might have: an attribute value
 * holds one of ten members, a table description a dozen of thirty. Probing
 * costs a lookup per member per object; the walk costs one per key present.
 */
const KEY_DRIVEN_MEMBERS = 6;

/**
 * `for (const k in w) switch (k) ...`: only own keys are seen (objects from
 * `JSON.parse` have no inherited enumerable ones), so names like
 * `constructor` need no special read. A union returns at its member.
 *
 * Every reader starts from one `{}` and sets members on it, unions too: one
 * object literal per member kind instead (`return { s: x }`) measured up to
 * 1.5x slower on a 100-item Query, because V8 then sometimes decides to
 * allocate those objects straight into the old generation (allocation-site
 * pretenuring), which makes every collection dearer.
 */
function keyDrivenBody(ctx: ServiceContext, typeName: string, members: readonly MemberInfo[], union: boolean, imports: Imports): string[] {
  // A union's members cannot be written one by one through the union type.
  const lines = [union ? "  const v: Record<string, unknown> = {};" : `  const v = {} as ${typeName};`];
  lines.push("  for (const k in w) {", "    const x = w[k];", "    if (x == null) continue;", "    switch (k) {");
  for (const m of members) {
    const value = deserializeValue(ctx, m.ref, "x", imports, true);
    const end = union ? `return v as ${typeName};` : "break;";
    lines.push(`      case ${JSON.stringify(m.wireName)}:`, `        ${propertyAccess("v", m.name)} = ${value};`, `        ${end}`);
  }
  lines.push("    }", "  }", union ? `  return v as ${typeName};` : "  return v;");
  return lines;
}

function collectionSerializers(ctx: ServiceContext, name: string, imports: Imports): string[] {
  const shape = ctx.shape(name);
  const typeName = ctx.typeName(name);
  imports.type("./types.js", typeName);
  const JsonValue = rtType(ctx, imports, "JsonValue");
  const JsonObject = rtType(ctx, imports, "JsonObject");
  if (shape.type === "list") {
    const ref = shape.member!;
    return [
      `/** Writes \`${typeName}\` as wire JSON. */`,
      `export function se_${typeName}(v: ${typeName}): ${JsonValue}[] {`,
      `  return v.map((x) => ${serializeValue(ctx, ref, "x", imports)});`,
      "}",
      "",
      `/** Reads \`${typeName}\` from wire JSON. */`,
      // A null element stays null, as in lists passed through unconverted, instead of failing the whole response.
      `export function de_${typeName}(w: ${JsonValue}[]): ${typeName} {`,
      `  return w.map((x) => (x == null ? x : ${deserializeValue(ctx, ref, "x", imports, true)})) as ${typeName};`,
      "}",
    ];
  }
  const ref = shape.value!;
  const setEntry = imports.value(ctx.runtimeImport, "setEntry");
  const valueType = typeRef(ctx, ref.shape, imports);
  return [
    `/** Writes \`${typeName}\` as wire JSON; keys are copied as they are. */`,
    `export function se_${typeName}(v: ${typeName}): ${JsonObject} {`,
    `  const w: ${JsonObject} = {};`,
    "  for (const k in v) {",
    "    const x = v[k];",
    `    if (x != null) ${setEntry}(w, k, ${serializeValue(ctx, ref, "x", imports)});`,
    "  }",
    "  return w;",
    "}",
    "",
    `/** Reads \`${typeName}\` from wire JSON. */`,
    `export function de_${typeName}(w: ${JsonObject}): ${typeName} {`,
    `  const v: Record<string, ${valueType}> = {};`,
    "  for (const k in w) {",
    "    const x = w[k];",
    `    if (x != null) ${setEntry}(v, k, ${deserializeValue(ctx, ref, "x", imports, true)});`,
    "  }",
    "  return v;",
    "}",
  ];
}

/** The expression that reads a value of `ref`'s shape from the `JsonReader` `r`. */
function readValue(ctx: ServiceContext, ref: ShapeRef, imports: Imports): string {
  const shape = ctx.shape(ref.shape);
  const rt = (name: string) => imports.value(ctx.runtimeImport, name);
  switch (shape.type) {
    case "structure":
      return shape.document ? "r.value()" : `rd_${ctx.typeName(ref.shape)}(r)`;
    case "list":
    case "map":
      return `rd_${ctx.typeName(ref.shape)}(r)`;
    case "blob":
      return `${rt("fromBase64")}(r.string())`;
    case "timestamp":
      return `${rt("readTimestamp")}(r)`;
    case "float":
    case "double":
      return `${rt("readDouble")}(r)`;
    case "boolean":
      return "r.boolean()";
    case "integer":
    case "long":
      return "r.number()";
    case "string":
      return shape.enum ? `r.string() as ${typeRef(ctx, ref.shape, imports)}` : "r.string()";
    default:
      return `r.value() as ${typeRef(ctx, ref.shape, imports)}`;
  }
}

/**
 * `rd_X`: reads shape `name` from response text, giving exactly what
 * `de_X(JSON.parse(text))` gives for the same text. Where the JSON path would
 * keep something the typed value cannot hold (a null inside a list, a member
 * of the wrong type), the reader throws instead and `textReader` takes the
 * JSON path. A union keeps its first member, as `de_X` does.
 */
function textReader(ctx: ServiceContext, name: string, imports: Imports): string[] {
  const shape = ctx.shape(name);
  const typeName = imports.type("./types.js", ctx.typeName(name));
  const JsonReader = rtType(ctx, imports, "JsonReader");
  const doc = `/** Reads \`${typeName}\` straight from response text. */`;
  const open = `export function rd_${typeName}(r: ${JsonReader}): ${typeName} {`;
  if (shape.type === "list") {
    const element = readValue(ctx, shape.member!, imports);
    return [doc, open, `  const v: ${typeName} = [];`, `  if (r.firstItem()) do v.push(${element}); while (r.nextItem());`, "  return v;", "}"];
  }
  if (shape.type === "map") {
    const setEntry = imports.value(ctx.runtimeImport, "setEntry");
    // `de_X` drops null entries of maps it converts and keeps them in maps it passes through.
    const skipNull = ctx.converts(name) ? "    if (r.isNull()) continue;" : undefined;
    return [
      doc,
      open,
      `  const v: Record<string, ${typeRef(ctx, shape.value!.shape, imports)}> = {};`,
      "  for (let k = r.firstKey(); k !== undefined; k = r.nextKey()) {",
      ...(skipNull ? [skipNull] : []),
      `    ${setEntry}(v, k, ${readValue(ctx, shape.value!, imports)});`,
      "  }",
      "  return v;",
      "}",
    ];
  }
  const members = ctx.members(name);
  if (members.length === 0) return [doc, open, "  r.skip();", "  return {};", "}"];
  const union = shape.union === true;
  const lines = [doc, open, union ? "  const v: Record<string, unknown> = {};" : `  const v = {} as ${typeName};`];
  if (union) lines.push("  let found = false;");
  lines.push("  for (let k = r.firstKey(); k !== undefined; k = r.nextKey()) {", "    if (r.isNull()) continue;");
  if (union) lines.push("    if (found) {", "      r.skip();", "      continue;", "    }");
  lines.push("    switch (k) {");
  for (const m of members) {
    lines.push(`      case ${JSON.stringify(m.wireName)}:`, `        ${propertyAccess("v", m.name)} = ${readValue(ctx, m.ref, imports)};`);
    if (union) lines.push("        found = true;");
    lines.push("        break;");
  }
  lines.push("      default:", "        r.skip();", "    }", "  }", union ? `  return v as ${typeName};` : "  return v;", "}");
  return lines;
}

/**
 * `read_X`: the body reader the typed method passes to `call` for output
 * `name`: the text reader where there is one, else `de_X` of the JSON. Both
 * report a body that does not fit the output as a `SyntaxError`, which the
 * client turns into an `InvalidResponseError` naming the operation.
 * Built by a call at module level, so marked pure: a bundle keeps only the
 * readers of the operations it calls.
 */
function bodyReader(ctx: ServiceContext, name: string, imports: Imports): string[] {
  const typeName = ctx.typeName(name);
  if (!ctx.readsText(name)) {
    return [
      `/** Reads a \`${typeName}\` response body as JSON through \`de_${typeName}\`. */`,
      `export const read_${typeName} = /* @__PURE__ */ ${imports.value(ctx.runtimeImport, "jsonReader")}(de_${typeName});`,
    ];
  }
  return [
    `/** Reads a \`${typeName}\` response body: in one pass over the text, else as JSON through \`de_${typeName}\`. */`,
    `export const read_${typeName} = /* @__PURE__ */ ${imports.value(ctx.runtimeImport, "textReader")}(rd_${typeName}, de_${typeName});`,
  ];
}
