/**
 * One analysis from options to written record: load (and validate) the rules, capture the
 * target or read a saved log, analyse, print the report, and write the record and its events.
 */
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { analyzeLog, AnalysisFailure, type AnalysisResult } from "../../core/analysis/analyze-log.ts";
import { EventLogError, formatEventLog, parseEventLog, type EventLog } from "../../core/analysis/events.ts";
import { buildRecord } from "../../core/analysis/record.ts";
import { renderReport } from "../../core/analysis/report.ts";
import { UserError } from "../../core/errors.ts";
import { projectRoot } from "../../core/paths.ts";
import { newRecordId, RUNS_DIR, writeNewFile, writeRecord } from "../../core/records/store.ts";
import { captureTarget } from "./capture-target.ts";
import type { AnalyzeOptions } from "./options.ts";
import { openEventsJournal, type EventsJournal } from "./events-journal.ts";
import { loadRules } from "./rules-file.ts";
import { reportAffectedFigures } from "../claims/affected.ts";

/** Where the record and its events go: a PATH.json (events beside it) or a folder. */
function outputPaths(out: string | null, id: string): { record: string; events: string } {
  if (out?.endsWith(".json")) {
    const record = resolve(out);
    return { record, events: record.replace(/\.json$/, ".events.jsonl") };
  }
  const dir = out ? resolve(out) : RUNS_DIR;
  return { record: join(dir, `${id}.json`), events: join(dir, `${id}.events.jsonl`) };
}

async function readLog(file: string): Promise<EventLog> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new UserError(`cannot read the events file ${file}`);
  });
  try {
    return parseEventLog(text, file);
  } catch (error) {
    if (error instanceof EventLogError) throw new UserError(error.message);
    throw error;
  }
}

/** The signals that stop a capture, and the exit codes (128 + signal number). */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

export async function runAnalyze(options: AnalyzeOptions): Promise<number> {
  let stoppedBy: keyof typeof STOP_SIGNALS | null = null;
  let log: EventLog | null = null;
  let aborted = false;
  let rulesName = options.rules ?? "appliance";
  if (options.log) {
    log = await readLog(options.log);
    rulesName = options.rules ?? log.header.rules;
  }
  // Rules are loaded (and validated) before anything boots.
  const rules = await loadRules(rulesName);
  const id = newRecordId(`analysis-${rules.rules.name}`);
  const paths = outputPaths(options.out, id);
  let journal: EventsJournal | null = null;
  if (!log) {
    const controller = new AbortController();
    // Ctrl-C, SIGTERM (a container stop, a CI timeout) and SIGHUP (the terminal closed) all
    // finish with the passes recorded so far. A listener stays installed for the whole
    // capture: execa's exit hook re-raises a signal when no other listener is left. A second
    // signal quits at once.
    const handlers = Object.entries(STOP_SIGNALS).map(([signal, code]) => {
      const handler = () => {
        if (controller.signal.aborted) process.exit(code);
        stoppedBy = signal as keyof typeof STOP_SIGNALS;
        process.stderr.write(`\ninterrupted by ${signal}: finishing with the passes recorded so far (again to quit)\n`);
        controller.abort();
      };
      process.on(signal, handler);
      return () => process.off(signal, handler);
    });
    const captured = await captureTarget(
      options,
      rules.rules.name,
      controller.signal,
      options.record ? (header) => openEventsJournal(paths.events, header) : undefined,
    ).finally(() => handlers.forEach((off) => off()));
    journal = captured.journal;
    log = captured.log;
    aborted = captured.aborted;
    if (log.events.length === 0) {
      await journal?.discard();
      throw new UserError("interrupted before any pass was recorded; nothing written", { exitCode: 1 });
    }
  }

  let result: AnalysisResult;
  try {
    result = analyzeLog(log, rules.rules);
  } catch (error) {
    if (!(error instanceof AnalysisFailure)) throw error;
    let saved = "";
    if (!options.log) {
      const path = join(tmpdir(), `boot-talk-failed-${basename(paths.events)}`);
      await writeFile(path, formatEventLog(log));
      await journal?.discard();
      saved = `\n  the raw events are in ${path}; after fixing the rules re-run with --log ${path}`;
    }
    throw new UserError(`the analysis could not follow this boot:\n${error.message}${saved}`, { exitCode: 1 });
  }
  const record = buildRecord({
    id: options.out?.endsWith(".json") ? basename(paths.record, ".json") : id,
    header: log.header,
    result,
    rules: { name: rules.rules.name, file: relative(projectRoot(), rules.file), sha256: rules.sha256 },
    eventsFile: basename(paths.events),
    status: aborted ? "partial" : "complete",
  });
  process.stdout.write(renderReport(record, result.passes, { colour: options.colour }));

  const write = options.log ? Boolean(options.out) && options.record : options.record;
  if (write) {
    let path: string;
    try {
      await writeNewFile(paths.events, formatEventLog(log));
      path = await writeRecord(record, paths.record);
    } catch (error) {
      const kept = journal
        ? `; every pass is kept in ${journal.path}: re-analyse it with --log ${journal.path} --out DIR`
        : "";
      throw new UserError(`the record could not be written (${(error as Error).message})${kept}`, { exitCode: 1 });
    }
    await journal?.discard();
    process.stderr.write(
      `record written: ${relative(process.cwd(), path)} (events: ${relative(dirname(path), paths.events)})\n`,
    );

    // --- claims: which figures and numbers of the talk and paper this record changes (scripts/claims/affected.ts) ---
    await reportAffectedFigures(path);
  }
  if (stoppedBy) return STOP_SIGNALS[stoppedBy];
  return aborted ? 1 : 0;
}
