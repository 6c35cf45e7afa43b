/**
 * Resampling statistics: bootstrap confidence intervals and a two-sample permutation test.
 * Written here because simple-statistics offers only an unseeded permutation test of means;
 * boot-talk needs medians (robust to the odd slow boot) and results that a seed reproduces
 * exactly.
 *
 * Speed without approximation: a bootstrap resample or a relabelling only needs one or two
 * order statistics (the median), so instead of sorting every resample the values are sorted
 * once and each resample is a count per rank (or a membership mark per rank); walking the
 * ranks finds the middle values. The random stream is consumed exactly as a sort-based
 * implementation would consume it, so every stored interval and p-value recomputes bit for bit.
 */
import { medianOfSorted, percentileInterval95 } from "./quantile.ts";
import { randomIndex, seededRandom } from "./random.ts";

export const DEFAULT_RESAMPLES = 10_000;

/** Median of a sample (average of the two middle values when n is even). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty sample");
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/** Sorted copy of values and, for each input position, the rank its value holds in that copy. */
function ranked(values: readonly number[]): { sorted: Float64Array; rank: Int32Array } {
  const order = Array.from(values.keys()).sort((i, j) => (values[i] as number) - (values[j] as number) || i - j);
  const sorted = new Float64Array(values.length);
  const rank = new Int32Array(values.length);
  order.forEach((position, r) => {
    sorted[r] = values[position] as number;
    rank[position] = r;
  });
  return { sorted, rank };
}

/**
 * Draws bootstrap resamples of values (n draws with replacement, as `values[randomIndex()]`)
 * and returns each resample's median without sorting it: O(n) per resample.
 */
