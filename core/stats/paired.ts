/**
 * Paired comparisons: when every round of a run boots each variant once (interleaved or
 * shuffled order), the k-th boot of a variant and the k-th boot of its baseline shared the
 * host's state at that moment, so their difference cancels the drift and load both saw. The
 * estimate is the median of the per-round differences, its interval a percentile bootstrap
 * that resamples rounds, and its test a sign-flip permutation test.
 */
import { medianOfSorted } from "./quantile.ts";
import { bootstrapMedianCI, DEFAULT_RESAMPLES, medianOf } from "./resample.ts";
import { seededRandom } from "./random.ts";

/** Up to this many pairs the sign-flip p-value is exact (2^n and the binomials fit a double). */
export const EXACT_SIGN_FLIP_LIMIT = 1000;

export interface SignFlipResult {
  pValue: number;
  /** "exact": every one of the 2^n sign vectors counted; "monte-carlo": R random ones. */
  method: "exact" | "monte-carlo";
}

/**
 * Two-sided sign-flip (randomisation) test of "the paired differences are symmetric about 0"
 * (Fisher 1935, §21; Good 2005, §3.6.2) with the median as statistic: under the null each
 * difference is as likely to have had the other sign, so p is the share of the 2^n sign
 * vectors s whose |median(s·|d|)| reaches the observed |median(d)|.
 *
 * Exact without enumerating 2^n vectors. Sort the magnitudes a_1 ≤ … ≤ a_n and let c be the
 * observed |median| (less a float tolerance). Flipping every sign negates the median, so
 * p = 2·#{s : median ≥ c}/2^n (for c > 0 the two tails are disjoint). Counting median ≥ c:
 *  - n = 2m + 1: the median is ≥ c iff at least m + 1 signed values are ≥ c, and only the K
 *    magnitudes ≥ c can be, with a plus sign: 2^(n−K) · Σ_{j=m+1..K} C(K, j).
 *  - n = 2m: the median is the mean of the m-th and (m+1)-th signed values. With p plus signs:
 *    p < m puts both among the minus signs (median < 0); p = m makes it (a_k − a_1)/2 with a_1
 *    the smallest magnitude (it must carry the minus sign) and a_k the smallest plus one:
 *    C(K′, m) vectors, K′ = #{i > 1 : (a_i − a_1)/2 ≥ c}; p > m makes it (a_i + a_j)/2 for
 *    two consecutive plus signs i < j with exactly m − 1 plus signs above j and any below i:
 *    Σ_{i<j, (a_i+a_j)/2 ≥ c} 2^(i−1) · C(n − j, m − 1).
 * Beyond EXACT_SIGN_FLIP_LIMIT pairs: R seeded random sign vectors, p = (count + 1)/(R + 1)
 * (Phipson & Smyth 2010). Tests compare both against brute-force enumeration.
 */
export function signFlipTest(
  differences: readonly number[],
  options: { seed: number; resamples?: number; exactLimit?: number },
): SignFlipResult {
  const n = differences.length;
  if (n === 0) throw new Error("sign-flip test of no pairs");
  const observed = Math.abs(medianOf(differences));
  // Float noise must not make the observed arrangement itself look "less extreme".
  const c = observed - 1e-9 * Math.max(1, observed);
  const magnitudes = Float64Array.from(differences, Math.abs).sort();
  if (n <= (options.exactLimit ?? EXACT_SIGN_FLIP_LIMIT)) {
    if (c <= 0) return { pValue: 1, method: "exact" };
    return { pValue: Math.min(1, (2 * countMedianAtLeast(magnitudes, c)) / 2 ** n), method: "exact" };
  }
  return { pValue: monteCarloSignFlip(magnitudes, c, options), method: "monte-carlo" };
}

/** Pascal's triangle rows 0..n as doubles (exact up to 2^53, then within rounding). */
function binomials(n: number): Float64Array[] {
  const rows: Float64Array[] = [Float64Array.of(1)];
  for (let k = 1; k <= n; k++) {
    const previous = rows[k - 1]!;
    const row = new Float64Array(k + 1);
    row[0] = 1;
    row[k] = 1;
    for (let j = 1; j < k; j++) row[j] = previous[j - 1]! + previous[j]!;
    rows.push(row);
  }
  return rows;
}

/** #{sign vectors : median of the signed magnitudes ≥ c}, for sorted magnitudes and c > 0. */
function countMedianAtLeast(a: Float64Array, c: number): number {
  const n = a.length;
  const choose = binomials(n);
  const binom = (top: number, k: number) => (k < 0 || k > top ? 0 : choose[top]![k]!);
  const m = n >> 1;
  if (n % 2 === 1) {
    let large = 0;
    for (const x of a) if (x >= c) large++;
    let sum = 0;
    for (let j = m + 1; j <= large; j++) sum += binom(large, j);
    return 2 ** (n - large) * sum;
  }
  // p = m plus signs (1-based a_1 is a[0]).
  let above = 0;
  for (let i = 1; i < n; i++) if ((a[i]! - a[0]!) / 2 >= c) above++;
  let count = binom(above, m);
  // p > m: pairs i < j (0-based here, so the 2^(i−1) of the comment is 2^i).
  for (let j = 1; j < n; j++) {
    const upper = binom(n - 1 - j, m - 1);
    if (upper === 0) continue;
    for (let i = 0; i < j; i++) if ((a[i]! + a[j]!) / 2 >= c) count += 2 ** i * upper;
  }
  return count;
}

function monteCarloSignFlip(a: Float64Array, c: number, options: { seed: number; resamples?: number }): number {
  const random = seededRandom(options.seed);
  const count = options.resamples ?? DEFAULT_RESAMPLES;
  const n = a.length;
  const signed = new Float64Array(n);
  let extreme = 0;
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < n; i++) signed[i] = random() < 0.5 ? -a[i]! : a[i]!;
    if (Math.abs(medianOfSorted(signed.sort())) >= c) extreme++;
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
