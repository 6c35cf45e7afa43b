/**
 * Inline statistics: `:stat{suite=story variant=quiet metric=wall field=median}` becomes
 * "1,234 ms". Every value is read from the core's derived view of the run (summaries and paired
 * comparisons recomputed from the raw samples when the records are loaded), the same numbers
 * charts and tables show, so re-running the benchmark and rebuilding updates every sentence.
 * Effects are said by the core (core/format/comparison.ts), so a slowdown never reads as a saving.
 */
import type { RunChoice } from "../records/choice.ts";
import type { AnalysisRecord, BenchmarkRecord, RunRecord } from "../records/schema.ts";
import { effectWithInterval, formatP } from "../format/comparison.ts";
import { formatCount, formatDate, formatMs, formatMsRange, formatPercent, formatRatio } from "../format/numbers.ts";
import {
  baselineName,
  DirectiveError,
  findComparison,
  type FoundComparison,
  parseMetric,
  selectActivity,
  selectAnalysis,
  selectBenchmark,
  selectVariant,
} from "./lookup.ts";
import { BOOT_STAGES, stageExtents } from "./stages.ts";
import { medianOf } from "../stats/resample.ts";

export type StatAttributes = Record<string, string | undefined>;

export interface QuotedStat {
  text: string;
  /** The numeric value behind the text (null for dates and words). */
  value: number | null;
  /** Records the number came from (for the method section). */
  runIds: string[];
}

