/** Shared reading of benchmark samples: which metric to plot and each variant's timed samples. */
import type { BenchmarkRecord, VariantRecord } from "../../../core/records/schema.ts";
import { param, type Params } from "./common.ts";

export type Metric = "marker" | "wall";

/**
 * The record's primary metric when every variant has it; else "marker" (spawn → ready line)
 * when every variant saw it, else "wall" (spawn → exit).
 */
export function chooseMetric(record: BenchmarkRecord, params: Params): Metric {
  const asked = param(params, "metric", "auto", ["auto", "marker", "wall"]);
  if (asked !== "auto") return asked as Metric;
  const primary = record.primaryMetric;
  if ((primary === "marker" || primary === "wall") && record.variants.every((v) => v.summary[primary])) return primary;
  const everyMarker = record.variants.every((v) => v.samples.some((s) => s.ok && !s.warmup && s.markerMs !== null));
  return everyMarker ? "marker" : "wall";
}

export function metricLabel(metric: Metric): string {
  return metric === "marker" ? "ms, QEMU start to ready" : "ms, QEMU start to exit";
}

export function sampleValue(sample: VariantRecord["samples"][number], metric: Metric): number | null {
  return metric === "marker" ? sample.markerMs : sample.wallMs;
}

/** Timed, successful samples of a variant, in execution order. */
export function timedValues(variant: VariantRecord, metric: Metric): number[] {
  return variant.samples
    .filter((s) => s.ok && !s.warmup)
    .flatMap((s) => {
      const v = sampleValue(s, metric);
      return v === null ? [] : [v];
    });
}
