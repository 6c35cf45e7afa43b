/**
 * Aligning the guest's printk clock with the host clock. printk times ("[    1.234567] …")
 * start near kernel entry, so they cannot see QEMU start-up, firmware or decompression; host
 * arrival times see everything but lag behind the guest (the serial console is slow and lines
 * are buffered until the console registers). Each line gives host ≥ guest + offset, the gap
 * being its lag ≥ 0, so the tightest lines (least lag) reveal the offset, as in NTP's
 * minimum-delay filter (Mills, RFC 5905 §10). We take the least-lag line in each of several
 * guest-time bins; the smallest of those is the offset (a lower bound every line respects).
 * The guest clock does lose time early in a TCG boot: until sched_clock is marked stable the
 * kernel's local_clock() follows the tick (kernel/sched/clock.c), and ticks run late; the
 * kernel prints how much it lost ("sched_clock: Marking stable …"), and afterwards
 * host − guest stays constant to 0.1 ms. So the offset is fitted after that line and moved
 * back by the printed amount to place guest time 0 (TSC sched_clock start, early in
 * setup_arch) on the host clock. Pure.
 */
import type { Line } from "./lines.ts";
import { medianOf } from "../stats/resample.ts";

const PRINTK_TIME = /\[\s*(\d+)\.(\d{6})\]/;
const BINS = 16;
/** Below this many timestamped lines no offset is fitted. */
const MIN_LINES = 20;
/** A line may arrive this much "before" the fitted clock (rounding of µs stamps and host times). */
const TOLERANCE_MS = 1;

export interface ClockFit {
  /** host ms since spawn = guest ms + offsetMs (once the guest clock runs steadily). */
  offsetMs: number;
  /** Lines with a non-zero printk time used for the fit. */
  lines: number;
  /** Median lag of a line behind the fitted clock: how late the console typically is. */
  residualMs: number;
  /** Host ms (since spawn) at which the guest printk clock read 0. */
  kernelEntryMs: number;
  /**
   * False when some line with a known guest time (printk time > 0) arrived before the fitted
   * clock says it was printed: the early clock lost time in a way the kernel did not report
   * (jiffies running late before the TSC was calibrated, on a busy host), so guest time 0
   * cannot be placed. Lines stamped [0.000000] do not count: they were logged before
   * sched_clock ran, so their guest time is unknown, and with an early console they really do
   * reach the host before the clock's zero.
   */
  consistent: boolean;
  /** Host ms at which the first line with a non-zero printk time arrived. */
  firstLineMs: number;
  /** The line that most contradicts the fit (largest guest + kernelEntryMs − host), for reports. */
  worstLeadMs: number;
  /**
   * How far the earliest timed lines moved guest time 0 back from the kernel's own account
   * (sched_clock's printed offset, the TSC detection time): that account is a lower bound on
   * the time lost, because the tick-driven early clock loses more than it can report.
   */
  clampedMs: number;
  /** How much time the early printk clock lost against the host (0 when it lost none). */
  driftMs: number;
}

/** Guest ms of a printk timestamp in the line, or null. */
export function printkMs(text: string): number | null {
  const match = PRINTK_TIME.exec(text);
  if (!match) return null;
  return Number(match[1]) * 1000 + Number(match[2]) / 1000;
}

/**
 * "sched_clock: Marking stable (tick_gtod, gtod_offset)->(tick_raw, sched_clock_offset)", all
 * in ns (kernel/sched/clock.c, __set_sched_clock_stable). From this line on, printk time =
 * raw TSC clock + sched_clock_offset; before it the clock followed the tick and lost time.
 */
const MARKING_STABLE = /sched_clock: Marking stable \((-?\d+), (-?\d+)\)->\((-?\d+), (-?\d+)\)/;

const TSC_DETECTED = /tsc: Detected [\d.]+ MHz processor/;

