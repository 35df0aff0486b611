/**
 * Everything the emitters need to know about one service, computed once from
 * the model: TypeScript names for shapes, members and methods (with every
 * collision resolved here, in one place), the operations, and which shapes
 * need conversion or validation. Emitters only read it.
 */
import type { Operation, ServiceModel, Shape, ShapeRef } from "./model.js";
import { GLOBAL_NAMES, INHERITED_NAMES, RESERVED_WORDS, claimName, lowerCamel, upperCamel } from "./naming.js";
import { portablePattern } from "./patterns.js";

/** Options of one generation run; every default is visible here. */
export interface GenerateOptions {
  /** Where the model came from, for the generated header, e.g. `models/dynamodb/2012-08-10/service-2.json`. */
  readonly source: string;
  /** Module specifier generated files import the runtime from. Default `dynaport/runtime`. */
  readonly runtimeImport?: string;
  /** Hand-written checks the validators of some structures call after the model's own; none by default. */
  readonly structureChecks?: readonly StructureCheck[];
}

/**
 * A check beyond the model that a service adds to its validators, such as
 * DynamoDB's expression checks: every input structure holding one of
 * `members` calls `pick(...)` from `module` as `check(v, problems, wire)`
 * after its own checks, where `wire` says whether `v` is wire JSON (members
 * by wire name) or the typed form.
 */
export interface StructureCheck {
  /** Wire names of the members that call for the check. */
  readonly members: readonly string[];
  /** Module specifier, as the generated files import it. */
  readonly module: string;
  /**
   * The function to call, chosen by the structure's name and the wire names
   * of its members that are in `members`; `undefined` leaves it unchecked.
   */
  readonly pick: (present: readonly string[], shapeName: string) => string | undefined;
}

/** The default runtime module for clients generated outside this repository. */
export const DEFAULT_RUNTIME_IMPORT = "dynaport/runtime";

/** A structure member with its generated name. */
export interface MemberInfo {
  /** The member's key in the model, e.g. `TableName`. */
  readonly modelName: string;
  /** The JSON key on the wire (the model's `locationName`, else the member key). */
  readonly wireName: string;
  /** The TypeScript property, e.g. `tableName`. */
  readonly name: string;
  readonly ref: ShapeRef;
  readonly shape: Shape;
  readonly required: boolean;
}

/** An operation with its generated names. */
export interface OperationInfo {
  /** The model's name, e.g. `UpdateItem`; the `X-Amz-Target` suffix. */
  readonly name: string;
  /** The client method, e.g. `updateItem`. */
  readonly method: string;
  /**
   * The exported function of the operation (`updateItem(client, input)`):
   * the method's name, unless that cannot name a module binding (a reserved
   * word, a runtime import), then with `Operation` appended.
   */
  readonly fn: string;
  /** The exported wire descriptor (`UpdateItem`): the model name, unless a type or class already has it. */
  readonly descriptor: string;
  readonly target: string;
  readonly input: string | undefined;
  readonly output: string | undefined;
  /** Error shape names, sorted. */
  readonly errors: readonly string[];
  /** The wire name of the input's top-level idempotency token, if it has one. */
  readonly idempotencyToken: string | undefined;
  readonly operation: Operation;
}

/** An operation the generator leaves out, and why. */
export interface SkippedOperation {
  readonly name: string;
  readonly reason: string;
}

/**
 * Every name generated files import from the runtime (`client.ts`, `functions.ts`, `endpoints.ts`,
 * `errors.ts`, `serde.ts`, `validate.ts`, `operations.ts`, `paginators.ts`,
 * `waiters.ts`). Shape types are imported beside them, so no shape may take
 * one of these names: a shape called `Paginator` becomes `PaginatorShape`.
 * A generator test checks that every runtime import it finds is listed here.
 */
