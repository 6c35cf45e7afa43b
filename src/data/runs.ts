/**
 * The site's read-only view of the runs folder: every record verified and derived by the core
 * loader (core/records/load.ts; a record that fails stops the build, naming file, field and
 * fix), and the selectors charts use, which make the core's explicit choice of run
 * (core/records/select.ts, pins and gate in content/runs-chosen.json). A chosen run with
 * quality notes is announced in the build log. Missing data is an error that names the command
 * to run: the build must fail rather than publish a figure drawn from nothing.
 */
import { loadRunChoice } from "../../core/records/choice.ts";
import { loadRuns as loadVerifiedRuns } from "../../core/records/load.ts";
import type { AnalysisRecord, BenchmarkRecord, RunRecord } from "../../core/records/schema.ts";
import {
  chooseAnalysisRun,
  chooseBenchmark,
  chooseSuiteRun,
  SelectionError,
  suiteRuns,
  type Chosen,
} from "../../core/records/select.ts";
import { runsDir } from "../../core/paths.ts";
import { sayOnce } from "../../core/build-log.ts";

export { isAnalysis, isBenchmark, recordedSuites } from "../../core/records/select.ts";

/** The runs folder ($BOOT_TALK_RUNS_DIR, else content/runs) as it was when this module loaded. */
export const RUNS_DIR = runsDir();

/** No record to draw a figure from; the message says what to run. */
export class MissingDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingDataError";
  }
}

const cache = new Map<string, Promise<RunRecord[]>>();

/** All records in dir, verified and derived, sorted by id (= by time). Loaded once per process and folder. */
export function loadRuns(dir: string = runsDir()): Promise<RunRecord[]> {
  let pending = cache.get(dir);
  if (!pending) {
    pending = loadVerifiedRuns(dir);
    cache.set(dir, pending);
    pending.catch(() => cache.delete(dir));
  }
  return pending;
}

/** Forget loaded records (dev server reloads, tests). */
export function clearRunsCache(): void {
  cache.clear();
  loadGeneration++;
}

/** Counts reloads, so a reloaded dev server announces the runs' notes again. */
let loadGeneration = 0;

/** Says once per process, in the build log, when a figure uses a run with quality notes. */
export function announceChoice(what: string, chosen: Chosen<RunRecord>): void {
  const lines = [
    ...(chosen.notes.length
      ? [`${what} → run ${chosen.record.id}, below the quality gate: ${chosen.notes.map((n) => n.message).join("; ")}`]
      : []),
    ...chosen.passedOver.map(
      (p) => `${what}: passed over the newer run ${p.id} (${p.notes.map((n) => n.message).join("; ")})`,
    ),
  ];
  for (const line of lines) sayOnce(`runs\0${loadGeneration}\0${line}`, [`[runs] ${line}`]);
}

function choose<T extends RunRecord>(what: string, pick: () => Chosen<T>): T {
  try {
    const chosen = pick();
    announceChoice(what, chosen);
    return chosen.record;
  } catch (error) {
    if (error instanceof SelectionError) throw new MissingDataError(`${error.message}: ${error.hint}`);
    throw error;
  }
}

/** The analysis record an analysis figure of this target kind uses (default "appliance"). */
export function latestAnalysis(records: RunRecord[], kind = "appliance", dir = runsDir()): AnalysisRecord {
  return choose(`the ${kind} analysis`, () => chooseAnalysisRun(records, kind, { choice: loadRunChoice(), dir }));
}

/** Every benchmark run of a suite, oldest first. */
export function suiteHistory(records: RunRecord[], suite: string): BenchmarkRecord[] {
  return suiteRuns(records, suite);
}

/** The run a suite's figures use (pinned, else the newest complete run that passes the quality gate). */
export function latestSuiteRun(records: RunRecord[], suite: string, dir = runsDir()): BenchmarkRecord {
  return choose(`suite ${suite}`, () => chooseSuiteRun(records, suite, { choice: loadRunChoice(), dir }));
}

/** A benchmark run by id, or the default choice among all benchmark runs for "latest". */
export function benchmarkById(records: RunRecord[], id: string, dir = runsDir()): BenchmarkRecord {
  return choose(id === "latest" ? "the latest benchmark" : `run=${id}`, () =>
    chooseBenchmark(records, { run: id }, { choice: loadRunChoice(), dir }),
  );
}
