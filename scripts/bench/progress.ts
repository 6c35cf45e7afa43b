/**
 * The benchmark's progress: the runner's start/sample events shown by the shared display
 * (scripts/cli/progress.ts): a bar with the current estimate and last value on a terminal,
 * plain lines otherwise.
 */
import { createProgressDisplay } from "../cli/progress.ts";
import type { ProgressEvent, StartEvent } from "./runner.ts";

export interface ProgressReporter {
  start(event: StartEvent): void;
  sample(event: ProgressEvent): void;
  /** Clears the bar (before the report is printed). */
  finish(): void;
}

export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  isTty = Boolean(stream.isTTY),
): ProgressReporter {
  const display = createProgressDisplay(stream, isTty);
  const label = (e: StartEvent) =>
    `${e.target.name} ${e.slot.warmup ? "warm-up" : "run"} ${e.slot.index + 1}/${e.ofKind}`;
  return {
    start: (e) => display.start({ done: e.done, total: e.total, key: e.target.name, label: label(e) }),
    sample: (e) =>
      display.result({
        done: e.done,
        total: e.total,
        key: e.target.name,
        label: label(e),
        ok: e.sample.ok,
        valueMs: e.sample.markerMs ?? e.sample.wallMs,
        failure: e.sample.failure,
        timed: !e.slot.warmup,
      }),
    finish: () => display.finish(),
  };
}
