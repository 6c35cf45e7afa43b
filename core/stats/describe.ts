/**
 * Describing one metric's samples: the numbers every variant of every benchmark reports.
 * Means and deviations come from simple-statistics; percentiles (quantile.ts) and outlier
 * scores are written here because their exact definitions must be stated (and tested).
 */
import { mean, medianAbsoluteDeviation, median as ssMedian, sampleStandardDeviation } from "simple-statistics";
import { percentile } from "./quantile.ts";
import { bootstrapMedianCI } from "./resample.ts";

/** Percentiles are Hyndman–Fan type 7 (core/stats/quantile.ts). */
export { percentile };

export interface Description {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 divisor), 0 when n < 2. */
  sd: number;
  median: number;
  min: number;
  max: number;
  p5: number;
  p25: number;
  p75: number;
  p95: number;
  /** Median absolute deviation, unscaled. */
  mad: number;
  /** Coefficient of variation sd / mean (0 when the mean is 0). */
  cv: number;
  medianCI95: [number, number];
  /** Indices into the input flagged as outliers (never removed). */
  outliers: number[];
}

/** The outlier threshold on |modified z-score| recommended by Iglewicz & Hoaglin (1993). */
export const OUTLIER_THRESHOLD = 3.5;

/**
 * Modified z-scores M_i = 0.6745·(x_i − median)/MAD (Iglewicz & Hoaglin, "How to Detect and
 * Handle Outliers", 1993). 0.6745 is the 0.75 quantile of the standard normal, which makes
 * MAD comparable to a standard deviation. When MAD is 0 (over half the samples equal), the
 * mean absolute deviation scaled by 1.253314 (= √(π/2)) stands in for it, as IBM SPSS does;
 * when that is 0 too, every sample equals the median and all scores are 0.
 */
export function modifiedZScores(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const med = ssMedian([...values]);
  const mad = medianAbsoluteDeviation([...values]);
  if (mad > 0) return values.map((x) => (0.6745 * (x - med)) / mad);
  const meanAbs = mean(values.map((x) => Math.abs(x - med)));
  if (meanAbs > 0) return values.map((x) => (x - med) / (1.253314 * meanAbs));
  return values.map(() => 0);
}

/** Indices whose |modified z-score| exceeds the threshold. */
export function outlierIndices(values: readonly number[], threshold = OUTLIER_THRESHOLD): number[] {
  return modifiedZScores(values).flatMap((z, i) => (Math.abs(z) > threshold ? [i] : []));
}

/** Describes values (in input order, which outlier indices refer to). Throws on an empty sample. */
export function describe(values: readonly number[], options: { seed: number; resamples?: number }): Description {
  if (values.length === 0) throw new Error("describe: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const m = mean(values);
  const sd = values.length >= 2 ? sampleStandardDeviation([...values]) : 0;
  return {
    n: values.length,
    mean: m,
    sd,
    median: percentile(sorted, 50),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    p5: percentile(sorted, 5),
    p25: percentile(sorted, 25),
    p75: percentile(sorted, 75),
    p95: percentile(sorted, 95),
    mad: medianAbsoluteDeviation([...values]),
    cv: m !== 0 ? sd / m : 0,
    medianCI95: bootstrapMedianCI(values, { seed: options.seed, resamples: options.resamples }),
    outliers: outlierIndices(values),
  };
}
