/**
 * Assembling the benchmark record from what ran: provenance, raw samples, summaries,
 * comparisons and warnings. Pure apart from its inputs, so a record can be rebuilt (and its
 * statistics checked) from raw samples alone — see core/records/recompute.ts.
 */
import type { BenchmarkRecord, SampleRecord, VariantRecord } from "../../core/records/schema.ts";
import { metricsFor, splitComparisons } from "../../core/records/recompute.ts";
import { compareVariants, summarise, warningsFor } from "../../core/records/summarise.ts";

export interface VariantInput {
  name: string;
  description: string;
  config: Record<string, unknown>;
  argv: string[];
  appliance: VariantRecord["appliance"];
  samples: SampleRecord[];
  /** The variant's own accelerator (boots); absent for --exec. */
  accelerator?: VariantRecord["accelerator"];
  acceleratorReason?: string | null;
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
    ...(v.accelerator != null ? { accelerator: v.accelerator, acceleratorReason: v.acceleratorReason ?? null } : {}),
    samples: v.samples,
    summary: summarise(v.samples, metrics, seed, resamples),
  }));
  const warnings: string[] = [];
  if (input.status === "partial")
    warnings.push("interrupted: this record holds only the runs that finished before the stop");
  if (input.accelerator === "tcg" && input.acceleratorReason !== "requested") {
    warnings.push(
      `KVM is not usable (${input.acceleratorReason ?? "unknown reason"}): QEMU fell back to TCG emulation, which is far slower than KVM; compare these numbers only with other TCG runs`,
    );
  }
  const busiest = Math.max(input.hostLoad?.start[0] ?? 0, input.hostLoad?.end[0] ?? 0);
  if (busiest > input.host.cores) {
    warnings.push(
      `the host was busy (1-minute load average up to ${busiest.toFixed(1)} on ${input.host.cores} cores): other processes competed with the timed ones`,
    );
  }
  for (const v of variants) {
    warnings.push(...warningsFor(v, primary));
    if (!v.summary[primary] && input.status === "complete")
      warnings.push(`${v.name}: no successful timed run, so no statistics`);
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
