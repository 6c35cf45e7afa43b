/**
 * Progress while a benchmark runs, on stderr so stdout stays the report. On a terminal: one
 * self-rewriting bar with the variant, run n/N and an ETA; otherwise (CI logs, pipes) one
 * plain line per finished run.
 */
import type { ProgressEvent, StartEvent, Target } from "./runner.ts";
import type { Slot } from "./schedule.ts";

export interface ProgressReporter {
  start(event: StartEvent): void;
  sample(event: ProgressEvent): void;
  /** Clears the bar (before the report is printed). */
  finish(): void;
}

function formatEta(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  isTty = Boolean(stream.isTTY),
): ProgressReporter {
  const began = performance.now();
  let started = false;
  const eta = (done: number, total: number) =>
    done ? formatEta(((performance.now() - began) / done) * (total - done)) : "…";
  const label = (slot: Slot, target: Target, n: number, of: number) =>
    `${target.name} ${slot.warmup ? "warm-up" : "run"} ${n}/${of}`;
  if (!isTty) {
    return {
      start() {},
      sample(e) {
        const ms = e.sample.markerMs ?? e.sample.wallMs;
        const status = e.sample.ok ? `${ms.toFixed(1)} ms` : `FAILED (${e.sample.failure})`;
        stream.write(
          `[${e.done}/${e.total}] ${label(e.slot, e.target, e.slot.index + 1, e.ofKind)}: ${status}, ETA ${eta(e.done, e.total)}\n`,
        );
      },
      finish() {},
    };
  }
  const width = 24;
  return {
    start(e) {
      started = true;
      const filled = Math.round((e.done / e.total) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      stream.write(
        `\r\x1b[2K${bar} ${e.done}/${e.total}  ${label(e.slot, e.target, e.slot.index + 1, e.ofKind)}  ETA ${eta(e.done, e.total)}`,
      );
    },
    sample() {},
    finish() {
      if (started) stream.write("\r\x1b[2K");
    },
  };
}
