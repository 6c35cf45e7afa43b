/**
 * What `npm run bench` does after it wrote a record, for perf:build's "bench run" scenario: its
 * closing report (scripts/claims/affected.ts), which loads the runs folder with the new record,
 * and so verifies and derives it into that project's cache (.cache/derived-records) before any
 * build. The report is the measured project's own, imported from it, so its paths are that
 * project's:
 *
 *   node scripts/perf/bench-epilogue.ts PROJECT PROJECT/content/runs/<id>.json
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [project, record] = process.argv.slice(2);
const affected = (await import(pathToFileURL(join(project!, "scripts/claims/affected.ts")).href)) as {
  reportAffectedFigures: (recordPath: string, write: (text: string) => void) => Promise<void>;
};
await affected.reportAffectedFigures(record!, () => {});
