/** `index.ts`: what a generated service exports. */
import type { ServiceContext } from "./context.js";
import { file, header } from "./writer.js";

/** Emits `index.ts`; `extras` are further modules to re-export (`./paginators.js`, `./waiters.js`). */
export function emitIndex(ctx: ServiceContext, extras: readonly string[]): string {
  return file(header(ctx), [
    `export { ${ctx.clientName} } from "./client.js";`,
    'export * from "./errors.js";',
    'export { operations, type OperationName } from "./operations.js";',
    'export type * from "./types.js";',
    ...extras.map((m) => `export * from ${JSON.stringify(m)};`),
  ]);
}
