/**
 * Checks that benchmark records' summaries and comparisons are exactly what their raw samples
 * give (same seed, same resamples), so no figure can drift from its data.
 *   npx node scripts/bench/verify.ts [RECORD.json ...]   (default: every record in content/runs)
 */
import { readFile } from "node:fs/promises";
import { runMain, UserError } from "../../core/errors.ts";
import { loadRecords, parseRecord } from "../../core/records/store.ts";
import { verifyRecord } from "../../core/records/verify.ts";

if (import.meta.main) {
  await runMain(async () => {
    const files = process.argv.slice(2);
    const records = files.length
      ? await Promise.all(files.map(async (f) => parseRecord(await readFile(f, "utf8"), f)))
      : await loadRecords();
    let bad = 0;
    for (const record of records) {
      if (record.schema !== "boot-talk/benchmark@1") continue;
      const problems = verifyRecord(record);
      process.stdout.write(
        `${record.id}: ${problems.length ? `MISMATCH in ${problems.join(", ")}` : "summaries and comparisons match the raw samples"}\n`,
      );
      if (problems.length) bad++;
    }
    if (bad) throw new UserError(`${bad} record(s) do not match their raw samples`, { exitCode: 1 });
  });
}
