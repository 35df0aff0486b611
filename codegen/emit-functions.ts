/**
 * `functions.ts`: one exported function per operation, named like the
 * client method and taking the bare client first:
 * `getItem(client, input, options?)`. Each validates its input, serializes
 * it, sends it with the operation's target, reads the output with the
 * operation's body reader, and maps errors with the operation's own
 * exception classes. A function refers to nothing of another operation, so
 * a bundler drops every operation an app does not import.
 */
import { operationDoc, signature } from "./emit-client.js";
import type { OperationInfo, ServiceContext } from "./context.js";
import { Imports, file, header } from "./writer.js";

/** Emits `functions.ts` for one service. */
export function emitFunctions(ctx: ServiceContext): string {
  const imports = new Imports();
  const CallOptions = imports.type(ctx.runtimeImport, "CallOptions");
  const ResponseMetadata = imports.type(ctx.runtimeImport, "ResponseMetadata");
  const client = imports.type("./client.js", ctx.bareClientName);
  const body: string[] = [];
  for (const op of ctx.operations) body.push(...operationFunction(ctx, op, imports, { CallOptions, ResponseMetadata, client }), "");
  body.pop();
  return file(header(ctx), imports.render(), body.join("\n"));
}

function operationFunction(
  ctx: ServiceContext,
  op: OperationInfo,
  imports: Imports,
  names: { CallOptions: string; ResponseMetadata: string; client: string },
): string[] {
  const { inputParam, returns } = signature(ctx, op, imports, names.ResponseMetadata);
  const assertValid = imports.value(ctx.runtimeImport, "assertValid");
  let validate: string;
  let wire: string;
  if (op.input === undefined) {
    validate = `${assertValid}(${JSON.stringify(op.method)}, input);`;
    wire = "{}";
  } else {
    const typeName = ctx.typeName(op.input);
    const validator = ctx.validatesInside(op.input) ? `, ${imports.value("./validate.js", `validate_${typeName}`)}` : "";
    validate = `${assertValid}(${JSON.stringify(op.method)}, input${validator});`;
    wire = `${imports.value("./serde.js", `se_${typeName}`)}(input)`;
  }
  const prefix = hostPrefixOf(op);
  // The output's body reader (see emit-serde): straight from the text where it holds unions, else through its JSON.
  const reader = op.output !== undefined ? imports.value("./serde.js", `read_${ctx.typeName(op.output)}`) : "undefined";
  const errors = op.errors.length > 0 ? imports.value("./operations.js", `errors_${op.name}`) : "undefined";
  const args = [JSON.stringify(op.name), wire, "options", prefix ? JSON.stringify(prefix) : "undefined", reader, errors];
  while (args.length > 3 && args[args.length - 1] === "undefined") args.pop();
  const call = `await client.call(${args.join(", ")})`;
  return [
    ...operationDoc(ctx, op, "", [`@param client The client to send with: a \`${ctx.bareClientName}\`, or a \`${ctx.clientName}\`.`]),
    `export async function ${op.fn}(client: ${names.client}, ${inputParam}, options?: ${names.CallOptions}): Promise<${returns}> {`,
    `  ${validate}`,
    op.output === undefined ? `  const { $metadata } = ${call};` : `  const { output, $metadata } = ${call};`,
    op.output === undefined ? "  return { $metadata };" : "  return { ...output, $metadata };",
    "}",
  ];
}

/**
 * The model's `endpoint.hostPrefix` (`data-`), prepended to the endpoint's
 * host by the runtime. A prefix with `{label}`s bound to input members exists
 * in no JSON-protocol model today; rather than send such a call to the wrong
 * host, the generator refuses it.
 */
export function hostPrefixOf(op: OperationInfo): string | undefined {
  const prefix = op.operation.endpoint?.hostPrefix;
  if (prefix?.includes("{")) throw new Error(`${op.name}: host prefixes with labels (${prefix}) are not supported`);
  return prefix || undefined;
}
