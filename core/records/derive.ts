/**
 * The one path from a benchmark run's raw samples to every number shown about it: per-variant
 * summaries, paired comparisons with Holm-adjusted p-values and verdicts, and warnings. The
 * bench writes its result into the record (benchmark@2); the site's loader derives it again
 * from the samples of every record, of any version, and reads only that derived view, so
 * charts, tables, prose and the bench report cannot disagree.
 */
import {
  BENCHMARK_SCHEMA,
  type BenchmarkRecord,
  type LegacyBenchmarkRecord,
  type SampleRecord,
  type VariantRecord,
} from "./schema.ts";
import { compareVariants } from "./compare.ts";
import { metricsFor } from "./metrics.ts";
import { recordWarnings, summarise } from "./summarise.ts";

/** Bump when anything derived changes, so cached derivations (load.ts) are not reused. */
export const DERIVATION_VERSION = 1;

/** Whether a record's suite is cumulative (its definition says so). */
export function isCumulative(record: Pick<BenchmarkRecord, "suite">): boolean {
  const definition = record.suite?.definition as { cumulative?: unknown } | undefined;
  return definition?.cumulative === true;
}

/** What a run measured, before anything is derived from it. */
export type BenchmarkRun = Omit<
  BenchmarkRecord,
  "schema" | "comparisons" | "stepComparisons" | "warnings" | "variants" | "primaryMetric"
> & {
  variants: Omit<VariantRecord, "summary">[];
};

export type Derived = Pick<
  BenchmarkRecord,
  "primaryMetric" | "variants" | "comparisons" | "stepComparisons" | "warnings"
>;

/** Summaries, comparisons and warnings of a run, from its raw samples alone. */
export function deriveStatistics(run: BenchmarkRun): Derived {
  const metrics = metricsFor(run);
  const primaryMetric = metrics[0]!;
  const { seed, resamples } = run.options;
  const variants: VariantRecord[] = run.variants.map((v) => ({
    ...v,
    summary: summarise(v.samples, metrics, seed, resamples),
  }));
  return {
    primaryMetric,
    variants,
    ...compareVariants(variants, primaryMetric, isCumulative(run), { seed, resamples }),
    warnings: recordWarnings({ ...run, primaryMetric }, variants),
  };
}

/** The record `npm run bench` writes for what it measured (field order as stored). */
export function buildBenchmarkRecord(run: BenchmarkRun): BenchmarkRecord {
  const derived = deriveStatistics(run);
  return {
    schema: BENCHMARK_SCHEMA,
    id: run.id,
    status: run.status,
    createdAt: run.createdAt,
    tool: run.tool,
    host: run.host,
    qemu: run.qemu,
    accelerator: run.accelerator,
    acceleratorReason: run.acceleratorReason,
    hostLoad: run.hostLoad,
    suite: run.suite,
    options: run.options,
    primaryMetric: derived.primaryMetric,
    variants: derived.variants,
    comparisons: derived.comparisons,
    stepComparisons: derived.stepComparisons,
    warnings: derived.warnings,
  };
}

/** The measured part of a stored record (of either version). */
export function measuredRun(record: BenchmarkRecord | LegacyBenchmarkRecord): BenchmarkRun {
  return {
    id: record.id,
    status: record.status,
    createdAt: record.createdAt,
    tool: record.tool,
    host: record.host,
    qemu: record.qemu,
    accelerator: record.accelerator,
    acceleratorReason: record.acceleratorReason,
    hostLoad: record.hostLoad,
    suite: record.suite,
    options: record.options,
    variants: record.variants.map(({ summary: _summary, ...v }) => v),
  };
}

/** The current-version view of a stored benchmark record, derived from its samples. */
export function deriveBenchmark(record: BenchmarkRecord | LegacyBenchmarkRecord): BenchmarkRecord {
  return buildBenchmarkRecord(measuredRun(record));
}

export type { SampleRecord };
