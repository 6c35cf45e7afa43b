/**
 * Finding the recorded runs a paper directive refers to, and the raw samples inside them.
 * Every lookup that can miss throws a PaperReferenceError whose hint lists what does exist,
 * so the build error tells the author what to write instead.
 */
import type { AnalysisRecord, BenchmarkRecord, RunRecord, VariantRecord } from "../../scripts/records/schema.ts";

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
export function selectBenchmark(records: readonly RunRecord[], which: { run?: string; suite?: string }): BenchmarkRecord {
  const all = benchmarks(records);
  if (which.run && which.run !== "latest") {
    const found = all.find((r) => r.id === which.run);
    if (!found) throw new PaperReferenceError(`no benchmark run with id "${which.run}"`, `known runs: ${listed(all.map((r) => r.id))}; or write run=latest`);
    return found;
  }
  let pool = all;
  if (which.suite) {
    pool = all.filter((r) => r.suite?.name === which.suite);
    if (pool.length === 0) {
      const suites = [...new Set(all.flatMap((r) => (r.suite ? [r.suite.name] : [])))];
      throw new PaperReferenceError(`no benchmark run of suite "${which.suite}"`, `suites with recorded runs: ${listed(suites)}; record one with npm run bench -- --suite ${which.suite}`);
    }
  }
  const complete = pool.filter((r) => r.status === "complete");
  const latest = (complete.length ? complete : pool).at(-1);
  if (!latest) throw new PaperReferenceError("there are no benchmark runs in content/runs", "record one with npm run bench");
  return latest;
}

/** The analysis run a directive means: `analysis=ID`, else the newest complete one. */
export function selectAnalysis(records: readonly RunRecord[], id?: string): AnalysisRecord {
  const all = analyses(records);
  if (id && id !== "latest") {
    const found = all.find((r) => r.id === id);
    if (!found) throw new PaperReferenceError(`no analysis run with id "${id}"`, `known analysis runs: ${listed(all.map((r) => r.id))}; or write analysis=latest`);
    return found;
  }
  const complete = all.filter((r) => r.status === "complete");
  const latest = (complete.length ? complete : all).at(-1);
  if (!latest) throw new PaperReferenceError("there are no analysis runs in content/runs", "record one with npm run analyze");
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

/** Validates a metric name. */
export function parseMetric(name: string | undefined): Metric {
  const metric = name ?? "wall";
  if (!(METRICS as readonly string[]).includes(metric)) {
    throw new PaperReferenceError(`unknown metric "${metric}"`, `use metric=${METRICS.join(" or metric=")} (wall: spawn to QEMU exit; marker: spawn to the ready line)`);
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

/** The variant a saving is measured against: `baseline=`, else the record's comparisons, else the first variant. */
export function baselineName(record: BenchmarkRecord, explicit?: string): string {
  if (explicit) return selectVariant(record, explicit).name;
  const fromComparisons = record.comparisons[0]?.baseline;
  if (fromComparisons) return fromComparisons;
  const first = record.variants[0];
  if (!first) throw new PaperReferenceError(`run ${record.id} has no variants`, "re-record it with npm run bench");
  return first.name;
}
