/**
 * `errors.ts`: the service's base exception, one class per modeled error
 * shape carrying its modeled members, and the `ErrorFactory` the runtime
 * calls to turn an error code from the wire into one of them.
 */
import type { ServiceContext } from "./context.js";
import { docComment, htmlToMarkdown, prose } from "./docs.js";
import { deserializeValue, typeRef, wireRead } from "./emit-serde.js";
import { propertyAccess, propertyKey } from "./naming.js";
import { Imports, file, header } from "./writer.js";

/** Emits `errors.ts` for one service. */
export function emitErrors(ctx: ServiceContext): string {
  const imports = new Imports();
  const rtValue = (n: string) => imports.value(ctx.runtimeImport, n);
  const rtType = (n: string) => imports.type(ctx.runtimeImport, n);
  const base = ctx.baseException;
  const ServiceException = rtValue("ServiceException");
  const Options = rtType("ServiceExceptionOptions");
  const body: string[] = [
    ...docComment(
      prose(
        `The base of every error ${ctx.clientName} answers with. \`name\` is the error code, so errors the model does ` +
          `not know (added to the service later) still arrive as a \`${base}\` named by their code.`,
      ),
    ),
    `export class ${base} extends ${ServiceException} {`,
    `  constructor(options: ${Options}) {`,
    "    super(options);",
    "  }",
    "}",
  ];

  for (const shapeName of ctx.exceptions) {
    body.push("", ...errorClass(ctx, shapeName, imports));
  }

  const ErrorFactory = rtType("ErrorFactory");
  body.push(
    "",
    ...docComment(
      prose(
        "Builds the exception for an error response: the modeled class for a known code, else the base " +
          "exception named by the code. The runtime calls it with the code it read from the response.",
      ),
    ),
    `export const errorFactory: ${ErrorFactory} = (code, body, context) => {`,
    "  switch (code) {",
  );
  for (const shapeName of ctx.exceptions) {
    const codes = new Set([shapeName, ctx.shape(shapeName).error?.code].filter((c): c is string => !!c));
    for (const code of [...codes].sort()) body.push(`    case ${JSON.stringify(code)}:`);
    body.push(`      return new ${ctx.className(shapeName)}(body, context);`);
  }
  body.push(
    "    default:",
    `      return new ${base}({ name: code, message: context.message, $fault: context.fault, $metadata: context.$metadata });`,
    "  }",
    "};",
  );
  // The same mapping as a table, for the client's raw `send`: by every code that selects a class.
  // A code two shapes claim (CloudWatch's `ResourceNotFound`) selects the first, as in the switch.
  const byCode = new Map<string, string>();
  for (const shapeName of ctx.exceptions) {
    const codes = new Set([shapeName, ctx.shape(shapeName).error?.code].filter((c): c is string => !!c));
    for (const code of codes) if (!byCode.has(code)) byCode.set(code, ctx.className(shapeName));
  }
  const entries = [...byCode];
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  body.push(
    "",
    ...docComment(
      prose(
        "Every modeled exception class by the error code that selects it, as `errorFactory` maps them. " +
          `\`${ctx.clientName}\`'s raw \`send\` builds any of them in wire form through it (see \`wireErrors\`).`,
      ),
    ),
    `export const errorClasses: ${rtType("ModeledErrors")} = {`,
    ...entries.map(([code, className]) => (code === className ? `  ${className},` : `  ${JSON.stringify(code)}: ${className},`)),
    "};",
  );
  return file(header(ctx), imports.render(), body.join("\n"));
}

/** The type of a member's wire JSON: an object for structures and maps, an array for lists, else any JSON value. */
function wireTypeOf(ctx: ServiceContext, shape: string, imports: Imports): string {
  const type = ctx.shape(shape).type;
  if (type === "structure" || type === "map") return imports.type(ctx.runtimeImport, "JsonObject");
  return `${imports.type(ctx.runtimeImport, "JsonValue")}${type === "list" ? "[]" : ""}`;
}

function errorClass(ctx: ServiceContext, shapeName: string, imports: Imports): string[] {
  const shape = ctx.shape(shapeName);
  const className = ctx.className(shapeName);
  const JsonObject = imports.type(ctx.runtimeImport, "JsonObject");
  const ErrorContext = imports.type(ctx.runtimeImport, "ErrorContext");
  // The model says whose fault it is when it knows (`fault` marks server
  // errors, `error.senderFault` client ones); otherwise the HTTP status decides.
  const fault = shape.fault ? `"server"` : shape.error?.senderFault ? `"client"` : "context.fault";
  const members = ctx.members(shapeName).filter((m) => m.name !== "message");
  const lines = [...docComment(htmlToMarkdown(shape.documentation)), `export class ${className} extends ${ctx.baseException} {`];
  for (const m of members) {
    lines.push(
      ...docComment(htmlToMarkdown(m.ref.documentation ?? m.shape.documentation), [], "  "),
      // `declare`: a member the response leaves out is absent, not an own `undefined`.
      `  declare readonly ${propertyKey(m.name)}?: ${typeRef(ctx, m.ref.shape, imports)};`,
    );
  }
  // Raw `send` and `sendOperation` set the members under their wire names, in wire form.
  for (const m of members.filter((m) => m.wireName !== m.name)) {
    const doc = `\`${m.name}\` as the service sent it, on errors thrown by \`${ctx.clientName}.send\` and \`sendOperation\` (wire JSON, like their outputs); the typed methods and functions set \`${m.name}\` instead.`;
    lines.push(...docComment(doc, [], "  "), `  declare readonly ${propertyKey(m.wireName)}?: ${wireTypeOf(ctx, m.ref.shape, imports)};`);
  }
  if (members.length > 0) lines.push("");
  lines.push(
    `  constructor(${members.length > 0 ? "body" : "_body"}: ${JsonObject}, context: ${ErrorContext}) {`,
    `    super({ name: ${JSON.stringify(shapeName)}, message: context.message, $fault: ${fault}, $metadata: context.$metadata });`,
  );
  for (const m of members) {
    const read = wireRead(ctx, "body", m.wireName, imports);
    lines.push(`    if (${read} != null) ${propertyAccess("this", m.name)} = ${deserializeValue(ctx, m.ref, read, imports, false)};`);
  }
  lines.push("  }", "}");
  return lines;
}
