/**
 * From raw samples to what a person reads about each variant: summaries of each metric, and
 * the warnings about anything that makes the numbers less trustworthy. The bench calls this
 * when it writes a record and the site's loader calls it again to check and derive every
 * record, so both say the same thing.
 */
import type { BenchmarkRecord, SampleRecord, SummaryStats } from "./schema.ts";
import { describe, OUTLIER_THRESHOLD } from "../stats/describe.ts";
import { metricValues, type Metric } from "./metrics.ts";

/** Summaries per metric; a metric with no values is left out. */
export function summarise(
  samples: readonly SampleRecord[],
  metrics: readonly Metric[],
  seed: number,
  resamples: number,
): Record<string, SummaryStats> {
  const out: Record<string, SummaryStats> = {};
  for (const metric of metrics) {
    const values = metricValues(samples, metric);
    if (values.length) out[metric] = describe(values, { seed, resamples });
  }
  return out;
}

/** A coefficient of variation above this is flagged: boots on a quiet host vary far less. */
export const HIGH_CV = 0.1;

/** hyperfine-style warnings, plus the ones VM boots need (TCG, timeouts). */
export function warningsFor(
  variant: { name: string; samples: readonly SampleRecord[]; summary: Record<string, SummaryStats> },
  metric: Metric,
): string[] {
  const out: string[] = [];
  const timed = variant.samples.filter((s) => !s.warmup);
  const failed = timed.filter((s) => !s.ok);
  if (failed.length) {
    const reasons = [...new Set(failed.map((s) => s.failure ?? "unknown"))].join(", ");
    out.push(
      `${variant.name}: ${failed.length} of ${timed.length} timed runs failed (${reasons}); they are excluded from the statistics`,
    );
  }
  const nonZero = variant.samples.filter((s) => s.exitCode !== null && s.exitCode !== 0);
  if (nonZero.length)
    out.push(
      `${variant.name}: ${nonZero.length} runs exited with a non-zero code (${[...new Set(nonZero.map((s) => s.exitCode))].join(", ")})`,
    );
  const summary = variant.summary[metric];
  if (!summary) return out;
  if (summary.outliers.length) {
    out.push(
      `${variant.name}: ${summary.outliers.length} statistical outlier(s) (|modified z| > ${OUTLIER_THRESHOLD}) kept in the data; ` +
        `a busy host causes these — rerun on a quiet machine or with more --runs`,
    );
  }
  if (summary.outliers.includes(0) && metricValues(variant.samples, metric)[0]! > summary.median) {
    out.push(
      `${variant.name}: the first timed run was much slower than the rest (caches still cold?); try a larger --warmup`,
    );
  }
  if (summary.cv > HIGH_CV)
    out.push(
      `${variant.name}: high variation (CV ${(summary.cv * 100).toFixed(1)}% > ${HIGH_CV * 100}%); the host is probably busy`,
    );
  return out;
}

/** The highest 1-minute load average seen at the start or end of a run. */
export function busiestLoad(hostLoad: BenchmarkRecord["hostLoad"]): number {
  return Math.max(hostLoad?.start[0] ?? 0, hostLoad?.end[0] ?? 0);
}

/** True when other processes competed with the timed ones (load above the core count). */
export function wasHostBusy(record: Pick<BenchmarkRecord, "hostLoad" | "host">): boolean {
  return busiestLoad(record.hostLoad) > record.host.cores;
}

/** Every warning of a run, in the order the bench writes them: run-level first, then per variant. */
export function recordWarnings(
  record: Pick<BenchmarkRecord, "status" | "accelerator" | "acceleratorReason" | "hostLoad" | "host" | "primaryMetric">,
  variants: readonly { name: string; samples: readonly SampleRecord[]; summary: Record<string, SummaryStats> }[],
): string[] {
  const warnings: string[] = [];
  if (record.status === "partial")
    warnings.push("interrupted: this record holds only the runs that finished before the stop");
  if (record.accelerator === "tcg" && record.acceleratorReason !== "requested") {
    warnings.push(
      `KVM is not usable (${record.acceleratorReason ?? "unknown reason"}): QEMU fell back to TCG emulation, which is far slower than KVM; compare these numbers only with other TCG runs`,
    );
  }
  if (wasHostBusy(record)) {
    warnings.push(
      `the host was busy (1-minute load average up to ${busiestLoad(record.hostLoad).toFixed(1)} on ${record.host.cores} cores): other processes competed with the timed ones`,
    );
  }
  for (const v of variants) {
    warnings.push(...warningsFor(v, record.primaryMetric));
    if (!v.summary[record.primaryMetric] && record.status === "complete")
      warnings.push(`${v.name}: no successful timed run, so no statistics`);
  }
  return warnings;
}
