/**
 * The run the shipped talk and paper use for a suite, as the build chooses it (pins in
 * content/runs-chosen.json, else the newest run that passes the quality gate). Tests that swap
 * samples under the shipped documents swap them in this run, so a new recording never leaves
 * them testing a run the documents no longer read.
 */
import { loadRunChoice } from "../../core/records/choice.ts";
import { loadRuns } from "../../core/records/load.ts";
import { chooseAnalysisRun, chooseSuiteRun } from "../../core/records/select.ts";

export async function chosenSuiteRunId(suite: string, dir?: string): Promise<string> {
  const records = await loadRuns(dir);
  return chooseSuiteRun(records, suite, { choice: loadRunChoice() }).record.id;
}

export async function chosenAnalysisRunId(kind: string, dir?: string): Promise<string> {
  const records = await loadRuns(dir);
  return chooseAnalysisRun(records, kind, { choice: loadRunChoice() }).record.id;
}
