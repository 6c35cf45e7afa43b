/**
 * Pairing boots by round. A suite runs in rounds (scripts/bench/schedule.ts): after the
 * warm-up rounds, timed round k boots every variant once, so the k-th timed sample of one
 * variant and the k-th of another were taken minutes apart under the same host conditions.
 * Verification (verify.ts) checks that every record's sequence numbers keep that promise.
 */
import { sampleValue, type Metric } from "./metrics.ts";
import type { SampleRecord } from "./schema.ts";

export interface Pairs {
  /** baseline − variant for each round where both timed boots succeeded (positive: variant faster). */
  differences: number[];
  /** The round (0-based timed index) of each difference. */
  rounds: number[];
}

/** The timed samples of a variant in round order (execution order within the variant). */
function timed(samples: readonly SampleRecord[]): SampleRecord[] {
  return samples.filter((s) => !s.warmup).sort((a, b) => a.sequence - b.sequence);
}

/**
 * Per-round differences of one metric between two variants of the same run. A round whose
 * boot failed (or did not see the marker) on either side is dropped, never shifted against
 * another round.
 */
export function pairByRound(
  baseline: readonly SampleRecord[],
  variant: readonly SampleRecord[],
  metric: Metric,
): Pairs {
  const a = timed(baseline);
  const b = timed(variant);
  const out: Pairs = { differences: [], rounds: [] };
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const x = a[k]!;
    const y = b[k]!;
    const base = x.ok ? sampleValue(x, metric) : null;
    const other = y.ok ? sampleValue(y, metric) : null;
    if (base === null || other === null) continue;
    out.differences.push(base - other);
    out.rounds.push(k);
  }
  return out;
}
