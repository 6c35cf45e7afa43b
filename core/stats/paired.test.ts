import { describe, expect, it } from "vitest";
import { comparePaired, signFlipTest } from "./paired.ts";
import { medianOfSorted } from "./quantile.ts";
import { seededRandom, randomIndex } from "./random.ts";
import { MedianResampler } from "./resample.ts";
import { holmAdjust, isLowConfidence, verdictOf } from "./verdict.ts";

/** Reference: enumerate all 2^n sign vectors and sort each one (independent of the counting formula). */
function bruteForceSignFlip(d: readonly number[]): number {
  const observed = Math.abs(medianOfSorted([...d].sort((a, b) => a - b)));
  const c = observed - 1e-9 * Math.max(1, observed);
  if (c <= 0) return 1;
  let extreme = 0;
  for (let mask = 0; mask < 2 ** d.length; mask++) {
    const signed = d.map((x, i) => (mask & (1 << i) ? -Math.abs(x) : Math.abs(x))).sort((a, b) => a - b);
    if (Math.abs(medianOfSorted(signed)) >= c) extreme++;
  }
  return extreme / 2 ** d.length;
}

describe("sign-flip test of the median paired difference", () => {
  it("gives the hand-counted p for six pairs", () => {
    // d = 1…6, observed median 3.5. Sign vectors whose median of the signed values is ≥ 3.5:
    // with four plus signs only {3,4,5,6} (the 3rd and 4th values are 3 and 4); with five,
    // dropping 1 or 2 (then 3 and 4 are still 2nd and 3rd); with six, all of them: 4 vectors.
    // By symmetry 4 more reach ≤ −3.5, so p = 8/64 = 0.125.
    expect(signFlipTest([1, 2, 3, 4, 5, 6], { seed: 1 })).toEqual({ pValue: 0.125, method: "exact" });
    // Odd n by hand: d = 1, 2, 3 (median 2): the median is ≥ 2 iff at least two signed values are
    // ≥ 2, i.e. +2 and +3 (the sign of 1 free): 2 vectors, 2 more mirrored, p = 4/8.
    expect(signFlipTest([3, 1, 2], { seed: 1 }).pValue).toBe(0.5);
    // Twenty equal differences of 100 ms: a vector with k minus signs has median 100 for k < 10,
    // 0 for k = 10 and −100 for k > 10, so only the C(20, 10) vectors with k = 10 fall short:
    // p = 1 − 184 756/2^20.
    expect(signFlipTest(Array(20).fill(100), { seed: 1 }).pValue).toBeCloseTo(1 - 184_756 / 2 ** 20, 15);
  });

  it("agrees with brute-force enumeration for 1–14 pairs, with ties, zeros and both signs", () => {
    const random = seededRandom(2024);
    for (let n = 1; n <= 14; n++) {
      for (let trial = 0; trial < 6; trial++) {
        const d = Array.from({ length: n }, () => randomIndex(random, 13) - 4); // −4 … 8, many ties
        expect(signFlipTest(d, { seed: 1 }).pValue, JSON.stringify(d)).toBeCloseTo(bruteForceSignFlip(d), 12);
      }
    }
  });

  it("is 1 when the median difference is zero", () => {
    expect(signFlipTest([-3, 0, 0, 5], { seed: 1 }).pValue).toBe(1);
  });

  it("falls back to a seeded Monte Carlo estimate beyond the exact limit", () => {
    const d = [-120, 40, 85, 130, 210, 250, -30, 300, 90, 160, 75, 20];
    const exact = signFlipTest(d, { seed: 3 });
    const sampled = signFlipTest(d, { seed: 3, resamples: 20_000, exactLimit: 0 });
    expect(sampled.method).toBe("monte-carlo");
    expect(sampled).toEqual(signFlipTest(d, { seed: 3, resamples: 20_000, exactLimit: 0 }));
    // Binomial standard error of a 20 000-draw estimate near p ≈ 0.02 is about 0.001.
    expect(Math.abs(sampled.pValue - exact.pValue)).toBeLessThan(0.005);
  });
});

describe("paired comparison", () => {
  it("reports the median difference, a CI over rounds and the exact p", () => {
    // 18 of 20 rounds faster, as the committed story run's kernel-args step was.
    const d = [420, 510, 380, 460, 300, 610, 470, 520, -90, 440, 400, 530, 350, 480, 500, -40, 450, 390, 560, 410];
    const c = comparePaired(d, { seed: 7 });
    expect(c.n).toBe(20);
    expect(c.median).toBe(445);
    expect(c.ci95[0]).toBeGreaterThan(300);
    expect(c.ci95[1]).toBeLessThan(530);
    expect(c.pMethod).toBe("exact");
    expect(c.pValue).toBeLessThan(0.001);
  });
});

describe("bootstrap medians without sorting each resample", () => {
  it("draw exactly the medians a sort-based resampler draws from the same stream", () => {
    const values = [5, 3, 9, 3, 7, 1, 8, 8, 2, 6, 4];
    for (const size of [1, 2, 5, 10, 11]) {
      const sample = values.slice(0, size);
      const resampler = new MedianResampler(sample);
      const a = seededRandom(99);
      const b = seededRandom(99);
      for (let i = 0; i < 500; i++) {
        const drawn = Array.from({ length: size }, () => sample[randomIndex(b, size)]!).sort((x, y) => x - y);
        expect(resampler.next(a)).toBe(medianOfSorted(drawn));
      }
    }
  });
});

describe("Holm adjustment", () => {
  it("matches R's p.adjust(method = 'holm') on the Wikipedia Holm–Bonferroni example", () => {
    // p = 0.01, 0.04, 0.03, 0.005 → sorted ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → cummax.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((p, i) => expect(adjusted[i]).toBeCloseTo(p, 12));
  });
  it("caps at 1, keeps ties together and leaves a single test alone", () => {
    expect(holmAdjust([0.4, 0.5, 0.9])).toEqual([1, 1, 1]);
    expect(holmAdjust([0.01, 0.01])).toEqual([0.02, 0.02]);
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe("verdicts", () => {
  it("needs an interval clear of zero and an adjusted p within α", () => {
    expect(verdictOf([120, 480], 0.001)).toBe("saves");
    expect(verdictOf([-480, -120], 0.001)).toBe("costs");
    expect(verdictOf([-50, 400], 0.001)).toBe("no-measurable-difference");
    expect(verdictOf([120, 480], 0.2)).toBe("no-measurable-difference");
  });
  it("flags fewer than ten pairs as low confidence", () => {
    expect(isLowConfidence(5)).toBe(true);
    expect(isLowConfidence(10)).toBe(false);
  });
});