export const RUNTIME_NAMES: readonly string[] = [
  // Types and classes.
  "AwsJsonClient",
  "CallOptions",
  "ClientConfig",
  "BodyReader",
  "ElementOf",
  "EndpointParams",
  "ErrorClass",
  "ErrorContext",
  "ErrorFactory",
  "JsonObject",
  "JsonReader",
  "JsonValue",
  "ModeledErrors",
  "PaginateOptions",
  "Paginator",
  "ParamValidationError",
  "ResponseMetadata",
  "RuleSet",
  "ServiceException",
  "ServiceExceptionOptions",
  "ServiceMetadata",
  "ValidationProblem",
  "WaiterOptions",
  "WaiterResult",
  // Functions. Shape types are upper camel case, so these cannot collide
  // today; they are listed so that the list stays the whole import surface.
  "assertValid",
  "attributeValueExample",
  "checkBase64Length",
  "checkHostLabel",
  "checkLength",
  "checkPattern",
  "checkRange",
  "checkSize",
  "checkUnion",
  "checkWireUnion",
  "fromBase64",
  "fromWireDouble",
  "hostPrefixFor",
  "idempotencyToken",
  "isWireList",
  "isWireObject",
  "jmesPath",
  "jsonReader",
  "missing",
  "nest",
  "nestKey",
  "ownValue",
  "paginate",
  "parseTimestamp",
  "readDouble",
  "readTimestamp",
  "readWireJson",
  "setEntry",
  "textReader",
  "toBase64",
  "toEpochSeconds",
  "toHttpDate",
  "toIsoTimestamp",
  "toWireDouble",
  "unknownOperationMessage",
  "waitUntil",
  "wireErrors",
];

/** Properties every exception already has; modeled members must not overwrite them. */
const EXCEPTION_PROPERTIES = new Set(["name", "message", "stack", "cause", "$fault", "$metadata", "constructor", "toString"]);

/**
 * Client methods that are not operations (the class's own `send`, and what
 * it inherits from the runtime's `AwsJsonClient`), and names that must never
 * be methods (`then` makes a thenable).
 */
const CLIENT_METHODS = new Set([
  "send",
  "destroy",
  "call",
  "config",
  "service",
  "clockOffset",
  "retryBudgetAvailable",
  "setRandom",
  "constructor",
  "then",
  "toString",
  "valueOf",
]);

/** The read-only view of one service that every emitter receives. */
export class ServiceContext {
  readonly model: ServiceModel;
  readonly source: string;
  readonly runtimeImport: string;
  readonly structureChecks: readonly StructureCheck[];
  /** The client class, from `serviceId` without spaces, e.g. `DynamoDB`, `DynamoDBStreams`. */
  readonly clientName: string;
  /** The bare client the operation functions take, e.g. `DynamoDBClient`. */
  readonly bareClientName: string;
  /** The base of the service's exceptions, e.g. `DynamoDBServiceException`. */
  readonly baseException: string;
  readonly jsonVersion: "1.0" | "1.1";
  readonly operations: readonly OperationInfo[];
  readonly skipped: readonly SkippedOperation[];
  /** Exception shapes, sorted. */
  readonly exceptions: readonly string[];
  /** Shapes with a named type in `types.ts`, sorted by shape name. */
  readonly namedShapes: readonly string[];

  readonly #typeNames = new Map<string, string>();
  readonly #classNames = new Map<string, string>();
  readonly #members = new Map<string, readonly MemberInfo[]>();
  readonly #converts = new Map<string, boolean>();
  readonly #validates: Map<string, boolean>;
  readonly #patterns = new Map<string, string | undefined>();
  readonly #inputShapes = new Set<string>();
  readonly #textShapes = new Set<string>();

