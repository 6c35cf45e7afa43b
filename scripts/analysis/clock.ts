/**
 * Aligning the guest's printk clock with the host clock. printk times ("[    1.234567] …")
 * start near kernel entry, so they cannot see QEMU start-up, firmware or decompression; host
 * arrival times see everything but lag behind the guest (the serial console is slow and lines
 * are buffered until the console registers). Each line gives host ≥ guest + offset, the gap
 * being its lag ≥ 0, so the tightest lines (least lag) reveal the offset, as in NTP's
 * minimum-delay filter (Mills, RFC 5905 §10). We take the least-lag line in each of several
 * guest-time bins; the smallest of those is the offset (a lower bound every line respects),
 * and the spread of the bin minima tells how much time the guest clock lost against the host.
 * It does lose time under TCG: until the TSC clocksource is marked stable, the kernel's
 * local_clock() is held to the tick-driven clock (kernel/sched/clock.c), and timer ticks run
 * late on a busy host; afterwards host − guest stays constant to 0.1 ms. Pure.
 */
import type { Line } from "./lines.ts";

const PRINTK_TIME = /\[\s*(\d+)\.(\d{6})\]/;
const BINS = 16;
/** Below this many timestamped lines no offset is fitted. */
const MIN_LINES = 20;

export interface ClockFit {
  /** host ms since spawn = guest ms + offsetMs. */
  offsetMs: number;
  /** Lines with a non-zero printk time used for the fit. */
  lines: number;
  /** Median lag of a line behind the fitted clock: how late the console typically is. */
  residualMs: number;
  /** Host ms (since spawn) at which the guest printk clock read 0. */
  kernelEntryMs: number;
  /**
   * False when the fitted clock starts after the first printk line had already arrived: then
   * no line was printed promptly (a busy host delays reading the console) and the fit is
   * not to be trusted.
   */
  consistent: boolean;
  /** Host ms at which the first line with a printk timestamp arrived. */
  firstLineMs: number;
  /** Spread of the per-bin least lags: how far the guest clock drifted against the host. */
  driftMs: number;
}

/** Guest ms of a printk timestamp in the line, or null. */
export function printkMs(text: string): number | null {
  const match = PRINTK_TIME.exec(text);
  if (!match) return null;
  return Number(match[1]) * 1000 + Number(match[2]) / 1000;
}

export function fitClock(lines: readonly Line[]): ClockFit | null {
  // Time 0.000000 lines were logged before the clock ran: their true guest time is unknown.
  const points = lines
    .filter((l) => l.source !== "event")
    .map((l) => ({ host: l.t, guest: printkMs(l.text) }))
    .filter((p): p is { host: number; guest: number } => p.guest !== null && p.guest > 0);
  if (points.length < MIN_LINES) return null;
  const maxGuest = Math.max(...points.map((p) => p.guest));
  const minima = new Map<number, number>();
  for (const p of points) {
    const bin = Math.min(BINS - 1, Math.floor((p.guest / maxGuest) * BINS));
    const gap = p.host - p.guest;
    if (!minima.has(bin) || gap < minima.get(bin)!) minima.set(bin, gap);
  }
  const leastLags = [...minima.values()];
  const offsetMs = Math.min(...leastLags);
  const firstPrintk = lines.find((l) => l.source !== "event" && printkMs(l.text) !== null)!;
  return {
    offsetMs,
    lines: points.length,
    residualMs: median(points.map((p) => p.host - p.guest - offsetMs)),
    kernelEntryMs: offsetMs,
    consistent: offsetMs <= firstPrintk.t,
    firstLineMs: firstPrintk.t,
    driftMs: Math.max(...leastLags) - offsetMs,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
