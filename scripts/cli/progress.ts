/**
 * Progress while runs go on, on stderr so stdout stays the report. On a terminal: one
 * self-rewriting bar with what runs now, n/N, the current estimate for it (mean and median
 * of its timed runs so far, as hyperfine's "Current estimate") and the last value, and an
 * ETA; otherwise (CI logs, pipes) one plain line per finished run. Shared by bench and analyze.
 */
import { medianOf } from "../../core/stats/resample.ts";

/** A run about to start. `key` groups runs whose values form one estimate (a variant). */
export interface ProgressStart {
  done: number;
  total: number;
  key: string;
  /** e.g. "quiet run 3/10", "pass 2/5". */
  label: string;
}

export interface ProgressResult extends ProgressStart {
  ok: boolean;
  /** The run's value (ms): boot time, wall time. */
  valueMs: number;
  failure: string | null;
  /** Warm-ups are shown but not part of the estimate. */
  timed: boolean;
}

export interface ProgressDisplay {
  start(run: ProgressStart): void;
  result(run: ProgressResult): void;
  /** Clears the bar (before the report is printed). */
  finish(): void;
}

export function formatEta(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** "3.05 s" / "312.4 ms": values as hyperfine shows them. */
export function formatValue(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

export function createProgressDisplay(
  stream: NodeJS.WriteStream = process.stderr,
  isTty = Boolean(stream.isTTY),
  now: () => number = () => performance.now(),
): ProgressDisplay {
  const began = now();
  const values = new Map<string, number[]>();
  const last = new Map<string, number>();
  let started = false;
  const eta = (done: number, total: number) => (done ? formatEta(((now() - began) / done) * (total - done)) : "…");
  const estimate = (key: string) => {
    const seen = values.get(key) ?? [];
    if (!seen.length) return "";
    const mean = seen.reduce((a, b) => a + b, 0) / seen.length;
    return `current estimate ${formatValue(mean)} (median ${formatValue(medianOf(seen))}, n ${seen.length})`;
  };
  const record = (r: ProgressResult) => {
    if (!r.ok) return;
    last.set(r.key, r.valueMs);
    if (r.timed) values.set(r.key, [...(values.get(r.key) ?? []), r.valueMs]);
  };
  if (!isTty) {
    return {
      start() {},
      result(r) {
        record(r);
        const status = r.ok ? formatValue(r.valueMs) : `FAILED (${r.failure})`;
        const est = r.timed && r.ok ? estimate(r.key) : "";
        stream.write(
          `[${r.done}/${r.total}] ${r.label}: ${status}${est ? `; ${est}` : ""}, ETA ${eta(r.done, r.total)}\n`,
        );
      },
      finish() {},
    };
  }
  const width = 24;
  return {
    start(s) {
      started = true;
      const filled = Math.round((s.done / s.total) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const est = estimate(s.key);
      const previous = last.get(s.key);
      const parts = [
        `${bar} ${s.done}/${s.total}`,
        s.label,
        ...(est ? [est] : []),
        ...(previous !== undefined ? [`last ${formatValue(previous)}`] : []),
        `ETA ${eta(s.done, s.total)}`,
      ];
      // One line only: a bar wider than the terminal would wrap and leave a trail of copies.
      const columns = (stream.columns ?? 0) >= 40 ? stream.columns : Infinity;
      stream.write(`\r\x1b[2K${parts.join("  ").slice(0, columns - 1)}`);
    },
    result(r) {
      record(r);
    },
    finish() {
      if (started) stream.write("\r\x1b[2K");
    },
  };
}
