/**
 * What `npm run bench` does after it wrote a record, for perf:build's "new run" scenario: its
 * closing report (scripts/claims/affected.ts), which loads the runs folder with the new record,
 * and so verifies and derives it into the project's cache (.cache/derived-records) before any
 * build. Run in the project whose record it is:
 *
 *   node scripts/perf/bench-epilogue.ts content/runs/<id>.json
 */
import { reportAffectedFigures } from "../claims/affected.ts";

await reportAffectedFigures(process.argv[2]!, () => {});
