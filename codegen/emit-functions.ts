/**
 * `functions.ts`: one exported function per operation, named like the
 * client method and taking the bare client first:
 * `getItem(client, input, options?)`. Each validates its input, serializes
 * it, sends it with the operation's target, reads the output with the
 * operation's body reader, and maps errors with the operation's own
 * exception classes. A function refers to nothing of another operation, so
 * a bundler drops every operation an app does not import.
 *
 * An operation whose host prefix has labels (`{AccountId}.data-`) checks
 * the members bound to them as host labels with the rest of its input, and
 * sends to the prefix filled from them.
 *
 * An operation with endpoint rule parameters of its own (the model's
 * `staticContextParams`) passes its descriptor's constant of them
 * (`endpoint_SearchVectors`) to `call`, which sends it to the endpoint the
 * rules give for them.
 */
import { operationDoc, signature } from "./emit-client.js";
import type { MemberInfo, OperationInfo, ServiceContext } from "./context.js";
import { UnsupportedModelError } from "./model.js";
import { propertyAccess } from "./naming.js";
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
  const prefix = hostPrefixOf(ctx, op);
  const before: string[] = [];
  let validate: string;
  let wire: string;
  if (op.input === undefined) {
    validate = `${assertValid}(${JSON.stringify(op.method)}, input);`;
    wire = "{}";
  } else {
    const typeName = ctx.typeName(op.input);
    const shapeValidator = ctx.validatesInside(op.input) ? imports.value("./validate.js", `validate_${typeName}`) : undefined;
    let validator = shapeValidator;
    if (prefix && prefix.labels.length > 0) {
      // The host labels are checked with the rest of the input, so one error lists every problem.
      validator = `checkHost_${op.name}`;
      const checkHostLabel = imports.value(ctx.runtimeImport, "checkHostLabel");
      before.push(
        `/** \`${op.fn}\`'s input: its shape's constraints, and the labels of its host prefix \`${prefix.template}\`. */`,
        `function ${validator}(value: ${imports.type("./types.js", typeName)}, problems: ${imports.type(ctx.runtimeImport, "ValidationProblem")}[]): void {`,
        ...(shapeValidator ? [`  ${shapeValidator}(value, problems);`] : []),
        ...prefix.labels.map(
          (m) => `  ${checkHostLabel}(problems, ${JSON.stringify(m.name)}, ${propertyAccess("value", m.name)}${m.required ? "" : ", true"});`,
        ),
        "}",
        "",
      );
    }
    // Where the input holds something the service's own checks read, the client may turn them off.
    const serviceChecks = validator && ctx.reachesChecks(op.input) ? ", client.config.checkExpressions" : "";
    validate = `${assertValid}(${JSON.stringify(op.method)}, input${validator ? `, ${validator}` : ""}${serviceChecks});`;
    wire = `${imports.value("./serde.js", `se_${typeName}`)}(input)`;
  }
  // The host prefix as an expression: the template, or its pieces joined with the (checked) label members.
  const hostPrefix = prefix
    ? prefix.pieces
        .map((piece) => (typeof piece === "string" ? JSON.stringify(piece) : propertyAccess("input", piece.name)))
        .join(" + ")
    : "undefined";
  // The output's body reader (see emit-serde): straight from the text where it holds unions, else through its JSON.
  const reader = op.output !== undefined ? imports.value("./serde.js", `read_${ctx.typeName(op.output)}`) : "undefined";
  const errors = op.errors.length > 0 ? imports.value("./operations.js", `errors_${op.name}`) : "undefined";
  const endpointParams = endpointParamsOf(op) ? imports.value("./operations.js", `endpoint_${op.name}`) : "undefined";
  const args = [JSON.stringify(op.name), wire, "options", hostPrefix, reader, errors, endpointParams];
  while (args.length > 3 && args[args.length - 1] === "undefined") args.pop();
  const call = `await client.call(${args.join(", ")})`;
  return [
    ...before,
    ...operationDoc(ctx, op, "", [`@param client The client to send with: a \`${ctx.bareClientName}\`, or a \`${ctx.clientName}\`.`]),
    `export async function ${op.fn}(client: ${names.client}, ${inputParam}, options?: ${names.CallOptions}): Promise<${returns}> {`,
    `  ${validate}`,
    op.output === undefined ? `  const { $metadata } = ${call};` : `  const { output, $metadata } = ${call};`,
    op.output === undefined ? "  return { $metadata };" : "  return { ...output, $metadata };",
    "}",
  ];
}

/** An operation's host prefix: the model's `endpoint.hostPrefix`, put in front of the endpoint's host. */
export interface HostPrefix {
  /** The model's template, e.g. `data-` or `{AccountId}.data-`. */
  readonly template: string;
  /** The template as literal text and the input members its `{label}`s name, in order. */
  readonly pieces: readonly (string | MemberInfo)[];
  /** The input members bound to labels, each once. */
  readonly labels: readonly MemberInfo[];
}

/**
 * The model's `endpoint.hostPrefix` of `op`, if it has one. A `{Label}` names
 * a member of the operation's input marked `hostLabel` (by its model name, as
 * botocore fills it); its value is checked as a host label and put in its
 * place. A label that names anything else, or a stray brace, is a model the
 * generator cannot send correctly, and it refuses it.
 */
export function hostPrefixOf(ctx: ServiceContext, op: OperationInfo): HostPrefix | undefined {
  const template = op.operation.endpoint?.hostPrefix;
  if (!template) return undefined;
  const pieces: (string | MemberInfo)[] = [];
  const labels: MemberInfo[] = [];
  const members = op.input === undefined ? [] : ctx.members(op.input);
  const refuse = (why: string) => new UnsupportedModelError(`${op.name}: host prefix ${JSON.stringify(template)}: ${why}`);
  for (const part of template.split(/(\{[^{}]*\})/)) {
    if (part === "") continue;
    if (!part.startsWith("{")) {
      if (/[{}]/.test(part)) throw refuse("unbalanced braces");
      pieces.push(part);
      continue;
    }
    const label = part.slice(1, -1);
    const member = members.find((m) => m.modelName === label);
    if (!member || member.ref.hostLabel !== true) throw refuse(`{${label}} names no member of the input marked hostLabel`);
    if (member.shape.type !== "string") throw refuse(`{${label}} is bound to a ${member.shape.type}, not a string`);
    pieces.push(member);
    if (!labels.includes(member)) labels.push(member);
  }
  return { template, pieces, labels };
}

/**
 * The endpoint rule parameters `op` always sets (the model's
 * `staticContextParams`), sorted by name so that equal sets are equal JSON,
 * or undefined when it sets none.
 */
export function endpointParamsOf(op: OperationInfo): Readonly<Record<string, string | boolean | readonly string[]>> | undefined {
  const statics = op.operation.staticContextParams;
  if (!statics || Object.keys(statics).length === 0) return undefined;
  return Object.fromEntries(Object.keys(statics).sort().map((name) => [name, statics[name]!.value]));
}
