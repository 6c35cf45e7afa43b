/**
 * Quantiles by linear interpolation between closest ranks: Hyndman & Fan (1996) definition 7,
 * the default of R's quantile(), NumPy's percentile() and Excel's PERCENTILE.INC. One
 * interpolation for every percentile boot-talk reports (summaries and bootstrap intervals).
 */

/**
 * The value at 0-based fractional rank h of sorted values: x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * The rank of quantile q is h = (n − 1)·q.
 */
export function valueAtRank(sorted: ArrayLike<number>, h: number): number {
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) of sorted values, type 7. The rank is computed as
 * (n − 1)·p/100, the order of operations every recorded summary used, so recomputation is
 * bit-for-bit exact. (simple-statistics' quantile() uses a different, step-wise rule.)
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of an empty sample");
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0–100`);
  return valueAtRank(sorted, ((sorted.length - 1) * p) / 100);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of sorted values, type 7, rank (n − 1)·q: the form the bootstrap
 * intervals of every recorded run used ((n − 1)·0.025 and (n − 1)·p/100 can differ in the last
 * bit, which would break exact verification of stored intervals).
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new Error("quantile of an empty sample");
  if (q < 0 || q > 1) throw new Error(`quantile ${q} is outside 0–1`);
  return valueAtRank(sorted, (sorted.length - 1) * q);
}

/** Median of sorted values (the mean of the two middle ones when n is even). */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  if (sorted.length === 0) throw new Error("median of an empty sample");
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The 95% percentile interval of a statistic's resampled values (sorts them in place). */
export function percentileInterval95(statistics: Float64Array): [number, number] {
  statistics.sort();
  return [quantile(statistics, 0.025), quantile(statistics, 0.975)];
}