export class MedianResampler {
  readonly #sorted: Float64Array;
  readonly #rank: Int32Array;
  readonly #counts: Int32Array;
  constructor(values: readonly number[]) {
    if (values.length === 0) throw new Error("bootstrap of an empty sample");
    ({ sorted: this.#sorted, rank: this.#rank } = ranked(values));
    this.#counts = new Int32Array(values.length);
  }

  /** The median of one resample drawn from random. */
  next(random: () => number): number {
    const n = this.#rank.length;
    const counts = this.#counts;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[this.#rank[randomIndex(random, n)]!]!++;
    // The resample's sorted positions mid − 1 and mid (0-based) hold its middle values.
    const mid = n >> 1;
    const wantLow = n % 2 ? mid : mid - 1;
    let seen = 0;
    let low = NaN;
    for (let r = 0; r < n; r++) {
      const c = counts[r]!;
      if (c === 0) continue;
      if (Number.isNaN(low) && seen + c > wantLow) low = this.#sorted[r]!;
      if (seen + c > mid) {
        const high = this.#sorted[r]!;
        return n % 2 ? high : (low + high) / 2;
      }
      seen += c;
    }
    throw new Error("unreachable: a resample has n values");
  }
}

/**
 * Percentile bootstrap 95% CI of the median (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13): resample with replacement B times, take the 2.5% and 97.5%
 * points of the resampled medians. With n ≈ 10 the interval is coarse (medians of
 * resamples can only take a few values) but honest; with n = 5 it is about min…max.
 */
export function bootstrapMedianCI(
  values: readonly number[],
  options: { seed: number; resamples?: number },
): [number, number] {
  const resampler = new MedianResampler(values);
  const random = seededRandom(options.seed);
  const b = options.resamples ?? DEFAULT_RESAMPLES;
  const medians = new Float64Array(b);
  for (let i = 0; i < b; i++) medians[i] = resampler.next(random);
  return percentileInterval95(medians);
}

/**
 * Percentile bootstrap 95% CI of statistic(median(a*), median(b*)), resampling each group
 * independently (two-sample bootstrap, Efron & Tibshirani 1993, §8.3).
 */
export function bootstrapTwoSampleCI(
  a: readonly number[],
  b: readonly number[],
  statistic: (medianA: number, medianB: number) => number,
  options: { seed: number; resamples?: number },
): [number, number] {
  if (a.length === 0 || b.length === 0) throw new Error("bootstrap of an empty sample");
  const fromA = new MedianResampler(a);
  const fromB = new MedianResampler(b);
  const random = seededRandom(options.seed);
  const count = options.resamples ?? DEFAULT_RESAMPLES;
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const medianA = fromA.next(random);
    values[i] = statistic(medianA, fromB.next(random));
  }
  return percentileInterval95(values);
}

/** Bootstrap 95% CI of median(a) − median(b). */
export function bootstrapMedianDifferenceCI(
  a: readonly number[],
  b: readonly number[],
  options: { seed: number; resamples?: number },
): [number, number] {
  return bootstrapTwoSampleCI(a, b, (ma, mb) => ma - mb, options);
}

/** Bootstrap 95% CI of median(a) / median(b), for "relative" columns. */
export function bootstrapMedianRatioCI(
  a: readonly number[],
  b: readonly number[],
  options: { seed: number; resamples?: number },
): [number, number] {
  return bootstrapTwoSampleCI(a, b, (ma, mb) => ma / mb, options);
}

/**
 * Two-sided permutation test for a difference of medians (Good, "Permutation, Parametric and
 * Bootstrap Tests of Hypotheses", 2005): pool both samples, reshuffle the labels R times and
 * count how often |median(a*) − median(b*)| ≥ the observed |difference|. The p-value is
 * (count + 1)/(R + 1), which never reports an impossible 0 for a Monte Carlo test
 * (Phipson & Smyth 2010). Each relabelling continues the partial Fisher–Yates shuffle of the
 * previous one (the pool is not reset), as every recorded run did.
 */
export function permutationTestMedians(
  a: readonly number[],
  b: readonly number[],
  options: { seed: number; permutations?: number },
): number {
  if (a.length === 0 || b.length === 0) throw new Error("permutation test of an empty sample");
  const random = seededRandom(options.seed);
  const count = options.permutations ?? DEFAULT_RESAMPLES;
  const observed = Math.abs(medianOf(a) - medianOf(b));
  // Float noise must not make an identical permutation look "less extreme".
  const tolerance = 1e-9 * Math.max(1, observed);
  const { sorted, rank: pool } = ranked([...a, ...b]);
  const n = pool.length;
  const na = a.length;
  const inA = new Uint8Array(n);
  // Middle positions (0-based) of each group's sorted values.
  const aLow = na % 2 ? na >> 1 : (na >> 1) - 1;
  const aHigh = na >> 1;
  const nb = n - na;
  const bLow = nb % 2 ? nb >> 1 : (nb >> 1) - 1;
  const bHigh = nb >> 1;
  let extreme = 0;
  for (let r = 0; r < count; r++) {
    // Partial Fisher–Yates: the first a.length slots become the relabelled group a.
    for (let i = 0; i < na; i++) {
      const j = i + randomIndex(random, n - i);
      const swap = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = swap;
    }
    inA.fill(0);
    for (let i = 0; i < na; i++) inA[pool[i]!] = 1;
    let seenA = 0;
    let seenB = 0;
    let lowA = 0;
    let highA = 0;
    let lowB = 0;
    let highB = 0;
    for (let k = 0; k < n; k++) {
      const value = sorted[k]!;
      if (inA[k]) {
        if (seenA === aLow) lowA = value;
        if (seenA === aHigh) highA = value;
        seenA++;
      } else {
        if (seenB === bLow) lowB = value;
        if (seenB === bHigh) highB = value;
        seenB++;
      }
    }
    const medianA = na % 2 ? highA : (lowA + highA) / 2;
    const medianB = nb % 2 ? highB : (lowB + highB) / 2;
    if (Math.abs(medianA - medianB) >= observed - tolerance) extreme++;
  }
  return (extreme + 1) / (count + 1);
}

export interface MedianComparison {
  /** median(baseline) − median(variant): positive when the variant is faster. */
  difference: number;
  ci95: [number, number];
  pValue: number;
}

/** Compares a variant with its baseline by the difference of medians (unpaired). */
export function compareMedians(
  baseline: readonly number[],
  variant: readonly number[],
  options: { seed: number; resamples?: number },
): MedianComparison {
  return {
    difference: medianOf(baseline) - medianOf(variant),
    ci95: bootstrapMedianDifferenceCI(baseline, variant, options),
    pValue: permutationTestMedians(baseline, variant, { seed: options.seed, permutations: options.resamples }),
  };
}
