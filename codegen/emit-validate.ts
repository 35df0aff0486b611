/**
 * `validate.ts`: one `validate_X` per input shape whose inside has
 * constraints: required members, string and blob length, list and map size,
 * numeric range, portable patterns, and one member per union. Every problem
 * is pushed to one list (the runtime throws them together); shapes without
 * constraints anywhere inside are never walked. Paths are only built for
 * problems: see `nest` in the runtime.
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
  const lines = [
    `/** Records every way \`${typeName}\` breaks the model's constraints. */`,
    `export function validate_${typeName}(v: ${typeName}, problems: ${Problem}[]): void {`,
  ];
  const checks = (shapeName: string, expr: string, seg: string, indent: string) =>
    valueChecks(ctx, shapeName, expr, seg, imports, patterns).map((l) => indent + l);

  if (shape.type === "structure") {
    if (shape.union) lines.push(`  ${rt("checkUnion")}(problems, v);`);
    for (const m of ctx.members(name)) {
      const read = propertyAccess("v", m.name);
      const inner = checks(m.ref.shape, read, JSON.stringify(m.name), "    ");
      if (m.required) {
        lines.push(`  if (${read} == null) ${rt("missing")}(problems, ${JSON.stringify(m.name)});`);
        if (inner.length === 1) lines.push(`  else ${inner[0]!.trim()}`);
        else if (inner.length > 1) lines.push("  else {", ...inner, "  }");
      } else if (inner.length === 1) {
        lines.push(`  if (${read} != null) ${inner[0]!.trim()}`);
      } else if (inner.length > 1) {
        lines.push(`  if (${read} != null) {`, ...inner, "  }");
      }
    }
  } else if (shape.type === "list") {
    // Element problems are recorded at "" and then nested under the index.
    lines.push(
      "  for (let i = 0; i < v.length; i++) {",
      "    const x = v[i];",
      "    if (x == null) continue;",
      "    const n = problems.length;",
      ...checks(shape.member!.shape, "x", '""', "    "),
      `    ${rt("nest")}(problems, n, i);`,
      "  }",
    );
  } else if (shape.type === "map") {
    const valueChecks = checks(shape.value!.shape, "x", '""', "      ");
    lines.push("  for (const k in v) {", "    const n = problems.length;", ...checks(shape.key!.shape, "k", '""', "    "));
    if (valueChecks.length > 0) lines.push("    const x = v[k];", "    if (x != null) {", ...valueChecks, "    }");
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
          out.push(`${rt("checkLength")}(problems, ${seg}, ${expr}, ${bound(shape.min, true)}, ${bound(shape.max, false)});`);
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
      default:
        out.push(`${rt("checkRange")}(problems, ${seg}, ${expr}, ${bound(shape.min, false)}, ${bound(shape.max, false)});`);
    }
  }
  if (ctx.validatesInside(shapeName)) {
    const call = `validate_${ctx.typeName(shapeName)}(${expr}, problems);`;
    // A member's inside is nested under the member's name; a list element or
    // map value (seg "") is nested by the enclosing loop.
    if (seg === '""') out.push(call);
    else out.push(`const n = problems.length;`, call, `${rt("nest")}(problems, n, ${seg});`);
  }
  return out;
}
