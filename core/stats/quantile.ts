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
  return interpolate(sorted[lo] as number, sorted[Math.min(lo + 1, sorted.length - 1)] as number, h - lo);
}

/** a + f·(b − a): the one interpolation of every quantile, in the order of operations records were computed with. */
function interpolate(a: number, b: number, f: number): number {
  return a + f * (b - a);
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

/**
 * The 95% percentile interval of a statistic's resampled values: quantile(sorted, 0.025) and
 * quantile(sorted, 0.975) without sorting them. Only the four order statistics around the two
 * ranks are needed, so they are selected (Hoare's FIND, O(n) expected) instead: the values, and
 * so the interval, are exactly those of the sort. Reorders statistics in place. Values with NaN
 * or −0 (whose place the sort fixes but a selection by < does not) are sorted instead.
 */
export function percentileInterval95(statistics: Float64Array): [number, number] {
  const n = statistics.length;
  if (n === 0) throw new Error("quantile of an empty sample");
  if (!selectable(statistics)) {
    statistics.sort();
    return [quantile(statistics, 0.025), quantile(statistics, 0.975)];
  }
  const low = selectedQuantile(statistics, 0.025, 0);
  // Everything at or after the low quantile's upper neighbour is ≥ it: select the high one there.
  const high = selectedQuantile(statistics, 0.975, Math.min(Math.floor((n - 1) * 0.025) + 1, n - 1));
  return [low, high];
}

function selectable(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x || (x === 0 && 1 / x < 0)) return false;
  }
  return true;
}

/** quantile(sorted(values), q), selecting within values[from…] (which must hold every order statistic ≥ from). */
function selectedQuantile(values: Float64Array, q: number, from: number): number {
  const h = (values.length - 1) * q;
  const lo = Math.floor(h);
  selectInPlace(values, lo, from, values.length - 1);
  const hi = Math.min(lo + 1, values.length - 1);
  // values[lo + 1 …] are all ≥ values[lo]: their minimum is the next order statistic.
  let next = values[hi]!;
  for (let i = hi + 1; i < values.length; i++) if (values[i]! < next) next = values[i]!;
  return interpolate(values[lo]!, next, h - lo);
}

/**
 * Moves the k-th smallest of values[left…right] to position k, smaller or equal ones before it
 * and greater or equal ones after (Hoare 1961, FIND, as Wirth writes it), with a median-of-three pivot.
 */
function selectInPlace(values: Float64Array, k: number, left: number, right: number): void {
  while (left < right) {
    const a = values[left]!;
    const b = values[k]!;
    const c = values[right]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    do {
      while (values[i]! < pivot) i++;
      while (pivot < values[j]!) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) left = i;
    if (k < i) right = j;
  }
}
