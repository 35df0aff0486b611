/**
 * `operations.ts`: each operation as wire data, one export per operation
 * (`GetItem`): its model name (the `X-Amz-Target` suffix), the exception
 * classes it may throw by error code, its `hostPrefix`, endpoint rule
 * parameters, idempotency token and raw body reader where it has them, and
 * the check of its raw wire input; nothing derivable, since an app carries
 * the descriptor of every operation it sends. `sendOperation` sends wire JSON through
 * one of them; the `operations` table gathers them all for the client's raw
 * `send` and for tools and tests.
 */
import type { OperationInfo, ServiceContext } from "./context.js";
import { docComment, prose } from "./docs.js";
import { endpointParamsOf, hostPrefixOf } from "./emit-functions.js";
import { wireRead } from "./emit-serde.js";
import { Imports, file, header } from "./writer.js";

/** Emits `operations.ts` for one service. */
export function emitOperations(ctx: ServiceContext): string {
  const imports = new Imports();
  const rtType = (n: string) => imports.type(ctx.runtimeImport, n);
  const JsonObject = rtType("JsonObject");
  const BodyReader = rtType("BodyReader");
  const CallOptions = rtType("CallOptions");
  const ResponseMetadata = rtType("ResponseMetadata");
  const ModeledErrors = rtType("ModeledErrors");
  const routed = ctx.operations.some((op) => endpointParamsOf(op) !== undefined);
  const EndpointParams = routed ? rtType("EndpointParams") : "";
  const client = imports.type("./client.js", ctx.bareClientName);
  const idempotencyToken = imports.value(ctx.runtimeImport, "idempotencyToken");

  const body: string[] = [
    ...docComment(prose(`One operation of ${ctx.clientName} as wire data: what \`sendOperation\` and the client's raw \`send\` need.`)),
    "export interface WireOperation {",
    "  /** The model's name, e.g. `" + (ctx.operations[0]?.name ?? "Operation") + "`: the `X-Amz-Target` header is the service's target prefix, a dot and this name. */",
    "  readonly name: string;",
    "  /** The exception classes the model says the operation may throw, by the error code that selects each. */",
    `  readonly modeledErrors?: ${ModeledErrors};`,
    "  /**",
    "   * The model's `endpoint.hostPrefix`, put in front of the endpoint's host. A `{Label}` in it is filled",
    "   * from the input member of that wire name, which `validateWire` checks as a host label.",
    "   */",
    "  readonly hostPrefix?: string;",
    ...(routed
      ? [
          "  /** Endpoint rule parameters the operation sets (the model's `staticContextParams`): it goes to the endpoint the rules give for them. */",
          `  readonly endpointParams?: ${EndpointParams};`,
        ]
      : []),
    "  /** The wire name of the input's idempotency token, filled when unset so that a retried call is one request. */",
    "  readonly idempotencyToken?: string;",
    "  /** Reads a raw output holding unions in one pass over its text (see `readWireJson`). */",
    `  readonly readWire?: ${BodyReader}<${JsonObject}>;`,
    "  /**",
    "   * Checks an input written as wire JSON against the same constraints as the typed input;",
    "   * `serviceChecks` false skips the checks beyond the model (the client's `checkExpressions`).",
    "   */",
    `  readonly validateWire: (input: ${JsonObject}, serviceChecks?: boolean) => void;`,
    "}",
  ];

  for (const op of ctx.operations) body.push("", ...descriptor(ctx, op, imports, { JsonObject, ModeledErrors, EndpointParams }));
  // Only a service with labelled host prefixes fills them in; the others send the template as it is.
  const labelled = ctx.operations.some((op) => (hostPrefixOf(ctx, op)?.labels.length ?? 0) > 0);
  const hostPrefix = labelled ? `${imports.value(ctx.runtimeImport, "hostPrefixFor")}(operation.hostPrefix, input)` : "operation.hostPrefix";

  body.push(
    "",
    ...docComment(
      prose(
        `Every operation of ${ctx.clientName}, by its model name (see \`WireOperation\`). Only the client's raw \`send\` ` +
          "uses the whole table; importing it brings every operation's wire check into a bundle.",
      ),
    ),
    "export const operations = {",
    ...ctx.operations.map((op) => (op.descriptor === op.name ? `  ${op.name},` : `  ${JSON.stringify(op.name)}: ${op.descriptor},`)),
    "} as const;",
    "",
    "/** The model name of an operation, as `send` takes it. */",
    "export type OperationName = keyof typeof operations;",
    "",
    ...docComment(
      prose(
        "The model name of every operation, without their descriptors: for a layer that takes any operation by " +
          "name and sends the ones it has no descriptor for as they are (the document client's `send`), and for " +
          "suggesting the closest name to a misspelt one.",
      ),
    ),
    `export const operationNames: readonly OperationName[] = [${ctx.operations.map((op) => JSON.stringify(op.name)).join(", ")}];`,
    "",
    ...docComment(
      prose(
        "Calls one operation with its input and output as wire JSON, named as the AWS API reference names them: " +
          "checks the input against the same constraints as the typed function's, fills an unset idempotency token, " +
          "signs, retries and maps errors to the operation's exception classes, which carry their modeled members " +
          "under their wire names and in wire form (`err.Item`), as the output does. A bundle that sends through one " +
          "descriptor holds only that operation's check.",
      ),
      [
        "@param client The client to send with.",
        "@param operation The operation's descriptor, e.g. `" + (ctx.operations[0]?.descriptor ?? "Operation") + "`.",
        "@param input The request body as JSON.",
        "@param read Reads the text of a successful response in place of `JSON.parse`; see `BodyReader`.",
      ],
    ),
    `export async function sendOperation(`,
    `  client: ${client},`,
    "  operation: WireOperation,",
    `  input: ${JsonObject} = {},`,
    `  options?: ${CallOptions},`,
    `  read?: ${BodyReader}<${JsonObject}>,`,
    `): Promise<${JsonObject} & { $metadata: ${ResponseMetadata} }> {`,
    "  operation.validateWire(input, client.config.checkExpressions);",
    "  const token = operation.idempotencyToken;",
    `  const body = token !== undefined && input[token] == null ? { ...input, [token]: ${idempotencyToken}() } : input;`,
    `  const { output, $metadata } = await client.call(operation.name, body, options, ${hostPrefix}, read ?? operation.readWire, ${imports.value(ctx.runtimeImport, "wireErrors")}(operation.modeledErrors)${routed ? ", operation.endpointParams" : ""});`,
    "  // `$metadata` is not JSON, but a raw result is read as JSON everywhere else.",
    `  return { ...output, $metadata } as ${JsonObject} & { $metadata: ${ResponseMetadata} };`,
    "}",
  );
  const skipped = ctx.skipped.map((s) => `// Not generated: ${s.name}: ${s.reason}.`);
  return file(header(ctx), imports.render(), skipped, body.join("\n"));
}

