/**
 * Finding the recorded runs a paper directive refers to, and the raw samples inside them.
 * Every lookup that can miss throws a PaperReferenceError whose hint lists what does exist,
 * so the build error tells the author what to write instead.
 */
import type { AnalysisRecord, BenchmarkRecord, RunRecord, VariantRecord } from "../../core/records/schema.ts";

/** A directive names something that is not in the records (or not valid). Carries a fix-it hint. */
export class PaperReferenceError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = "PaperReferenceError";
    this.hint = hint;
  }
}

/** The metrics a benchmark sample carries, by the name directives use. */
export const METRICS = ["wall", "marker"] as const;
export type Metric = (typeof METRICS)[number];

const byTime = (a: RunRecord, b: RunRecord) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

function listed(items: readonly string[]): string {
  return items.length ? items.join(", ") : "(none)";
}

/** Benchmark records, oldest first. */
export function benchmarks(records: readonly RunRecord[]): BenchmarkRecord[] {
  return records.filter((r): r is BenchmarkRecord => r.schema === "boot-talk/benchmark@1").sort(byTime);
}

/** Analysis records, oldest first. */
export function analyses(records: readonly RunRecord[]): AnalysisRecord[] {
  return records.filter((r): r is AnalysisRecord => r.schema === "boot-talk/analysis@1").sort(byTime);
}

/**
 * The benchmark run a directive means: `run=ID` (or `run=latest`), else the newest complete
 * run of `suite=NAME`, else the newest complete run of all.
 */
export function selectBenchmark(
  records: readonly RunRecord[],
  which: { run?: string; suite?: string },
): BenchmarkRecord {
  const all = benchmarks(records);
  // `run=latest suite=NAME` is the latest run of that suite; `run=latest` alone the latest of all.
  if (which.run && which.run !== "latest") {
    const found = all.find((r) => r.id === which.run);
    if (!found)
      throw new PaperReferenceError(
        `no benchmark run with id "${which.run}"`,
        `known runs: ${listed(all.map((r) => r.id))}; or write run=latest`,
      );
    return found;
  }
  let pool = all;
  if (which.suite) {
    pool = all.filter((r) => r.suite?.name === which.suite);
    if (pool.length === 0) {
      const suites = [...new Set(all.flatMap((r) => (r.suite ? [r.suite.name] : [])))];
      throw new PaperReferenceError(
        `no benchmark run of suite "${which.suite}"`,
        `suites with recorded runs: ${listed(suites)}; record one with npm run bench -- --suite ${which.suite}`,
      );
    }
  }
  const complete = pool.filter((r) => r.status === "complete");
  const latest = (complete.length ? complete : pool).at(-1);
  if (!latest)
    throw new PaperReferenceError("there are no benchmark runs in content/runs", "record one with npm run bench");
  return latest;
}

/**
 * The analysis run a directive means: `analysis=ID`, else the newest complete one whose target
 * is of `kind` (default "appliance", as the boot-timeline chart chooses), so prose and charts
 * describe the same boot.
 */
export function selectAnalysis(records: readonly RunRecord[], id?: string, kind = "appliance"): AnalysisRecord {
  const all = analyses(records);
  if (id && id !== "latest") {
    const found = all.find((r) => r.id === id);
    if (!found)
      throw new PaperReferenceError(
        `no analysis run with id "${id}"`,
        `known analysis runs: ${listed(all.map((r) => r.id))}; or write analysis=latest`,
      );
    return found;
  }
  const ofKind = all.filter((r) => r.target.kind === kind);
  const complete = ofKind.filter((r) => r.status === "complete");
  const latest = (complete.length ? complete : ofKind).at(-1);
  if (!latest) {
    const kinds = [...new Set(all.map((r) => r.target.kind))];
    throw new PaperReferenceError(
      `there are no ${kind} analysis runs in content/runs`,
      `record one with npm run analyze${kinds.length ? ` (recorded kinds: ${kinds.join(", ")}; choose one with kind=…)` : ""}`,
    );
  }
  return latest;
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

/**
 * The metric a run compares variants on (the bench's primary metric, recorded in its
 * comparisons); directives default to it so prose, tables and the savings chart agree.
 */
export function primaryMetric(record: BenchmarkRecord): Metric {
  const recorded = record.comparisons[0]?.metric;
  return recorded === "marker" || recorded === "wall" ? recorded : "wall";
}

/** Bootstrap resamples the run used (so CIs quoted here equal the bench's own). */
export function resamplesOf(record: BenchmarkRecord): number | undefined {
  const value = (record.options as { resamples?: unknown }).resamples;
  return typeof value === "number" && value > 0 ? value : undefined;
}

/** Validates a metric name (default: the run's primary metric, else wall). */
export function parseMetric(name: string | undefined, record?: BenchmarkRecord): Metric {
  const metric = name ?? (record ? primaryMetric(record) : "wall");
  if (!(METRICS as readonly string[]).includes(metric)) {
    throw new PaperReferenceError(
      `unknown metric "${metric}"`,
      `use metric=${METRICS.join(" or metric=")} (wall: spawn to QEMU exit; marker: spawn to the ready line)`,
    );
  }
  return metric as Metric;
}

/**
 * The successful timed samples of one metric, recomputed from the raw samples rather than
 * read from the stored summary, so an edited record changes the paper's numbers too.
 */
export function sampleValues(variant: VariantRecord, metric: Metric): number[] {
  const timed = variant.samples.filter((s) => s.ok && !s.warmup);
  return timed.flatMap((s) => {
    const value = metric === "wall" ? s.wallMs : s.markerMs;
    return value === null ? [] : [value];
  });
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
  const fromComparisons = record.comparisons[0]?.baseline;
  if (fromComparisons) return fromComparisons;
  const first = record.variants[0];
  if (!first) throw new PaperReferenceError(`run ${record.id} has no variants`, "re-record it with npm run bench");
  return first.name;
}
