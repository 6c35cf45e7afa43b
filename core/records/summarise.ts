/**
 * From raw samples to what a person reads: per-variant summaries of each metric, savings of
 * each variant against the baseline (and, in a cumulative suite, against the previous step),
 * and warnings about anything that makes the numbers less trustworthy.
 */
import type { ComparisonRecord, SampleRecord, SummaryStats } from "./schema.ts";
import { describe, OUTLIER_THRESHOLD } from "../stats/describe.ts";
import { compareMedians } from "../stats/resample.ts";

export type Metric = "wall" | "marker";
export const METRIC_LABEL: Record<Metric, string> = { wall: "spawn → exit", marker: "spawn → ready marker" };

/** Values of one metric from the successful timed samples, in execution order. */
export function metricValues(samples: readonly SampleRecord[], metric: Metric): number[] {
  return samples
    .filter((s) => s.ok && !s.warmup)
    .map((s) => (metric === "wall" ? s.wallMs : s.markerMs))
    .filter((v): v is number => v !== null);
}

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

/** "saves 240 ms" / "costs 35 ms", rounded to whole ms (sub-ms claims would be false precision). */
function verb(ms: number): string {
  return ms >= 0 ? `saves ${Math.round(ms)} ms` : `costs ${Math.round(-ms)} ms`;
}

/** p-value as people quote it: "p = 0.002", "p < 0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** The quotable sentence, e.g. "quiet saves 240 ms (95% CI 180–300 ms), p = 0.002". */
export function savingSentence(
  variant: string,
  baseline: string,
  kind: "step" | "total",
  savingMs: number,
  ci: [number, number],
  p: number,
): string {
  const against = kind === "step" ? `after ${baseline}` : `against ${baseline}`;
  // A true minus sign, so a negative bound is not mistaken for the range dash.
  const bound = (x: number) => (Math.round(x) < 0 ? `−${-Math.round(x)}` : String(Math.round(x)));
  const unclear = ci[0] <= 0 && ci[1] >= 0 ? "; not distinguishable from no change" : "";
  return `${variant} ${verb(savingMs)} ${against} (95% CI ${bound(ci[0])}–${bound(ci[1])} ms), ${formatP(p)}${unclear}`;
}

export interface VariantSamples {
  name: string;
  samples: readonly SampleRecord[];
}

/**
 * Comparisons on one metric. Every variant against the baseline (the first variant), kind
 * "total"; in a cumulative suite also each step against the one before it, kind "step", which
 * is the saving of that one change. Variants without successful samples are skipped.
 */
export function compareVariants(
  variants: readonly VariantSamples[],
  metric: Metric,
  cumulative: boolean,
  seed: number,
  resamples: number,
): ComparisonRecord[] {
  const base = variants[0];
  if (!base) return [];
  const out: ComparisonRecord[] = [];
  const add = (reference: VariantSamples, variant: VariantSamples, kind: "step" | "total") => {
    const a = metricValues(reference.samples, metric);
    const b = metricValues(variant.samples, metric);
    if (!a.length || !b.length) return;
    const c = compareMedians(a, b, { seed, resamples });
    out.push({
      variant: variant.name,
      baseline: reference.name,
      metric,
      kind,
      savingMs: c.difference,
      ci95: c.ci95,
      pValue: c.pValue,
      sentence: savingSentence(variant.name, reference.name, kind, c.difference, c.ci95, c.pValue),
    });
  };
  variants.forEach((variant, i) => {
    if (i === 0) return;
    // The first step's "step" and "total" comparisons coincide; both are kept so readers can
    // select by kind without special cases.
    if (cumulative) add(variants[i - 1]!, variant, "step");
    add(base, variant, "total");
  });
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
