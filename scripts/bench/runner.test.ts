import { describe, expect, it } from "vitest";
import { runSchedule, type Target } from "./runner.ts";
import { buildSchedule } from "./schedule.ts";

describe("runSchedule", () => {
  it("runs in schedule order, kills a hung run at the timeout and carries on", async () => {
    const targets: Target[] = [
      { name: "quick", argv: ["sleep", "0.01"] },
      { name: "hung", argv: ["sleep", "30"] },
      { name: "failing", argv: ["false"] },
    ];
    const schedule = buildSchedule(3, 2, 0, "interleaved", 1);
    const started = performance.now();
    const outcome = await runSchedule(targets, schedule, { timeoutMs: 400 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(outcome.aborted).toBe(false);
    const [quick, hung, failing] = outcome.samples;
    expect(quick!.map((s) => s.ok)).toEqual([true, true]);
    expect(hung!.map((s) => s.failure)).toEqual(["timeout", "timeout"]);
    expect(hung![0]!.wallMs).toBeGreaterThanOrEqual(390);
    expect(failing!.map((s) => [s.failure, s.exitCode])).toEqual([
      ["exit-code", 1],
      ["exit-code", 1],
    ]);
    // Sequence numbers record the interleaved execution order.
    expect(quick!.map((s) => s.sequence)).toEqual([0, 3]);
    expect(hung!.map((s) => s.sequence)).toEqual([1, 4]);
  });

  it("stops on abort, keeps finished samples and drops the one cut short", async () => {
    const controller = new AbortController();
    const targets: Target[] = [{ name: "a", argv: ["sleep", "0.2"] }];
    const schedule = buildSchedule(1, 10, 0, "interleaved", 1);
    setTimeout(() => controller.abort(), 500);
    const started = performance.now();
    const outcome = await runSchedule(targets, schedule, { timeoutMs: 5000, signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(outcome.aborted).toBe(true);
    expect(outcome.samples[0]!.length).toBeGreaterThanOrEqual(1);
    expect(outcome.samples[0]!.length).toBeLessThan(10);
    expect(outcome.samples[0]!.every((s) => s.ok)).toBe(true);
  });
});
