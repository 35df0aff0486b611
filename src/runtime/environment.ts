/**
 * The environment variables of the process, where the runtime has them (Node,
 * Bun, Deno, workerd with `nodejs_compat`), read without assuming a global
 * `process`: browsers and most workers have none.
 */
import type { Environment } from "./types.js";

/** `process.env` when it exists, else an empty environment. */
export function processEnv(): Environment {
  return (globalThis as { process?: { env?: Environment } }).process?.env ?? {};
}
