/**
 * Paired comparisons: when every round of a run boots each variant once (interleaved or
 * shuffled order), the k-th boot of a variant and the k-th boot of its baseline shared the
 * host's state at that moment, so their difference cancels the drift and load both saw. The
 * estimate is the median of the per-round differences, its interval a percentile bootstrap
 * that resamples rounds, and its test a sign-flip permutation test of the signed ranks.
 */
import { bootstrapMedianCI, DEFAULT_RESAMPLES, medianOf } from "./resample.ts";
import { seededRandom } from "./random.ts";

/**
 * Up to this many non-zero differences the p-value is exact: the distribution is counted over
 * all 2^n sign vectors by dynamic programming over rank sums, O(n³) with n ≤ 400.
 */
export const EXACT_SIGN_FLIP_LIMIT = 400;

export interface SignFlipResult {
  pValue: number;
  /** "exact": every one of the 2^n sign vectors counted; "monte-carlo": R random ones. */
  method: "exact" | "monte-carlo";
}

/**
 * Ranks of |d| for the non-zero differences, doubled so that midranks of ties are integers
 * (ties share the mean of their ranks, as in R's wilcox.test); zeros are dropped (Wilcoxon's
 * treatment: a zero difference is the same under either sign).
 */
export function doubledSignedRanks(differences: readonly number[]): { ranks: Int32Array; positive: Uint8Array } {
  const nonzero = differences.filter((d) => d !== 0);
  const order = Array.from(nonzero.keys()).sort((i, j) => Math.abs(nonzero[i]!) - Math.abs(nonzero[j]!));
  const ranks = new Int32Array(nonzero.length);
  const positive = new Uint8Array(nonzero.length);
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && Math.abs(nonzero[order[end + 1]!]!) === Math.abs(nonzero[order[k]!]!)) end++;
    // Ranks k+1 … end+1 tie: each gets their mean, doubled: (k + 1) + (end + 1).
    for (let t = k; t <= end; t++) ranks[order[t]!] = k + end + 2;
    k = end + 1;
  }
  nonzero.forEach((d, i) => (positive[i] = d > 0 ? 1 : 0));
  return { ranks, positive };
}

/**
 * Two-sided sign-flip (randomisation) test of "the paired differences are symmetric about 0"
 * (Fisher 1935, §21), on the signed-rank statistic T = Σ sign(d_i)·rank|d_i|: under the null
 * each difference was as likely to have had the other sign, so p is the share of the 2^n sign
 * vectors whose |T| reaches the observed one. This is Wilcoxon's signed-rank test, exact
 * (Wilcoxon 1945; with ties by midranks, as R's wilcox.test ranks them). Ranks rather than the
 * raw differences make it robust to the odd very slow boot, like the median it goes with;
 * a median of signed values would be a poor statistic (ten equal savings of 240 ms would give
 * p = 0.75: the median does not move until half the signs flip).
 *
 * Exact for up to EXACT_SIGN_FLIP_LIMIT non-zero differences: the number of sign vectors per
 * sum of positive ranks is counted by dynamic programming; beyond, R seeded random sign
 * vectors give p = (count + 1)/(R + 1) (Phipson & Smyth 2010). Tests check both against
 * brute-force enumeration and R's reference values.
 */
export function signFlipTest(
  differences: readonly number[],
  options: { seed: number; resamples?: number; exactLimit?: number },
): SignFlipResult {
  if (differences.length === 0) throw new Error("sign-flip test of no pairs");
  const { ranks, positive } = doubledSignedRanks(differences);
  const n = ranks.length;
  const exact = n <= (options.exactLimit ?? EXACT_SIGN_FLIP_LIMIT);
  if (n === 0) return { pValue: 1, method: exact ? "exact" : "monte-carlo" };
  let total = 0;
  let positiveSum = 0;
  for (let i = 0; i < n; i++) {
    total += ranks[i]!;
    if (positive[i]) positiveSum += ranks[i]!;
  }
  // T = (positive ranks) − (negative ranks) = 2·positiveSum − total, in doubled units (integers).
  const observed = Math.abs(2 * positiveSum - total);
  if (!exact) return { pValue: monteCarloSignFlip(ranks, total, observed, options), method: "monte-carlo" };
  // ways[s]: how many sign vectors give positive ranks summing to s.
  const ways = new Float64Array(total + 1);
  ways[0] = 1;
  let reach = 0;
  for (let i = 0; i < n; i++) {
    const r = ranks[i]!;
    for (let s = reach; s >= 0; s--) if (ways[s]) ways[s + r] = ways[s + r]! + ways[s]!;
    reach += r;
  }
  let extreme = 0;
  for (let s = 0; s <= total; s++) if (ways[s] && Math.abs(2 * s - total) >= observed) extreme += ways[s]!;
  return { pValue: Math.min(1, extreme / 2 ** n), method: "exact" };
}

function monteCarloSignFlip(
  ranks: Int32Array,
  total: number,
  observed: number,
  options: { seed: number; resamples?: number },
): number {
  const random = seededRandom(options.seed);
  const count = options.resamples ?? DEFAULT_RESAMPLES;
  let extreme = 0;
  for (let r = 0; r < count; r++) {
    let positiveSum = 0;
    for (let i = 0; i < ranks.length; i++) if (random() < 0.5) positiveSum += ranks[i]!;
    if (Math.abs(2 * positiveSum - total) >= observed) extreme++;
  }
  return (extreme + 1) / (count + 1);
}

export interface PairedComparison {
  /** Number of pairs (rounds where both boots succeeded). */
  n: number;
  /** Median of the paired differences. */
  median: number;
  /** Percentile-bootstrap 95% CI of that median, resampling pairs (rounds). */
  ci95: [number, number];
  pValue: number;
  pMethod: SignFlipResult["method"];
}

/** Median paired difference, its bootstrap CI over rounds, and the sign-flip p-value. */
export function comparePaired(
  differences: readonly number[],
  options: { seed: number; resamples?: number },
): PairedComparison {
  if (differences.length === 0) throw new Error("paired comparison of no pairs");
  const test = signFlipTest(differences, options);
  return {
    n: differences.length,
    median: medianOf(differences),
    ci95: bootstrapMedianCI(differences, options),
    pValue: test.pValue,
    pMethod: test.method,
  };
}
