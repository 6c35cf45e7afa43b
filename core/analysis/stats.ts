/**
 * Statistics per activity over the recorded passes (the original's analyze_timeline): mean
 * start, mean duration, sample standard deviation, share of the whole run, and a warning for
 * any activity that is not "long" yet takes ≥ 1 % of the run. The original used the population
 * variance (÷N); boot-talk uses the sample variance (÷(N−1)), the usual estimate from a sample
 * of runs. Pure.
 */
import type { ActivityRecord } from "../records/schema.ts";
import type { Occurrence } from "./activities.ts";

/** The original's WARNING_THRESHOLD, in percent of the run. */
export const WARNING_PERCENT = 1;

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** Sample standard deviation; 0 for fewer than two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Merges the passes' occurrences by name. Order: by mean start, then by name, so the output
 * does not depend on the order rules were listed in. Returns notes for activities that were
 * not seen in every pass.
 */
export function summarise(
  passes: readonly Occurrence[][],
  runMeanMs: number,
): { activities: ActivityRecord[]; notes: string[] } {
  const byName = new Map<string, Occurrence[]>();
  for (const pass of passes)
    for (const occurrence of pass) {
      const list = byName.get(occurrence.name) ?? [];
      list.push(occurrence);
      byName.set(occurrence.name, list);
    }
  const notes: string[] = [];
  const partial: string[] = [];
  const activities: ActivityRecord[] = [];
  for (const [name, seen] of byName) {
    if (seen.length !== passes.length) partial.push(`${name} (${seen.length})`);
    const first = seen[0]!;
    const durations = seen.map((o) => o.endMs - o.startMs);
    const durationMs = mean(durations);
    const percent = runMeanMs > 0 ? (100 * durationMs) / runMeanMs : 0;
    activities.push({
      name,
      stage: first.stage,
      kind: first.kind,
      startMs: mean(seen.map((o) => o.startMs)),
      durationMs,
      sdMs: sampleSd(durations),
      percent,
      warning: first.kind !== "long" && percent >= WARNING_PERCENT,
      passes: seen.map((o) => ({ pass: o.pass, startMs: o.startMs, durationMs: o.endMs - o.startMs })),
      parent: first.parent,
    });
  }
  if (partial.length) {
    const listed = partial.slice(0, 8).join(", ") + (partial.length > 8 ? `, and ${partial.length - 8} more` : "");
    notes.push(
      `${partial.length} activit${partial.length === 1 ? "y was" : "ies were"} not seen in all ${passes.length} passes (passes seen): ${listed}; their statistics cover fewer passes`,
    );
  }
  activities.sort((a, b) => a.startMs - b.startMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { activities, notes };
}
