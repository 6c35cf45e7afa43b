/**
 * Inline statistics: `:stat{suite=story variant=quiet metric=wall field=median}` becomes
 * "1,234 ms". Every value is read from the core's derived view of the run (summaries and paired
 * comparisons recomputed from the raw samples when the records are loaded), the same numbers
 * charts and tables show, so re-running the benchmark and rebuilding updates every sentence.
 * Effects are said by the core (core/format/comparison.ts), so a slowdown never reads as a saving.
 */
import type { RunChoice } from "../../core/records/choice.ts";
import { comparisonOf } from "../../core/records/compare.ts";
import type { BenchmarkRecord, ComparisonRecord, RunRecord } from "../../core/records/schema.ts";
import { effectWithInterval, formatP } from "../../core/format/comparison.ts";
import { formatCount, formatDate, formatMs, formatMsRange, formatPercent } from "../../core/format/numbers.ts";
import {
  baselineName,
  PaperReferenceError,
  parseMetric,
  selectAnalysis,
  selectBenchmark,
  selectVariant,
} from "./data.ts";

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
 * measurable difference (…)"), the verdict, p-values, pairs, and the unpaired difference of medians.
 */
const SAVING_FIELDS = [
  "saving",
  "saving-ms",
  "saving-percent",
  "effect",
  "verdict",
  "p",
  "p-holm",
  "pairs",
  "saving-unpaired",
] as const;
/** Fields that describe a whole run. */
const RUN_FIELDS = ["date", "runs", "warmup", "variants"] as const;
/** Fields of an analysis run (the observer cost on pairs: pass i against the quiet boot after it). */
const ANALYSIS_FIELDS = [
  "date",
  "passes",
  "run-mean",
  "run-sd",
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
    throw new PaperReferenceError(
      "a :stat needs a field",
      `add field=… (one of ${STAT_FIELDS.join(", ")}; for analysis runs ${ANALYSIS_FIELDS.join(", ")})`,
    );
  if (attrs.analysis !== undefined) return analysisStat(records, attrs.analysis, field, attrs.kind, context);

  const record = selectBenchmark(records, { run: attrs.run, suite: attrs.suite }, context.choice);
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
  const summary = variant.summary[metric];
  if (!summary) {
    throw new PaperReferenceError(
      `variant "${variant.name}" of run ${record.id} has no successful ${metric} samples`,
      "check the run's failures with npm run bench, or quote another metric",
    );
  }
  if (has(SAMPLE_FIELDS, field)) return { ...sampleStat(summary, field), runIds };

  const baseline = selectVariant(record, baselineName(record, attrs.baseline, variant.name));
  const baseSummary = baseline.summary[metric];
  const c = baseSummary ? comparisonFor(record, baseline.name, variant.name, metric, attrs.baseline) : null;
  if (!baseSummary || !c)
    throw new PaperReferenceError(
      `baseline "${baseline.name}" and variant "${variant.name}" of run ${record.id} have no round in which both booted (${metric})`,
      "choose another baseline=…, or check the run's failures",
    );
  return { ...savingStat(c, field, baseSummary.median), runIds };
}

/** The paired comparison of variant against baseline (a step when baseline=previous). */
function comparisonFor(
  record: BenchmarkRecord,
  baseline: string,
  variant: string,
  metric: ComparisonRecord["metric"],
  explicit?: string,
): ComparisonRecord | null {
  return comparisonOf(record, baseline, variant, metric, explicit === "previous" ? "step" : "total");
}

function savingStat(
  c: ComparisonRecord,
  field: (typeof SAVING_FIELDS)[number],
  baseMedian: number,
): Omit<QuotedStat, "runIds"> {
  switch (field) {
    case "saving-ms":
      return { text: formatMs(c.savingMs), value: c.savingMs };
    case "saving-percent": {
      const percent = (100 * c.savingMs) / baseMedian;
      return { text: formatPercent(percent), value: percent };
    }
    case "effect":
      return { text: effectWithInterval(c), value: c.savingMs };
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
      throw new PaperReferenceError(
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
      throw new PaperReferenceError(
        `unknown analysis statistic field "${field}"`,
        `known fields: ${ANALYSIS_FIELDS.join(", ")}`,
      );
  }
}
