/**
 * Resampling statistics: bootstrap confidence intervals and a permutation test. Written here
 * because simple-statistics offers only an unseeded permutation test of means; boot-talk needs
 * medians (robust to the odd slow boot) and results that a seed reproduces exactly.
 */
import { seededRandom, randomIndex } from "./random.ts";

export const DEFAULT_RESAMPLES = 10_000;

/** Median of a sample (average of the two middle values when n is even). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty sample");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function resample(values: readonly number[], random: () => number): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[randomIndex(random, values.length)] as number;
  return out;
}

/** The 2.5th and 97.5th percentiles (Hyndman–Fan type 7) of a statistic's bootstrap distribution. */
function percentileInterval(statistics: number[]): [number, number] {
  statistics.sort((a, b) => a - b);
  const at = (p: number) => {
    const h = (statistics.length - 1) * p;
    const lo = Math.floor(h);
    const a = statistics[lo] as number;
    return a + (h - lo) * ((statistics[Math.min(lo + 1, statistics.length - 1)] as number) - a);
  };
  return [at(0.025), at(0.975)];
}

/**
 * Percentile bootstrap 95% CI of the median (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13): resample with replacement B times, take the 2.5% and 97.5%
 * points of the resampled medians. With n ≈ 10 the interval is coarse (medians of
 * resamples can only take a few values) but honest.
 */
export function bootstrapMedianCI(
  values: readonly number[],
  options: { seed: number; resamples?: number },
): [number, number] {
  if (values.length === 0) throw new Error("bootstrap of an empty sample");
  const random = seededRandom(options.seed);
  const b = options.resamples ?? DEFAULT_RESAMPLES;
  const medians = new Array<number>(b);
  for (let i = 0; i < b; i++) medians[i] = medianOf(resample(values, random));
  return percentileInterval(medians);
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
  const random = seededRandom(options.seed);
  const count = options.resamples ?? DEFAULT_RESAMPLES;
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = statistic(medianOf(resample(a, random)), medianOf(resample(b, random)));
  return percentileInterval(values);
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
 * (Phipson & Smyth 2010). Firecracker's A/B boot tests use the same kind of test.
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
  const pool = [...a, ...b];
  let extreme = 0;
  for (let r = 0; r < count; r++) {
    // Partial Fisher–Yates: the first a.length slots become the relabelled group a.
    for (let i = 0; i < a.length; i++) {
      const j = i + randomIndex(random, pool.length - i);
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    const diff = Math.abs(medianOf(pool.slice(0, a.length)) - medianOf(pool.slice(a.length)));
    if (diff >= observed - tolerance) extreme++;
  }
  return (extreme + 1) / (count + 1);
}

export interface MedianComparison {
  /** median(baseline) − median(variant): positive when the variant is faster. */
  difference: number;
  ci95: [number, number];
  pValue: number;
}

/** Compares a variant with its baseline by the difference of medians. */
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
