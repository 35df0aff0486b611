/**
 * How conversion failures learn where they happened without slowing down the
 * values that convert fine: a failure is thrown from the leaf with no path,
 * and each container it passes through on the way out adds its own step.
 */

/** One step from a container to a member: a map key or a list/set position. */
export type PathStep = string | number;

/** Thrown inside the converters; turned into a public `MarshallError` at the entry point. */
export class ConversionFailure {
  /** Steps from the innermost container outwards (reversed when printed). */
  readonly steps: PathStep[] = [];
  /** The containers passed on the way out, innermost first; only kept when `code` is `TOO_DEEP`, to tell a cycle from deep nesting. */
  readonly containers: unknown[] = [];

  constructor(
    readonly code: string,
    readonly problem: string,
  ) {}
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Renders steps (outermost first) after a root name: `item.tags[2]["odd key"]`. */
export function formatPath(root: string, steps: readonly PathStep[]): string {
  let out = root;
  for (const step of steps) {
    if (typeof step === "number") out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/**
 * Deepest nesting the converters follow. DynamoDB itself stops at 32 levels
 * ("Nested attribute depth" in the DynamoDB service quotas), so this only
 * bounds recursion: a cyclic or absurdly deep value gets a clear error
 * instead of a stack overflow.
 */
export const MAX_DEPTH = 1000;

/** Finds a repeated container on the path of a `TOO_DEEP` failure: the start and end of a cycle, outermost first. */
export function findCycle(containersOutermostFirst: readonly unknown[]): [number, number] | undefined {
  const firstSeen = new Map<unknown, number>();
  for (let i = 0; i < containersOutermostFirst.length; i++) {
    const seen = firstSeen.get(containersOutermostFirst[i]);
    if (seen !== undefined) return [seen, i];
    firstSeen.set(containersOutermostFirst[i], i);
  }
  return undefined;
}
