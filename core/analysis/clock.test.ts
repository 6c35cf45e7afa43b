import { describe, expect, it } from "vitest";
import { fitClock, printkMs } from "./clock.ts";
import { makeLines } from "./fixtures/make-lines.ts";

const stamp = (guestMs: number) => `[${(guestMs / 1000).toFixed(6).padStart(12)}] message`;

describe("printkMs", () => {
  it("reads the printk time anywhere in the line, or null", () => {
    expect(printkMs("[    1.234567] hello")).toBeCloseTo(1234.567, 9);
    expect(printkMs("Probing EDD ... o[    0.000000] Linux version")).toBe(0);
    expect(printkMs("boot-talk: ready")).toBeNull();
  });
});

describe("fitClock", () => {
  it("recovers the offset from the least-lagged lines despite large, varying console lag", () => {
    const offset = 812.5;
    // Deterministic lags 0–40 ms, with a zero-lag line in every stretch of the boot.
    const rows: Array<[number, string]> = [];
    for (let i = 1; i <= 200; i++) {
      const guest = i * 20;
      const lag = i % 10 === 0 ? 0 : ((i * 37) % 41) + 0.5;
      rows.push([guest + offset + lag, stamp(guest)]);
    }
    const fit = fitClock(makeLines([[700, "Booting from ROM..."], ...rows]))!;
    expect(fit.offsetMs).toBeCloseTo(offset, 6);
    expect(fit.kernelEntryMs).toBeCloseTo(offset, 6);
    expect(fit.lines).toBe(200);
    expect(fit.residualMs).toBeGreaterThan(0);
    expect(fit.driftMs).toBeCloseTo(0, 6);
    expect(fit.consistent).toBe(true);
  });

  it("does not let [0.000000] lines reject a fit, and places guest 0 no later than the first of them", () => {
    const rows: Array<[number, string]> = [[900, stamp(0)]];
    // Timed lines arrive 300 ms after guest + 1000: the lower envelope says 1300, but a line
    // stamped 0.000000 arrived at 900, so the clock read 0 by then (an early console).
    for (let i = 1; i <= 30; i++) rows.push([1000 + i * 10 + 300, stamp(i * 10)]);
    const fit = fitClock(makeLines(rows))!;
    expect(fit.offsetMs).toBeCloseTo(1300, 6);
    expect(fit.kernelEntryMs).toBe(900);
    expect(fit.clampedMs).toBeCloseTo(400, 6);
    expect(fit.consistent).toBe(true);
    expect(fit.firstLineMs).toBe(1310);
  });

  it("fits nothing from too few timestamped lines (0.000000 lines do not count)", () => {
    const rows: Array<[number, string]> = Array.from({ length: 50 }, (_, i) => [i, stamp(0)]);
    expect(fitClock(makeLines(rows))).toBeNull();
  });
});

describe("fitClock with the kernel's own account of lost time", () => {
  it("fits after 'sched_clock: Marking stable' and moves guest 0 back by the time the early clock lost", () => {
    const entry = 1000;
    const lost = 134.565852;
    const rows: Array<[number, string]> = [
      [entry + 280, "[    0.000000] Linux version 6.1.0"],
      [entry + 281, "[    0.000000] tsc: Detected 2445.431 MHz processor"],
    ];
    // Early lines: the printk clock runs 10% slow (late ticks) and the console lags 5 ms.
    for (let i = 1; i <= 20; i++) rows.push([entry + i * 50 + 5, stamp(i * 50 * 0.9)]);
    // The kernel reports the loss; from here printk time = true time − lost.
    const stableAt = 2000;
    rows.push([
      entry + stableAt,
      `[${((stableAt - lost) / 1000).toFixed(6).padStart(12)}] sched_clock: Marking stable (1, 2)->(3, ${-Math.round(lost * 1e6)})`,
    ]);
    for (let i = 1; i <= 40; i++) rows.push([entry + stableAt + i * 25 + (i % 3), stamp(stableAt + i * 25 - lost)]);
    const fit = fitClock(makeLines(rows))!;
    expect(fit.offsetMs).toBeCloseTo(entry + lost, 3);
    expect(fit.driftMs).toBeCloseTo(lost, 6);
    expect(fit.kernelEntryMs).toBeCloseTo(entry, 3);
    expect(fit.consistent).toBe(true);
    expect(fit.clampedMs).toBeCloseTo(0, 3);
  });

  it("moves guest 0 back to the earliest tick-clock line when the kernel's account falls short", () => {
    // Fast TSC calibration failed: lines ran on the (slow) jiffies clock, then the TSC clock
    // restarted from 0 at jiffies time 40 ms; the kernel's account puts guest 0 55 ms too late.
    const entry = 800;
    const lost = 100;
    const rows: Array<[number, string]> = [
      [entry + 30, "[    0.000000] Linux version 6.1.0"],
      [entry + 20, stamp(4)],
      [entry + 40, stamp(8)],
      [entry + 140, "[    0.040000] tsc: Detected 2594.192 MHz processor"],
    ];
    const tscStart = entry + 95; // accounted: offset − lost − 40 = entry + 55
    const stableAt = 1000;
    rows.push([
      tscStart + stableAt,
      `[${((stableAt - lost) / 1000).toFixed(6).padStart(12)}] sched_clock: Marking stable (1, 2)->(3, ${-lost * 1e6})`,
    ]);
    for (let i = 1; i <= 40; i++) rows.push([tscStart + stableAt + i * 25, stamp(stableAt + i * 25 - lost)]);
    const fit = fitClock(makeLines(rows))!;
    expect(fit.kernelEntryMs).toBeCloseTo(entry + 16, 3);
    expect(fit.clampedMs).toBeCloseTo(55 - 16, 3);
    expect(fit.consistent).toBe(true);
    expect(fit.worstLeadMs).toBeLessThanOrEqual(0);
  });
});
