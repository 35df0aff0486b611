/**
 * One service model in, the generated files out: a pure function of its
 * inputs, so the CLI owns all file I/O and output is the same on every run.
 */
import { ServiceContext, type GenerateOptions } from "./context.js";
import { emitClient } from "./emit-client.js";
import { emitErrors } from "./emit-errors.js";
import { emitIndex } from "./emit-index.js";
import { emitOperations } from "./emit-operations.js";
import { emitSerde } from "./emit-serde.js";
import { emitTypes } from "./emit-types.js";
import { emitValidate } from "./emit-validate.js";
import { parseModel, type ServiceModel } from "./model.js";

/** What the paginator and waiter emitters receive. */
export interface ExtraEmitterContext {
  /** The raw `service-2.json`. */
  readonly model: ServiceModel;
  readonly clientClass: string;
  readonly runtimeImport: string;
  readonly typesImport: "./types.js";
}

/** Emits `paginators.ts` from a `paginators-1.json`. */
export type PaginatorEmitter = (ctx: ExtraEmitterContext & { readonly paginators: unknown }) => string;
/** Emits `waiters.ts` from a `waiters-2.json`. */
export type WaiterEmitter = (ctx: ExtraEmitterContext & { readonly waiters: unknown }) => string;

/** Everything one generation needs. */
export interface GenerateInput extends GenerateOptions {
  /** The parsed `service-2.json`. */
  readonly model: unknown;
  readonly paginators?: { readonly json: unknown; readonly emit: PaginatorEmitter };
  readonly waiters?: { readonly json: unknown; readonly emit: WaiterEmitter };
}

/** A generated service: file name -> contents, names sorted. */
export interface GeneratedService {
  readonly clientName: string;
  readonly files: ReadonlyMap<string, string>;
  /** Operations left out, with the reason (event streams, streaming payloads). */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/** Generates every file of one service. Throws `UnsupportedModelError` for a non-JSON-protocol model. */
export function generateService(input: GenerateInput): GeneratedService {
  const model = parseModel(input.model, input.source);
  const ctx = new ServiceContext(model, input);
  const files = new Map<string, string>([
    ["types.ts", emitTypes(ctx)],
    ["serde.ts", emitSerde(ctx)],
    ["validate.ts", emitValidate(ctx)],
    ["errors.ts", emitErrors(ctx)],
    ["operations.ts", emitOperations(ctx)],
    ["client.ts", emitClient(ctx)],
  ]);
  const extras: string[] = [];
  const extraCtx: ExtraEmitterContext = { model, clientClass: ctx.clientName, runtimeImport: ctx.runtimeImport, typesImport: "./types.js" };
  if (input.paginators) {
    const text = input.paginators.emit({ ...extraCtx, paginators: input.paginators.json });
    if (text.trim() !== "") {
      files.set("paginators.ts", text);
      extras.push("./paginators.js");
    }
  }
  if (input.waiters) {
    const text = input.waiters.emit({ ...extraCtx, waiters: input.waiters.json });
    if (text.trim() !== "") {
      files.set("waiters.ts", text);
      extras.push("./waiters.js");
    }
  }
  files.set("index.ts", emitIndex(ctx, extras));
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { clientName: ctx.clientName, files: sorted, skipped: ctx.skipped };
}
