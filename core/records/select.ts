/**
 * Which recorded run a figure or number is drawn from, said out loud. One place for the whole
 * site (charts, tables, quoted numbers in the paper and the talk):
 *  - a run pinned in content/runs-chosen.json (choice.ts) for its suite or analysis kind;
 *  - else the newest complete run that passes the quality gate;
 *  - else (no run passes) the newest complete run, else the newest partial one — with its
 *    quality notes, so it is never used silently.
 * A run that is partial, has fewer successful timed boots (analysis passes) than the minimum,
 * or ran on a busy host carries quality notes; newer runs the gate passed over are listed too.
 * `chosenRuns()` gives every default choice at once, so a tool can tell which figures a new
 * record would change (the choice with and without it).
 */
import { builtKernelRef } from "./kernel-ref.ts";
import { displayFile, runChoiceFile } from "../paths.ts";
import { DEFAULT_RUN_CHOICE, type RunChoice } from "./choice.ts";
import { metricValues } from "./metrics.ts";
import type { AnalysisRecord, BenchmarkRecord, RunRecord } from "./schema.ts";
import { busiestLoad, wasHostBusy } from "./summarise.ts";

export function isBenchmark(r: RunRecord): r is BenchmarkRecord {
  return r.schema === "boot-talk/benchmark@2";
}
export function isAnalysis(r: RunRecord): r is AnalysisRecord {
  return r.schema === "boot-talk/analysis@1";
}

