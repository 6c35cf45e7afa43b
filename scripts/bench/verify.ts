/**
 * Checks that benchmark records' summaries and comparisons are exactly what their raw samples
 * give (same seed, same resamples), so no figure can drift from its data.
 *   npx node scripts/bench/verify.ts [RECORD.json ...]   (default: every record in content/runs)
 */
import { readFile } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import { runMain, UserError } from "../lib/errors.ts";
import type { BenchmarkRecord } from "../records/schema.ts";
import { loadRecords, parseRecord } from "../records/store.ts";
import { recomputeStatistics } from "./record.ts";

/** Names of the parts of record that do not match a recomputation (empty when all match). */
export function verifyRecord(record: BenchmarkRecord): string[] {
  const again = recomputeStatistics(record);
  const problems: string[] = [];
  record.variants.forEach((v, i) => {
    for (const metric of new Set([...Object.keys(v.summary), ...Object.keys(again.variants[i]!.summary)])) {
      if (!isDeepStrictEqual(v.summary[metric], again.variants[i]!.summary[metric])) problems.push(`variants[${i}] (${v.name}).summary.${metric}`);
    }
  });
  if (!isDeepStrictEqual(record.comparisons, again.comparisons)) problems.push("comparisons");
  if (!isDeepStrictEqual(record.stepComparisons, again.stepComparisons)) problems.push("stepComparisons");
  return problems;
}

if (import.meta.main) {
  await runMain(async () => {
    const files = process.argv.slice(2);
    const records = files.length ? await Promise.all(files.map(async (f) => parseRecord(await readFile(f, "utf8"), f))) : await loadRecords();
    let bad = 0;
    for (const record of records) {
      if (record.schema !== "boot-talk/benchmark@1") continue;
      const problems = verifyRecord(record);
      process.stdout.write(`${record.id}: ${problems.length ? `MISMATCH in ${problems.join(", ")}` : "summaries and comparisons match the raw samples"}\n`);
      if (problems.length) bad++;
    }
    if (bad) throw new UserError(`${bad} record(s) do not match their raw samples`, { exitCode: 1 });
  });
}
