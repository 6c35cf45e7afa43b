/**
 * The fast resampling (counts per rank, the generator's state in a local, order statistics
 * selected rather than sorted) must give bit for bit what the plain definitions give from the
 * same seeded stream, or stored intervals and p-values would stop verifying. Each reference
 * below is the textbook procedure, written independently of resample.ts.
 */
import { describe, expect, it } from "vitest";
import { medianOfSorted, percentileInterval95, quantile } from "./quantile.ts";
import { randomIndex, seededRandom } from "./random.ts";
import {
  bootstrapMedianCI,
  bootstrapMedianDifferenceCI,
  bootstrapMedianRatioCI,
  permutationTestMedians,
} from "./resample.ts";

const byValue = (x: number, y: number) => x - y;

function referenceInterval(statistics: number[]): [number, number] {
  const sorted = Float64Array.from(statistics).sort();
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}

/** n draws with replacement, each resample sorted, its median taken. */
function referenceBootstrap(values: number[], seed: number, resamples: number): [number, number] {
  const random = seededRandom(seed);
  const medians = Array.from({ length: resamples }, () =>
    medianOfSorted(Array.from(values, () => values[randomIndex(random, values.length)]!).sort(byValue)),
  );
  return referenceInterval(medians);
}

function referenceTwoSample(
  a: number[],
  b: number[],
  statistic: (x: number, y: number) => number,
  seed: number,
  resamples: number,
): [number, number] {
  const random = seededRandom(seed);
  const draw = (values: number[]) =>
    medianOfSorted(Array.from(values, () => values[randomIndex(random, values.length)]!).sort(byValue));
  const out: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const ma = draw(a);
    out.push(statistic(ma, draw(b)));
  }
  return referenceInterval(out);
}

/** Relabel the pooled values by a partial Fisher–Yates shuffle that carries on from the last one. */
function referencePermutation(a: number[], b: number[], seed: number, permutations: number): number {
  const random = seededRandom(seed);
  const median = (xs: number[]) => medianOfSorted([...xs].sort(byValue));
  const observed = Math.abs(median(a) - median(b));
  // Ties broken by position, as the pool of ranks is ordered.
  const pool = [...a, ...b].map((value, position) => ({ value, position }));
  let extreme = 0;
  for (let r = 0; r < permutations; r++) {
    for (let i = 0; i < a.length; i++) {
      const j = i + randomIndex(random, pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const ma = median(pool.slice(0, a.length).map((p) => p.value));
    const mb = median(pool.slice(a.length).map((p) => p.value));
    if (Math.abs(ma - mb) >= observed - 1e-9 * Math.max(1, observed)) extreme++;
  }
  return (extreme + 1) / (permutations + 1);
}

/** Samples like boot times (two decimals, some ties), of many sizes, odd and even. */
function samples(seed: number): number[][] {
  const random = seededRandom(seed);
  return [1, 2, 3, 4, 5, 10, 11, 20, 33].map((n) =>
    Array.from({ length: n }, () => 3000 + Math.round(random() * 40) * 12.25),
  );
}

describe("fast resampling gives exactly what the plain definitions give", () => {
  it("bootstrap CI of the median", () => {
    for (const values of samples(1))
      for (const seed of [1, 90210])
        expect(bootstrapMedianCI(values, { seed, resamples: 999 })).toEqual(referenceBootstrap(values, seed, 999));
  });

  it("two-sample bootstrap CIs of a difference and a ratio of medians", () => {
    const [a, b] = [samples(2), samples(3)];
    a.forEach((x, i) => {
      const y = b[(i + 3) % b.length]!;
      expect(bootstrapMedianDifferenceCI(x, y, { seed: 5, resamples: 501 })).toEqual(
        referenceTwoSample(x, y, (p, q) => p - q, 5, 501),
      );
      expect(bootstrapMedianRatioCI(x, y, { seed: 6, resamples: 500 })).toEqual(
        referenceTwoSample(x, y, (p, q) => p / q, 6, 500),
      );
    });
  });

  it("permutation test of a difference of medians", () => {
    const [a, b] = [samples(4), samples(5)];
    a.forEach((x, i) => {
      const y = b[(i + 5) % b.length]!.map((v) => v - 40);
      expect(permutationTestMedians(x, y, { seed: 11, permutations: 700 })).toBe(referencePermutation(x, y, 11, 700));
    });
  });

  it("the 95% percentile interval selects the order statistics a sort would give", () => {
    const random = seededRandom(8);
    for (const n of [1, 2, 3, 39, 40, 41, 400, 10_000]) {
      for (const kind of ["distinct", "ties", "sorted", "reversed"]) {
        let values = Array.from({ length: n }, () =>
          kind === "ties" ? Math.floor(random() * 5) : Math.round(random() * 1e6) / 100,
        );
        if (kind === "sorted") values = values.sort(byValue);
        if (kind === "reversed") values = values.sort(byValue).reverse();
        expect(percentileInterval95(Float64Array.from(values))).toEqual(referenceInterval(values));
      }
    }
  });

  it("sorts instead when the values hold NaN or −0, whose places only the sort fixes", () => {
    const values = [3, -0, 0, NaN, 1, -0, 2, 0, NaN, 5];
    const got = percentileInterval95(Float64Array.from(values));
    const want = referenceInterval(values);
    expect(Object.is(got[0], want[0]) && Object.is(got[1], want[1])).toBe(true);
  });
});
