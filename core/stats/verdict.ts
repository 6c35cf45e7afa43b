/**
 * From a comparison's numbers to its verdict, and the family-wise error control that makes a
 * suite's verdicts trustworthy together. A verdict is computed, never typed.
 */

/** Holm (1979) step-down adjustment; returns adjusted p-values in input order. */
export function holmAdjust(pValues: readonly number[]): number[] {
  // R: pmin(1, cummax((m − k + 1) · p_(k)))[order back], k = 1..m over ascending p.
  const m = pValues.length;
  const order = Array.from(pValues.keys()).sort((i, j) => pValues[i]! - pValues[j]! || i - j);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, k) => {
    running = Math.max(running, Math.min(1, (m - k) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}

/** The family-wise error rate the verdicts control. */
export const ALPHA = 0.05;

/** Fewer pairs than this and the "95%" bootstrap interval of a median is not a 95% interval. */
export const LOW_CONFIDENCE_PAIRS = 10;

export const VERDICTS = ["saves", "costs", "no-measurable-difference"] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * "saves" when the 95% CI of the saving lies entirely above zero and the (Holm-adjusted)
 * p-value is at most ALPHA; "costs" when the CI lies entirely below zero and p ≤ ALPHA; else
 * "no-measurable-difference". Requiring both keeps a suite's verdicts under the family-wise
 * error rate: an interval that misses zero alone is not corrected for the other comparisons.
 */
export function verdictOf(savingCI95: readonly [number, number], pAdjusted: number): Verdict {
  if (pAdjusted > ALPHA) return "no-measurable-difference";
  if (savingCI95[0] > 0) return "saves";
  if (savingCI95[1] < 0) return "costs";
  return "no-measurable-difference";
}

/** True when there are too few pairs for the interval to mean what "95%" says. */
export function isLowConfidence(pairs: number): boolean {
  return pairs < LOW_CONFIDENCE_PAIRS;
}
