/**
 * Names: from the model's PascalCase wire names to the lowerCamelCase members
 * and methods of the generated TypeScript.
 */

/**
 * Lowers the leading run of capitals as one word: `TableName` -> `tableName`,
 * `SSESpecification` -> `sseSpecification`, `NULL` -> `null`, `BOOL` -> `bool`,
 * `KMSMasterKeyId` -> `kmsMasterKeyId`, `IndexARN` -> `indexARN`.
 *
 * In a run of capitals followed by a lower-case letter, the last capital starts
 * the next word (`SSES|pecification` -> `sse` + `Specification`).
 */
export function lowerCamel(name: string): string {
  let run = 0;
  while (run < name.length && isUpper(name[run]!)) run++;
  if (run === 0) return name;
  if (run === name.length) return name.toLowerCase();
  // Digits count as part of the word they follow (`S3Bucket` -> `s3Bucket`).
  const next = name[run]!;
  const lowerTo = run > 1 && isLower(next) ? run - 1 : run;
  return name.slice(0, lowerTo).toLowerCase() + name.slice(lowerTo);
}

/** `UpdateItem` -> `UpdateItem`; makes any name a valid PascalCase identifier part. */
export function upperCamel(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, "_");
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
}

function isUpper(c: string): boolean {
  return c >= "A" && c <= "Z";
}

function isLower(c: string): boolean {
  return c >= "a" && c <= "z";
}

/** True when `name` can be written as a bare identifier (`v.name`, `{ name: 1 }`). */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/**
 * Words that cannot name a variable, function or class in strict-mode ES
 * modules and TypeScript. Property names may be any of these (`v.null` is
 * fine); only bindings need escaping.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval " +
    "any boolean number string symbol never unknown object undefined bigint type declare namespace module"
  ).split(" "),
);

/**
 * Global names the generated files refer to, which a shape must not shadow:
 * a structure named `Date` would otherwise capture every timestamp member.
 */
export const GLOBAL_NAMES: ReadonlySet<string> = new Set(
  (
    "Array ArrayBuffer BigInt Boolean Date Error Function JSON Map Math Number Object Promise Partial Readonly " +
    "ReadonlyArray Record RegExp Required Set String Symbol TypeError Uint8Array Buffer Exclude Pick Omit NonNullable " +
    "Awaited ReturnType"
  ).split(" "),
);

/** A property key as written in an interface or object literal: bare when possible, else quoted. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== "__proto__" ? name : JSON.stringify(name);
}

/** Reads a property: `obj.name`, or `obj["odd-name"]` when `name` is not an identifier. */
export function propertyAccess(object: string, name: string): string {
  return isIdentifier(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/**
 * Picks the first candidate not in `taken`, else the last one with a number
 * appended; records the choice in `taken`. Deterministic for a given order.
 */
export function claimName(taken: Set<string>, candidates: readonly string[]): string {
  for (const candidate of candidates) {
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  const base = candidates[candidates.length - 1]!;
  for (let i = 2; ; i++) {
    if (!taken.has(base + i)) {
      taken.add(base + i);
      return base + i;
    }
  }
}

/**
 * Names every plain object inherits from `Object.prototype`. A member with
 * one of these names cannot be read as `obj.name` (it would find the
 * inherited function), so the generator renames the TypeScript member and
 * reads the wire key as an own property.
 */
export const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
