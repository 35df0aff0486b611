/**
 * `validate.ts`: validators for every input shape whose inside has
 * constraints: required members, string and blob length, list and map size,
 * numeric range, portable patterns, and one member per union. Every problem
 * is pushed to one list (the runtime throws them together); shapes without
 * constraints anywhere inside are never walked. Paths are only built for
 * problems: see `nest` in the runtime.
 *
 * Each shape gets two validators from the same walk of the model:
 * `validate_X` over the typed form the client methods take (`tableName`,
 * `Uint8Array` blobs), and `validateWire_X` over the wire JSON that `send`
 * takes (`TableName`, base64 blobs). Problems are reported in the names the
 * caller wrote, and raw input is checked as it is, without first being
 * copied into the typed form.
 */
import type { MemberInfo, ServiceContext } from "./context.js";
import { wireRead } from "./emit-serde.js";
import { propertyAccess } from "./naming.js";
import { Imports, file, header } from "./writer.js";

/** Which form of the input a validator walks. */
interface Form {
  /** Whether this is the wire JSON (`send`) rather than the typed form. */
  readonly wire: boolean;
  /** Validator names: `validate_` + type name, or `validateWire_` + type name. */
  readonly prefix: string;
  /** The key a member is read by and reported at. */
  key(m: MemberInfo): string;
  /** Reads member `m` of `object`. */
  read(object: string, m: MemberInfo): string;
  /** The parameter type of a validator of `shape`. */
  param(shape: string): string;
  /** `expr` as the argument of the nested validator of `shape`. */
  arg(expr: string, shape: string): string;
}

/** Emits `validate.ts` for one service. */
export function emitValidate(ctx: ServiceContext): string {
  const imports = new Imports();
  const patterns = new Map<string, string>();
  const unions = new Map<string, string[]>();
  const shapes = ctx.namedShapes.filter((name) => ctx.isInput(name) && ctx.validatesInside(name));
  const typed: Form = {
    wire: false,
    prefix: "validate_",
    key: (m) => m.name,
    read: (object, m) => propertyAccess(object, m.name),
    param: (shape) => imports.type("./types.js", ctx.typeName(shape)),
    arg: (expr) => expr,
  };
  // Structures and maps are JSON objects on the wire, lists arrays.
  const wireType = (shape: string) =>
    ctx.shape(shape).type === "list" ? `${imports.type(ctx.runtimeImport, "JsonValue")}[]` : imports.type(ctx.runtimeImport, "JsonObject");
  const wire: Form = {
    wire: true,
    prefix: "validateWire_",
    key: (m) => m.wireName,
    read: (object, m) => wireRead(ctx, object, m.wireName, imports),
    param: wireType,
    arg: (expr, shape) => `${expr} as ${wireType(shape)}`,
  };
  const typedBody = shapes.flatMap((name) => [...validator(ctx, name, typed, imports, patterns, unions), ""]);
  const wireBody = shapes.flatMap((name) => [...validator(ctx, name, wire, imports, patterns, unions), ""]);
  const patternLines = [...patterns].map(([shape, literal]) => `const ${patternConst(shape)} = ${literal};`);
  const unionLines = [...unions].map(([shape, members]) => `const ${membersConst(shape)} = ${JSON.stringify(members)} as const;`);
  return file(
    header(ctx),
    "// Input validation from the model's constraints; see `assertValid` in the runtime.",
    imports.render(),
    patternLines.length > 0 ? ["// Model patterns that mean the same in JavaScript (see codegen/patterns.ts).", ...patternLines] : "",
    typedBody.join("\n").trimEnd(),
    unionLines.length > 0 ? ["// The wire names of each union's members, for telling a plain value from one of them.", ...unionLines] : "",
    wireBody.length > 0 ? ["// The same checks over wire JSON, for `send`: members by their wire names, blobs in base64."] : "",
    wireBody.join("\n").trimEnd(),
  );
}

