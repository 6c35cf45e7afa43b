/**
 * The stages of one analysed boot (qemu, firmware, kernel, initcalls, userspace, shutdown):
 * each stage's extent runs from the first start to the last end of the activities that belong
 * to it, initcalls excepted (they have their own stage band), as the boot-timeline chart draws
 * the stage lanes. "other" (the whole run, anything unclassified) is not a stage of the boot.
 */
import type { AnalysisRecord } from "../records/schema.ts";

export const BOOT_STAGES = ["qemu", "firmware", "kernel", "initcalls", "userspace", "shutdown"] as const;

export interface StageExtent {
  stage: string;
  startMs: number;
  endMs: number;
  durationMs: number;
  /** 100 × duration / mean run. */
  percent: number;
}

/** The stages present in an analysis run, in boot order. */
export function stageExtents(record: AnalysisRecord): StageExtent[] {
  const activities = record.activities.filter((a) => a.kind !== "initcall" && a.durationMs > 0);
  return BOOT_STAGES.flatMap((stage) => {
    const members = activities.filter((a) => a.stage === stage);
    if (members.length === 0) return [];
    const startMs = Math.min(...members.map((a) => a.startMs));
    const endMs = Math.max(...members.map((a) => a.startMs + a.durationMs));
    const durationMs = endMs - startMs;
    return [{ stage, startMs, endMs, durationMs, percent: (100 * durationMs) / record.run.meanMs }];
  });
}
