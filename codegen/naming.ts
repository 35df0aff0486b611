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
