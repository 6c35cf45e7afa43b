/**
 * How benchmark@1 records computed their comparisons: unpaired (difference of medians,
 * two-sample bootstrap CI, permutation p) and a stored sentence. Kept only so old records can
 * be verified exactly against their raw samples; nothing new is computed or shown this way
 * (the site reads the derived, paired view: derive.ts).
 */
import type { ComparisonRecord, LegacyComparisonRecord, SampleRecord } from "./schema.ts";
import { compareMedians } from "../stats/resample.ts";
import { metricValues, type Metric } from "./metrics.ts";

/** @1's p-value text: "p = 0.002", "p < 0.001". */
function legacyP(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** @1's sentence, e.g. "quiet saves 240 ms against baseline (95% CI 180–300 ms), p = 0.002". */
export function legacySentence(
  variant: string,
  baseline: string,
  kind: "step" | "total",
  savingMs: number,
  ci: [number, number],
  p: number,
): string {
  const verb = savingMs >= 0 ? `saves ${Math.round(savingMs)} ms` : `costs ${Math.round(-savingMs)} ms`;
  const against = kind === "step" ? `after ${baseline}` : `against ${baseline}`;
  const bound = (x: number) => (Math.round(x) < 0 ? `−${-Math.round(x)}` : String(Math.round(x)));
  const unclear = ci[0] <= 0 && ci[1] >= 0 ? "; not distinguishable from no change" : "";
  return `${variant} ${verb} ${against} (95% CI ${bound(ci[0])}–${bound(ci[1])} ms), ${legacyP(p)}${unclear}`;
}

export interface VariantSamples {
  name: string;
  samples: readonly SampleRecord[];
}

/**
 * @1's comparisons: totals against the first variant; steps too in a cumulative suite. `known`
 * are current comparisons of the same run, whose unpaired figures are exactly these (same
 * samples, seed and resamples), so they need not be computed twice.
 */
export function legacyComparisons(
  variants: readonly VariantSamples[],
  metric: Metric,
  cumulative: boolean,
  seed: number,
  resamples: number,
  known: readonly ComparisonRecord[] = [],
): { comparisons: LegacyComparisonRecord[]; stepComparisons: LegacyComparisonRecord[] } {
  const out: LegacyComparisonRecord[] = [];
  const base = variants[0];
  const add = (reference: VariantSamples, variant: VariantSamples, kind: "step" | "total") => {
    const a = metricValues(reference.samples, metric);
    const b = metricValues(variant.samples, metric);
    if (!a.length || !b.length) return;
    const same = known.find(
      (k) => k.variant === variant.name && k.baseline === reference.name && k.kind === kind && k.metric === metric,
    );
    const c = same
      ? { difference: same.unpaired.savingMs, ci95: same.unpaired.ci95, pValue: same.unpaired.pValue }
      : compareMedians(a, b, { seed, resamples });
    out.push({
      variant: variant.name,
      baseline: reference.name,
      metric,
      kind,
      savingMs: c.difference,
      ci95: c.ci95,
      pValue: c.pValue,
      sentence: legacySentence(variant.name, reference.name, kind, c.difference, c.ci95, c.pValue),
    });
  };
  if (base)
    variants.forEach((variant, i) => {
      if (i === 0) return;
      if (cumulative) add(variants[i - 1]!, variant, "step");
      add(base, variant, "total");
    });
  return {
    comparisons: out.filter((c) => c.kind === "total"),
    stepComparisons: out.filter((c) => c.kind === "step"),
  };
}
