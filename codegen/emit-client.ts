/**
 * `client.ts`: the client class. One async method per operation that reads
 * like the Dart SDK's: validate the input, send it with the operation's
 * target, convert the output. Plus `send` for input written as wire JSON,
 * and `destroy`.
 */
import type { OperationInfo, ServiceContext } from "./context.js";
import { docComment, firstSentence, htmlToMarkdown, prose } from "./docs.js";
import { Imports, file, header } from "./writer.js";

/** Emits `client.ts` for one service. */
export function emitClient(ctx: ServiceContext): string {
  const imports = new Imports();
  const rtValue = (n: string) => imports.value(ctx.runtimeImport, n);
  const rtType = (n: string) => imports.type(ctx.runtimeImport, n);
  const meta = ctx.model.metadata;
  const ServiceMetadata = rtType("ServiceMetadata");
  const AwsJsonClient = rtValue("AwsJsonClient");
  const ClientConfig = rtType("ClientConfig");
  const CallOptions = rtType("CallOptions");
  const ResponseMetadata = rtType("ResponseMetadata");
  const JsonObject = rtType("JsonObject");
  const errorFactory = imports.value("./errors.js", "errorFactory");
  const operations = imports.value("./operations.js", "operations");
  const OperationName = imports.type("./operations.js", "OperationName");

  const service = [
    "/** What the model says about the service on the wire. */",
    `const service: ${ServiceMetadata} = {`,
    `  serviceId: ${JSON.stringify(meta.serviceId)},`,
    `  signingName: ${JSON.stringify(meta.signingName ?? meta.endpointPrefix)},`,
    `  endpointPrefix: ${JSON.stringify(meta.endpointPrefix)},`,
    `  targetPrefix: ${JSON.stringify(meta.targetPrefix)},`,
    `  jsonVersion: ${JSON.stringify(ctx.jsonVersion)},`,
    `  apiVersion: ${JSON.stringify(meta.apiVersion)},`,
    "};",
  ];

  const classDoc = htmlToMarkdown(ctx.model.documentation) || `${meta.serviceFullName ?? meta.serviceId}.`;
  const lines = [
    ...docComment(classDoc),
    `export class ${ctx.clientName} {`,
    `  readonly #client: ${AwsJsonClient};`,
    "",
    "  /** A client for one region and set of credentials; see `ClientConfig` for every option and its default. */",
    `  constructor(config: ${ClientConfig} = {}) {`,
    `    this.#client = new ${AwsJsonClient}(config, service, ${errorFactory});`,
    "  }",
  ];
  for (const op of ctx.operations) lines.push("", ...method(ctx, op, imports, { CallOptions, ResponseMetadata }));
  // Raw calls take an operation's host prefix from the operations table, as the typed methods have it written in.
  const readArg = ctx.operations.some((op) => op.output !== undefined && ctx.readsText(op.output)) ? 'read ?? ("readWire" in spec ? spec.readWire : undefined)' : "read";
  const hostPrefixArg = ctx.operations.some((op) => hostPrefixOf(op)) ? `, "hostPrefix" in spec ? spec.hostPrefix : undefined, ${readArg}` : `, undefined, ${readArg}`;
  lines.push(
    "",
    ...docComment(
      sendDoc(ctx),
      [
        "@param operation The operation's model name, e.g. `" + (sendExample(ctx)?.op.name ?? "Operation") + "`.",
        "@param input The request body as JSON.",
        "@param read Reads the text of a successful response in place of `JSON.parse` (layers above the client use it to build their own values in one pass); see `BodyReader`.",
      ],
      "  ",
    ),
    `  async send(operation: ${OperationName}, input: ${JsonObject} = {}, options?: ${CallOptions}, read?: ${imports.type(ctx.runtimeImport, "BodyReader")}<${JsonObject}>): Promise<${JsonObject} & { $metadata: ${ResponseMetadata} }> {`,
    `    const spec = Object.hasOwn(${operations}, operation) ? ${operations}[operation] : undefined;`,
    `    if (spec === undefined) throw new TypeError(\`${ctx.clientName} has no operation named \${JSON.stringify(operation)}\`);`,
    "    spec.validateWire(input);",
    ...(ctx.operations.some((op) => op.idempotencyToken)
      ? [
          "    // Like the typed methods, fill an unset idempotency token, so that a retried call is one request to the service.",
          '    const token = "idempotencyToken" in spec ? spec.idempotencyToken : undefined;',
          `    const body = token !== undefined && input[token] == null ? { ...input, [token]: ${imports.value(ctx.runtimeImport, "idempotencyToken")}() } : input;`,
          `    const { output, $metadata } = await this.#client.call(operation, body, options${hostPrefixArg});`,
        ]
      : [`    const { output, $metadata } = await this.#client.call(operation, input, options${hostPrefixArg});`]),
    "    // `$metadata` is not JSON, but a raw result is read as JSON everywhere else.",
    `    return { ...output, $metadata } as ${JsonObject} & { $metadata: ${ResponseMetadata} };`,
    "  }",
    "",
    "  /** Closes pooled connections. Calls made afterwards fail. */",
    "  destroy(): Promise<void> {",
    "    return this.#client.destroy();",
    "  }",
    "}",
  );
  return file(header(ctx), imports.render(), service, lines.join("\n"));
}

