/**
 * `types.ts`: a TypeScript type for every structure, union, list, map and
 * enum of the model. Scalars are written inline (`string`, `number`, `Date`,
 * `Uint8Array`) with their documentation on the member that uses them.
 */
import type { MemberInfo, ServiceContext } from "./context.js";
import { docComment, htmlToMarkdown } from "./docs.js";
import type { Shape, ShapeRef } from "./model.js";
import { propertyKey } from "./naming.js";
import { Imports, file, header } from "./writer.js";

/** Emits `types.ts` for one service. */
export function emitTypes(ctx: ServiceContext): string {
  const imports = new Imports();
  const body: string[] = [];
  for (const name of ctx.namedShapes) {
    const shape = ctx.shape(name);
    body.push(...emitShape(ctx, name, shape), "");
  }
  const text = body.join("\n");
  if (/\bJsonValue\b/.test(text)) imports.type(ctx.runtimeImport, "JsonValue");
  return file(header(ctx), imports.render(), text.trimEnd());
}

function emitShape(ctx: ServiceContext, name: string, shape: Shape): string[] {
  const typeName = ctx.typeName(name);
  const doc = docComment(htmlToMarkdown(shape.documentation), deprecation(shape));
  switch (shape.type) {
    case "string": {
      const values = [...shape.enum!].map((v) => JSON.stringify(v));
      // `string & {}` keeps the union open (a value added to the service later
      // must not fail to type or parse) while editors still offer the known ones.
      values.push("(string & {})");
      const oneLine = `export type ${typeName} = ${values.join(" | ")};`;
      if (oneLine.length <= 100) return [...doc, oneLine];
      return [...doc, `export type ${typeName} =`, ...values.map((v, i) => `  | ${v}${i === values.length - 1 ? ";" : ""}`)];
    }
    case "list":
    case "map": {
      let expr = ctx.typeExpr(name, []);
      // A map that holds itself directly cannot use `Record` (a circular alias).
      if (shape.type === "map" && new RegExp(`\\b${typeName}\\b`).test(expr)) {
        expr = `{ [key: string]: ${ctx.typeExpr(shape.value!.shape, [name])} }`;
      }
      return [...doc, `export type ${typeName} = ${expr};`];
    }
    case "structure":
      return shape.union ? emitUnion(ctx, typeName, ctx.members(name), doc) : emitInterface(ctx, typeName, ctx.members(name), doc);
    default:
      return [];
  }
}

function emitInterface(ctx: ServiceContext, typeName: string, members: readonly MemberInfo[], doc: string[]): string[] {
  if (members.length === 0) return [...doc, `export interface ${typeName} {}`];
  const lines = [...doc, `export interface ${typeName} {`];
  for (const m of members) {
    lines.push(...memberDoc(m), `  ${propertyKey(m.name)}${m.required ? "" : "?"}: ${ctx.typeExpr(m.ref.shape)};`);
  }
  lines.push("}");
  return lines;
}

/**
 * A union (`"union": true`): exactly one member is set. Each variant sets one
 * member and marks the others `?: never`, so `value.s` reads as
 * `string | undefined` on any variant and setting two members does not type.
 */
function emitUnion(ctx: ServiceContext, typeName: string, members: readonly MemberInfo[], doc: string[]): string[] {
  if (members.length === 0) return [...doc, `export type ${typeName} = Record<string, never>;`];
  const lines = [...doc, `export type ${typeName} =`];
  members.forEach((chosen, i) => {
    lines.push("  | {");
    for (const m of members) {
      if (m === chosen) lines.push(...memberDoc(m, "      "), `      ${propertyKey(m.name)}: ${ctx.typeExpr(m.ref.shape)};`);
      else lines.push(`      ${propertyKey(m.name)}?: never;`);
    }
    lines.push(i === members.length - 1 ? "    };" : "    }");
  });
  return lines;
}

function memberDoc(m: MemberInfo, indent = "  "): string[] {
  return docComment(htmlToMarkdown(m.ref.documentation ?? m.shape.documentation), deprecation(m.ref, m.shape), indent);
}

function deprecation(...sources: (Shape | ShapeRef)[]): string[] {
  const marked = sources.find((s) => s.deprecated);
  if (!marked) return [];
  return [marked.deprecatedMessage ? `@deprecated ${marked.deprecatedMessage.replace(/\s+/g, " ")}` : "@deprecated"];
}
