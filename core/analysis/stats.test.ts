import { describe, expect, it } from "vitest";
import type { Occurrence } from "./activities.ts";
import { sampleSd, summarise } from "./stats.ts";

const occ = (
  name: string,
  startMs: number,
  endMs: number,
  kind: Occurrence["kind"] = "required",
  pass = 0,
): Occurrence => ({
  pass,
  name,
  stage: "kernel",
  kind,
  parent: null,
  startMs,
  endMs,
});

describe("summarise", () => {
  it("gives mean start, mean duration, sample sd, percent of the run and the ≥1% warning", () => {
    const passes = [
      [occ("run", 0, 1000, "long"), occ("big", 100, 300), occ("tiny", 400, 405)],
      [occ("run", 0, 1000, "long", 1), occ("big", 110, 330, "required", 1), occ("tiny", 410, 414, "required", 1)],
    ];
    const { activities, notes } = summarise(passes, 1000);
    expect(notes).toEqual([]);
    const big = activities.find((a) => a.name === "big")!;
    expect(big.startMs).toBe(105);
    expect(big.durationMs).toBe(210);
    expect(big.sdMs).toBeCloseTo(Math.sqrt(200), 9);
    expect(big.percent).toBeCloseTo(21, 9);
    expect(big.warning).toBe(true);
    expect(big.passes).toEqual([
      { pass: 0, startMs: 100, durationMs: 200 },
      { pass: 1, startMs: 110, durationMs: 220 },
    ]);
    expect(activities.find((a) => a.name === "tiny")!.warning).toBe(false);
    expect(activities.find((a) => a.name === "run")!.warning).toBe(false);
    expect(activities.map((a) => a.name)).toEqual(["run", "big", "tiny"]);
  });

  it("notes activities missing from some passes", () => {
    const { activities, notes } = summarise([[occ("a", 0, 1)], [occ("a", 0, 3), occ("b", 1, 2)]], 10);
    expect(activities.find((a) => a.name === "b")!.passes).toHaveLength(1);
    expect(notes).toEqual([
      "1 activity was not seen in all 2 passes (passes seen): b (1); their statistics cover fewer passes",
    ]);
  });

  it("uses the n−1 divisor and 0 for a single value", () => {
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 8);
    expect(sampleSd([3])).toBe(0);
  });
});
