/**
 * The botocore service model (`service-2.json`) as the generator reads it:
 * only the fields it uses, typed, and a check that the model speaks a
 * protocol the runtime implements.
 *
 * Format reference: botocore's `botocore/model.py` and the JSON files under
 * `botocore/data/`. Models are never modified after loading.
 */

/** `metadata` of a service model. */
export interface ModelMetadata {
  readonly apiVersion: string;
  readonly endpointPrefix: string;
  readonly jsonVersion?: string;
  readonly protocol: string;
  readonly protocols?: readonly string[];
  readonly serviceId: string;
  readonly serviceFullName?: string;
  readonly signingName?: string;
  readonly targetPrefix?: string;
  readonly awsQueryCompatible?: object;
}

/** A reference from a structure member, list, map or operation to a shape. */
export interface ShapeRef {
  readonly shape: string;
  readonly documentation?: string;
  readonly deprecated?: boolean;
  readonly deprecatedMessage?: string;
  /** The member is filled with a fresh UUID when left unset. */
  readonly idempotencyToken?: boolean;
  /** Overrides the shape's timestamp format for this member. */
  readonly timestampFormat?: string;
  /** The JSON key on the wire when it differs from the member name. */
  readonly locationName?: string;
  readonly location?: string;
  readonly hostLabel?: boolean;
  readonly eventpayload?: boolean;
}

/** Shape types botocore uses. */
export type ShapeType =
  | "structure"
  | "list"
  | "map"
  | "string"
  | "integer"
  | "long"
  | "float"
  | "double"
  | "boolean"
  | "blob"
  | "timestamp"
  | "bigdecimal"
  | "biginteger";

/** One entry of `shapes`. */
export interface Shape {
  readonly type: ShapeType;
  readonly documentation?: string;
  readonly members?: Readonly<Record<string, ShapeRef>>;
  readonly required?: readonly string[];
  readonly member?: ShapeRef;
  readonly key?: ShapeRef;
  readonly value?: ShapeRef;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly exception?: boolean;
  /** A server-side error (botocore's marker, as opposed to `error.senderFault`). */
  readonly fault?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly union?: boolean;
  readonly document?: boolean;
  readonly deprecated?: boolean;
  readonly deprecatedMessage?: string;
  readonly streaming?: boolean;
  readonly eventstream?: boolean;
  readonly event?: boolean;
  readonly timestampFormat?: string;
  readonly sensitive?: boolean;
}

/** One entry of `operations`. */
export interface Operation {
  readonly name: string;
  readonly http?: { readonly method?: string; readonly requestUri?: string };
  readonly input?: ShapeRef;
  readonly output?: ShapeRef;
  readonly errors?: readonly ShapeRef[];
  readonly documentation?: string;
  readonly deprecated?: boolean;
  readonly deprecatedMessage?: string;
  readonly endpoint?: { readonly hostPrefix?: string };
  /** Endpoint rule parameters the operation always sets, e.g. DynamoDB's `SearchVectors`: `{ IsSearchOperation: { value: true } }`. */
  readonly staticContextParams?: Readonly<Record<string, { readonly value: string | boolean | readonly string[] }>>;
}

/** A whole `service-2.json`. */
export interface ServiceModel {
  readonly metadata: ModelMetadata;
  readonly operations: Readonly<Record<string, Operation>>;
  readonly shapes: Readonly<Record<string, Shape>>;
  readonly documentation?: string;
}

/** The model cannot be generated: wrong protocol, or not a botocore service model. */
export class UnsupportedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedModelError";
  }
}

/**
 * Checks that `json` is a botocore model for the AWS JSON protocol and
 * returns it typed and frozen. `source` names the file in messages.
 */
export function parseModel(json: unknown, source: string): ServiceModel {
  if (json === null || typeof json !== "object") throw new UnsupportedModelError(`${source}: not a JSON object`);
  const model = json as Partial<ServiceModel>;
  if (!model.metadata || !model.operations || !model.shapes) {
    throw new UnsupportedModelError(`${source}: not a botocore service model (metadata, operations and shapes are required)`);
  }
  const { protocol, protocols, jsonVersion, targetPrefix } = model.metadata;
  // Services moving to newer protocols (Smithy RPCv2 CBOR) keep serving the
  // AWS JSON protocol and list it in `protocols`; those generate too.
  if (!speaksJson(model.metadata)) {
    throw new UnsupportedModelError(
      `${source}: protocol "${protocol}"${protocols ? ` (protocols ${protocols.join(", ")})` : ""} is not supported; ` +
        `this generator handles the AWS JSON protocol (metadata.protocol or metadata.protocols "json") only`,
    );
  }
  if (jsonVersion !== undefined && jsonVersion !== "1.0" && jsonVersion !== "1.1") {
    throw new UnsupportedModelError(`${source}: jsonVersion "${jsonVersion}" is not supported (1.0 or 1.1)`);
  }
  if (!targetPrefix) throw new UnsupportedModelError(`${source}: metadata.targetPrefix is missing; it names the X-Amz-Target header`);
  return deepFreeze(withSmithyUnions(model as ServiceModel));
}

/**
 * Shapes that are unions in their service's Smithy model but reach botocore's
 * JSON as structures of optional members, by `metadata.serviceId`. Marked
 * here, they get what every union gets: an exclusive TypeScript union (so
 * `{ s: "a", n: "1" }` does not type-check), readers that return at the member
 * found, and validation that exactly one member is set.
 */
const SMITHY_UNIONS: Readonly<Record<string, readonly string[]>> = {
  DynamoDB: ["AttributeValue"],
  "DynamoDB Streams": ["AttributeValue"],
};

/** The model with the shapes of {@link SMITHY_UNIONS} marked `union`; other models are returned as they are. */
function withSmithyUnions(model: ServiceModel): ServiceModel {
  const names = SMITHY_UNIONS[model.metadata.serviceId]?.filter((name) => model.shapes[name]?.type === "structure");
  if (!names || names.length === 0) return model;
  const shapes = { ...model.shapes };
  for (const name of names) shapes[name] = { ...shapes[name]!, union: true };
  return { ...model, shapes };
}

/** Whether a model's service accepts the AWS JSON protocol (its main protocol or one it also lists). */
export function speaksJson(metadata: Pick<ModelMetadata, "protocol" | "protocols">): boolean {
  return metadata.protocol === "json" || (metadata.protocols?.includes("json") ?? false);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