export function fitClock(lines: readonly Line[]): ClockFit | null {
  // Time 0.000000 lines were logged before the clock ran: their true guest time is unknown.
  const points = lines
    .filter((l) => l.source !== "event")
    .map((l) => ({ host: l.t, guest: printkMs(l.text), text: l.text }))
    .filter((p): p is { host: number; guest: number; text: string } => p.guest !== null && p.guest > 0);
  if (points.length < MIN_LINES) return null;
  const leastLags = binMinima(points);
  const envelope = Math.min(...leastLags);
  const base = { lines: points.length, firstLineMs: points[0]!.host };
  // No kernel line arrives before the kernel runs: the clock read 0 at the latest when the
  // first line stamped with it arrived (on a busy host the early console prints [0.000000]
  // lines in real time while the tick clock has not started).
  const firstStamped = lines.find((l) => l.source !== "event" && printkMs(l.text) !== null)!.t;
  /** How far the earliest-arriving line is ahead of the fitted clock (≤ 0 when consistent). */
  const lead = (kernelEntryMs: number) => Math.max(...points.map((p) => kernelEntryMs + p.guest - p.host));

  // Best case: the kernel said how much time its early clock lost. The printk clock after
  // that line runs with the TSC (rate 1 under TCG: host − guest is then constant), so fit the
  // offset there, and move it back by the printed sched_clock_offset to reach guest time 0.
  const stable = points.find((p) => MARKING_STABLE.test(p.text));
  if (stable) {
    const lost = -Number(MARKING_STABLE.exec(stable.text)![4]) / 1e6;
    const late = points.filter((p) => p.guest > stable.guest);
    if (late.length >= MIN_LINES / 2) {
      const offsetMs = Math.min(...binMinima(late));
      // The TSC clock starts when the TSC is calibrated: at printk 0 normally, later when the
      // quick PIT calibration fails on a busy host (the clock ran on jiffies until then).
      const detected = points.find((p) => TSC_DETECTED.test(p.text))?.guest ?? 0;
      // Every line was printed no later than it arrived, so host − guest bounds guest time 0
      // from above; the kernel's account (offset − lost − detection time) is one such bound,
      // the earliest lines (on the slow tick clock) are others: take the tightest.
      const accounted = offsetMs - lost - detected;
      const kernelEntryMs = Math.min(accounted, firstStamped, ...points.map((p) => p.host - p.guest));
      const worstLeadMs = lead(kernelEntryMs);
      return {
        ...base,
        offsetMs,
        residualMs: medianOf(late.map((p) => p.host - p.guest - offsetMs)),
        kernelEntryMs,
        driftMs: lost,
        consistent: worstLeadMs <= TOLERANCE_MS,
        worstLeadMs,
        clampedMs: accounted - kernelEntryMs,
      };
    }
  }
  // Otherwise: the lower envelope of all lines, assuming the clock never lost time (every
  // timed line then respects it by construction).
  const kernelEntryMs = Math.min(envelope, firstStamped);
  const worstLeadMs = lead(kernelEntryMs);
  return {
    ...base,
    offsetMs: envelope,
    residualMs: medianOf(points.map((p) => p.host - p.guest - envelope)),
    kernelEntryMs,
    driftMs: Math.max(...leastLags) - envelope,
    consistent: worstLeadMs <= TOLERANCE_MS,
    worstLeadMs,
    clampedMs: envelope - kernelEntryMs,
  };
}

/** The least lag (host − guest) in each of BINS equal stretches of guest time. */
function binMinima(points: ReadonlyArray<{ host: number; guest: number }>): number[] {
  const minGuest = Math.min(...points.map((p) => p.guest));
  const span = Math.max(...points.map((p) => p.guest)) - minGuest || 1;
  const minima = new Map<number, number>();
  for (const p of points) {
    const bin = Math.min(BINS - 1, Math.floor(((p.guest - minGuest) / span) * BINS));
    const gap = p.host - p.guest;
    if (!minima.has(bin) || gap < minima.get(bin)!) minima.set(bin, gap);
  }
  return [...minima.values()];
}
