/**
 * Finding the recorded runs, variants, baselines and activities a directive refers to, through
 * the core's one selection (records/select.ts: pins and quality gate from
 * content/runs-chosen.json) and the core's one metric chooser, so prose, tables and charts of
 * the talk and the paper quote the same run and metric. Every lookup that can miss throws a
 * DirectiveError whose hint lists what does exist, so the build error says what to write.
 */
import { loadRunChoice, type RunChoice } from "../records/choice.ts";
import { comparisonOf } from "../records/compare.ts";
import { isCumulative } from "../records/derive.ts";
import { chooseMetric, UnknownMetricError, type Metric } from "../records/metrics.ts";
import type {
  ActivityRecord,
  AnalysisRecord,
  BenchmarkRecord,
  ComparisonRecord,
  RunRecord,
  VariantRecord,
} from "../records/schema.ts";
import { chooseAnalysis, chooseBenchmark, SelectionError, type Chosen } from "../records/select.ts";

/** A directive names something that is not in the records (or is not valid). Carries a fix-it hint. */
export class DirectiveError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = "DirectiveError";
    this.hint = hint;
  }
}

function listed(items: readonly string[]): string {
  return items.length ? items.join(", ") : "(none)";
}

function guarded<T extends RunRecord>(pick: () => Chosen<T>): Chosen<T> {
  try {
    return pick();
  } catch (error) {
    if (error instanceof SelectionError) throw new DirectiveError(error.message, error.hint);
    throw error;
  }
}

/**
 * The benchmark run a directive means, and how it was chosen: `run=ID`; `suite=NAME` (with
 * `run=latest` or without) for that suite's chosen run; else, for `run=latest` alone or
 * nothing, the chosen run among all benchmark runs.
 */
export function chooseBenchmarkRun(
  records: readonly RunRecord[],
  which: { run?: string; suite?: string },
  choice: RunChoice = loadRunChoice(),
): Chosen<BenchmarkRecord> {
  return guarded(() => chooseBenchmark(records, which, { choice }));
}

export function selectBenchmark(
  records: readonly RunRecord[],
  which: { run?: string; suite?: string },
  choice?: RunChoice,
): BenchmarkRecord {
  return chooseBenchmarkRun(records, which, choice).record;
}

/**
 * The analysis run a directive means: `analysis=ID`, else the chosen one whose target is of
 * `kind` (default "appliance", as the boot-timeline chart chooses), so prose and charts
 * describe the same boot.
 */
export function chooseAnalysisRecord(
  records: readonly RunRecord[],
  id?: string,
  kind = "appliance",
  choice: RunChoice = loadRunChoice(),
): Chosen<AnalysisRecord> {
  return guarded(() => chooseAnalysis(records, { id, kind }, { choice }));
}

export function selectAnalysis(
  records: readonly RunRecord[],
  id?: string,
  kind = "appliance",
  choice?: RunChoice,
): AnalysisRecord {
  return chooseAnalysisRecord(records, id, kind, choice).record;
}

/** A variant of a run by name. */
export function selectVariant(record: BenchmarkRecord, name: string): VariantRecord {
  const found = record.variants.find((v) => v.name === name);
  if (!found) {
    throw new DirectiveError(
      `run ${record.id}${record.suite ? ` (suite ${record.suite.name})` : ""} has no variant "${name}"`,
      `its variants are: ${listed(record.variants.map((v) => v.name))}`,
    );
  }
  return found;
}

/** The metric a directive quotes: `metric=…` if given, else the core's choice for the run. */
export function parseMetric(name: string | undefined, record: BenchmarkRecord): Metric {
  try {
    return chooseMetric(record, name);
  } catch (error) {
    if (error instanceof UnknownMetricError) throw new DirectiveError(error.message, error.hint);
    throw error;
  }
}

/**
 * The variant a saving is measured against: `baseline=NAME`; `baseline=previous` for the
 * variant before it (one step of a cumulative suite); else the record's baseline (first variant).
 */
