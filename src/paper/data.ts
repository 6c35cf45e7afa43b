/**
 * Finding the recorded runs a paper (or talk) directive refers to, through the core's one
 * selection (core/records/select.ts: pins and quality gate from content/runs-chosen.json) and
 * the core's one metric chooser, so prose, tables and charts quote the same run and metric.
 * Every lookup that can miss throws a PaperReferenceError whose hint lists what does exist, so
 * the build error tells the author what to write instead.
 */
import { loadRunChoice, type RunChoice } from "../../core/records/choice.ts";
import { chooseMetric, UnknownMetricError, type Metric } from "../../core/records/metrics.ts";
import type { AnalysisRecord, BenchmarkRecord, RunRecord, VariantRecord } from "../../core/records/schema.ts";
import { chooseAnalysis, chooseBenchmark, SelectionError, type Chosen } from "../../core/records/select.ts";

export { METRICS, type Metric } from "../../core/records/metrics.ts";
export { analyses, benchmarks } from "../../core/records/select.ts";

/** A directive names something that is not in the records (or not valid). Carries a fix-it hint. */
export class PaperReferenceError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = "PaperReferenceError";
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
    if (error instanceof SelectionError) throw new PaperReferenceError(error.message, error.hint);
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
    throw new PaperReferenceError(
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
    if (error instanceof UnknownMetricError) throw new PaperReferenceError(error.message, error.hint);
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
      throw new PaperReferenceError(
        `variant "${variant}" has no previous variant in run ${record.id}`,
        "baseline=previous needs a variant after the first",
      );
    return previous.name;
  }
  if (explicit) return selectVariant(record, explicit).name;
  const first = record.variants[0];
  if (!first) throw new PaperReferenceError(`run ${record.id} has no variants`, "re-record it with npm run bench");
  return first.name;
}
