/**
 * Which model patterns the generated validators may enforce.
 *
 * Model patterns were written for Java's `java.util.regex` (Smithy's
 * `@pattern` says ECMA 262, but the services validate with Java). A pattern
 * is only enforced when it means the same in JavaScript, because rejecting
 * input the service accepts is worse than not checking it (the Dart SDK had
 * to withdraw its pattern checks for this reason). Everything uncertain is
 * left to the service.
 */

// Java-only or Unicode-sensitive constructs: property classes, inline flags and
// lookbehind groups, \A \Z \z anchors, horizontal/vertical space classes, quoting,
// class intersection, and \s/\S (ASCII in Java, Unicode in JavaScript).
const UNSAFE = /\\[pPAZzGhHvVRXQEsS]|\(\?|&&|\[\[|\[:/;

/**
 * Returns a JavaScript regex literal (`/.../u`) for `pattern`, or `undefined`
 * when the pattern might not mean the same in JavaScript.
 */
export function portablePattern(pattern: string | undefined): string | undefined {
  if (!pattern || UNSAFE.test(pattern) || hasPossessiveQuantifier(pattern)) return undefined;
  let compiled: RegExp;
  try {
    // The `u` flag makes JavaScript match by code point, as Java does; it
    // also rejects escapes Java tolerates (`\_`), which then go unchecked.
    compiled = new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  return `/${compiled.source}/u`;
}

/** `a++`, `[x]*+`, `a{2}+`: Java's possessive quantifiers, a syntax error or a different meaning in JS. */
function hasPossessiveQuantifier(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if ((c === "*" || c === "+" || c === "?" || c === "}") && pattern[i + 1] === "+") return true;
  }
  return false;
}
