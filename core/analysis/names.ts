/** Activity names that repeat within a pass. Pure. */

/** The original's de-duplication: the first "x", then "x:1", "x:2", … within a pass. */
export function uniqueName(base: string, counts: Map<string, number>): string {
  const seen = counts.get(base) ?? 0;
  counts.set(base, seen + 1);
  return seen === 0 ? base : `${base}:${seen}`;
}
