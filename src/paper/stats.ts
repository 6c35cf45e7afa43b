/**
 * Inline statistics: `:stat{suite=story variant=quiet metric=wall field=median}` becomes
 * "1,234 ms". Values are recomputed from the raw samples with the same estimators the bench
 * uses (core/stats), so re-running the benchmark and rebuilding updates every sentence.
 */
import type { BenchmarkRecord, RunRecord } from "../../core/records/schema.ts";
import { describe } from "../../core/stats/describe.ts";
import { compareMedians } from "../../core/stats/resample.ts";
import {
  baselineName,
  PaperReferenceError,
  parseMetric,
  resamplesOf,
  sampleValues,
  selectAnalysis,
  selectBenchmark,
  selectVariant,
} from "./data.ts";
import { formatCount, formatDate, formatMs, formatMsRange, formatPercent } from "../../core/format/numbers.ts";

export type StatAttributes = Record<string, string | undefined>;

export interface QuotedStat {
  text: string;
  /** The numeric value behind the text (null for dates). */
  value: number | null;
  /** Records the number came from (for the method section). */
  runIds: string[];
}

/** Fields that describe one variant's samples. */
const SAMPLE_FIELDS = [
  "median",
  "mean",
  "sd",
  "min",
  "max",
  "p5",
  "p25",
  "p75",
  "p95",
  "cv",
  "n",
  "median-ci",
] as const;
/** Fields that compare a variant with its baseline. */
const SAVING_FIELDS = ["saving", "saving-ms", "saving-percent"] as const;
/** Fields that describe a whole run. */
const RUN_FIELDS = ["date", "runs", "warmup", "variants"] as const;
/** Fields of an analysis run. */
const ANALYSIS_FIELDS = ["date", "passes", "run-mean", "run-sd", "observer-cost"] as const;

export const STAT_FIELDS = [...SAMPLE_FIELDS, ...SAVING_FIELDS, ...RUN_FIELDS];

function has<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Resolves one `:stat` directive's attributes to formatted text. */
export function resolveStat(records: readonly RunRecord[], attrs: StatAttributes): QuotedStat {
  const field = attrs.field;
  if (!field)
    throw new PaperReferenceError(
      "a :stat needs a field",
      `add field=… (one of ${STAT_FIELDS.join(", ")}; for analysis runs ${ANALYSIS_FIELDS.join(", ")})`,
    );
  if (attrs.analysis !== undefined) return analysisStat(records, attrs.analysis, field, attrs.kind);

  const record = selectBenchmark(records, { run: attrs.run, suite: attrs.suite });
  const runIds = [record.id];
  if (has(RUN_FIELDS, field)) return { ...runStat(record, field), runIds };
  if (!has(SAMPLE_FIELDS, field) && !has(SAVING_FIELDS, field)) {
    throw new PaperReferenceError(`unknown statistic field "${field}"`, `known fields: ${STAT_FIELDS.join(", ")}`);
  }
  if (!attrs.variant)
    throw new PaperReferenceError(
      `field=${field} needs a variant`,
      `add variant=… (one of ${record.variants.map((v) => v.name).join(", ")})`,
    );
  const variant = selectVariant(record, attrs.variant);
  const metric = parseMetric(attrs.metric, record);
  const values = sampleValues(variant, metric);
  if (values.length === 0) {
    throw new PaperReferenceError(
      `variant "${variant.name}" of run ${record.id} has no successful ${metric} samples`,
      "check the run's failures with npm run bench, or quote another metric",
    );
  }
  if (has(SAMPLE_FIELDS, field))
    return { ...sampleStat(values, field, record.options.seed, resamplesOf(record)), runIds };

  const baseline = selectVariant(record, baselineName(record, attrs.baseline, variant.name));
  const baseValues = sampleValues(baseline, metric);
  if (baseValues.length === 0)
    throw new PaperReferenceError(
      `baseline "${baseline.name}" has no successful ${metric} samples`,
      "choose another baseline=…",
    );
  const cmp = compareMedians(baseValues, values, { seed: record.options.seed, resamples: resamplesOf(record) });
  const baseMedian = describe(baseValues, { seed: record.options.seed, resamples: 1 }).median;
  if (field === "saving-ms") return { text: formatMs(cmp.difference), value: cmp.difference, runIds };
  if (field === "saving-percent") {
    const percent = (100 * cmp.difference) / baseMedian;
    return { text: formatPercent(percent), value: percent, runIds };
  }
  return { text: `${formatMs(cmp.difference)} (95% CI ${formatMsRange(cmp.ci95)})`, value: cmp.difference, runIds };
}

function sampleStat(
  values: number[],
  field: (typeof SAMPLE_FIELDS)[number],
  seed: number,
  resamples: number | undefined,
): Omit<QuotedStat, "runIds"> {
  const d = describe(values, { seed, resamples: field === "median-ci" ? resamples : 1 });
  switch (field) {
    case "n":
      return { text: formatCount(d.n), value: d.n };
    case "cv":
      return { text: formatPercent(100 * d.cv), value: 100 * d.cv };
    case "median-ci":
      return { text: formatMsRange(d.medianCI95), value: null };
    default:
      return { text: formatMs(d[field]), value: d[field] };
  }
}

function runStat(record: BenchmarkRecord, field: (typeof RUN_FIELDS)[number]): Omit<QuotedStat, "runIds"> {
  switch (field) {
    case "date":
      return { text: formatDate(record.createdAt), value: null };
    case "runs":
      return { text: formatCount(record.options.runs), value: record.options.runs };
    case "warmup":
      return { text: formatCount(record.options.warmup), value: record.options.warmup };
    case "variants":
      return { text: formatCount(record.variants.length), value: record.variants.length };
  }
}

function analysisStat(records: readonly RunRecord[], id: string, field: string, kind?: string): QuotedStat {
  const record = selectAnalysis(records, id || undefined, kind);
  const runIds = [record.id];
  switch (field) {
    case "date":
      return { text: formatDate(record.createdAt), value: null, runIds };
    case "passes":
      return { text: formatCount(record.passes), value: record.passes, runIds };
    case "run-mean":
      return { text: formatMs(record.run.meanMs), value: record.run.meanMs, runIds };
    case "run-sd":
      return { text: formatMs(record.run.sdMs), value: record.run.sdMs, runIds };
    case "observer-cost": {
      if (!record.observerCost)
        throw new PaperReferenceError(
          `analysis run ${record.id} did not measure the observer cost`,
          "re-run npm run analyze with the observer-cost pass, or drop this statistic",
        );
      return { text: formatMs(record.observerCost.costMs), value: record.observerCost.costMs, runIds };
    }
    default:
      throw new PaperReferenceError(
        `unknown analysis statistic field "${field}"`,
        `known fields: ${ANALYSIS_FIELDS.join(", ")}`,
      );
  }
}
