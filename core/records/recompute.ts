/**
 * Summaries and comparisons of a benchmark record, derived from its raw samples alone: what
 * the bench computes when it writes a record, and what a reader recomputes to check one.
 */
import type { BenchmarkRecord, ComparisonRecord } from "./schema.ts";
import { compareVariants, summarise, type Metric } from "./summarise.ts";

/** Metrics summarised for a run: boots have a ready marker, --exec commands only exit. */
export function metricsFor(exec: boolean): Metric[] {
  return exec ? ["wall"] : ["marker", "wall"];
}

/** Totals go to `comparisons` (what every reader expects there), steps to `stepComparisons`. */
export function splitComparisons(all: ComparisonRecord[]): Pick<BenchmarkRecord, "comparisons" | "stepComparisons"> {
  return { comparisons: all.filter((c) => c.kind === "total"), stepComparisons: all.filter((c) => c.kind === "step") };
}

/** Whether a record's suite is cumulative (its definition says so). */
export function isCumulative(record: BenchmarkRecord): boolean {
  const definition = record.suite?.definition as { cumulative?: unknown } | undefined;
  return definition?.cumulative === true;
}

/** Summaries and comparisons recomputed from the record's raw samples, for checking. */
export function recomputeStatistics(
  record: BenchmarkRecord,
): Pick<BenchmarkRecord, "variants" | "comparisons" | "stepComparisons"> {
  const exec = record.options.exec !== null;
  const metrics = metricsFor(exec);
  const { seed, resamples } = record.options;
  const variants = record.variants.map((v) => ({ ...v, summary: summarise(v.samples, metrics, seed, resamples) }));
  return {
    variants,
    ...splitComparisons(compareVariants(variants, metrics[0]!, isCumulative(record), seed, resamples)),
  };
}
