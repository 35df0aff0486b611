/** Suggestions for a misspelt operation name. */

/**
 * The known names closest to `wanted` by edit distance, ignoring case and
 * the characters `-`, `_` and spaces (so `batch_get_items` finds
 * `BatchGetItem`), nearest first, at most `limit` of them; none when nothing
 * is close (more than a third of the name's letters would change).
 */
export function closestNames(wanted: string, known: Iterable<string>, limit = 3): string[] {
  const target = fold(wanted);
  const scored: { name: string; distance: number }[] = [];
  for (const name of known) {
    const folded = fold(name);
    const distance = editDistance(target, folded);
    const allowed = Math.max(2, Math.floor(Math.max(target.length, folded.length) / 3));
    if (distance <= allowed || (target.length >= 4 && (folded.startsWith(target) || target.startsWith(folded)))) scored.push({ name, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.name);
}

function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, "");
}

/** Levenshtein distance, with a swap of two neighbours counting as one edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}