export function baselineName(record: BenchmarkRecord, explicit?: string, variant?: string): string {
  if (explicit === "previous") {
    const index = record.variants.findIndex((v) => v.name === variant);
    const previous = index > 0 ? record.variants[index - 1] : undefined;
    if (!previous)
      throw new DirectiveError(
        `variant "${variant}" has no previous variant in run ${record.id}`,
        "baseline=previous needs a variant after the first",
      );
    return previous.name;
  }
  if (explicit) return selectVariant(record, explicit).name;
  const first = record.variants[0];
  if (!first) throw new DirectiveError(`run ${record.id} has no variants`, "re-record it with npm run bench");
  return first.name;
}

/** The selector attributes a comparison is named by (as `:stat`, `:verdict`, `:when` write them). */
export interface ComparisonSelector {
  run?: string;
  suite?: string;
  variant?: string;
  baseline?: string;
  metric?: string;
}

/** A comparison found for a directive: the run, the paired comparison and the family Holm adjusted it in. */
export interface FoundComparison {
  record: BenchmarkRecord;
  comparison: ComparisonRecord;
  /** The comparisons it was Holm-adjusted with (itself included). */
  family: ComparisonRecord[];
}

/** The paired comparison a selector names (a step when baseline=previous), with its family. */
export function findComparison(
  records: readonly RunRecord[],
  selector: ComparisonSelector,
  choice?: RunChoice,
): FoundComparison {
  const record = selectBenchmark(records, { run: selector.run, suite: selector.suite }, choice);
  if (!selector.variant)
    throw new DirectiveError(
      "a comparison needs a variant",
      `add variant=… (one of ${record.variants.map((v) => v.name).join(", ")})`,
    );
  const variant = selectVariant(record, selector.variant);
  const metric = parseMetric(selector.metric, record);
  const baseline = baselineName(record, selector.baseline, variant.name);
  const comparison = comparisonOf(
    record,
    baseline,
    variant.name,
    metric,
    selector.baseline === "previous" ? "step" : "total",
  );
  if (!comparison) throw noComparison(record, baseline, variant.name, metric);
  const recorded = comparison.kind === "step" ? record.stepComparisons : record.comparisons;
  return { record, comparison, family: recorded.filter((c) => c.metric === metric) };
}

/**
 * Whether the derivation compares variant with baseline on metric (core/records/derive.ts):
 * on the run's primary metric, against its baseline (the first variant) and, in a cumulative
 * suite, against the step before. Nothing else is computed for a directive, so every quoted
 * comparison is one a table or chart of the run shows too.
 */
export function isDerivedPair(record: BenchmarkRecord, baseline: string, variant: string, metric: Metric): boolean {
  const names = record.variants.map((v) => v.name);
  const index = names.indexOf(variant);
  if (metric !== record.primaryMetric || index < 1) return false;
  return baseline === names[0] || (baseline === names[index - 1] && isCumulative(record));
}

/** Why a run has no comparison of variant against baseline on metric, with what to write instead. */
export function noComparison(
  record: BenchmarkRecord,
  baseline: string,
  variant: string,
  metric: Metric,
): DirectiveError {
  if (metric !== record.primaryMetric)
    return new DirectiveError(
      `run ${record.id} compares its variants on ${record.primaryMetric} (its primary metric), not on ${metric}`,
      `quote the comparison with metric=${record.primaryMetric} (or without metric=), or the ${metric} medians (field=median)`,
    );
  if (!isDerivedPair(record, baseline, variant, metric))
    return new DirectiveError(
      `run ${record.id} compares "${variant}" with its baseline "${record.variants[0]?.name}"${isCumulative(record) ? " and with the step before it" : ""}, not with "${baseline}"`,
      isCumulative(record)
        ? "write baseline=previous (the step before) or leave baseline= out"
        : "leave baseline= out: every variant of this run is compared with its baseline",
    );
  return new DirectiveError(
    `baseline "${baseline}" and variant "${variant}" of run ${record.id} have no round in which both booted (${metric})`,
    "choose another baseline=…, or check the run's failures",
  );
}

/** An activity of an analysis run by name (activities, stages of the boot and initcalls alike). */
export function selectActivity(record: AnalysisRecord, name: string): ActivityRecord {
  const found = record.activities.find((a) => a.name === name);
  if (!found) {
    const names = record.activities.filter((a) => a.kind !== "initcall").map((a) => a.name);
    throw new DirectiveError(
      `analysis run ${record.id} has no activity "${name}"`,
      `its activities are: ${listed(names)} (and ${record.activities.length - names.length} initcalls)`,
    );
  }
  return found;
}
