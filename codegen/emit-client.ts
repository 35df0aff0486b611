/**
 * `client.ts`: the service's metadata and its two clients.
 *
 * - `<Service>Client` (e.g. `DynamoDBClient`): the bare client, everything
 *   but the operations (configuration, credentials, signing, transport,
 *   retries, `destroy()`), inherited from the runtime's `AwsJsonClient`. The
 *   operation functions of `functions.ts` take it first, so a bundle of the
 *   bare client and `getItem` holds nothing of the other operations.
 * - `<Service>` (e.g. `DynamoDB`): the bare client with one method per
 *   operation, each delegating to its function, plus `send` for input written
 *   as wire JSON.
 *
 * Neither class body names its own class (a bundler would rename a class that
 * does), and neither has static initialisers, so both tree-shake.
 */
import type { OperationInfo, ServiceContext } from "./context.js";
import { docComment, firstSentence, htmlToMarkdown, prose } from "./docs.js";
import { Imports, file, header } from "./writer.js";

/** Emits `client.ts` for one service; `hasRuleSet` when `endpoints.ts` holds the service's endpoint rule set. */
export function emitClient(ctx: ServiceContext, hasRuleSet: boolean): string {
  const imports = new Imports();
  const rtValue = (n: string) => imports.value(ctx.runtimeImport, n);
  const rtType = (n: string) => imports.type(ctx.runtimeImport, n);
  const meta = ctx.model.metadata;
  const ServiceMetadata = rtType("ServiceMetadata");
  const AwsJsonClient = rtValue("AwsJsonClient");
  const ClientConfig = rtType("ClientConfig");
  const CallOptions = rtType("CallOptions");
  const ResponseMetadata = rtType("ResponseMetadata");
  const ErrorFactory = rtType("ErrorFactory");
  const JsonObject = rtType("JsonObject");
  const errorFactory = imports.value("./errors.js", "errorFactory");
  const base = imports.value("./errors.js", ctx.baseException);
  const operations = imports.value("./operations.js", "operations");
  const sendOperation = imports.value("./operations.js", "sendOperation");
  const OperationName = imports.type("./operations.js", "OperationName");

  const service = [
    "/** What the model says about the service on the wire, and its endpoint rules. */",
    `const service: ${ServiceMetadata} = {`,
    `  serviceId: ${JSON.stringify(meta.serviceId)},`,
    `  signingName: ${JSON.stringify(meta.signingName ?? meta.endpointPrefix)},`,
    `  endpointPrefix: ${JSON.stringify(meta.endpointPrefix)},`,
    `  targetPrefix: ${JSON.stringify(meta.targetPrefix)},`,
    `  jsonVersion: ${JSON.stringify(ctx.jsonVersion)},`,
    `  apiVersion: ${JSON.stringify(meta.apiVersion)},`,
    ...(hasRuleSet ? [`  ${imports.value("./endpoints.js", "ruleSet")},`] : []),
    "};",
    "",
    ...docComment(
      prose(
        `The bare client's exception for an error code the called operation's model does not list: a \`${ctx.baseException}\` named by the code.`,
      ),
    ),
    `const unmodeled: ${ErrorFactory} = (code, _body, context) =>`,
    `  new ${base}({ name: code, message: context.message, $fault: context.fault, $metadata: context.$metadata });`,
  ];

  const serviceName = meta.serviceFullName ?? meta.serviceId;
  const example = ctx.operations.find((op) => op.input === undefined || !ctx.members(op.input).some((m) => m.required)) ?? ctx.operations[0];
  const bareDoc = prose(
    `The bare ${serviceName} client: configuration, credentials, signing, transport and retries, and \`destroy()\`, ` +
      `without the operations. Each operation is a function that takes it first` +
      (example ? ` (\`await ${example.fn}(client, {${example.input === undefined || ctx.members(example.input).length === 0 ? "" : " ... "}})\`)` : "") +
      `, so that a bundle holds only the operations an app calls. \`${ctx.clientName}\` is this client with one method per operation.`,
  );
  const bare = [
    ...docComment(bareDoc),
    `export class ${ctx.bareClientName} extends ${AwsJsonClient} {`,
    ...docComment(
      "A client for one region and set of credentials; see `ClientConfig` for every option and its default.",
      [
        "@param errors Builds the exception for an error code the called operation's model does not list " +
          `(by default a \`${ctx.baseException}\` named by the code); the operation's own exception classes are built by the operation.`,
      ],
      "  ",
    ),
    `  constructor(config: ${ClientConfig} = {}, errors: ${ErrorFactory} = unmodeled) {`,
    "    super(config, service, errors);",
    "  }",
    "}",
  ];

  const classDoc = htmlToMarkdown(ctx.model.documentation) || `${serviceName}.`;
  const lines = [
    ...docComment(classDoc),
    `export class ${ctx.clientName} extends ${ctx.bareClientName} {`,
    "  /** A client for one region and set of credentials; see `ClientConfig` for every option and its default. */",
    `  constructor(config: ${ClientConfig} = {}) {`,
    "    // Every modeled code becomes its class, whichever operation answered with it.",
    `    super(config, ${errorFactory});`,
    "  }",
  ];
  for (const op of ctx.operations) lines.push("", ...method(ctx, op, imports, { CallOptions, ResponseMetadata }));
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
    `    if (spec === undefined) throw new TypeError(${imports.value(ctx.runtimeImport, "unknownOperationMessage")}(${JSON.stringify(ctx.clientName)}, operation, Object.keys(${operations})));`,
    // Any code the service models is built in wire form, as `errorFactory` would build it typed.
    `    return ${sendOperation}(this, { ...spec, modeledErrors: ${imports.value("./errors.js", "errorClasses")} }, input, options, read);`,
    "  }",
    "}",
  );
  for (const op of ctx.operations) imports.value("./functions.js", op.fn);
  return file(header(ctx), imports.render(), service, bare.join("\n"), lines.join("\n"));
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
      "the call is signed, retried and its errors mapped to the same exception classes. " +
      `\`sendOperation(client, ${example?.op.descriptor ?? "Operation"}, input)\` does the same for one operation without this table.`,
  );
}

