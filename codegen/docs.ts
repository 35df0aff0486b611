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

/** Converts model HTML to Markdown paragraphs and `- ` lists. */
export function htmlToMarkdown(html: string | undefined): string {
  if (!html) return "";
  const blocks: Block[] = [];
  const lists: string[] = [];
  let current = "";
  let pendingPrefix: string | undefined;
  let pre = 0;
  let href: string | undefined;
  let linkStart = 0;
  let codeStart = -1;

  const flush = (isPre = false) => {
    const text = isPre ? current.replace(/^\n+|\s+$/g, "") : current.replace(/\s+/g, " ").trim();
    if (text) {
      const depth = Math.max(0, lists.length - 1);
      const inItem = pendingPrefix !== undefined || (lists.length > 0 && blocks.length > 0);
      const prefix = pendingPrefix ?? (lists.length > 0 ? "  ".repeat(depth) + "  " : "");
      blocks.push({ prefix, text, pre: isPre, tight: inItem && pendingPrefix !== undefined && lists.length > 0 });
      pendingPrefix = undefined;
    }
    current = "";
  };

  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|(<)/g;
  for (let m = token.exec(html); m !== null; m = token.exec(html)) {
    const [, closing, rawTag, attrs, text, lone] = m;
    if (text !== undefined || lone !== undefined) {
      current += decodeEntities(text ?? lone!);
      continue;
    }
    const tag = rawTag!.toLowerCase();
    const open = closing === "";
    switch (tag) {
      case "p":
      case "div":
      case "br":
      case "dt":
      case "dd":
      case "h1":
      case "h2":
      case "h3":
      case "h4":
        flush();
        break;
      case "ul":
      case "ol":
        flush();
        if (open) lists.push(tag);
        else lists.pop();
        break;
      case "li":
        flush();
        if (open) {
          const depth = Math.max(0, lists.length - 1);
          pendingPrefix = "  ".repeat(depth) + (lists[lists.length - 1] === "ol" ? "1. " : "- ");
        }
        break;
      case "pre":
        if (open) {
          flush();
          pre++;
        } else {
          pre--;
          current = "```\n" + current.replace(/^\n+|\s+$/g, "") + "\n```";
          flush(true);
        }
        break;
      case "code":
        if (pre > 0) break;
        if (open) {
          current += "`";
          codeStart = current.length;
        } else if (codeStart >= 0) {
          // `<code> x </code>` puts its spaces outside the backticks, where Markdown needs them.
          const inner = current.slice(codeStart);
          const lead = /^\s*/.exec(inner)![0];
          const trail = /\s*$/.exec(inner)![0];
          const body = inner.trim();
          current = current.slice(0, codeStart - 1) + lead + (body ? "`" + body + "`" : "") + (body ? trail : "");
          codeStart = -1;
        }
        break;
      case "b":
      case "strong":
        current += "**";
        break;
      case "i":
      case "em":
        current += "_";
        break;
      case "note":
      case "important":
        flush();
        if (open) current = tag === "note" ? "**Note:** " : "**Important:** ";
        break;
      case "a":
        if (open) {
          href = /href\s*=\s*"([^"]*)"/i.exec(attrs ?? "")?.[1];
          linkStart = current.length;
        } else if (href !== undefined) {
          const label = current.slice(linkStart).trim();
          current = current.slice(0, linkStart) + (label && label !== href ? `[${label}](${href})` : href);
          href = undefined;
        }
        break;
      default:
        // Unknown tags (`<fullname>`, `<title>`, ...) keep their text.
        break;
    }
  }
  flush();
  // Empty emphasis and code spans left by whitespace-only content read as noise.
  const cleaned = blocks.map((b) => (b.pre ? b : { ...b, text: b.text.replace(/\*\*\s*\*\*|(?<![\w`])_\s*_(?![\w`])/g, " ").replace(/\s+/g, " ").trim() }));
  return cleaned
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
    if (!empty && line.length + 1 + word.length > WIDTH) {
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

/** The first sentence of some Markdown, on one line: for `@throws` lines and summaries. */
export function firstSentence(markdown: string): string {
  const flat = markdown.replace(/\s+/g, " ").trim();
  const end = flat.search(/\.(\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}
