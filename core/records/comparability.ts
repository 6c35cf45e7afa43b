/**
 * Are the runs one document uses comparable? Numbers measured on different hosts, with
 * different accelerators, QEMU versions or kernels do not belong in one comparison without a
 * warning. Given what each figure or number of a document uses, this reports every such mix and
 * which figure comes from which side of it.
 */
import { builtKernelRef } from "./kernel-ref.ts";
import type { RunRecord } from "./schema.ts";
import { isBenchmark } from "./select.ts";

/** One figure, table or quoted number and the run it is drawn from. */
export interface RunUse {
  /** How the document names it, e.g. "Figure 3", "Table 1", ":stat median (line 72)". */
  what: string;
  runId: string;
}

export const DIMENSIONS = ["host", "host kernel", "accelerator", "QEMU", "guest kernel"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** A dimension on which the runs differ, with each value, its runs and what uses them. */
export interface Mix {
  dimension: Dimension;
  values: { value: string; runs: string[]; uses: string[] }[];
}

/** The run's value on a dimension; null when it has none (an --exec run has no QEMU). */
export function dimensionValue(record: RunRecord, dimension: Dimension): string | null {
  switch (dimension) {
    case "host":
      return `${record.host.hostname} (${record.host.cpuModel}, ${record.host.cores} cores)`;
    case "host kernel":
      return record.host.kernel;
    case "accelerator":
      return record.accelerator;
    case "QEMU":
      return record.qemu?.version ?? null;
    case "guest kernel": {
      const appliances = isBenchmark(record)
        ? record.variants.flatMap((v) => (v.appliance ? [v.appliance] : []))
        : record.target.appliance
          ? [record.target.appliance]
          : [];
      // The distribution kernel is a condition of the run; boot-talk's own builds (npm run
      // kernel, kernel.build set) are what a suite or an analysis studies, like a machine type.
      const kernels = [
        ...new Set(
          appliances
            .filter((a) => builtKernelRef(a) === null)
            .map((a) => `${a.kernel.path.replace(/^.*\//, "")} (sha256 ${a.kernel.sha256.slice(0, 12)})`),
        ),
      ].sort();
      return kernels.length ? kernels.join(" + ") : null;
    }
  }
}

/** Every dimension on which the used runs differ (empty when they are comparable). */
export function comparability(uses: readonly RunUse[], records: readonly RunRecord[]): Mix[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const mixes: Mix[] = [];
  for (const dimension of DIMENSIONS) {
    const values = new Map<string, { runs: Set<string>; uses: string[] }>();
    for (const use of uses) {
      const record = byId.get(use.runId);
      const value = record ? dimensionValue(record, dimension) : null;
      if (value === null) continue;
      const entry = values.get(value) ?? { runs: new Set<string>(), uses: [] };
      entry.runs.add(use.runId);
      if (!entry.uses.includes(use.what)) entry.uses.push(use.what);
      values.set(value, entry);
    }
    if (values.size > 1)
      mixes.push({
        dimension,
        values: [...values].map(([value, e]) => ({ value, runs: [...e.runs], uses: e.uses })),
      });
  }
  return mixes;
}

/** A mix in one sentence, e.g. "QEMU differs: 7.2 (run A: Figure 1, Table 2); 8.0 (run B: Figure 4)". */
export function describeMix(mix: Mix): string {
  const parts = mix.values.map(
    (v) => `${v.value} (run${v.runs.length > 1 ? "s" : ""} ${v.runs.join(", ")}: ${v.uses.join(", ")})`,
  );
  return `${mix.dimension} differs: ${parts.join("; ")}`;
}