/** What the resolver needs besides the records. */
export interface StatContext {
  /** Pins and quality gate (default: content/runs-chosen.json). */
  choice?: RunChoice;
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
/**
 * Fields that compare a variant with its baseline, on per-round pairs: the median saving
 * ("saving" with its CI), its words ("effect": "saves 465 ms (95% CI …)", "costs …", "makes no
 * measurable difference (…)"), the verdict, p-values, pairs, the unpaired difference of medians,
 * and the ratio of the medians ("0.059×": the variant's median over the baseline's).
 */
const SAVING_FIELDS = [
  "saving",
  "saving-ms",
  "saving-percent",
  "ratio",
  "effect",
  "verdict",
  "p",
  "p-holm",
  "pairs",
  "saving-unpaired",
] as const;
/** Fields that describe a whole run. */
const RUN_FIELDS = ["date", "runs", "warmup", "variants"] as const;
/** Fields of one activity (`activity=NAME`) or stage (`stage=NAME`) of an analysis run. */
const ACTIVITY_FIELDS = ["duration", "percent", "start", "sd"] as const;
/** Fields of an analysis run (the observer cost on pairs: pass i against the quiet boot after it). */
const ANALYSIS_FIELDS = [
  "date",
  "passes",
  "run-mean",
  "run-sd",
  "lines",
  "observer-cost",
  "observer-cost-ci",
  "observer-effect",
  "observer-pairs",
] as const;

export const STAT_FIELDS = [...SAMPLE_FIELDS, ...SAVING_FIELDS, ...RUN_FIELDS];

function has<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Resolves one `:stat` directive's attributes to formatted text. */
export function resolveStat(
  records: readonly RunRecord[],
  attrs: StatAttributes,
  context: StatContext = {},
): QuotedStat {
  const field = attrs.field;
  if (!field)
    throw new DirectiveError(
      "a :stat needs a field",
      `add field=… (one of ${STAT_FIELDS.join(", ")}; for analysis runs ${ANALYSIS_FIELDS.join(", ")}; for an analysis activity=NAME or stage=NAME ${ACTIVITY_FIELDS.join(", ")})`,
    );
  if (attrs.analysis !== undefined) {
    if (attrs.activity !== undefined || attrs.stage !== undefined) return activityStat(records, attrs, field, context);
    return analysisStat(records, attrs.analysis, field, attrs.kind, context);
  }

  const record = selectBenchmark(records, { run: attrs.run, suite: attrs.suite }, context.choice);
  const runIds = [record.id];
  if (has(RUN_FIELDS, field)) return { ...runStat(record, field), runIds };
  if (!has(SAMPLE_FIELDS, field) && !has(SAVING_FIELDS, field)) {
    throw new DirectiveError(`unknown statistic field "${field}"`, `known fields: ${STAT_FIELDS.join(", ")}`);
  }
  if (!attrs.variant)
    throw new DirectiveError(
      `field=${field} needs a variant`,
      `add variant=… (one of ${record.variants.map((v) => v.name).join(", ")})`,
    );
  const variant = selectVariant(record, attrs.variant);
  const metric = parseMetric(attrs.metric, record);
  const summary = variant.summary[metric];
  if (!summary) {
    throw new DirectiveError(
      `variant "${variant.name}" of run ${record.id} has no successful ${metric} samples`,
      "check the run's failures with npm run bench, or quote another metric",
    );
  }
  if (has(SAMPLE_FIELDS, field)) return { ...sampleStat(summary, field), runIds };

  const baseline = selectVariant(record, baselineName(record, attrs.baseline, variant.name));
  const baseSummary = baseline.summary[metric];
  if (!baseSummary)
    throw new DirectiveError(
      `baseline "${baseline.name}" of run ${record.id} has no successful ${metric} samples`,
      "choose another baseline=…, or check the run's failures",
    );
  const found = findComparison(records, { ...attrs, run: record.id }, context.choice);
  return { ...savingStat(found, field, baseSummary.median, summary.median), runIds };
}

function savingStat(
  { comparison: c, family }: FoundComparison,
  field: (typeof SAVING_FIELDS)[number],
  baseMedian: number,
  variantMedian: number,
): Omit<QuotedStat, "runIds"> {
  switch (field) {
    case "ratio":
      return { text: formatRatio(variantMedian / baseMedian), value: variantMedian / baseMedian };
    case "saving-ms":
      return { text: formatMs(c.savingMs), value: c.savingMs };
    case "saving-percent": {
      const percent = (100 * c.savingMs) / baseMedian;
      return { text: formatPercent(percent), value: percent };
    }
    case "effect":
      return { text: effectWithInterval(c, { family: { size: family.length, kind: c.kind } }), value: c.savingMs };
    case "verdict":
      return { text: c.verdict.replaceAll("-", " "), value: null };
    case "p":
      return { text: formatP(c.pValue), value: c.pValue };
    case "p-holm":
      return { text: formatP(c.pHolm), value: c.pHolm };
    case "pairs":
      return { text: formatCount(c.pairs), value: c.pairs };
    case "saving-unpaired":
      return {
        text: `${formatMs(c.unpaired.savingMs)} (95% CI ${formatMsRange(c.unpaired.ci95)})`,
        value: c.unpaired.savingMs,
      };
    case "saving":
      return { text: `${formatMs(c.savingMs)} (95% CI ${formatMsRange(c.ci95)})`, value: c.savingMs };
  }
}

function sampleStat(
  d: BenchmarkRecord["variants"][number]["summary"][string],
  field: (typeof SAMPLE_FIELDS)[number],
): Omit<QuotedStat, "runIds"> {
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

function analysisStat(
  records: readonly RunRecord[],
  id: string,
  field: string,
  kind: string | undefined,
  context: StatContext,
): QuotedStat {
  const record = selectAnalysis(records, id || undefined, kind, context.choice);
  const runIds = [record.id];
  const observer = () => {
    const paired = record.observerCost?.paired;
    if (!paired)
      throw new DirectiveError(
        `analysis run ${record.id} did not measure the observer cost on pairs`,
        "re-run npm run analyze with --observer-boots N (quiet boots between the passes), or drop this statistic",
      );
    return paired;
  };
  switch (field) {
    case "date":
      return { text: formatDate(record.createdAt), value: null, runIds };
    case "passes":
      return { text: formatCount(record.passes), value: record.passes, runIds };
    case "run-mean":
      return { text: formatMs(record.run.meanMs), value: record.run.meanMs, runIds };
    case "run-sd":
      return { text: formatMs(record.run.sdMs), value: record.run.sdMs, runIds };
    case "lines": {
      // Console lines of a verbose pass (median over the passes that were not damaged or failed).
      const counts = record.passResults.filter((p) => p.status === "ok").map((p) => p.lines);
      if (counts.length === 0)
        throw new DirectiveError(
          `analysis run ${record.id} records no line counts of its passes`,
          "re-run npm run analyze (records from before pass results were kept have none), or drop this statistic",
        );
      const lines = medianOf(counts);
      return { text: formatCount(Math.round(lines)), value: lines, runIds };
    }
    case "observer-cost": {
      const o = observer();
      return { text: formatMs(o.costMs), value: o.costMs, runIds };
    }
    case "observer-cost-ci":
      return { text: formatMsRange(observer().ci95), value: null, runIds };
    case "observer-pairs": {
      const o = observer();
      return { text: formatCount(o.pairs), value: o.pairs, runIds };
    }
    case "observer-effect": {
      // As a comparison of the verbose boot against the quiet one: "costs 480 ms (95% CI …)".
      const o = observer();
      const text = effectWithInterval({ verdict: o.verdict, savingMs: -o.costMs, ci95: [-o.ci95[1], -o.ci95[0]] });
      return { text, value: o.costMs, runIds };
    }
    default:
      throw new DirectiveError(
        `unknown analysis statistic field "${field}"`,
        `known fields: ${ANALYSIS_FIELDS.join(", ")}; with activity=NAME or stage=NAME: ${ACTIVITY_FIELDS.join(", ")}`,
      );
  }
}

/** A field of one activity or stage of an analysis run, e.g. the firmware stage's duration. */
function activityStat(
  records: readonly RunRecord[],
  attrs: StatAttributes,
  field: string,
  context: StatContext,
): QuotedStat {
  const record = selectAnalysis(records, attrs.analysis || undefined, attrs.kind, context.choice);
  const runIds = [record.id];
  if (!has(ACTIVITY_FIELDS, field))
    throw new DirectiveError(
      `unknown field "${field}" of an ${attrs.stage !== undefined ? "analysis stage" : "activity"}`,
      `known fields: ${ACTIVITY_FIELDS.join(", ")}`,
    );
  const span = attrs.stage !== undefined ? stageSpan(record, attrs.stage) : activitySpan(record, attrs.activity ?? "");
  const value =
    field === "duration"
      ? span.durationMs
      : field === "start"
        ? span.startMs
        : field === "sd"
          ? span.sdMs
          : span.percent;
  if (value === null)
    throw new DirectiveError(
      `stage "${attrs.stage}" has no sd (a stage spans several activities)`,
      "quote the sd of one activity (activity=NAME), or another field",
    );
  return { text: field === "percent" ? formatPercent(value) : formatMs(value), value, runIds };
}

function activitySpan(record: AnalysisRecord, name: string) {
  const a = selectActivity(record, name);
  return { durationMs: a.durationMs, startMs: a.startMs, sdMs: a.sdMs as number | null, percent: a.percent };
}

function stageSpan(record: AnalysisRecord, stage: string) {
  const found = stageExtents(record).find((s) => s.stage === stage);
  if (!found)
    throw new DirectiveError(
      `analysis run ${record.id} has no stage "${stage}"`,
      `its stages: ${
        stageExtents(record)
          .map((s) => s.stage)
          .join(", ") || "(none)"
      } (of ${BOOT_STAGES.join(", ")})`,
    );
  return { ...found, sdMs: null };
}

/**
 * Fields that quote a comparison: with its interval (safe to quote alone) and without it (the
 * claim linter warns unless the same sentence or visual also gives the interval).
 */
export const INTERVAL_FIELDS: readonly string[] = ["saving", "effect", "saving-unpaired", "observer-effect"];
export const BARE_COMPARISON_FIELDS: readonly string[] = ["saving-ms", "saving-percent", "ratio", "observer-cost"];