/** The model's documentation of an operation with its `@deprecated` and `@throws` tags, as the method and the function carry it. */
export function operationDoc(ctx: ServiceContext, op: OperationInfo, indent: string, extraTags: readonly string[] = []): string[] {
  const tags: string[] = [...extraTags];
  if (op.operation.deprecated) tags.push(op.operation.deprecatedMessage ? `@deprecated ${op.operation.deprecatedMessage}` : "@deprecated");
  for (const e of op.errors) {
    const summary = firstSentence(htmlToMarkdown(ctx.shape(e).documentation));
    tags.push(`@throws {@link ${ctx.className(e)}}${summary ? " " + summary : ""}`);
  }
  return docComment(htmlToMarkdown(op.operation.documentation), tags, indent);
}

/** The input parameter of an operation's method or function, and its return type. */
export function signature(ctx: ServiceContext, op: OperationInfo, imports: Imports, ResponseMetadata: string): { inputParam: string; returns: string } {
  let inputParam: string;
  if (op.input === undefined) {
    inputParam = "input: Record<string, never> = {}";
  } else {
    const typeName = imports.type("./types.js", ctx.typeName(op.input));
    const optional = !ctx.members(op.input).some((m) => m.required);
    inputParam = `input: ${typeName}${optional ? " = {}" : ""}`;
  }
  const meta = `{ $metadata: ${ResponseMetadata} }`;
  const returns = op.output === undefined ? meta : `${imports.type("./types.js", ctx.typeName(op.output))} & ${meta}`;
  return { inputParam, returns };
}

function method(
  ctx: ServiceContext,
  op: OperationInfo,
  imports: Imports,
  names: { CallOptions: string; ResponseMetadata: string },
): string[] {
  const { inputParam, returns } = signature(ctx, op, imports, names.ResponseMetadata);
  return [
    ...operationDoc(ctx, op, "  "),
    `  ${op.method}(${inputParam}, options?: ${names.CallOptions}): Promise<${returns}> {`,
    `    return ${op.fn}(this, input, options);`,
    "  }",
  ];
}
