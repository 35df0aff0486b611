/**
 * The Node modules the credential sources read files with, loaded when a
 * source first needs one rather than when the package is imported: a client
 * given keys, or a process that only reads the environment, never loads
 * node:fs/promises or node:os.
 */
import type * as FsPromises from "node:fs/promises";
import type * as Os from "node:os";

/** node:fs/promises. */
export function fsPromises(): typeof FsPromises {
  return process.getBuiltinModule("node:fs/promises") as typeof FsPromises;
}

/** node:os. */
export function nodeOs(): typeof Os {
  return process.getBuiltinModule("node:os") as typeof Os;
}