  constructor(model: ServiceModel, options: GenerateOptions) {
    this.model = model;
    this.source = options.source;
    this.runtimeImport = options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT;
    this.structureChecks = options.structureChecks ?? [];
    const meta = model.metadata;
    this.jsonVersion = meta.jsonVersion === "1.1" ? "1.1" : "1.0";
    this.clientName = upperCamel(meta.serviceId.replace(/[^A-Za-z0-9]+/g, ""));
    this.baseException = `${this.clientName}ServiceException`;
    this.bareClientName = `${this.clientName}Client`;

    const taken = new Set<string>([
      ...RESERVED_WORDS,
      ...GLOBAL_NAMES,
      ...RUNTIME_NAMES,
      this.clientName,
      this.bareClientName,
      this.baseException,
      "operations",
      "OperationName",
      "WireOperation",
      "sendOperation",
      "errorFactory",
      "service",
      "ruleSet",
      "unmodeled",
    ]);
    const shapeNames = Object.keys(model.shapes).sort();
    this.exceptions = shapeNames.filter((n) => model.shapes[n]!.exception);
    for (const name of this.exceptions) {
      this.#classNames.set(name, claimName(taken, [upperCamel(name), upperCamel(name) + "Error"]));
    }

    // Exceptions get a data type only when another shape holds one as a value.
    const heldExceptions = new Set<string>();
    for (const shape of Object.values(model.shapes)) {
      for (const ref of childRefs(shape)) if (model.shapes[ref.shape]?.exception) heldExceptions.add(ref.shape);
    }
    const named: string[] = [];
    for (const name of shapeNames) {
      const shape = model.shapes[name]!;
      const isNamed =
        (shape.type === "structure" && !shape.document && (!shape.exception || heldExceptions.has(name))) ||
        shape.type === "list" ||
        shape.type === "map" ||
        (shape.type === "string" && shape.enum !== undefined);
      if (!isNamed) continue;
      named.push(name);
      const base = upperCamel(name);
      this.#typeNames.set(name, claimName(taken, shape.exception ? [base + "Details"] : [base, base + "Shape"]));
    }
    this.namedShapes = named;

    for (const name of shapeNames) {
      const shape = model.shapes[name]!;
      if (shape.type === "structure") this.#members.set(name, memberInfos(model, shape));
    }

    const methods = new Set<string>(CLIENT_METHODS);
    const ops: OperationInfo[] = [];
    const skipped: SkippedOperation[] = [];
    for (const opName of Object.keys(model.operations).sort()) {
      const op = model.operations[opName]!;
      const reason = this.#unsupported(op);
      if (reason) {
        skipped.push({ name: opName, reason });
        continue;
      }
      const method = claimName(methods, [lowerCamel(opName), lowerCamel(opName) + "Operation"]);
      // Functions and descriptors share the module scope with every type, class and import.
      const fn = claimName(taken, [method, method + "Operation"]);
      const descriptor = claimName(taken, [upperCamel(opName), upperCamel(opName) + "Operation"]);
      ops.push({
        name: opName,
        method,
        fn,
        descriptor,
        target: `${meta.targetPrefix}.${opName}`,
        input: op.input?.shape,
        output: op.output?.shape,
        errors: [...new Set((op.errors ?? []).map((e) => e.shape))].filter((e) => model.shapes[e]?.exception).sort(),
        idempotencyToken: idempotencyTokenOf(model, op),
        operation: op,
      });
    }
    this.operations = ops;
    this.skipped = skipped;
    this.#validates = this.#computeValidation();
    const visit = (name: string) => {
      if (this.#inputShapes.has(name)) return;
      this.#inputShapes.add(name);
      for (const ref of childRefs(this.shape(name))) visit(ref.shape);
    };
    for (const op of ops) if (op.input) visit(op.input);
    for (const op of ops) if (op.output) this.#markTextRead(op.output);
  }

  /**
   * Whether `shape` (a structure, list or map) gets a text reader `rd_X`:
   * it lies inside an output that holds unions. A union arrives as an object
   * per value (`{ "S": "x" }`), so such outputs are read straight from the
   * response text instead of building the wire JSON first and converting it.
   */
  readsText(shape: string): boolean {
    return this.#textShapes.has(shape);
  }

  #markTextRead(output: string): void {
    const closure = new Set<string>();
    let holdsUnion = false;
    const visit = (name: string) => {
      if (closure.has(name)) return;
      const shape = this.shape(name);
      if (shape.type === "structure" && shape.document) return;
      if (shape.type !== "structure" && shape.type !== "list" && shape.type !== "map") return;
      closure.add(name);
      if (shape.union) holdsUnion = true;
      for (const ref of childRefs(shape)) visit(ref.shape);
    };
    visit(output);
    if (holdsUnion) for (const name of closure) this.#textShapes.add(name);
  }

  /** Whether `shape` can occur inside some operation's input (only those are validated). */
  isInput(shape: string): boolean {
    return this.#inputShapes.has(shape);
  }

