/**
 * Just enough XML reading for STS answers.
 *
 * STS (the AWS query protocol) answers with small, flat, machine-written XML
 * documents: no CDATA, no comments in practice, each element we need appearing
 * once in the part of the document we look at. Finding `<Name>text</Name>`
 * and decoding the five predefined entities plus character references covers
 * them, and saves a dependency in the package.
 */

/** The decoded text of the first `<name>…</name>` element in `xml`, or undefined. */
export function elementText(xml: string, name: string): string | undefined {
  const inner = elementInner(xml, name);
  return inner === undefined ? undefined : decodeEntities(inner.trim());
}

/** The raw inner markup of the first `<name>…</name>` element in `xml`, or undefined. */
export function elementInner(xml: string, name: string): string | undefined {
  // Attributes (an `xmlns`) may follow the name; a self-closing tag has no text.
  const open = new RegExp(`<${name}(?:\\s[^>]*)?>`).exec(xml);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const end = xml.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : xml.slice(start, end);
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes `&amp;`-style entities and `&#65;` / `&#x41;` character references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return safeCodePoint(parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith("#")) return safeCodePoint(parseInt(ref.slice(1), 10), whole);
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
