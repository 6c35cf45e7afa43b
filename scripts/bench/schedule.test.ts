import { describe, expect, it } from "vitest";
import { buildSchedule } from "./schedule.ts";

describe("schedule", () => {
  it("interleaves variants ABC ABC, warm-ups first", () => {
    const s = buildSchedule(3, 2, 1, "interleaved", 1);
    expect(s.map((x) => `${x.warmup ? "w" : "t"}${x.variant}`).join(" ")).toBe("w0 w1 w2 t0 t1 t2 t0 t1 t2");
    expect(s.filter((x) => !x.warmup && x.variant === 1).map((x) => x.index)).toEqual([0, 1]);
  });
  it("shuffles within rounds, reproducibly from the seed", () => {
    const a = buildSchedule(4, 20, 0, "shuffled", 7);
    expect(buildSchedule(4, 20, 0, "shuffled", 7)).toEqual(a);
    expect(buildSchedule(4, 20, 0, "shuffled", 8)).not.toEqual(a);
    // Every round still holds each variant exactly once (randomised complete blocks).
    for (let round = 0; round < 20; round++) {
      expect(
        a
          .slice(round * 4, round * 4 + 4)
          .map((x) => x.variant)
          .sort(),
      ).toEqual([0, 1, 2, 3]);
    }
    expect(a.map((x) => x.variant).join("")).not.toBe("0123".repeat(20));
  });
});