function patternConst(shape: string): string {
  return `PATTERN_${shape.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function membersConst(shape: string): string {
  return `MEMBERS_${shape.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/**
 * Whether a union is DynamoDB's attribute value (by the model's shape name and
 * its type members), whose problems are shown with an example in its form.
 */
function isAttributeValue(ctx: ServiceContext, name: string): boolean {
  const wireNames = new Set(ctx.members(name).map((m) => m.wireName));
  return name === "AttributeValue" && ["S", "N", "BOOL", "NULL", "M", "L"].every((m) => wireNames.has(m));
}

/** Whether a list element or map value of this shape is checked even when null: a union on the wire, where null is no member. */
function checksNull(ctx: ServiceContext, shape: string, form: Form): boolean {
  return form.wire && ctx.shape(shape).union === true && ctx.validatesInside(shape);
}

function validator(
  ctx: ServiceContext,
  name: string,
  form: Form,
  imports: Imports,
  patterns: Map<string, string>,
  unions: Map<string, string[]>,
): string[] {
  const shape = ctx.shape(name);
  const typeName = ctx.typeName(name);
  const Problem = imports.type(ctx.runtimeImport, "ValidationProblem");
  const rt = (n: string) => imports.value(ctx.runtimeImport, n);
  const lines = [
    form.wire
      ? `/** Records every way \`${typeName}\` written as wire JSON breaks the model's constraints. */`
      : `/** Records every way \`${typeName}\` breaks the model's constraints. */`,
    `export function ${form.prefix}${typeName}(v: ${form.param(name)}, problems: ${Problem}[]): void {`,
  ];
  const checks = (shapeName: string, expr: string, seg: string, indent: string) =>
    valueChecks(ctx, shapeName, expr, seg, form, imports, patterns).map((l) => indent + l);

  if (form.wire) {
    // Raw JSON may hold anything: a plain value where an object, list or union belongs is
    // reported as such, and its inside not walked (a string's characters are no members).
    if (shape.type === "structure" && shape.union) {
      unions.set(name, ctx.members(name).map((m) => m.wireName));
      const example = isAttributeValue(ctx, name) ? `, ${rt("attributeValueExample")}` : "";
      lines.push(`  if (!${rt("checkWireUnion")}(problems, v, ${membersConst(name)}${example})) return;`);
    } else {
      lines.push(`  if (!${rt(shape.type === "list" ? "isWireList" : "isWireObject")}(problems, v)) return;`);
    }
  }
  if (shape.type === "structure") {
    if (shape.union && !form.wire) lines.push(`  ${rt("checkUnion")}(problems, v);`);
    for (const m of ctx.members(name)) {
      const read = form.read("v", m);
      const key = JSON.stringify(form.key(m));
      const inner = checks(m.ref.shape, read, key, "    ");
      if (m.required) {
        lines.push(`  if (${read} == null) ${rt("missing")}(problems, ${key});`);
        if (inner.length === 1) lines.push(`  else ${inner[0]!.trim()}`);
        else if (inner.length > 1) lines.push("  else {", ...inner, "  }");
      } else if (inner.length === 1) {
        lines.push(`  if (${read} != null) ${inner[0]!.trim()}`);
      } else if (inner.length > 1) {
        lines.push(`  if (${read} != null) {`, ...inner, "  }");
      }
    }
    for (const check of ctx.checksOf(name)) lines.push(`  ${imports.value(check.module, check.fn)}(v, problems, ${form.wire});`);
  } else if (shape.type === "list") {
    // Element problems are recorded at "" and then nested under the index.
    lines.push(
      "  for (let i = 0; i < v.length; i++) {",
      "    const x = v[i];",
      // JSON writes an undefined element as null: both are checked where null is no value.
      ...(checksNull(ctx, shape.member!.shape, form) ? [] : ["    if (x == null) continue;"]),
      "    const n = problems.length;",
      ...checks(shape.member!.shape, "x", '""', "    "),
      `    ${rt("nest")}(problems, n, i);`,
      "  }",
    );
  } else if (shape.type === "map") {
    const valueChecks = checks(shape.value!.shape, "x", '""', "      ");
    lines.push("  for (const k in v) {", "    const n = problems.length;", ...checks(shape.key!.shape, "k", '""', "    "));
    // JSON leaves out an undefined value, but writes null.
    const present = checksNull(ctx, shape.value!.shape, form) ? "x !== undefined" : "x != null";
    if (valueChecks.length > 0) lines.push("    const x = v[k];", `    if (${present}) {`, ...valueChecks, "    }");
    lines.push(`    ${rt("nestKey")}(problems, n, k);`, "  }");
  }
  lines.push("}");
  return lines;
}

/** Statements checking one value recorded at segment `seg`: its own constraint, then its inside. */
function valueChecks(
  ctx: ServiceContext,
  shapeName: string,
  expr: string,
  seg: string,
  form: Form,
  imports: Imports,
  patterns: Map<string, string>,
): string[] {
  const shape = ctx.shape(shapeName);
  const rt = (n: string) => imports.value(ctx.runtimeImport, n);
  const bound = (n: number | undefined, skipZero: boolean) => (n === undefined || (skipZero && n <= 0) ? "undefined" : String(n));
  const out: string[] = [];
  if (ctx.hasOwnConstraint(shapeName)) {
    switch (shape.type) {
      case "string":
      case "blob":
        if ((shape.min ?? 0) > 0 || shape.max !== undefined) {
          // On the wire a blob is base64 text, whose length is not the blob's.
          const check = form.wire && shape.type === "blob" ? "checkBase64Length" : "checkLength";
          out.push(`${rt(check)}(problems, ${seg}, ${expr}, ${bound(shape.min, true)}, ${bound(shape.max, false)});`);
        }
        if (shape.type === "string") {
          const literal = ctx.pattern(shapeName);
          if (literal) {
            patterns.set(shapeName, literal);
            out.push(`${rt("checkPattern")}(problems, ${seg}, ${expr}, ${patternConst(shapeName)});`);
          }
        }
        break;
      case "list":
      case "map":
        out.push(`${rt("checkSize")}(problems, ${seg}, ${expr}, ${bound(shape.min, true)}, ${bound(shape.max, false)});`);
        break;
      default: {
        // Non-finite floats travel as the strings "NaN", "Infinity" and "-Infinity".
        const value = form.wire && (shape.type === "float" || shape.type === "double") ? `${rt("fromWireDouble")}(${expr})` : expr;
        out.push(`${rt("checkRange")}(problems, ${seg}, ${value}, ${bound(shape.min, false)}, ${bound(shape.max, false)});`);
      }
    }
  }
  if (ctx.validatesInside(shapeName)) {
    const call = `${form.prefix}${ctx.typeName(shapeName)}(${form.arg(expr, shapeName)}, problems);`;
    // A member's inside is nested under the member's name; a list element or
    // map value (seg "") is nested by the enclosing loop.
    if (seg === '""') out.push(call);
    else out.push(`const n = problems.length;`, call, `${rt("nest")}(problems, n, ${seg});`);
  }
  return out;
}