/**
 * An operation and a required member of its input to show `send` with: a
 * `Get` operation where there is one (the simplest call in most services),
 * else the first operation with a required member.
 */
function sendExample(ctx: ServiceContext): { op: OperationInfo; member: string } | undefined {
  const withRequired = ctx.operations.filter((op) => op.input !== undefined && ctx.members(op.input).some((m) => m.required));
  const op = withRequired.find((o) => o.name.startsWith("Get")) ?? withRequired[0];
  return op && { op, member: ctx.members(op.input!).find((m) => m.required)!.wireName };
}

function sendDoc(ctx: ServiceContext): string {
  const example = sendExample(ctx);
  const call = example ? ` (\`send(${JSON.stringify(example.op.name)}, { ${JSON.stringify(example.member)}: ... })\`)` : "";
  const problem = example ? ` (\`${example.op.name}: ${example.member} is required\`)` : "";
  return prose(
    `Calls an operation with its input and output as wire JSON, named as the AWS API reference names them${call}. ` +
      `The input is checked against the same constraints as the typed method's, and problems are named as written${problem}; ` +
      "the call is signed, retried and its errors mapped to the same exception classes.",
  );
}

function method(
  ctx: ServiceContext,
  op: OperationInfo,
  imports: Imports,
  names: { CallOptions: string; ResponseMetadata: string },
): string[] {
  const tags: string[] = [];
  if (op.operation.deprecated) tags.push(op.operation.deprecatedMessage ? `@deprecated ${op.operation.deprecatedMessage}` : "@deprecated");
  for (const e of op.errors) {
    const summary = firstSentence(htmlToMarkdown(ctx.shape(e).documentation));
    tags.push(`@throws {@link ${ctx.className(e)}}${summary ? " " + summary : ""}`);
  }
  const doc = docComment(htmlToMarkdown(op.operation.documentation), tags, "  ");

  let inputParam: string;
  let validate: string;
  let body: string;
  if (op.input === undefined) {
    inputParam = "input: Record<string, never> = {}";
    validate = `${imports.value(ctx.runtimeImport, "assertValid")}(${JSON.stringify(op.method)}, input);`;
    body = "{}";
  } else {
    const typeName = imports.type("./types.js", ctx.typeName(op.input));
    const optional = !ctx.members(op.input).some((m) => m.required);
    inputParam = `input: ${typeName}${optional ? " = {}" : ""}`;
    const validator = ctx.validatesInside(op.input) ? `, ${imports.value("./validate.js", `validate_${typeName}`)}` : "";
    validate = `${imports.value(ctx.runtimeImport, "assertValid")}(${JSON.stringify(op.method)}, input${validator});`;
    body = `${imports.value("./serde.js", `se_${typeName}`)}(input)`;
  }
  const meta = `{ $metadata: ${names.ResponseMetadata} }`;
  let returns: string;
  let result: string;
  if (op.output === undefined) {
    returns = meta;
    result = "return { $metadata };";
  } else {
    const outType = imports.type("./types.js", ctx.typeName(op.output));
    returns = `${outType} & ${meta}`;
    result = "return { ...output, $metadata };";
  }
  const prefix = hostPrefixOf(op);
  // The output's body reader (see emit-serde): straight from the text where it holds unions, else through its JSON.
  const reader = op.output !== undefined ? `, ${imports.value("./serde.js", `read_${ctx.typeName(op.output)}`)}` : "";
  const prefixArg = prefix ? `, ${JSON.stringify(prefix)}` : reader ? ", undefined" : "";
  const call = `await this.#client.call(${JSON.stringify(op.name)}, ${body}, options${prefixArg}${reader})`;
  return [
    ...doc,
    `  async ${op.method}(${inputParam}, options?: ${names.CallOptions}): Promise<${returns}> {`,
    `    ${validate}`,
    op.output === undefined ? `    const { $metadata } = ${call};` : `    const { output, $metadata } = ${call};`,
    `    ${result}`,
    "  }",
  ];
}

/**
 * The model's `endpoint.hostPrefix` (`data-`), prepended to the endpoint's
 * host by the runtime. A prefix with `{label}`s bound to input members exists
 * in no JSON-protocol model today; rather than send such a call to the wrong
 * host, the generator refuses it.
 */
function hostPrefixOf(op: OperationInfo): string | undefined {
  const prefix = op.operation.endpoint?.hostPrefix;
  if (prefix?.includes("{")) throw new Error(`${op.name}: host prefixes with labels (${prefix}) are not supported`);
  return prefix || undefined;
}
