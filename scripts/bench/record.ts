/**
 * Assembling the benchmark record from what ran: provenance, raw samples, summaries,
 * comparisons and warnings. Pure apart from its inputs, so a record can be rebuilt (and its
 * statistics checked) from raw samples alone — see recomputeStatistics.
 */
import type { BenchmarkRecord, ComparisonRecord, SampleRecord, VariantRecord } from "../records/schema.ts";
import { compareVariants, summarise, warningsFor, type Metric } from "./summarise.ts";

export interface VariantInput {
  name: string;
  description: string;
  config: Record<string, unknown>;
  argv: string[];
  appliance: VariantRecord["appliance"];
  samples: SampleRecord[];
}

export interface RecordInput {
  id: string;
  createdAt: string;
  status: "complete" | "partial";
  tool: BenchmarkRecord["tool"];
  host: BenchmarkRecord["host"];
  qemu: BenchmarkRecord["qemu"];
  accelerator: BenchmarkRecord["accelerator"];
  acceleratorReason: string | null;
  hostLoad?: BenchmarkRecord["hostLoad"];
  suite: BenchmarkRecord["suite"];
  cumulative: boolean;
  options: BenchmarkRecord["options"];
  variants: VariantInput[];
}

/** Metrics summarised for a run: boots have a ready marker, --exec commands only exit. */
export function metricsFor(exec: boolean): Metric[] {
  return exec ? ["wall"] : ["marker", "wall"];
}

export function buildRecord(input: RecordInput): BenchmarkRecord {
  const exec = input.options.exec !== null;
  const metrics = metricsFor(exec);
  const primary = metrics[0]!;
  const { seed, resamples } = input.options;
  const variants: VariantRecord[] = input.variants.map((v) => ({
    name: v.name,
    description: v.description,
    config: v.config,
    argv: v.argv,
    appliance: v.appliance,
    samples: v.samples,
    summary: summarise(v.samples, metrics, seed, resamples),
  }));
  const warnings: string[] = [];
  if (input.status === "partial") warnings.push("interrupted: this record holds only the runs that finished before the stop");
  if (input.accelerator === "tcg" && input.acceleratorReason !== "requested") {
    warnings.push(`KVM is not usable (${input.acceleratorReason ?? "unknown reason"}): QEMU fell back to TCG emulation, which is far slower than KVM; compare these numbers only with other TCG runs`);
  }
  const busiest = Math.max(input.hostLoad?.start[0] ?? 0, input.hostLoad?.end[0] ?? 0);
  if (busiest > input.host.cores) {
    warnings.push(`the host was busy (1-minute load average up to ${busiest.toFixed(1)} on ${input.host.cores} cores): other processes competed with the timed ones`);
  }
  for (const v of variants) {
    warnings.push(...warningsFor(v, primary));
    if (!v.summary[primary] && input.status === "complete") warnings.push(`${v.name}: no successful timed run, so no statistics`);
  }
  return {
    schema: "boot-talk/benchmark@1",
    id: input.id,
    status: input.status,
    createdAt: input.createdAt,
    tool: input.tool,
    host: input.host,
    qemu: input.qemu,
    accelerator: input.accelerator,
    acceleratorReason: input.acceleratorReason,
    hostLoad: input.hostLoad ?? null,
    suite: input.suite,
    options: input.options,
    primaryMetric: primary,
    variants,
    ...splitComparisons(compareVariants(variants, primary, input.cumulative, seed, resamples)),
    warnings,
  };
}

/** Totals go to `comparisons` (what every reader expects there), steps to `stepComparisons`. */
function splitComparisons(all: ComparisonRecord[]): Pick<BenchmarkRecord, "comparisons" | "stepComparisons"> {
  return { comparisons: all.filter((c) => c.kind === "total"), stepComparisons: all.filter((c) => c.kind === "step") };
}

/** Whether a record's suite is cumulative (its definition says so). */
export function isCumulative(record: BenchmarkRecord): boolean {
  const definition = record.suite?.definition as { cumulative?: unknown } | undefined;
  return definition?.cumulative === true;
}

/** Summaries and comparisons recomputed from the record's raw samples, for checking. */
export function recomputeStatistics(record: BenchmarkRecord): Pick<BenchmarkRecord, "variants" | "comparisons" | "stepComparisons"> {
  const exec = record.options.exec !== null;
  const metrics = metricsFor(exec);
  const { seed, resamples } = record.options;
  const variants = record.variants.map((v) => ({ ...v, summary: summarise(v.samples, metrics, seed, resamples) }));
  return { variants, ...splitComparisons(compareVariants(variants, metrics[0]!, isCumulative(record), seed, resamples)) };
}