/** Orders by creation time, then id, so "newest" is well defined. */
export function byTime(a: RunRecord, b: RunRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Benchmark runs, oldest first. */
export function benchmarks(records: readonly RunRecord[]): BenchmarkRecord[] {
  return records.filter(isBenchmark).sort(byTime);
}

/** Analysis runs, oldest first. */
export function analyses(records: readonly RunRecord[]): AnalysisRecord[] {
  return records.filter(isAnalysis).sort(byTime);
}

/** Every run of a suite, oldest first. */
export function suiteRuns(records: readonly RunRecord[], suite: string): BenchmarkRecord[] {
  return benchmarks(records).filter((r) => r.suite?.name === suite);
}

/** Suites with at least one recorded run. */
export function recordedSuites(records: readonly RunRecord[]): string[] {
  return [...new Set(benchmarks(records).flatMap((r) => (r.suite ? [r.suite.name] : [])))].sort();
}

/**
 * The kind of boot an analysis traced, as figures select it (`kind=`): its target kind, and for
 * an appliance booting boot-talk's own kernel the kernel too — "appliance" is the distribution
 * kernel, "appliance:custom" the base build, "appliance:custom:NAME" a variant — so a new
 * analysis of the custom kernel never replaces the distribution kernel's timeline.
 */
export function analysisKind(record: AnalysisRecord): string {
  const ref = record.target.appliance ? builtKernelRef(record.target.appliance) : null;
  return ref ? `${record.target.kind}:${ref}` : record.target.kind;
}

/** Analysis kinds (see analysisKind) with at least one recorded run. */
export function recordedKinds(records: readonly RunRecord[]): string[] {
  return [...new Set(analyses(records).map(analysisKind))].sort();
}

export type QualityCode = "partial" | "few-timed-boots" | "few-passes" | "busy-host";

/** Why a run should not be used without saying so. */
export interface QualityNote {
  code: QualityCode;
  runId: string;
  /** A sentence for the build log and the page, e.g. "run X has only 3 timed boots per variant (minimum 10)". */
  message: string;
}

/** The quality notes of a run under the gate of `choice` (empty: it passes). */
export function qualityNotes(record: RunRecord, choice: RunChoice = DEFAULT_RUN_CHOICE): QualityNote[] {
  const notes: QualityNote[] = [];
  const note = (code: QualityCode, message: string) => notes.push({ code, runId: record.id, message });
  if (record.status === "partial")
    note("partial", `run ${record.id} is partial: it was interrupted before every boot was taken`);
  if (isBenchmark(record)) {
    const fewest = Math.min(...record.variants.map((v) => metricValues(v.samples, record.primaryMetric).length));
    if (fewest < choice.minimumTimedBoots)
      note(
        "few-timed-boots",
        `run ${record.id} has only ${fewest} successful timed boot${fewest === 1 ? "" : "s"} in some variant (minimum ${choice.minimumTimedBoots})`,
      );
    if (wasHostBusy(record))
      note(
        "busy-host",
        `run ${record.id} ran on a busy host (1-minute load average up to ${busiestLoad(record.hostLoad).toFixed(1)} on ${record.host.cores} cores)`,
      );
  } else if (record.passes < choice.minimumAnalysisPasses) {
    note(
      "few-passes",
      `run ${record.id} has only ${record.passes} analysis passes (minimum ${choice.minimumAnalysisPasses})`,
    );
  }
  return notes;
}

/** A run chosen for a figure, how, and what to tell the reader about it. */
export interface Chosen<T extends RunRecord> {
  record: T;
  /** "pinned": named by id (in content/runs-chosen.json, or by the figure itself). */
  reason: "pinned" | "newest-passing" | "newest-complete" | "newest-partial";
  /** The chosen run's quality notes: each must reach the build log and the page. */
  notes: QualityNote[];
  /** Newer runs of the same suite or kind that the quality gate passed over, with why. */
  passedOver: { id: string; notes: QualityNote[] }[];
}

/** No run to draw a figure from, or a pin that names none; `hint` says what to do. */
export class SelectionError extends Error {
  override name = "SelectionError";
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

function listed(items: readonly string[], max = 10): string {
  return items.length ? items.slice(-max).join(", ") : "(none)";
}

/** Newest run passing the gate, else the newest complete, else the newest; null when none. */
function newest<T extends RunRecord>(pool: readonly T[], choice: RunChoice): Chosen<T> | null {
  const sorted = [...pool].sort(byTime);
  const failing: { record: T; notes: QualityNote[] }[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const notes = qualityNotes(sorted[i]!, choice);
    const overlooked = failing.map((f) => ({ id: f.record.id, notes: f.notes }));
    if (notes.length === 0) return { record: sorted[i]!, reason: "newest-passing", notes, passedOver: overlooked };
    failing.push({ record: sorted[i]!, notes });
  }
  // Nothing passes: the newest complete run (else the newest), flagged, and the newer ones it beat.
  const fallback = sorted.filter((r) => r.status === "complete").at(-1) ?? sorted.at(-1);
  if (!fallback) return null;
  return {
    record: fallback,
    reason: fallback.status === "complete" ? "newest-complete" : "newest-partial",
    notes: qualityNotes(fallback, choice),
    passedOver: failing.filter((f) => byTime(fallback, f.record) < 0).map((f) => ({ id: f.record.id, notes: f.notes })),
  };
}

function pinned<T extends RunRecord>(record: T, choice: RunChoice): Chosen<T> {
  return { record, reason: "pinned", notes: qualityNotes(record, choice), passedOver: [] };
}

/** Where a missing run should come from, for error messages. */
export interface SelectionContext {
  choice?: RunChoice;
  /** The runs folder the records came from. */
  dir?: string;
}

/** The run a suite's figures use. */
export function chooseSuiteRun(
  records: readonly RunRecord[],
  suite: string,
  context: SelectionContext = {},
): Chosen<BenchmarkRecord> {
  const choice = context.choice ?? DEFAULT_RUN_CHOICE;
  const runs = suiteRuns(records, suite);
  const pin = choice.suites[suite];
  if (pin) {
    const found = runs.find((r) => r.id === pin);
    if (!found)
      throw new SelectionError(
        `${displayFile(runChoiceFile())}: field suites.${suite}: pins run ${pin}, which is not a recorded run of suite "${suite}"${context.dir ? ` in ${displayFile(context.dir)}` : ""}`,
        `recorded runs of ${suite}: ${listed(runs.map((r) => r.id))}; fix the id or remove the pin`,
      );
    return pinned(found, choice);
  }
  const chosen = newest(runs, choice);
  if (!chosen) {
    const known = recordedSuites(records);
    throw new SelectionError(
      `no benchmark run of suite "${suite}"${context.dir ? ` in ${displayFile(context.dir)}` : ""}`,
      `run \`npm run bench -- --suite ${suite}\` to record one (suite file content/benchmarks/${suite}.json)` +
        (known.length ? `; suites with runs: ${known.join(", ")}` : "; no suite has been run yet"),
    );
  }
  return chosen;
}

/** The run an analysis figure of a target kind uses. */
export function chooseAnalysisRun(
  records: readonly RunRecord[],
  kind: string,
  context: SelectionContext = {},
): Chosen<AnalysisRecord> {
  const choice = context.choice ?? DEFAULT_RUN_CHOICE;
  const runs = analyses(records).filter((r) => analysisKind(r) === kind);
  const pin = choice.analyses[kind];
  if (pin) {
    const found = runs.find((r) => r.id === pin);
    if (!found)
      throw new SelectionError(
        `${displayFile(runChoiceFile())}: field analyses.${kind}: pins run ${pin}, which is not a recorded ${kind} analysis`,
        `recorded ${kind} analyses: ${listed(runs.map((r) => r.id))}; fix the id or remove the pin`,
      );
    return pinned(found, choice);
  }
  const chosen = newest(runs, choice);
  if (!chosen) {
    const kinds = recordedKinds(records);
    throw new SelectionError(
      `no ${kind} analysis record${context.dir ? ` in ${displayFile(context.dir)}` : ""}`,
      "run `npm run analyze` to record one (it writes content/runs/<id>.json), then build again" +
        (kinds.length ? `; recorded kinds: ${kinds.join(", ")} (choose one with kind=…)` : ""),
    );
  }
  return chosen;
}

/** A benchmark run by id, or for "latest" the default choice among all benchmark runs (or a suite's). */
export function chooseBenchmark(
  records: readonly RunRecord[],
  which: { run?: string; suite?: string },
  context: SelectionContext = {},
): Chosen<BenchmarkRecord> {
  const choice = context.choice ?? DEFAULT_RUN_CHOICE;
  const all = benchmarks(records);
  if (which.run && which.run !== "latest") {
    const found = all.find((r) => r.id === which.run);
    if (!found)
      throw new SelectionError(
        `no benchmark record with id "${which.run}"${context.dir ? ` in ${displayFile(context.dir)}` : ""}`,
        all.length
          ? `recorded ids: ${listed(all.map((r) => r.id))}; or write run=latest`
          : "none recorded yet: run `npm run bench`",
      );
    return pinned(found, choice);
  }
  if (which.suite) return chooseSuiteRun(records, which.suite, context);
  const chosen = newest(all, choice);
  if (!chosen)
    throw new SelectionError(
      `no benchmark record${context.dir ? ` in ${displayFile(context.dir)}` : ""}`,
      "run `npm run bench` to record one",
    );
  return chosen;
}

/** An analysis run by id, or for none/"latest" the default choice of its kind. */
export function chooseAnalysis(
  records: readonly RunRecord[],
  which: { id?: string; kind?: string },
  context: SelectionContext = {},
): Chosen<AnalysisRecord> {
  const choice = context.choice ?? DEFAULT_RUN_CHOICE;
  if (which.id && which.id !== "latest") {
    const all = analyses(records);
    const found = all.find((r) => r.id === which.id);
    if (!found)
      throw new SelectionError(
        `no analysis record with id "${which.id}"`,
        `recorded analyses: ${listed(all.map((r) => r.id))}; or write analysis=latest`,
      );
    return pinned(found, choice);
  }
  return chooseAnalysisRun(records, which.kind ?? "appliance", context);
}

/**
 * The default choice of every suite and analysis kind: "suite:story" → …, "analysis:appliance" → ….
 * Compare the result with and without a new record to learn which figures it would change.
 */
export function chosenRuns(
  records: readonly RunRecord[],
  context: SelectionContext = {},
): Map<string, Chosen<RunRecord>> {
  const out = new Map<string, Chosen<RunRecord>>();
  for (const suite of recordedSuites(records)) out.set(`suite:${suite}`, chooseSuiteRun(records, suite, context));
  for (const kind of recordedKinds(records)) out.set(`analysis:${kind}`, chooseAnalysisRun(records, kind, context));
  return out;
}
