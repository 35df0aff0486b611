/**
 * A cursor over JSON text, for readers that turn a response body straight
 * into its output without building the intermediate JSON tree first.
 *
 * Where an output is made of many small wrapper objects (a DynamoDB item is
 * an object per attribute, `{ "S": "x" }`), `JSON.parse` spends most of its
 * time building objects that the deserializer then throws away; a generated
 * reader walks the text once and builds only the output. Readers call the
 * cursor in the order the text is laid out:
 *
 * ```ts
 * for (let key = r.firstKey(); key !== undefined; key = r.nextKey()) {
 *   if (key === "Count") out.count = r.number();
 *   else r.skip();
 * }
 * ```
 *
 * It accepts exactly the JSON that `JSON.parse` accepts, with two leniencies
 * that cannot change a value: a raw control character inside a string is
 * kept as it is (JSON wants it escaped), and `skip` checks only that brackets
 * balance in what it passes over. Anything else out of place throws a
 * {@link JsonReadError} naming the position.
 */
import type { JsonValue } from "./types.js";

/** The text is not JSON, or not the JSON a reader expected at this position. */
export class JsonReadError extends SyntaxError {
  /** The offset in the text (in UTF-16 code units) where reading stopped, when one place is to blame. */
  readonly position: number | undefined;
  constructor(message: string, position?: number, options?: ErrorOptions) {
    super(position === undefined ? message : `${message} at position ${position}`, options);
    this.name = "JsonReadError";
    this.position = position;
  }
}

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * Object keys read recently, by a hash of their length and end characters.
 * The same keys come back in every item of a response and in every response
 * (attribute names, member names): handing back the string read before saves
 * a copy, and V8 has already made that string a property key, which an
 * assignment with a fresh copy would have to look up in its string table.
 */
const KEY_SLOTS = 512;
const MAX_CACHED_KEY = 40;
const keyCache: (string | undefined)[] = new Array(KEY_SLOTS).fill(undefined);

/**
 * The engine's own copy of `key`, the one property names use: comparing it
 * with a literal (`switch (key)`) or storing a property under it then needs
 * no look-up by content.
 */
