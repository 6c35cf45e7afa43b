import { describe as suite, expect, it } from "vitest";
import { describe, modifiedZScores, outlierIndices, percentile } from "./describe.ts";
import { seededRandom, shuffled } from "./random.ts";
import { bootstrapMedianCI, compareMedians, medianOf, permutationTestMedians } from "./resample.ts";

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

suite("percentile (Hyndman–Fan type 7)", () => {
  it("matches R's quantile(1:10, type = 7)", () => {
    expect(percentile(oneToTen, 5)).toBeCloseTo(1.45, 10);
    expect(percentile(oneToTen, 25)).toBeCloseTo(3.25, 10);
    expect(percentile(oneToTen, 50)).toBeCloseTo(5.5, 10);
    expect(percentile(oneToTen, 75)).toBeCloseTo(7.75, 10);
    expect(percentile(oneToTen, 95)).toBeCloseTo(9.55, 10);
    expect(percentile(oneToTen, 0)).toBe(1);
    expect(percentile(oneToTen, 100)).toBe(10);
  });
  it("rejects empty samples and out-of-range p", () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1], 101)).toThrow(/outside/);
  });
});

suite("describe", () => {
  const values = [2, 4, 4, 4, 5, 5, 7, 9];
  const d = describe(values, { seed: 1 });
  it("computes the textbook summary", () => {
    expect(d.n).toBe(8);
    expect(d.mean).toBe(5);
    // Population sd is exactly 2; the sample sd is 2·√(8/7).
    expect(d.sd).toBeCloseTo(2 * Math.sqrt(8 / 7), 12);
    expect(d.median).toBe(4.5);
    expect(d.min).toBe(2);
    expect(d.max).toBe(9);
    expect(d.mad).toBe(0.5);
    expect(d.cv).toBeCloseTo(d.sd / 5, 12);
  });
  it("gives a CI of the median that contains it and lies within the data", () => {
    expect(d.medianCI95[0]).toBeLessThanOrEqual(d.median);
    expect(d.medianCI95[1]).toBeGreaterThanOrEqual(d.median);
    expect(d.medianCI95[0]).toBeGreaterThanOrEqual(2);
    expect(d.medianCI95[1]).toBeLessThanOrEqual(9);
  });
  it("is reproducible for a seed and differs across seeds on spread data", () => {
    const data = [10, 12, 15, 11, 19, 13, 14, 30, 12, 16];
    expect(describe(data, { seed: 7 })).toEqual(describe(data, { seed: 7 }));
    const cis = new Set([1, 2, 3, 4, 5].map((seed) => describe(data, { seed, resamples: 200 }).medianCI95.join()));
    expect(cis.size).toBeGreaterThan(1);
  });
  it("gives sd 0 for a single value", () => {
    expect(describe([3], { seed: 1 })).toMatchObject({ n: 1, sd: 0, median: 3, medianCI95: [3, 3], outliers: [] });
  });
});

suite("modified z-score outliers (Iglewicz & Hoaglin)", () => {
  it("scores by 0.6745·(x − median)/MAD", () => {
    // median 4.5, MAD 0.5: x = 9 scores 0.6745·4.5/0.5 = 6.0705.
    const z = modifiedZScores([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(z[7]).toBeCloseTo(6.0705, 4);
    expect(z[0]).toBeCloseTo(-3.3725, 4);
  });
  it("flags beyond 3.5 only, and keeps the indices in input order", () => {
    // 7 scores 3.37 and 2 scores −3.37: close, but inside the threshold.
    expect(outlierIndices([2, 4, 4, 4, 5, 5, 7, 9])).toEqual([7]);
    expect(outlierIndices([100, 101, 99, 100, 250, 100, 98])).toEqual([4]);
    expect(outlierIndices([5, 5, 5, 5])).toEqual([]);
  });
  it("falls back to the mean absolute deviation when MAD is 0", () => {
    // median 5, MAD 0; mean |x − 5| = 40/5 = 8; the 45 scores 40/(1.253314·8) ≈ 3.99.
    expect(outlierIndices([5, 5, 5, 5, 45])).toEqual([4]);
  });
});

suite("seeded random", () => {
  it("repeats for a seed and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // Roughly uniform: the mean of 1000 uniforms is 0.5 ± ~0.03 (3σ ≈ 0.027).
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.03);
  });
  it("shuffles to a permutation", () => {
    const out = shuffled(oneToTen, seededRandom(3));
    expect([...out].sort((x, y) => x - y)).toEqual(oneToTen);
    expect(out).not.toEqual(oneToTen);
  });
});

suite("resampling", () => {
  it("medianOf handles odd and even sizes", () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
  it("bootstrap CI of a constant sample is that constant", () => {
    expect(bootstrapMedianCI([7, 7, 7], { seed: 1 })).toEqual([7, 7]);
  });
  it("finds a clear difference significant and gives a CI around it", () => {
    const baseline = [1000, 1010, 990, 1005, 995, 1003, 998, 1012, 988, 1001];
    const faster = baseline.map((x) => x - 200);
    const c = compareMedians(baseline, faster, { seed: 9 });
    expect(c.difference).toBeCloseTo(200, 10);
    expect(c.ci95[0]).toBeLessThanOrEqual(200);
    expect(c.ci95[1]).toBeGreaterThanOrEqual(200);
    // Only relabellings that keep the groups (nearly) separated reach a 200 ms gap of
    // medians, a tiny fraction of the C(20,10) = 184 756 splits.
    expect(c.pValue).toBeLessThan(0.01);
  });
  it("does not find a difference between samples from the same values", () => {
    const a = [5, 9, 3, 7, 1, 8, 2, 6, 4, 10];
    const b = [6, 2, 10, 4, 8, 1, 9, 3, 7, 5];
    expect(permutationTestMedians(a, b, { seed: 1 })).toBeGreaterThan(0.9);
  });
  it("matches the exact permutation p-value on a small case", () => {
    // a = [1, 2], b = [3, 4]: of the 6 equally likely splits, 2 reach |Δmedian| = 2, so p = 1/3.
    const p = permutationTestMedians([1, 2], [3, 4], { seed: 5, permutations: 20_000 });
    expect(p).toBeGreaterThan(0.32);
    expect(p).toBeLessThan(0.35);
  });
});
