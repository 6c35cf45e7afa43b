/**
 * Checks recorded runs exactly as the site's build does (core/records/load.ts): benchmark
 * summaries, comparisons and warnings against their raw samples, analyses against their
 * events files, physical sanity, round structure and provenance.
 *   npx node scripts/bench/verify.ts [RECORD.json ...]   (default: every record in the runs folder)
 */
import { runMain, UserError } from "../../core/errors.ts";
import { checkRecordFile, checkRecords, displayFile, formatProblems } from "../../core/records/load.ts";
import { runsDir } from "../../core/paths.ts";

if (import.meta.main) {
  await runMain(async () => {
    const files = process.argv.slice(2);
    // Checked afresh (no cache): this is the command to run when in doubt.
    const checked = files.length
      ? await Promise.all(files.map((f) => checkRecordFile(f, { cache: null })))
      : await checkRecords(runsDir(), { cache: null });
    if (checked.length === 0) throw new UserError(`no records in ${displayFile(runsDir())}`);
    for (const c of checked) {
      const kind =
        c.record?.schema !== "boot-talk/analysis@1"
          ? "summaries, comparisons and warnings match the raw samples"
          : c.reanalysed
            ? "re-analysing its events file with its rules gives the record"
            : "its rules file changed since the run: checked against the events file's boot times only";
      process.stdout.write(
        `${displayFile(c.file)}: ${c.problems.length ? `${c.problems.length} problem(s)` : `ok (${kind})`}\n`,
      );
    }
    const bad = checked.filter((c) => c.problems.length);
    if (bad.length) throw new UserError(formatProblems(bad, 20), { exitCode: 1 });
  });
}