  /** The shape named `name`; throws on a dangling reference (a broken model). */
  shape(name: string): Shape {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`${this.source}: shape ${name} is referenced but not defined`);
    return shape;
  }

  /** The named TypeScript type of a structure, list, map or enum shape. */
  typeName(shape: string): string {
    const name = this.#typeNames.get(shape);
    if (name === undefined) throw new Error(`shape ${shape} has no named type`);
    return name;
  }

  /** The class of an exception shape in `errors.ts`. */
  className(shape: string): string {
    return this.#classNames.get(shape)!;
  }

  /** The client method of an operation, or `undefined` when the operation is left out. */
  methodName(operation: string): string | undefined {
    return this.operations.find((op) => op.name === operation)?.method;
  }

  /** The TypeScript property of member `member` (its model name) of structure `shape`. */
  memberName(shape: string, member: string): string {
    const info = this.members(shape).find((m) => m.modelName === member);
    if (!info) throw new Error(`${this.source}: ${shape} has no member ${member}`);
    return info.name;
  }

  /** A structure's members in model order, with their generated names. */
  members(shape: string): readonly MemberInfo[] {
    return this.#members.get(shape) ?? [];
  }

  /**
   * The TypeScript type of a value of `shape` as written in a member:
   * scalars inline, lists and maps spelled out (`KeySchemaElement[]`,
   * `Record<string, AttributeValue>`), other shapes by name.
   */
  typeExpr(shapeName: string, seen: readonly string[] = []): string {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case "string":
        return shape.enum ? this.typeName(shapeName) : "string";
      case "integer":
      case "long":
      case "float":
      case "double":
      case "bigdecimal":
      case "biginteger":
        return "number";
      case "boolean":
        return "boolean";
      case "blob":
        return "Uint8Array";
      case "timestamp":
        return "Date";
      case "structure":
        return shape.document ? "JsonValue" : this.typeName(shapeName);
      case "list": {
        // A list or map that contains itself without a structure in between
        // can only be named, not spelled out.
        if (seen.includes(shapeName)) return this.typeName(shapeName);
        const element = this.typeExpr(shape.member!.shape, [...seen, shapeName]);
        return /[|&\s]/.test(element) ? `Array<${element}>` : `${element}[]`;
      }
      case "map":
        if (seen.includes(shapeName)) return this.typeName(shapeName);
        return `Record<string, ${this.typeExpr(shape.value!.shape, [...seen, shapeName])}>`;
      default:
        return "unknown";
    }
  }

  /**
   * Whether values of `shape` differ between the typed and the wire form:
   * structures (renamed members), blobs, timestamps, floats, and lists and
   * maps holding any of these. Everything else passes through untouched.
   */
  converts(shapeName: string, seen: ReadonlySet<string> = new Set()): boolean {
    const known = this.#converts.get(shapeName);
    if (known !== undefined) return known;
    const shape = this.shape(shapeName);
    let result: boolean;
    switch (shape.type) {
      case "structure":
        result = !shape.document;
        break;
      case "blob":
      case "timestamp":
      case "float":
      case "double":
        result = true;
        break;
      case "list":
      case "map": {
        if (seen.has(shapeName)) return false;
        const next = new Set(seen).add(shapeName);
        const child = shape.type === "list" ? shape.member!.shape : shape.value!.shape;
        result = this.converts(child, next);
        break;
      }
      default:
        result = false;
    }
    this.#converts.set(shapeName, result);
    return result;
  }

  /** The regex literal enforced for a string shape, if its pattern is portable. */
  pattern(shapeName: string): string | undefined {
    if (!this.#patterns.has(shapeName)) this.#patterns.set(shapeName, portablePattern(this.shape(shapeName).pattern));
    return this.#patterns.get(shapeName);
  }

  /** Whether a value of `shape` itself carries a checkable constraint (length, size, range, pattern). */
  hasOwnConstraint(shapeName: string): boolean {
    const s = this.shape(shapeName);
    switch (s.type) {
      case "string":
      case "blob":
        return (s.min !== undefined && s.min > 0) || s.max !== undefined || (s.type === "string" && this.pattern(shapeName) !== undefined);
      case "list":
      case "map":
        return (s.min !== undefined && s.min > 0) || s.max !== undefined;
      case "integer":
      case "long":
      case "float":
      case "double":
        return s.min !== undefined || s.max !== undefined;
      default:
        return false;
    }
  }

  /**
   * Whether the inside of a value of `shape` needs checking: a structure with
   * required or constrained members, a list or map whose elements do.
   */
  /** The hand-written checks structure `shapeName` calls: module and function, in the order given. */
  checksOf(shapeName: string): { module: string; fn: string }[] {
    const shape = this.shape(shapeName);
    if (shape.type !== "structure" || shape.union) return [];
    const names = this.members(shapeName).map((m) => m.wireName);
    const out: { module: string; fn: string }[] = [];
    for (const check of this.structureChecks) {
      const present = check.members.filter((m) => names.includes(m));
      const fn = present.length > 0 ? check.pick(present, shapeName) : undefined;
      if (fn !== undefined) out.push({ module: check.module, fn });
    }
    return out;
  }

  /** Whether validating `shapeName` runs a hand-written check somewhere inside it (see `checksOf`). */
  reachesChecks(shapeName: string): boolean {
    if (this.structureChecks.length === 0) return false;
    const seen = new Set<string>();
    const visit = (name: string): boolean => {
      if (seen.has(name)) return false;
      seen.add(name);
      const s = this.shape(name);
      if (s.type === "structure") return this.checksOf(name).length > 0 || this.members(name).some((m) => visit(m.ref.shape));
      if (s.type === "list") return visit(s.member!.shape);
      if (s.type === "map") return visit(s.value!.shape);
      return false;
    };
    return visit(shapeName);
  }

  validatesInside(shapeName: string): boolean {
    return this.#validates.get(shapeName) ?? false;
  }

  #computeValidation(): Map<string, boolean> {
    const result = new Map<string, boolean>();
    const shapes = this.model.shapes;
    const needs = (name: string) => this.hasOwnConstraint(name) || result.get(name) === true;
    // A fixpoint over the shape graph: recursive shapes are settled by iterating
    // until nothing changes, instead of by recursion that could loop.
    let changed = true;
    while (changed) {
      changed = false;
      for (const [name, shape] of Object.entries(shapes)) {
        if (result.get(name)) continue;
        let value = false;
        if (shape.type === "structure" && !shape.document) {
          const members = this.members(name);
          value =
            this.checksOf(name).length > 0 ||
            members.some((m) => m.required) ||
            (shape.union === true && members.length > 1) ||
            members.some((m) => needs(m.ref.shape));
        } else if (shape.type === "list") {
          value = needs(shape.member!.shape);
        } else if (shape.type === "map") {
          value = needs(shape.key!.shape) || needs(shape.value!.shape);
        }
        if (value) {
          result.set(name, true);
          changed = true;
        }
      }
    }
    return result;
  }

  #unsupported(op: Operation): string | undefined {
    for (const ref of [op.input, op.output]) {
      if (!ref) continue;
      const shape = this.shape(ref.shape);
      for (const member of Object.values(shape.members ?? {})) {
        const target = this.shape(member.shape);
        if (target.eventstream) return `${ref.shape} holds an event stream, which the AWS JSON runtime does not speak`;
        if (target.streaming) return `${ref.shape} holds a streaming payload, which the AWS JSON runtime does not speak`;
      }
    }
    return undefined;
  }
}

