import { describe, expect, it } from "vitest";
import { comparePaired, signFlipTest } from "./paired.ts";
import { medianOfSorted } from "./quantile.ts";
import { randomIndex, SeededStream, seededRandom } from "./random.ts";
import { MedianResampler } from "./resample.ts";
import { holmAdjust, isLowConfidence, verdictOf } from "./verdict.ts";

/** Reference: enumerate all 2^n sign vectors of the signed ranks (independent of the counting). */
function bruteForceSignFlip(d: readonly number[]): number {
  const nonzero = d.filter((x) => x !== 0);
  const magnitudes = nonzero.map(Math.abs);
  // Midranks by counting: rank = (#smaller) + (#equal + 1)/2.
  const rank = magnitudes.map(
    (m) => magnitudes.filter((x) => x < m).length + (magnitudes.filter((x) => x === m).length + 1) / 2,
  );
  const statistic = (signs: number[]) => Math.abs(signs.reduce((sum, s, i) => sum + s * rank[i]!, 0));
  const observed = statistic(nonzero.map(Math.sign));
  let extreme = 0;
  for (let mask = 0; mask < 2 ** nonzero.length; mask++) {
    const signs = nonzero.map((_, i) => (mask & (1 << i) ? -1 : 1));
    if (statistic(signs) >= observed - 1e-9) extreme++;
  }
  return nonzero.length ? extreme / 2 ** nonzero.length : 1;
}

describe("sign-flip test of the paired differences (signed ranks)", () => {
  it("matches R's wilcox.test exact p-values", () => {
    // wilcox.test(1:6): all six positive, only the all-plus and all-minus vectors reach |T| = 21,
    // p = 2/64 = 0.03125 (R prints p-value = 0.03125).
    expect(signFlipTest([1, 2, 3, 4, 5, 6], { seed: 1 })).toEqual({ pValue: 0.03125, method: "exact" });
    // R's ?wilcox.test example (Hollander & Wolfe, depression scale, x − y paired): V = 40,
    // p-value = 0.01953 one-sided, so 0.0390625 two-sided. By hand: W+ ≥ 40 of 45 means the
    // negative ranks sum to ≤ 5, which 10 of the 512 subsets of 1…9 do ({}, 1, 2, 3, 4, 5,
    // 1+2, 1+3, 1+4, 2+3); twice that for both tails: 20/512.
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    expect(
      signFlipTest(
        x.map((v, i) => v - y[i]!),
        { seed: 1 },
      ).pValue,
    ).toBe(20 / 512);
    // Ten equal savings: all ten ranks tie at 5.5, and only the two one-sign vectors reach |T| = 55.
    expect(signFlipTest(Array(10).fill(240), { seed: 1 }).pValue).toBe(2 / 1024);
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

  it("is 1 when every difference is zero", () => {
    expect(signFlipTest([0, 0, 0], { seed: 1 }).pValue).toBe(1);
  });

  it("falls back to a seeded Monte Carlo estimate beyond the exact limit", () => {
    const d = [-120, 40, 85, 130, 210, 250, -30, 300, 90, 160, 75, 20];
    const exact = signFlipTest(d, { seed: 3 });
    const sampled = signFlipTest(d, { seed: 3, resamples: 20_000, exactLimit: 0 });
    expect(sampled.method).toBe("monte-carlo");
    expect(sampled).toEqual(signFlipTest(d, { seed: 3, resamples: 20_000, exactLimit: 0 }));
    // Binomial standard error of a 20 000-draw estimate near p ≈ 0.01 is under 0.001.
    expect(Math.abs(sampled.pValue - exact.pValue)).toBeLessThan(0.004);
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
      // The resampler draws from the stream object, the reference from the closure: one stream.
      const a = new SeededStream(99);
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
