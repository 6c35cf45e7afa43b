/**
 * Running a schedule of boots (or commands): one process at a time, in schedule order, each
 * timed by runCaptured (or the --exec timer). A failed or hung run is recorded and the run
 * goes on, except that with failFast a target whose very first run fails stops everything
 * (a typo in a command, QEMU that cannot start): running it N more times would only record
 * the same failure. An abort (Ctrl-C) kills the running child and stops, keeping every
 * sample already finished.
 */
import { runCaptured, type CaptureOptions, type CaptureResult } from "../capture/run-captured.ts";
import type { SampleRecord } from "../../core/records/schema.ts";
import type { Slot } from "./schedule.ts";

/** Something to run: a prepared QEMU boot or an --exec command. */
export interface Target {
  name: string;
  argv: readonly string[];
  /** Text whose appearance ends the "marker" metric; undefined for --exec. */
  marker?: string;
}

/** A run about to start. */
export interface StartEvent {
  done: number;
  total: number;
  slot: Slot;
  target: Target;
  ofKind: number;
}

export interface ProgressEvent {
  /** Slots finished so far, and the total. */
  done: number;
  total: number;
  slot: Slot;
  target: Target;
  sample: SampleRecord;
  /** Runs of this kind for this variant (warm-ups or timed), for "n/N". */
  ofKind: number;
}

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onStart?: (event: StartEvent) => void;
  onSample?: (event: ProgressEvent) => void;
  /** Replaceable (the --exec timer, tests); defaults to runCaptured. */
  run?: (argv: readonly string[], options: CaptureOptions) => Promise<CaptureResult & Partial<Rusage>>;
  /** Stop when a target's first run fails. */
  failFast?: boolean;
  /** Called with every finished sample before the next run starts (the journal). */
  keep?: (variant: number, sample: SampleRecord) => Promise<void>;
}

interface Rusage {
  userMs: number | null;
  systemMs: number | null;
  maxRssKiB: number | null;
}

/** Why a fail-fast run stopped: the target whose first run failed, and that sample. */
export interface FirstRunFailure {
  target: Target;
  sample: SampleRecord;
}

export interface RunOutcome {
  /** Samples per target, in execution order. */
  samples: SampleRecord[][];
  /** True when the signal stopped the run before the schedule was done. */
  aborted: boolean;
  /** Set when failFast stopped the run. */
  firstRunFailure: FirstRunFailure | null;
}

/** The process's own reason (QEMU's error line) first, then the last lines of its output. */
function failureDetail(result: CaptureResult): string | null {
  if (result.ok) return null;
  const lines = result.outputTail.trimEnd().split("\n");
  const tail = lines.slice(-6).join("\n").slice(-600);
  return [result.reason, tail].filter(Boolean).join("\n") || null;
}

export async function runSchedule(
  targets: readonly Target[],
  schedule: readonly Slot[],
  options: RunOptions,
): Promise<RunOutcome> {
  const run: NonNullable<RunOptions["run"]> = options.run ?? runCaptured;
  const samples: SampleRecord[][] = targets.map(() => []);
  const counts = (warmup: boolean, variant: number) =>
    schedule.filter((s) => s.variant === variant && s.warmup === warmup).length;
  let sequence = 0;
  const tried = new Set<number>();
  for (const slot of schedule) {
    if (options.signal?.aborted) return { samples, aborted: true, firstRunFailure: null };
    const target = targets[slot.variant];
    if (!target) throw new Error(`schedule names variant ${slot.variant}, but there are ${targets.length}`);
    options.onStart?.({
      done: sequence,
      total: schedule.length,
      slot,
      target,
      ofKind: counts(slot.warmup, slot.variant),
    });
    const result = await run(target.argv, {
      timeoutMs: options.timeoutMs,
      marker: target.marker,
      signal: options.signal,
    });
    // A run cut short by the abort is not a finished sample: leave it out of the record.
    if (result.failure === "aborted" || options.signal?.aborted)
      return { samples, aborted: true, firstRunFailure: null };
    const sample: SampleRecord = {
      sequence,
      warmup: slot.warmup,
      ok: result.ok,
      failure: result.failure,
      exitCode: result.exitCode,
      wallMs: result.wallMs,
      markerMs: result.markerMs,
      startedAt: result.startedAt,
      detail: failureDetail(result),
      ...(result.userMs !== undefined
        ? { userMs: result.userMs, systemMs: result.systemMs ?? null, maxRssKiB: result.maxRssKiB ?? null }
        : {}),
    };
    samples[slot.variant]!.push(sample);
    await options.keep?.(slot.variant, sample);
    sequence++;
    options.onSample?.({
      done: sequence,
      total: schedule.length,
      slot,
      target,
      sample,
      ofKind: counts(slot.warmup, slot.variant),
    });
    const first = !tried.has(slot.variant);
    tried.add(slot.variant);
    if (options.failFast && first && !sample.ok)
      return { samples, aborted: false, firstRunFailure: { target, sample } };
  }
  return { samples, aborted: false, firstRunFailure: null };
}
