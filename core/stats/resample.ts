/**
 * Resampling statistics: bootstrap confidence intervals and a two-sample permutation test.
 * Written here because simple-statistics offers only an unseeded permutation test of means;
 * boot-talk needs medians (robust to the odd slow boot) and results that a seed reproduces
 * exactly.
 *
 * Speed without approximation: a bootstrap resample or a relabelling only needs one or two
 * order statistics (the median), so instead of sorting every resample the values are sorted
 * once and each resample is a count per rank (or a membership mark per rank); walking the
 * ranks finds the middle values. The generator's state is stepped in a local (random.ts says
 * why) and an interval's order statistics are selected, not sorted (quantile.ts). The random
 * stream is consumed exactly as a sort-based implementation would consume it, so every stored
 * interval and p-value recomputes bit for bit (resample.test.ts checks it against the plain
 * definitions).
 */
import { medianOfSorted, percentileInterval95 } from "./quantile.ts";
import { nextState, SeededStream, uniformOf } from "./random.ts";

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

  /** The median of one resample drawn from stream. */
  next(stream: SeededStream): number {
    const rank = this.#rank;
    const counts = this.#counts;
    const sorted = this.#sorted;
    const n = rank.length;
    counts.fill(0);
    let state = stream.state;
    for (let i = 0; i < n; i++) {
      state = nextState(state);
      // randomIndex(random, n), on the stream's state kept in a local.
      counts[rank[Math.floor(uniformOf(state) * n)]!]!++;
    }
    stream.state = state;
    // The resample's sorted positions mid − 1 and mid (0-based) hold its middle values: walk the
    // ranks until more than mid values have been passed.
    const mid = n >> 1;
    let seen = 0;
    let r = 0;
    for (; ; r++) {
      seen += counts[r]!;
      if (seen > mid) break;
    }
    const high = sorted[r]!;
    if (n % 2) return high;
    // Position mid − 1 is in the same rank unless exactly mid values came before this rank.
    if (seen - counts[r]! < mid) return (high + high) / 2;
    let q = r - 1;
    while (counts[q] === 0) q--;
    return (sorted[q]! + high) / 2;
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
  const stream = new SeededStream(options.seed);
  const b = options.resamples ?? DEFAULT_RESAMPLES;
  const medians = new Float64Array(b);
  for (let i = 0; i < b; i++) medians[i] = resampler.next(stream);
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
  const stream = new SeededStream(options.seed);
  const count = options.resamples ?? DEFAULT_RESAMPLES;
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const medianA = fromA.next(stream);
    values[i] = statistic(medianA, fromB.next(stream));
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
  const count = options.permutations ?? DEFAULT_RESAMPLES;
  const observed = Math.abs(medianOf(a) - medianOf(b));
  // Float noise must not make an identical permutation look "less extreme".
  const tolerance = 1e-9 * Math.max(1, observed);
  const { sorted, rank: pool } = ranked([...a, ...b]);
  const n = pool.length;
  const na = a.length;
  // inA[k] === r + 1: the value of rank k is in group a in relabelling r (no clearing between them).
  const inA = new Int32Array(n);
  // Middle positions (0-based) of each group's sorted values.
  const aLow = na % 2 ? na >> 1 : (na >> 1) - 1;
  const aHigh = na >> 1;
  const nb = n - na;
  const bLow = nb % 2 ? nb >> 1 : (nb >> 1) - 1;
  const bHigh = nb >> 1;
  let extreme = 0;
  let state = new SeededStream(options.seed).state;
  for (let r = 0; r < count; r++) {
    // Partial Fisher–Yates: the first a.length slots become the relabelled group a.
    for (let i = 0; i < na; i++) {
      state = nextState(state);
      const j = i + Math.floor(uniformOf(state) * (n - i));
      const swap = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = swap;
    }
    const mark = r + 1;
    for (let i = 0; i < na; i++) inA[pool[i]!] = mark;
    let seenA = 0;
    let seenB = 0;
    let lowA = 0;
    let highA = 0;
    let lowB = 0;
    let highB = 0;
    // Walk the ranks until both groups' middle values are passed.
    for (let k = 0; seenA <= aHigh || seenB <= bHigh; k++) {
      const value = sorted[k]!;
      if (inA[k] === mark) {
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
