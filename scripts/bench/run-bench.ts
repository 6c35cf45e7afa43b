/**
 * One benchmark run from options to written record: resolve what to run (prepare.ts), run the
 * interleaved schedule, build and write the record even when interrupted, and print the
 * report. The report goes to stdout, or to stderr when an export is written to stdout ("-"),
 * so `--export-csv - | …` pipes only the export.
 */
import { stat, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { UserError } from "../../core/errors.ts";
import { readHostInfo } from "../lib/host.ts";
import { readToolInfo } from "../lib/provenance.ts";
import { newRecordId, RUNS_DIR, writeRecord } from "../../core/records/store.ts";
import { reportAffectedFigures } from "../claims/affected.ts";
import { DEFAULT_RESAMPLES } from "../../core/stats/resample.ts";
import { newSeed } from "../../core/stats/random.ts";
import { createExecTimer } from "./exec-timer.ts";
import { toCsv, toMarkdown } from "../../core/format/export.ts";
import type { BenchOptions } from "./options.ts";
import { commonAccelerator, prepare } from "./prepare.ts";
import { createProgress } from "./progress.ts";
import { buildRecord, type RecordInput } from "./record.ts";
import { openJournal } from "./journal.ts";
import { formatBenchReport } from "../../core/format/bench-report.ts";
import { runSchedule } from "./runner.ts";
import { buildSchedule } from "./schedule.ts";

/** Writes an export; never over an existing file unless --force (a record is never hit). */
async function exportTo(path: string, text: string, force: boolean): Promise<void> {
  if (path === "-") process.stdout.write(text);
  else await writeFile(path, text, { flag: force ? "w" : "wx" });
}

/** The signals that stop a run (terminal closed, container stop, Ctrl-C) and their exit codes. */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** A --out folder (or no --out) gets a new record file inside; a PATH.json is the file. */
function recordPath(out: string | null, id: string): string | undefined {
  if (out === null) return undefined;
  return out.endsWith(".json") ? out : join(out, `${id}.json`);
}

/**
 * Runs the benchmark. Returns the exit code: 0 ok, 1 when a variant had no successful timed
 * run, 128 + signal number (130 SIGINT, 143 SIGTERM, 129 SIGHUP) when interrupted.
 */
export async function runBench(options: BenchOptions): Promise<number> {
  // Refuse an existing --out before booting anything, not after ten minutes of boots.
  if (options.out?.endsWith(".json") && (await stat(options.out).catch(() => null))) {
    throw new UserError(
      `${options.out} already exists; boot-talk never overwrites a record. Choose another --out path.`,
    );
  }
  for (const path of [options.exportCsv, options.exportMarkdown, options.exportJson]) {
    if (path && path !== "-" && !options.force && (await stat(path).catch(() => null)))
      throw new UserError(`${path} already exists; an export never overwrites a file unless --force is given`);
  }
  const prepared = await prepare(options);
  const seed = options.seed ?? newSeed();
  const schedule = buildSchedule(prepared.targets.length, options.runs, options.warmup, options.order, seed);

  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  const handlers = Object.keys(STOP_SIGNALS).map((signal) => {
    const handler = () => stop(signal as NodeJS.Signals);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  const release = () => handlers.forEach((off) => off());

  const [tool, host] = await Promise.all([readToolInfo(), readHostInfo()]);
  const loadAtStart = loadavg();
  const id = newRecordId(prepared.slug, new Date());
  const path = recordPath(options.out, id) ?? join(RUNS_DIR, `${id}.json`);
  const inputs = {
    id,
    tool,
    host,
    qemu: prepared.boot?.qemu ?? null,
    accelerator: commonAccelerator(prepared.inputs.map((i) => i.accelerator)),
    acceleratorReason: prepared.boot?.acceleratorReason ?? null,
    suite: prepared.suite,
    cumulative: prepared.cumulative,
    options: {
      runs: options.runs,
      warmup: options.warmup,
      timeoutMs: options.timeoutMs,
      order: options.order,
      seed,
      append: options.append,
      memoryMiB: options.memoryMiB,
      smp: options.smp,
      kernel: options.kernel,
      exec: options.exec?.[0] ?? null,
      ...(options.exec ? { commands: options.exec } : {}),
      ...(options.parameters.length ? { parameters: options.parameters } : {}),
      resamples: DEFAULT_RESAMPLES,
    },
  } satisfies Partial<RecordInput>;
  // Opened before the first run: proves the folder writable and keeps every finished sample.
  const journal = await openJournal({
    ...inputs,
    hostLoad: { start: loadAtStart, end: loadAtStart },
    variants: prepared.inputs,
    recordPath: path,
  });
  const progress = createProgress();
  process.stderr.write(
    `Warming up (${options.warmup} per variant), then ${options.runs} timed runs of ${prepared.targets.length} variant(s), ${options.order} ...\n`,
  );
  const execTimer = options.exec ? createExecTimer() : null;
  let outcome;
  try {
    outcome = await runSchedule(prepared.targets, schedule, {
      timeoutMs: options.timeoutMs,
      signal: controller.signal,
      onStart: (e) => progress.start(e),
      onSample: (e) => progress.sample(e),
      run: execTimer?.run,
      failFast: !options.ignoreFailure,
      keep: (variant, sample) => journal.sample(variant, sample),
    });
  } finally {
    progress.finish();
    execTimer?.close();
    await journal.close();
  }
  if (outcome.firstRunFailure) {
    const { target, sample } = outcome.firstRunFailure;
    const why = sample.detail?.split("\n")[0] ?? "";
    const kept = outcome.samples.flat().some((s) => s.ok && !s.warmup);
    if (!kept) {
      release();
      await journal.discard();
    }
    if (!kept)
      throw new UserError(
        `${JSON.stringify(target.name)} failed on its first run (${sample.failure}${sample.exitCode !== null ? `, exit code ${sample.exitCode}` : ""})${why ? `: ${why}` : ""}; nothing recorded. Fix it, or pass --ignore-failure to time it anyway`,
        { exitCode: 1 },
      );
    process.stderr.write(
      `stopping: ${JSON.stringify(target.name)} failed on its first run (${sample.failure})${why ? `: ${why}` : ""}; the runs so far are kept in a partial record (--ignore-failure times it anyway)\n`,
    );
  }
  // The handlers stay until the record is written: a second Ctrl-C must not lose it.

  if (stoppedBy && !outcome.samples.flat().some((sample) => !sample.warmup)) {
    // Only warm-ups ran: a record without a timed run would be an empty page on the site.
    release();
    await journal.discard();
    process.stderr.write(`interrupted by ${stoppedBy} during the warm-ups: no timed run finished, nothing recorded\n`);
    return STOP_SIGNALS[stoppedBy as keyof typeof STOP_SIGNALS];
  }
  const record = buildRecord({
    ...inputs,
    createdAt: new Date().toISOString(),
    status: outcome.aborted || outcome.firstRunFailure ? "partial" : "complete",
    hostLoad: { start: loadAtStart, end: loadavg() },
    variants: prepared.inputs.map((input, i) => ({ ...input, samples: outcome.samples[i] ?? [] })),
  });
  try {
    await writeRecord(record, path);
  } catch (error) {
    release();
    const why = error instanceof UserError ? error.message : (error as Error).message;
    throw new UserError(
      `the record could not be written to ${path} (${why}); every sample is kept in ${journal.path}: once the problem is fixed, run npx node scripts/bench/recover.ts ${journal.path}`,
      { exitCode: 1 },
    );
  }
  await journal.discard();
  const report = formatBenchReport(record);
  const exportsToStdout = [options.exportCsv, options.exportMarkdown, options.exportJson].filter((p) => p === "-");
  if (exportsToStdout.length > 1)
    process.stderr.write("warning: several exports to stdout (-) are written one after another\n");
  (exportsToStdout.length ? process.stderr : process.stdout).write(report);
  if (options.exportCsv) await exportTo(options.exportCsv, toCsv(record), options.force);
  if (options.exportMarkdown) await exportTo(options.exportMarkdown, toMarkdown(record), options.force);
  if (options.exportJson) await exportTo(options.exportJson, JSON.stringify(record, null, 2) + "\n", options.force);
  process.stderr.write(`record written to ${path}\n`);

  // --- claims: which figures and numbers of the talk and paper this record changes (scripts/claims/affected.ts) ---
  await reportAffectedFigures(path);

  release();

  if (stoppedBy) return STOP_SIGNALS[stoppedBy as keyof typeof STOP_SIGNALS];
  if (outcome.firstRunFailure)
    throw new UserError(`${JSON.stringify(outcome.firstRunFailure.target.name)} failed on its first run; see above`, {
      exitCode: 1,
    });
  if (record.variants.some((v) => !v.summary[record.primaryMetric])) {
    throw new UserError(
      "at least one variant had no successful timed run; see the warnings above and the failure details in the record",
      { exitCode: 1 },
    );
  }
  return 0;
}