function descriptor(
  ctx: ServiceContext,
  op: OperationInfo,
  imports: Imports,
  names: { JsonObject: string; ModeledErrors: string; EndpointParams: string },
): string[] {
  const lines: string[] = [];
  const endpointParams = endpointParamsOf(op);
  if (endpointParams) {
    lines.push(
      `/** The endpoint rule parameters \`${op.name}\` sets: its requests go to the endpoint the rules give for them. */`,
      `export const endpoint_${op.name}: ${names.EndpointParams} = ${JSON.stringify(endpointParams)};`,
      "",
    );
  }
  if (op.errors.length > 0) {
    // By every code that selects the class: the shape's name, and the model's `error.code` where it differs.
    const entries: string[] = [];
    for (const shapeName of op.errors) {
      const className = imports.value("./errors.js", ctx.className(shapeName));
      const codes = [...new Set([shapeName, ctx.shape(shapeName).error?.code].filter((c): c is string => !!c))].sort();
      for (const code of codes) entries.push(code === className ? className : `${JSON.stringify(code)}: ${className}`);
    }
    lines.push(
      `/** The exceptions \`${op.name}\` may throw, by error code. */`,
      `export const errors_${op.name}: ${names.ModeledErrors} = { ${entries.join(", ")} };`,
      "",
    );
  }
  // Raw input is checked as wire JSON, so problems name what the caller wrote (`UpdateItem: Key is required`).
  const shapeValidator =
    op.input !== undefined && ctx.validatesInside(op.input) ? imports.value("./validate.js", `validateWire_${ctx.typeName(op.input)}`) : undefined;
  let validator = shapeValidator;
  const prefix = hostPrefixOf(ctx, op);
  if (prefix && prefix.labels.length > 0) {
    // The members bound to host labels are checked with the rest of the wire input.
    validator = `checkHost_${op.name}`;
    const checkHostLabel = imports.value(ctx.runtimeImport, "checkHostLabel");
    lines.push(
      `/** \`${op.name}\`'s wire input: its shape's constraints, and the labels of its host prefix \`${prefix.template}\`. */`,
      `function ${validator}(input: ${names.JsonObject}, problems: ${imports.type(ctx.runtimeImport, "ValidationProblem")}[]): void {`,
      ...(shapeValidator ? [`  ${shapeValidator}(input, problems);`] : []),
      ...prefix.labels.map(
        (m) => `  ${checkHostLabel}(problems, ${JSON.stringify(m.wireName)}, ${wireRead(ctx, "input", m.wireName, imports)}${m.required ? "" : ", true"});`,
      ),
      "}",
      "",
    );
  }
  const checked = validator !== undefined && op.input !== undefined && ctx.reachesChecks(op.input);
  const check = `${imports.value(ctx.runtimeImport, "assertValid")}(${JSON.stringify(op.name)}, input${validator ? `, ${validator}` : ""}${checked ? ", serviceChecks" : ""})`;
  // Raw input is keyed by wire names, so the descriptor's labels are too.
  const template = prefix?.pieces.map((piece) => (typeof piece === "string" ? piece : `{${piece.wireName}}`)).join("");
  lines.push(
    `/** \`${op.name}\` as wire data, for \`sendOperation\`. */`,
    `export const ${op.descriptor} = {`,
    `  name: ${JSON.stringify(op.name)},`,
    ...(op.errors.length > 0 ? [`  modeledErrors: errors_${op.name},`] : []),
    ...(template ? [`  hostPrefix: ${JSON.stringify(template)},`] : []),
    ...(endpointParams ? [`  endpointParams: endpoint_${op.name},`] : []),
    ...(op.idempotencyToken ? [`  idempotencyToken: ${JSON.stringify(op.idempotencyToken)},`] : []),
    // Outputs holding unions are item-heavy: read their raw JSON in one pass too (see emit-serde).
    ...(op.output !== undefined && ctx.readsText(op.output) ? [`  readWire: ${imports.value(ctx.runtimeImport, "readWireJson")},`] : []),
    `  validateWire: (input: ${names.JsonObject}${checked ? ", serviceChecks?: boolean" : ""}): void => ${check},`,
    "} as const;",
  );
  return lines;
}