/** The wire name of an operation input's top-level idempotency token (a string member), if any. */
function idempotencyTokenOf(model: ServiceModel, op: Operation): string | undefined {
  const members = op.input ? (model.shapes[op.input.shape]?.members ?? {}) : {};
  for (const [name, ref] of Object.entries(members)) {
    if (ref.idempotencyToken && model.shapes[ref.shape]?.type === "string") return ref.locationName ?? name;
  }
  return undefined;
}

function childRefs(shape: Shape): ShapeRef[] {
  if (shape.type === "structure") return Object.values(shape.members ?? {});
  if (shape.type === "list") return [shape.member!];
  if (shape.type === "map") return [shape.key!, shape.value!];
  return [];
}

function memberInfos(model: ServiceModel, shape: Shape): MemberInfo[] {
  // Inherited names (`constructor`, `toString`) would read the prototype's
  // function when the member is unset; exceptions also keep their own fields.
  const taken = new Set<string>([...INHERITED_NAMES, ...(shape.exception ? EXCEPTION_PROPERTIES : [])]);
  const required = new Set(shape.required ?? []);
  const infos: MemberInfo[] = [];
  for (const [modelName, ref] of Object.entries(shape.members ?? {})) {
    const lower = lowerCamel(modelName);
    // An exception's own `message` member is the error's message, not a field.
    const isMessage = shape.exception && (modelName === "message" || modelName === "Message");
    const name = isMessage ? "message" : claimName(taken, [lower, modelName, lower + "Value"]);
    infos.push({
      modelName,
      wireName: ref.locationName ?? modelName,
      name,
      ref,
      shape: model.shapes[ref.shape]!,
      required: required.has(modelName),
    });
  }
  return infos;
}
