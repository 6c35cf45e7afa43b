/**
 * Capturing passes of a target (a QEMU boot or any command): warm-ups first (run, not kept,
 * as the original's three), then the recorded passes, each as spawn → output chunks with host
 * monotonic times → exit. This is the only part of the analysis that runs processes.
 */
import { runCaptured, type CaptureResult } from "../capture/run-captured.ts";
import type { PassEvent } from "../../core/analysis/events.ts";

export interface CaptureOptions {
  passes: number;
  warmup: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Progress for a person (stderr), e.g. "pass 2: 15784 events in 5043.9 ms". */
  progress?: (message: string) => void;
  /**
   * Runs after each recorded pass, e.g. a quiet comparison boot: interleaving keeps both
   * measurements under the same host load, as a benchmark interleaves its variants.
   */
  afterPass?: (pass: number) => Promise<void>;
}

export interface CaptureOutcome {
  events: PassEvent[];
  /** Recorded passes that ran to the end (fewer than asked when aborted). */
  completed: number;
  aborted: boolean;
}

export async function capturePasses(argv: readonly string[], options: CaptureOptions): Promise<CaptureOutcome> {
  const progress = options.progress ?? (() => {});
  if (options.warmup > 0)
    progress(`Warming up (${options.warmup} run${options.warmup === 1 ? "" : "s"}, not recorded) ...`);
  for (let i = 0; i < options.warmup; i++) {
    const result = await runCaptured(argv, { timeoutMs: options.timeoutMs, signal: options.signal });
    if (result.failure === "aborted") return { events: [], completed: 0, aborted: true };
    progress(`    warm-up ${i + 1}: ${result.failure ?? "ok"} in ${result.wallMs.toFixed(1)} ms`);
  }
  progress(`Running the tests in ${options.passes} pass${options.passes === 1 ? "" : "es"} ...`);
  const events: PassEvent[] = [];
  for (let pass = 0; pass < options.passes; pass++) {
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
    events.push({ type: "spawn", pass, t: 0, startedAt: result.startedAt }, ...passEvents);
    events.push({ type: "exit", pass, t: exitT, exitCode: result.exitCode, failure: result.failure });
    progress(
      `    pass ${pass}: ${passEvents.length + 2} events collected in ${exitT.toFixed(1)} ms${result.failure ? ` (${result.failure})` : ""}`,
    );
    if (options.signal?.aborted) return { events, completed: pass + 1, aborted: true };
    await options.afterPass?.(pass);
  }
  return { events, completed: options.passes, aborted: false };
}

/**
 * Times are kept to the microsecond: finer digits are below what a pipe read can resolve and
 * would only bloat the events file (a boot is ~20 000 chunks).
 */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
