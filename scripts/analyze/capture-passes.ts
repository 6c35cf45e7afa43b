/**
 * Capturing passes of a target (a QEMU boot or any command): warm-ups first (run, not kept,
 * as the original's three), then the recorded passes, each as spawn → output chunks with host
 * monotonic times → exit. This is the only part of the analysis that runs processes.
 */
import { runCaptured, type CaptureResult } from "../capture/run-captured.ts";
import type { PassEvent } from "../../core/analysis/events.ts";
import type { ProgressDisplay } from "../cli/progress.ts";

export interface CaptureOptions {
  passes: number;
  warmup: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Progress for a person (stderr): the shared bar on a terminal, plain lines otherwise. */
  progress?: ProgressDisplay;
  /** Runs counted in the progress total besides warm-ups and passes (e.g. quiet boots). */
  extraRuns?: number;
  /**
   * Runs after each recorded pass, e.g. a quiet comparison boot: interleaving keeps both
   * measurements under the same host load, as a benchmark interleaves its variants. It gets
   * the number of runs done so far, for the progress display.
   */
  afterPass?: (pass: number, done: number, total: number) => Promise<number>;
  /** Each finished pass's events, before the next pass starts (the journal). */
  keepPass?: (events: readonly PassEvent[]) => Promise<void>;
}

export interface CaptureOutcome {
  events: PassEvent[];
  /** Recorded passes that ran to the end (fewer than asked when aborted). */
  completed: number;
  aborted: boolean;
}

export async function capturePasses(argv: readonly string[], options: CaptureOptions): Promise<CaptureOutcome> {
  const progress = options.progress;
  const total = options.warmup + options.passes + (options.extraRuns ?? 0);
  let done = 0;
  for (let i = 0; i < options.warmup; i++) {
    const label = `warm-up ${i + 1}/${options.warmup}`;
    progress?.start({ done, total, key: "warm-up", label });
    const result = await runCaptured(argv, { timeoutMs: options.timeoutMs, signal: options.signal });
    if (result.failure === "aborted") return { events: [], completed: 0, aborted: true };
    done++;
    progress?.result({ ...runResult(result), done, total, key: "warm-up", label, timed: false });
  }
  const events: PassEvent[] = [];
  for (let pass = 0; pass < options.passes; pass++) {
    const label = `pass ${pass} (${pass + 1}/${options.passes})`;
    progress?.start({ done, total, key: "pass", label });
    const passEvents: PassEvent[] = [];
    let lastChunk = 0;
    const result: CaptureResult = await runCaptured(argv, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onChunk: (chunk) => {
        const t = toMicroseconds(chunk.t);
        lastChunk = t;
        passEvents.push({ type: "output", pass, t, stream: chunk.stream, text: chunk.text });
      },
    });
    if (result.failure === "aborted") return { events, completed: pass, aborted: true };
    // Pipes drain after the exit event; the exit cannot precede output it produced.
    const exitT = Math.max(toMicroseconds(result.wallMs), lastChunk);
    const whole: PassEvent[] = [
      { type: "spawn", pass, t: 0, startedAt: result.startedAt },
      ...passEvents,
      { type: "exit", pass, t: exitT, exitCode: result.exitCode, failure: result.failure },
    ];
    events.push(...whole);
    await options.keepPass?.(whole);
    done++;
    progress?.result({ ...runResult(result), valueMs: exitT, done, total, key: "pass", label, timed: true });
    if (options.signal?.aborted) return { events, completed: pass + 1, aborted: true };
    if (options.afterPass) done = await options.afterPass(pass, done, total);
  }
  return { events, completed: options.passes, aborted: false };
}

function runResult(result: CaptureResult) {
  return { ok: result.ok, valueMs: result.wallMs, failure: result.failure };
}

/**
 * Times are kept to the microsecond: finer digits are below what a pipe read can resolve and
 * would only bloat the events file (a boot is ~20 000 chunks).
 */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
