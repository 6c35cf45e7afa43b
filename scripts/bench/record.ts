/**
 * Assembling the benchmark record from what ran: provenance and raw samples in, and the
 * summaries, paired comparisons, verdicts and warnings derived by the core
 * (core/records/derive.ts) — the same derivation the site's loader repeats to check the record.
 */
import { buildBenchmarkRecord, isCumulative } from "../../core/records/derive.ts";
import type { BenchmarkRecord, SampleRecord, VariantRecord } from "../../core/records/schema.ts";

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
  /** Whether the suite is cumulative; must agree with suite.definition (what readers go by). */
  cumulative: boolean;
  options: BenchmarkRecord["options"];
  variants: VariantInput[];
}

export function buildRecord(input: RecordInput): BenchmarkRecord {
  const { cumulative, hostLoad, ...run } = input;
  const record = buildBenchmarkRecord({ ...run, hostLoad: hostLoad ?? null });
  if (isCumulative(record) !== cumulative)
    throw new Error(`buildRecord: cumulative=${cumulative}, but the suite definition says otherwise`);
  return record;
}