function internalize(key: string): string {
  return Object.keys({ [key]: 0 })[0] ?? key;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Reads one JSON text from the start; see the module comment for the calling pattern. */
export class JsonReader {
  readonly #text: string;
  #pos = 0;
  /**
   * The next backslash at or after the cursor (the text's length when none
   * is left). Strings before it need no unescaping, which keeps reading a
   * string to one `indexOf` and one `slice` in the usual case.
   */
  #escape: number;

  constructor(text: string) {
    this.#text = text;
    const escape = text.indexOf("\\");
    this.#escape = escape < 0 ? text.length : escape;
  }

  /** Reads `{` and the first member's key; `undefined` for `{}`. */
  firstKey(): string | undefined {
    this.#expect(OPEN_BRACE, "an object");
    if (this.#text.charCodeAt(this.#pos) === QUOTE) return this.#key(); // compact JSON: no space to skip
    this.#ws();
    if (this.#text.charCodeAt(this.#pos) === CLOSE_BRACE) {
      this.#pos++;
      return undefined;
    }
    return this.#key();
  }

  /** After a member's value: the next member's key, or `undefined` (having read `}`) when the object ends. */
  nextKey(): string | undefined {
    this.#ws();
    const c = this.#text.charCodeAt(this.#pos++);
    if (c === COMMA) {
      if (this.#text.charCodeAt(this.#pos) !== QUOTE) this.#ws();
      return this.#key();
    }
    if (c === CLOSE_BRACE) return undefined;
    throw this.#error("expected , or } after an object member", this.#pos - 1);
  }

  /** Reads `[`; true when an element follows, false (having read `]`) for `[]`. */
  firstItem(): boolean {
    this.#expect(OPEN_BRACKET, "an array");
    const c = this.#text.charCodeAt(this.#pos);
    if (c > 32 && c !== CLOSE_BRACKET) return true; // compact JSON: no space to skip
    this.#ws();
    if (this.#text.charCodeAt(this.#pos) === CLOSE_BRACKET) {
      this.#pos++;
      return false;
    }
    return true;
  }

  /** After an element: true when another follows, false (having read `]`) when the array ends. */
  nextItem(): boolean {
    this.#ws();
    const c = this.#text.charCodeAt(this.#pos++);
    if (c === COMMA) {
      if (this.#text.charCodeAt(this.#pos) > 32) return true; // compact JSON: no space to skip
      this.#ws();
      return true;
    }
    if (c === CLOSE_BRACKET) return false;
    throw this.#error("expected , or ] after an array element", this.#pos - 1);
  }

  /** Whether the next value is a string (reads nothing). */
  isString(): boolean {
    return this.#text.charCodeAt(this.#pos) === QUOTE;
  }

  /** Reads a string value. */
  string(): string {
    const text = this.#text;
    const open = this.#pos;
    if (text.charCodeAt(open) !== QUOTE) throw this.#error("expected a string", open);
    const start = open + 1;
    const end = text.indexOf('"', start);
    if (end < 0) throw this.#error("unterminated string", open);
    if (this.#escape < end) {
      if (this.#escape >= start) return this.#escapedString(open);
      this.#nextEscape(start);
      if (this.#escape < end) return this.#escapedString(open);
    }
    this.#pos = end + 1;
    return text.slice(start, end);
  }

  /** Reads a number value as `JSON.parse` does. */
  number(): number {
    const text = this.#text;
    const start = this.#pos;
    let i = start;
    let c = text.charCodeAt(i);
    if (c === MINUS) c = text.charCodeAt(++i);
    if (c === ZERO) {
      c = text.charCodeAt(++i);
    } else if (isDigit(c)) {
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    } else {
      throw this.#error("expected a number", start);
    }
    if (c === DOT) {
      c = text.charCodeAt(++i);
      if (!isDigit(c)) throw this.#error("expected a digit after the decimal point", i);
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    }
    if (c === 101 || c === 69) {
      // e, E
      c = text.charCodeAt(++i);
      if (c === PLUS || c === MINUS) c = text.charCodeAt(++i);
      if (!isDigit(c)) throw this.#error("expected a digit in the exponent", i);
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    }
    this.#pos = i;
    return +text.slice(start, i);
  }

  /** Reads `true` or `false`. */
  boolean(): boolean {
    const text = this.#text;
    const pos = this.#pos;
    if (text.startsWith("true", pos)) {
      this.#pos = pos + 4;
      return true;
    }
    if (text.startsWith("false", pos)) {
      this.#pos = pos + 5;
      return false;
    }
    throw this.#error("expected true or false", pos);
  }

  /** Reads `null` and returns true when the value is null; else reads nothing and returns false. */
  isNull(): boolean {
    const pos = this.#pos;
    if (this.#text.charCodeAt(pos) !== 110 || !this.#text.startsWith("null", pos)) return false; // n
    this.#pos = pos + 4;
    return true;
  }

  /**
   * Reads any value, building what `JSON.parse` builds (`__proto__` keys stay
   * own properties, a repeated key keeps its last value). On item-heavy
   * DynamoDB bodies this is faster than `JSON.parse`, whose cost there is
   * mostly looking up each short key and string anew.
   */
  value(): JsonValue {
    const start = this.#pos;
    try {
      return this.#build();
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
    // Nested deeper than the stack allows: pass over it (without recursion)
    // and let JSON.parse, which does not recurse either, build it.
    this.#pos = start;
    this.skip();
    const source = this.#text.slice(start, this.#pos);
    try {
      return JSON.parse(source) as JsonValue;
    } catch (err) {
      throw new JsonReadError(`invalid JSON value (${(err as Error).message})`, start);
    }
  }

  #build(): JsonValue {
    const text = this.#text;
    const pos = this.#pos;
    const c = text.charCodeAt(pos);
    if (c === QUOTE) return this.string();
    if (c === OPEN_BRACE) {
      const object: Record<string, JsonValue> = {};
      for (let key = this.firstKey(); key !== undefined; key = this.nextKey()) {
        const value = this.#build();
        if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
        else object[key] = value;
      }
      return object;
    }
    if (c === OPEN_BRACKET) {
      const list: JsonValue[] = [];
      if (this.firstItem()) do list.push(this.#build());
      while (this.nextItem());
      return list;
    }
    if (c === MINUS || isDigit(c)) return this.number();
    if (c === 116 || c === 102) return this.boolean(); // t, f
    if (this.isNull()) return null;
    throw this.#error(pos >= text.length ? "unexpected end of JSON" : "expected a value", pos);
  }

  /** Passes over one value of any kind. */
  skip(): void {
    const text = this.#text;
    let depth = 0;
    do {
      const c = text.charCodeAt(this.#pos);
      if (c === QUOTE) {
        this.string();
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        this.#pos++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0) throw this.#error("expected a value", this.#pos);
        depth--;
        this.#pos++;
      } else if (c === COMMA || c === COLON) {
        if (depth === 0) throw this.#error("expected a value", this.#pos);
        this.#pos++;
      } else if (c === MINUS || isDigit(c)) {
        this.number();
      } else if (c === 116 || c === 102) {
        // t, f
        this.boolean();
      } else if (!this.isNull()) {
        throw this.#error(this.#pos >= text.length ? "unexpected end of JSON" : "expected a value", this.#pos);
      }
      this.#ws();
    } while (depth > 0);
  }

  /** Checks that nothing but whitespace is left. */
  end(): void {
    this.#ws();
    if (this.#pos < this.#text.length) throw this.#error("unexpected text after the JSON value", this.#pos);
  }

  /** A member's key and the colon after it, leaving the cursor on the value. */
  #key(): string {
    const text = this.#text;
    const start = this.#pos + 1;
    const end = text.indexOf('"', start);
    const length = end - start;
    let key: string | undefined;
    if (text.charCodeAt(start - 1) === QUOTE && length > 0 && length <= MAX_CACHED_KEY && this.#escape > end) {
      const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & (KEY_SLOTS - 1);
      key = keyCache[slot];
      if (key === undefined || key.length !== length || !text.startsWith(key, start)) keyCache[slot] = key = internalize(text.slice(start, end));
      this.#pos = end + 1;
    } else {
      key = this.string();
    }
    if (text.charCodeAt(this.#pos) !== COLON) {
      this.#ws();
      if (text.charCodeAt(this.#pos) !== COLON) throw this.#error("expected : after an object key", this.#pos);
    }
    if (text.charCodeAt(++this.#pos) <= 32) this.#ws();
    return key;
  }

  #expect(c: number, what: string): void {
    if (this.#text.charCodeAt(this.#pos) !== c) throw this.#error(`expected ${what}`, this.#pos);
    this.#pos++;
  }

  #ws(): void {
    const text = this.#text;
    let pos = this.#pos;
    let c = text.charCodeAt(pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++pos);
    this.#pos = pos;
  }

  #nextEscape(from: number): void {
    const escape = this.#text.indexOf("\\", from);
    this.#escape = escape < 0 ? this.#text.length : escape;
  }

  /** A string with escapes: find its real end, then let `JSON.parse` decode (and check) them. */
  #escapedString(open: number): string {
    const text = this.#text;
    let i = open + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) i += 2;
      else if (i >= text.length) throw this.#error("unterminated string", open);
      else i++;
    }
    const source = text.slice(open, i + 1);
    let value: string;
    try {
      value = JSON.parse(source) as string;
    } catch {
      throw this.#error("invalid escape in a string", open);
    }
    this.#pos = i + 1;
    this.#nextEscape(this.#pos);
    return value;
  }

  #error(message: string, position: number): JsonReadError {
    return new JsonReadError(message, position);
  }
}
