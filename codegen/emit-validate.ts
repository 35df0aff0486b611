/**
 * `validate.ts`: one `validate_X` per shape whose inside has constraints:
 * required members, string and blob length, list and map size, numeric
 * range, portable patterns, and one member per union. Every problem is
 * pushed to one list (the runtime throws them together); shapes without
 * constraints anywhere inside are never walked, so large items cost nothing.
 */
import type { ServiceContext } from "./context.js";
import { propertyAccess } from "./naming.js";
import { Imports, file, header } from "./writer.js";

/** Emits `validate.ts` for one service. */
export function emitValidate(ctx: ServiceContext): string {
  const imports = new Imports();
  const patterns = new Map<string, string>();
  const body: string[] = [];
  for (const name of ctx.namedShapes) {
    if (!ctx.isInput(name) || !ctx.validatesInside(name)) continue;
    body.push(...validator(ctx, name, imports, patterns), "");
  }
  const patternLines = [...patterns].map(([shape, literal]) => `const ${patternConst(shape)} = ${literal};`);
  return file(
    header(ctx),
    "// Input validation from the model's constraints; see `assertValid` in the runtime.",
    imports.render(),
    patternLines.length > 0 ? ["// Model patterns that mean the same in JavaScript (see codegen/patterns.ts).", ...patternLines] : "",
    body.join("\n").trimEnd(),
  );
}

function patternConst(shape: string): string {
  return `PATTERN_${shape.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function validator(ctx: ServiceContext, name: string, imports: Imports, patterns: Map<string, string>): string[] {
  const shape = ctx.shape(name);
  const typeName = imports.type("./types.js", ctx.typeName(name));
  const Problem = imports.type(ctx.runtimeImport, "ValidationProblem");
  const rt = (n: string) => imports.value(ctx.runtimeImport, n);
  const lines = [`export function validate_${typeName}(v: ${typeName}, path: string, problems: ${Problem}[]): void {`];
  const checks = (shapeName: string, expr: string, seg: string, indent: string) =>
    valueChecks(ctx, shapeName, expr, seg, imports, patterns).map((l) => indent + l);

  if (shape.type === "structure") {
    const members = ctx.members(name);
    if (shape.union) {
      lines.push(`  ${rt("checkUnion")}(problems, path, Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] != null));`);
    }
    for (const m of members) {
      const read = propertyAccess("v", m.name);
      const seg = JSON.stringify(m.name);
      const inner = checks(m.ref.shape, read, seg, "    ");
      if (m.required) {
        lines.push(`  if (${read} == null) ${rt("missing")}(problems, path, ${seg});`);
        if (inner.length === 1) lines.push(`  else ${inner[0]!.trim()}`);
        else if (inner.length > 1) lines.push("  else {", ...inner, "  }");
      } else if (inner.length === 1) {
        lines.push(`  if (${read} != null) ${inner[0]!.trim()}`);
      } else if (inner.length > 1) {
        lines.push(`  if (${read} != null) {`, ...inner, "  }");
      }
    }
  } else if (shape.type === "list") {
    lines.push(
      "  for (let i = 0; i < v.length; i++) {",
      "    const x = v[i];",
      "    if (x == null) continue;",
      ...checks(shape.member!.shape, "x", "`[${i}]`", "    "),
      "  }",
    );
  } else if (shape.type === "map") {
    lines.push("  for (const k in v) {", `    const seg = ${rt("keySegment")}(k);`);
    lines.push(...checks(shape.key!.shape, "k", "seg", "    "));
    const valueChecks = checks(shape.value!.shape, "x", "seg", "    ");
    if (valueChecks.length > 0) lines.push("    const x = v[k];", "    if (x == null) continue;", ...valueChecks);
    lines.push("  }");
  }
  lines.push("}");
  return lines;
}

/** Statements checking one value found at (`path`, `seg`): its own constraint, then its inside. */
function valueChecks(
  ctx: ServiceContext,
  shapeName: string,
  expr: string,
  seg: string,
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
          out.push(`${rt("checkLength")}(problems, path, ${seg}, ${expr}, ${bound(shape.min, true)}, ${bound(shape.max, false)});`);
        }
        if (shape.type === "string") {
          const literal = ctx.pattern(shapeName);
          if (literal) {
            patterns.set(shapeName, literal);
            out.push(`${rt("checkPattern")}(problems, path, ${seg}, ${expr}, ${patternConst(shapeName)});`);
          }
        }
        break;
      case "list":
      case "map":
        out.push(`${rt("checkSize")}(problems, path, ${seg}, ${expr}, ${bound(shape.min, true)}, ${bound(shape.max, false)});`);
        break;
      default:
        out.push(`${rt("checkRange")}(problems, path, ${seg}, ${expr}, ${bound(shape.min, false)}, ${bound(shape.max, false)});`);
    }
  }
  if (ctx.validatesInside(shapeName)) {
    out.push(`validate_${ctx.typeName(shapeName)}(${expr}, ${rt("joinPath")}(path, ${seg}), problems);`);
  }
  return out;
}
