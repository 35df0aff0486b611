/** The INI dialect of the AWS shared files, parsed without touching the file system. */

/** One profile's settings; keys are lower-cased as the AWS CLI does. */
export type Profile = Record<string, string>;

/**
 * Parses the INI dialect of the AWS shared files into section name -> settings.
 *
 * - `#` and `;` start a comment line; blank lines are ignored.
 * - `key = value`, split at the first `=`; keys lower-cased, both sides trimmed.
 * - A key with an empty value followed by indented `sub = value` lines is a
 *   nested block (e.g. an `s3 =` block); those are kept as `key.sub` so they
 *   cannot be mistaken for top-level settings.
 * - Settings before the first section header are ignored.
 */
export function parseIni(text: string): Map<string, Profile> {
  const sections = new Map<string, Profile>();
  let current: Profile | undefined;
  let nestedUnder: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[")) {
      const end = line.indexOf("]");
      if (end < 0) {
        current = undefined;
        continue;
      }
      const name = line.slice(1, end).trim().replace(/\s+/g, " ");
      current = sections.get(name) ?? {};
      sections.set(name, current);
      nestedUnder = undefined;
      continue;
    }
    if (!current) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    const indented = /^\s/.test(rawLine);
    if (indented && nestedUnder !== undefined) {
      current[`${nestedUnder}.${key}`] = value;
      continue;
    }
    nestedUnder = value === "" ? key : undefined;
    current[key] = value;
  }
  return sections;
}
