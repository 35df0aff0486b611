/** Small statistics and formatting helpers for the report. */

/**
 * The median of the finite `values` (the mean of the middle two for an even
 * count); NaN when there are none. Holes (rounds where a cell failed) are skipped.
 */
export function median(values: readonly (number | undefined)[]): number {
  const sorted = values.filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median over rounds of `a[i] / b[i]`, pairing measurements taken in the
 * same round. Neighbouring measurements share the machine's mood, so paired
 * ratios are steadier than a ratio of two medians.
 */
export function pairedRatio(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== undefined && y !== undefined && y > 0) ratios.push(x / y);
  }
  return median(ratios);
}

/** Formats a rate or count with thousands separators, or `–` when not measured. */
export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "–";
}

/** Formats a ratio as `3.42x`, or `–`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value >= 10 ? 1 : 2)}x` : "–";
}

/** Formats a fraction as a percentage, or `–`. */
export function percent(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : "–";
}

/** Formats bytes as MB (10^6 bytes, as npm and the issue quote sizes), or `–`. */
export function megabytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  const mb = bytes / 1e6;
  return `${mb.toFixed(mb < 1 ? 2 : 1)} MB`;
}

/** A pass/fail mark for a target, or nothing when there is no measurement. */
export function mark(pass: boolean | undefined): string {
  return pass === undefined ? "" : pass ? "✅" : "❌";
}

/** Renders a markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  return lines.join("\n");
}
