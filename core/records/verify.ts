/**
 * Checking that a benchmark record's summaries and comparisons are exactly what its raw
 * samples give (same seed, same resamples), so no figure can drift from its data.
 */
import { isDeepStrictEqual } from "node:util";
import { recomputeStatistics } from "./recompute.ts";
import type { BenchmarkRecord } from "./schema.ts";

/** Names of the parts of record that do not match a recomputation (empty when all match). */
export function verifyRecord(record: BenchmarkRecord): string[] {
  const again = recomputeStatistics(record);
  const problems: string[] = [];
  record.variants.forEach((v, i) => {
    for (const metric of new Set([...Object.keys(v.summary), ...Object.keys(again.variants[i]!.summary)])) {
      if (!isDeepStrictEqual(v.summary[metric], again.variants[i]!.summary[metric]))
        problems.push(`variants[${i}] (${v.name}).summary.${metric}`);
    }
  });
  if (!isDeepStrictEqual(record.comparisons, again.comparisons)) problems.push("comparisons");
  if (!isDeepStrictEqual(record.stepComparisons, again.stepComparisons)) problems.push("stepComparisons");
  return problems;
}
