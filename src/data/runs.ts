/**
 * The site's read-only view of content/runs/: every record validated by the shared loader
 * (core/records/store.ts), and selectors that pick what a figure is drawn from. Missing
 * data is an error that names the command to run: the build must fail rather than publish a
 * figure drawn from nothing.
 */
import { join } from "node:path";
import { loadRecords } from "../../core/records/store.ts";
import type { AnalysisRecord, BenchmarkRecord, RunRecord } from "../../core/records/schema.ts";

import { projectRoot } from "../../core/paths.ts";

/** content/runs of this project (found even when this module is bundled; see core/paths.ts). */
export const RUNS_DIR = join(projectRoot(), "content/runs");

/** No record to draw a figure from; the message says what to run. */
export class MissingDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingDataError";
  }
}

const cache = new Map<string, Promise<RunRecord[]>>();

/** All records in dir, sorted by id (= by time). Loaded once per process and folder. */
export function loadRuns(dir: string = RUNS_DIR): Promise<RunRecord[]> {
  let pending = cache.get(dir);
  if (!pending) {
    pending = loadRecords(dir);
    cache.set(dir, pending);
    pending.catch(() => cache.delete(dir));
  }
  return pending;
}

/** Forget loaded records (dev server reloads, tests). */
export function clearRunsCache(): void {
  cache.clear();
}

export function isBenchmark(r: RunRecord): r is BenchmarkRecord {
  return r.schema === "boot-talk/benchmark@1";
}
export function isAnalysis(r: RunRecord): r is AnalysisRecord {
  return r.schema === "boot-talk/analysis@1";
}

/** Orders by creation time, then id, so "latest" is well defined. */
function byTime(a: RunRecord, b: RunRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function newestComplete<T extends RunRecord>(list: T[]): T | undefined {
  const sorted = [...list].sort(byTime);
  return sorted.filter((r) => r.status === "complete").at(-1) ?? sorted.at(-1);
}

/** The newest analysis record (complete preferred) whose target kind matches, default "appliance". */
export function latestAnalysis(records: RunRecord[], kind = "appliance", dir = RUNS_DIR): AnalysisRecord {
  const found = newestComplete(records.filter(isAnalysis).filter((r) => r.target.kind === kind));
  if (!found) {
    throw new MissingDataError(
      `no ${kind} analysis record in ${dir}: run \`npm run analyze\` to record one (it writes content/runs/<id>.json), then build again`,
    );
  }
  return found;
}

/** Every benchmark run of a suite, oldest first. */
export function suiteHistory(records: RunRecord[], suite: string): BenchmarkRecord[] {
  return records
    .filter(isBenchmark)
    .filter((r) => r.suite?.name === suite)
    .sort(byTime);
}

/** Suites that have at least one recorded run. */
export function recordedSuites(records: RunRecord[]): string[] {
  return [...new Set(records.filter(isBenchmark).flatMap((r) => (r.suite ? [r.suite.name] : [])))].sort();
}

/** The newest run of a suite (complete preferred). */
export function latestSuiteRun(records: RunRecord[], suite: string, dir = RUNS_DIR): BenchmarkRecord {
  const found = newestComplete(suiteHistory(records, suite));
  if (!found) {
    const known = recordedSuites(records);
    throw new MissingDataError(
      `no benchmark run of suite "${suite}" in ${dir}: run \`npm run bench -- --suite ${suite}\` ` +
        `(suite file content/benchmarks/${suite}.*)` +
        (known.length ? `; suites with runs: ${known.join(", ")}` : "; no suite has been run yet"),
    );
  }
  return found;
}

/** A benchmark run by id, or the newest one for "latest". */
export function benchmarkById(records: RunRecord[], id: string, dir = RUNS_DIR): BenchmarkRecord {
  const benches = records.filter(isBenchmark);
  if (id === "latest") {
    const found = newestComplete(benches);
    if (!found) throw new MissingDataError(`no benchmark record in ${dir}: run \`npm run bench\` to record one`);
    return found;
  }
  const found = benches.find((r) => r.id === id);
  if (!found) {
    const ids = benches.map((r) => r.id);
    throw new MissingDataError(
      `no benchmark record with id "${id}" in ${dir}` +
        (ids.length ? `; recorded ids: ${ids.slice(-10).join(", ")}` : "; none recorded yet (run `npm run bench`)"),
    );
  }
  return found;
}

/** Any record by id. */
export function runById(records: RunRecord[], id: string): RunRecord | undefined {
  return records.find((r) => r.id === id);
}
