/**
 * Model documentation (a small HTML dialect) to Markdown, and Markdown to
 * JSDoc comments.
 *
 * botocore documentation uses `<p>`, `<code>`, `<a>`, lists, `<b>`/`<i>`,
 * `<note>`/`<important>` and the odd `<pre>`. Everything else is dropped with
 * its text kept, so an unexpected tag never loses words.
 */

const WIDTH = 100;

interface Block {
  /** Leading text of the first line (`- ` for a list item, nested by depth). */
  readonly prefix: string;
  readonly text: string;
  /** Preformatted: kept as is, never wrapped. */
  readonly pre: boolean;
  /** Directly follows the previous block, without a blank line (list items). */
  readonly tight: boolean;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** An inline element still open: its Markdown marker and where its text starts in the current block. */
interface Mark {
  readonly tag: string;
  readonly marker: string;
  start: number;
}

const INLINE_MARKERS: Record<string, string> = { code: "`", b: "**", strong: "**", dt: "**", i: "_", em: "_" };

/**
 * Text outside code. A placeholder such as `<region>` or
 * `<Name>_<Timestamp>.csv` (written `&lt;region&gt;` in the model) becomes a
 * code span; any other `<` that Markdown could take for the start of a tag
 * is escaped, so that no words disappear from a rendered comment.
 */
function plainText(text: string): string {
  const escape = (t: string) => t.replace(/<(?=[A-Za-z/!?])/g, "\\<");
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/(?:[^\s<>]*<[A-Za-z][^<>\s]*>)+[^\s<>]*/g)) {
    // Punctuation around the placeholder stays outside the code span.
    const [, before, core, after] = /^([("']*)(.*?)([.,;:)"']*)$/.exec(m[0])!;
    out += escape(text.slice(last, m.index)) + before + "`" + core + "`" + after;
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

/** Converts model HTML to Markdown paragraphs and `- ` lists. */
export function htmlToMarkdown(html: string | undefined): string {
  if (!html) return "";
  const blocks: Block[] = [];
  const lists: string[] = [];
  const marks: Mark[] = [];
  let current = "";
  let pendingPrefix: string | undefined;
  /** `**Note:** ` of a `<note>`, put before the first text inside it. */
  let label = "";
  let pre = 0;
  let href: string | undefined;
  let linkStart = -1;

  const flush = (isPre = false) => {
    const text = isPre ? current.replace(/^\n+|\s+$/g, "") : current.replace(/\s+/g, " ").trim();
    if (text) {
      const depth = Math.max(0, lists.length - 1);
      const inItem = pendingPrefix !== undefined || (lists.length > 0 && blocks.length > 0);
      const prefix = pendingPrefix ?? (lists.length > 0 ? "  ".repeat(depth) + "  " : "");
      blocks.push({ prefix, text: label + text, pre: isPre, tight: inItem && pendingPrefix !== undefined && lists.length > 0 });
      pendingPrefix = undefined;
      label = "";
    }
    current = "";
    // An inline element open across blocks carries on in the next one.
    for (const mark of marks) mark.start = 0;
    if (linkStart >= 0) linkStart = 0;
  };

  const open = (tag: string) => marks.push({ tag, marker: INLINE_MARKERS[tag]!, start: current.length });
  // Whitespace just inside the tags moves outside the markers, where Markdown
  // needs it (`<i> Guide</i>` is ` _Guide_`, not `_ Guide_`); an empty element
  // leaves only its whitespace.
  const close = (tag: string) => {
    const at = marks.findLastIndex((m) => m.tag === tag || INLINE_MARKERS[m.tag] === INLINE_MARKERS[tag]);
    if (at === -1) return;
    const [mark] = marks.splice(at, 1);
    const inner = current.slice(mark!.start);
    const lead = /^\s*/.exec(inner)![0];
    const body = inner.trim();
    const trail = body ? /\s*$/.exec(inner)![0] : "";
    let marked = body;
    if (body) marked = mark!.marker === "`" && body.includes("`") ? "`` " + body + " ``" : mark!.marker + body + mark!.marker;
    current = current.slice(0, mark!.start) + lead + marked + trail;
  };
  const inCode = () => marks.some((m) => m.marker === "`");

  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|(<)/g;
  for (let m = token.exec(html); m !== null; m = token.exec(html)) {
    const [, closing, rawTag, attrs, text, lone] = m;
    if (text !== undefined || lone !== undefined) {
      const decoded = decodeEntities(text ?? lone!);
      current += pre > 0 || inCode() ? decoded : plainText(decoded);
      continue;
    }
    const tag = rawTag!.toLowerCase();
    const opening = closing === "";
    switch (tag) {
      case "p":
      case "div":
      case "br":
      case "dd":
      case "h1":
      case "h2":
      case "h3":
      case "h4":
        flush();
        break;
      case "dt":
        // A definition list's term is a bold line above its definition.
        if (opening) {
          flush();
          open(tag);
        } else {
          close(tag);
          flush();
        }
        break;
      case "ul":
      case "ol":
        flush();
        // A note that starts with a list gets its label on a line of its own, not on the first item.
        if (opening && label) {
          blocks.push({ prefix: "", text: label.trimEnd(), pre: false, tight: false });
          label = "";
        }
        if (opening) lists.push(tag);
        else lists.pop();
        break;
      case "li":
        flush();
        if (opening) {
          const depth = Math.max(0, lists.length - 1);
          pendingPrefix = "  ".repeat(depth) + (lists[lists.length - 1] === "ol" ? "1. " : "- ");
        }
        break;
      case "pre":
        if (opening) {
          flush();
          pre++;
        } else {
          pre--;
          current = "```\n" + current.replace(/^\n+|\s+$/g, "") + "\n```";
          flush(true);
        }
        break;
      case "code":
      case "b":
      case "strong":
      case "i":
      case "em":
        if (pre > 0 || (tag !== "code" && inCode())) break;
        if (opening) open(tag);
        else close(tag);
        break;
      case "note":
      case "important":
        flush();
        label = opening ? (tag === "note" ? "**Note:** " : "**Important:** ") : "";
        break;
      case "a":
        if (opening) {
          const raw = /href\s*=\s*"([^"]*)"/i.exec(attrs ?? "")?.[1];
          href = raw === undefined ? undefined : decodeEntities(raw);
          linkStart = current.length;
        } else if (linkStart >= 0) {
          const linkText = current.slice(linkStart).trim();
          if (href !== undefined) {
            current = current.slice(0, linkStart) + (linkText && linkText !== href ? `[${linkText}](${href})` : href);
          } else if (/^[^\s`]+$/.test(linkText) && !inCode()) {
            // A link without an address names another operation or shape of the model.
            current = current.slice(0, linkStart) + current.slice(linkStart).replace(linkText, "`" + linkText + "`");
          }
          href = undefined;
          linkStart = -1;
        }
        break;
      default:
        // Unknown tags (`<fullname>`, `<title>`, ...) keep their text.
        break;
    }
  }
  flush();
  return blocks
    .filter((b) => b.text.trim() !== "")
    .map((b, i) => (i === 0 || b.tight ? "" : "\n") + wrap(b))
    .join("\n");
}

function wrap(block: Block): string {
  if (block.pre) return block.text;
  const indent = " ".repeat(block.prefix.length);
  const words = block.text.split(" ");
  const lines: string[] = [];
  let line = block.prefix;
  let empty = true;
  for (const word of words) {
    // A line must not start with what Markdown reads as a list item, a quote
    // or a heading (`- `, `1. `, `>`, `# `); such a word stays on the line before.
    if (!empty && line.length + 1 + word.length > WIDTH && !/^(?:[-+*]|>.*|#{1,6}|\d{1,9}[.)])$/.test(word)) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += (empty ? "" : " ") + word;
    empty = false;
  }
  lines.push(line);
  return lines.join("\n");
}

/**
 * Renders Markdown (plus optional `@tag` lines) as a JSDoc comment at
 * `indent`. Returns no lines when there is nothing to say.
 */
export function docComment(markdown: string, tags: readonly string[] = [], indent = ""): string[] {
  const body = markdown
    .split("\n")
    // `*/` would end the comment; a line starting with `@` would read as a tag.
    .map((l) => l.replace(/\*\//g, "*\\/").replace(/^(\s*)@/, "$1\\@"));
  while (body.length > 0 && body[body.length - 1]!.trim() === "") body.pop();
  const tagLines = tags.map((t) => t.replace(/\*\//g, "*\\/"));
  const all = body.length > 0 && tagLines.length > 0 ? [...body, "", ...tagLines] : [...body, ...tagLines];
  if (all.length === 0) return [];
  if (all.length === 1 && all[0]!.length + indent.length < WIDTH) return [`${indent}/** ${all[0]} */`];
  return [`${indent}/**`, ...all.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`];
}

/** Wraps plain Markdown prose (one paragraph per blank line) to the doc comment width. */
export function prose(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => wrap({ prefix: "", text: paragraph.replace(/\s+/g, " ").trim(), pre: false, tight: false }))
    .join("\n\n");
}

/**
 * The first sentence of some Markdown, on one line: for `@throws` lines and
 * summaries. It never reaches past the first paragraph or into a list.
 */
export function firstSentence(markdown: string): string {
  const paragraph = markdown.trim().split(/\n\s*\n|\n\s*(?:[-+*]|\d+[.)]) /)[0]!;
  const flat = paragraph.replace(/\s+/g, " ").trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}
