/**
 * The error the portable build's stand-ins for Node-only classes throw
 * (`NodeHttpTransport`, `UndiciTransport`, `DefaultTransport`): the portable
 * build exports the same names as the Node build, so that code and types
 * written against either import from both, and says plainly what to use.
 */
import { ConfigError } from "./errors.js";

/** `name` needs `needs`; the portable build sends with `FetchTransport`. */
export function nodeOnly(name: string, needs: string): ConfigError {
  return new ConfigError(
    `${name} needs ${needs} and is part of dynaport's Node build (conditions node, bun, deno); this runtime loaded the portable build, whose clients send with FetchTransport (the default here, or pass \`transport: new FetchTransport()\`)`,
  );
}
