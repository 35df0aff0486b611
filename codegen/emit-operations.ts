/**
 * `operations.ts`: the table of every operation: its client method, its
 * `X-Amz-Target`, the exception classes it may throw, and the check of its
 * raw wire input used by `send`. Tools and tests read it; `send` dispatches
 * through it.
 */
import type { ServiceContext } from "./context.js";
import { docComment, prose } from "./docs.js";
import { Imports, file, header } from "./writer.js";

/** Emits `operations.ts` for one service. */
export function emitOperations(ctx: ServiceContext): string {
  const imports = new Imports();
  const JsonObject = imports.type(ctx.runtimeImport, "JsonObject");
  const assertValid = imports.value(ctx.runtimeImport, "assertValid");
  const body: string[] = [
    ...docComment(
      prose(
        `Every operation of ${ctx.clientName}, by its model name: the client method, the \`X-Amz-Target\` ` +
          "header, the exceptions it may throw, the model's `hostPrefix` and the input's idempotency token where " +
          "there are any, the body reader of raw outputs that hold unions (`readWire`), and `validateWire`, " +
          "which checks an input written as wire JSON against the same constraints as the typed method.",
      ),
    ),
    "export const operations = {",
  ];
  for (const op of ctx.operations) {
    const errors = op.errors.map((e) => imports.value("./errors.js", ctx.className(e)));
    // Raw input is checked as wire JSON, so problems name what the caller wrote (`UpdateItem: Key is required`).
    const validator =
      op.input !== undefined && ctx.validatesInside(op.input) ? `, ${imports.value("./validate.js", `validateWire_${ctx.typeName(op.input)}`)}` : "";
    const check = `${assertValid}(${JSON.stringify(op.name)}, input${validator})`;
    body.push(
      `  ${op.name}: {`,
      `    method: ${JSON.stringify(op.method)},`,
      `    target: ${JSON.stringify(op.target)},`,
      `    errors: [${errors.join(", ")}],`,
      ...(op.operation.endpoint?.hostPrefix ? [`    hostPrefix: ${JSON.stringify(op.operation.endpoint.hostPrefix)},`] : []),
      ...(op.idempotencyToken ? [`    idempotencyToken: ${JSON.stringify(op.idempotencyToken)},`] : []),
      // Outputs holding unions are item-heavy: read their raw JSON in one pass too (see emit-serde).
      ...(op.output !== undefined && ctx.readsText(op.output) ? [`    readWire: ${imports.value(ctx.runtimeImport, "readWireJson")},`] : []),
      `    validateWire: (input: ${JsonObject}): void => ${check},`,
      "  },",
    );
  }
  body.push("} as const;", "", "/** The model name of an operation, as `send` takes it. */", "export type OperationName = keyof typeof operations;");
  const skipped = ctx.skipped.map((s) => `// Not generated: ${s.name}: ${s.reason}.`);
  return file(header(ctx), imports.render(), skipped, body.join("\n"));
}
