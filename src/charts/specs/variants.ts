/**
 * How charts read benchmark samples: the core's one metric chooser and timed-values helper
 * (core/records/metrics.ts), so a chart quotes the same metric of the same run as the paper's
 * tables and numbers.
 */
import { chooseMetric as chooseRecordMetric, type Metric } from "../../../core/records/metrics.ts";
import type { BenchmarkRecord } from "../../../core/records/schema.ts";
import { param, type Params } from "./common.ts";

export { sampleValue, timedValues, type Metric } from "../../../core/records/metrics.ts";

/** The metric param (auto, marker, wall) resolved by the core's chooser. */
export function chooseMetric(record: BenchmarkRecord, params: Params): Metric {
  return chooseRecordMetric(record, param(params, "metric", "auto", ["auto", "marker", "wall"]));
}

/** Axis title of a metric. */
export function metricLabel(metric: Metric): string {
  return metric === "marker" ? "ms, QEMU start to ready" : "ms, QEMU start to exit";
}
