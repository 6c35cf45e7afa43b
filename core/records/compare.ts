/**
 * Comparisons of a run's variants, on per-round pairs (pairs.ts), with the unpaired difference
 * of medians kept as a secondary figure, Holm-adjusted p-values and a verdict each.
 *
 * Families (the sets Holm controls the family-wise error over):
 *  - a cumulative suite's steps (each change against the step before it) are one family: they
 *    answer "which changes mattered";
 *  - its totals (every step against the baseline) are a second family;
 *  - a suite that is not cumulative has only totals (every variant against the baseline), one
 *    family.
 * The first step's "step" and "total" comparisons coincide; both are kept (one per family) so
 * readers can select by kind without special cases.
 */
import type { ComparisonKind, ComparisonRecord, SampleRecord } from "./schema.ts";
import { comparePaired } from "../stats/paired.ts";
import { compareMedians } from "../stats/resample.ts";
import { holmAdjust, isLowConfidence, verdictOf } from "../stats/verdict.ts";
import { metricValues, type Metric } from "./metrics.ts";
import { pairByRound } from "./pairs.ts";

export interface VariantSamples {
  name: string;
  samples: readonly SampleRecord[];
}

export interface ComparisonOptions {
  seed: number;
  resamples: number;
}

type Unadjusted = Omit<ComparisonRecord, "pHolm" | "verdict">;

/** One variant against a reference, before the family adjustment; null without pairs. */
export function compareTwo(
  reference: VariantSamples,
  variant: VariantSamples,
  metric: Metric,
  kind: ComparisonKind,
  options: ComparisonOptions,
): Unadjusted | null {
  const { differences } = pairByRound(reference.samples, variant.samples, metric);
  const a = metricValues(reference.samples, metric);
  const b = metricValues(variant.samples, metric);
  if (differences.length === 0 || !a.length || !b.length) return null;
  const paired = comparePaired(differences, options);
  const unpaired = compareMedians(a, b, options);
  return {
    variant: variant.name,
    baseline: reference.name,
    metric,
    kind,
    pairs: paired.n,
    savingMs: paired.median,
    ci95: paired.ci95,
    pValue: paired.pValue,
    pMethod: paired.pMethod,
    lowConfidence: isLowConfidence(paired.n),
    unpaired: { savingMs: unpaired.difference, ci95: unpaired.ci95, pValue: unpaired.pValue },
  };
}

/** Holm over one family, then each comparison's verdict. */
export function adjustFamily(family: readonly Unadjusted[]): ComparisonRecord[] {
  const adjusted = holmAdjust(family.map((c) => c.pValue));
  return family.map((c, i) => {
    const pHolm = adjusted[i]!;
    // Field order as stored (a record's bytes are stable for a given computation).
    return {
      variant: c.variant,
      baseline: c.baseline,
      metric: c.metric,
      kind: c.kind,
      pairs: c.pairs,
      savingMs: c.savingMs,
      ci95: c.ci95,
      pValue: c.pValue,
      pMethod: c.pMethod,
      pHolm,
      verdict: verdictOf(c.ci95, pHolm),
      lowConfidence: c.lowConfidence,
      unpaired: c.unpaired,
    };
  });
}

/**
 * Every comparison of a run on one metric: totals (each variant against the first) and, in a
 * cumulative suite, steps (each variant against the one before it). Variants without pairs
 * are skipped.
 */
export function compareVariants(
  variants: readonly VariantSamples[],
  metric: Metric,
  cumulative: boolean,
  options: ComparisonOptions,
): { comparisons: ComparisonRecord[]; stepComparisons: ComparisonRecord[] } {
  const base = variants[0];
  const totals: Unadjusted[] = [];
  const steps: Unadjusted[] = [];
  // The first step and the first total compare the same two variants: compute that pair once.
  const computed = new Map<VariantSamples, Map<VariantSamples, Unadjusted | null>>();
  const compare = (reference: VariantSamples, variant: VariantSamples, kind: ComparisonKind) => {
    const row = computed.get(reference) ?? new Map<VariantSamples, Unadjusted | null>();
    computed.set(reference, row);
    if (!row.has(variant)) row.set(variant, compareTwo(reference, variant, metric, kind, options));
    const found = row.get(variant)!;
    return found && { ...found, kind };
  };
  variants.forEach((variant, i) => {
    if (i === 0 || !base) return;
    if (cumulative) {
      const step = compare(variants[i - 1]!, variant, "step");
      if (step) steps.push(step);
    }
    const total = compare(base, variant, "total");
    if (total) totals.push(total);
  });
  return { comparisons: adjustFamily(totals), stepComparisons: adjustFamily(steps) };
}

/**
 * The comparison of `variant` against `baseline` in a run, as derived (derive.ts): of the
 * preferred kind when both exist. Nothing is computed here: every comparison the site quotes
 * is one of the derived families, Holm-adjusted with the others of its family, so a sentence,
 * a table and a chart of the same two variants read the same numbers. Null when the run
 * derives no such comparison (another metric than its primary one, a baseline that is neither
 * the run's baseline nor the step before, or no round in which both booted).
 */
export function comparisonOf(
  record: { comparisons: readonly ComparisonRecord[]; stepComparisons: readonly ComparisonRecord[] },
  baseline: string,
  variant: string,
  metric: Metric,
  prefer: ComparisonKind = "total",
): ComparisonRecord | null {
  const recorded = [...record.comparisons, ...record.stepComparisons].filter(
    (c) => c.baseline === baseline && c.variant === variant && c.metric === metric,
  );
  return recorded.find((c) => c.kind === prefer) ?? recorded[0] ?? null;
}
