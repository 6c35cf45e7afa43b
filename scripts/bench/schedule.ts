/**
 * The order of boots. Variants are interleaved round by round (A B C A B C …), so slow drift
 * of the host (thermal throttling, a backup starting, page-cache state) hits every variant
 * alike instead of biasing whichever ran last — the bias hyperfine's sequential order leaves
 * open (hyperfine issues #21/#483). "shuffled" randomises the order inside each round
 * (randomised complete blocks), seeded so the record can say exactly what ran when.
 */
import { seededRandom, shuffled } from "../../core/stats/random.ts";

export type Order = "interleaved" | "shuffled";
export const ORDERS: readonly Order[] = ["interleaved", "shuffled"];

/** One slot of the schedule: which variant, whether it is a warm-up, and its index in its kind. */
export interface Slot {
  variant: number;
  warmup: boolean;
  /** 0-based count of this variant's warm-ups (or timed runs) before this one. */
  index: number;
}

/** Warm-up rounds first (every variant warms up before anything is timed), then timed rounds. */
export function buildSchedule(variants: number, runs: number, warmup: number, order: Order, seed: number): Slot[] {
  if (variants < 1) throw new Error("schedule: no variants");
  const random = seededRandom(seed);
  const ids = Array.from({ length: variants }, (_, i) => i);
  const slots: Slot[] = [];
  const rounds = (count: number, isWarmup: boolean) => {
    for (let round = 0; round < count; round++) {
      const roundOrder = order === "shuffled" ? shuffled(ids, random) : ids;
      for (const variant of roundOrder) slots.push({ variant, warmup: isWarmup, index: round });
    }
  };
  rounds(warmup, true);
  rounds(runs, false);
  return slots;
}
