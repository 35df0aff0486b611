/** `index.ts`: what a generated service exports. */
import type { ServiceContext } from "./context.js";
import { file, header } from "./writer.js";

/** Emits `index.ts`; `extras` are further modules to re-export (`./paginators.js`, `./waiters.js`). */
export function emitIndex(ctx: ServiceContext, extras: readonly string[]): string {
  // The per-operation error tables (`errors_X`) stay internal: the descriptors carry them.
  const operations = ["operations", "operationNames", "sendOperation", ...ctx.operations.map((op) => op.descriptor), "type OperationName", "type WireOperation"];
  return file(header(ctx), [
    `export { ${ctx.bareClientName}, ${ctx.clientName} } from "./client.js";`,
    'export * from "./errors.js";',
    'export * from "./functions.js";',
    `export {\n${operations.map((n) => `  ${n},`).join("\n")}\n} from "./operations.js";`,
    'export type * from "./types.js";',
    ...extras.map((m) => `export * from ${JSON.stringify(m)};`),
  ]);
}
