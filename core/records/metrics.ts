/**
 * Which number of a boot a figure reads, and the one way to get a variant's values: charts,
 * tables, prose and the bench report all go through here.
 */
import { Metric, type SampleRecord, type VariantRecord } from "./schema.ts";

export { Metric, METRICS } from "./schema.ts";

export const METRIC_LABEL: Record<Metric, string> = { wall: "spawn → exit", marker: "spawn → ready marker" };

/**
 * Metrics summarised for a run, the compared one first: boots have a ready marker, commands
 * (--exec, or a suite's command variants, which have no appliance) only exit — so a run with
 * any command compares on spawn → exit, and still summarises the boots' marker.
 */
export function metricsFor(run: {
  options: { exec: unknown };
  variants: ReadonlyArray<{ appliance: unknown }>;
}): Metric[] {
  if (run.options.exec !== null) return ["wall"];
  const commands = run.variants.filter((v) => v.appliance === null).length;
  if (commands === 0) return ["marker", "wall"];
  return commands === run.variants.length ? ["wall"] : ["wall", "marker"];
}

/** One sample's value of a metric (null when the marker was not seen). */
export function sampleValue(sample: SampleRecord, metric: Metric): number | null {
  return metric === "wall" ? sample.wallMs : sample.markerMs;
}

/** Values of one metric from the successful timed samples, in execution order. */
export function metricValues(samples: readonly SampleRecord[], metric: Metric): number[] {
  const out: number[] = [];
  for (const s of samples) {
    if (!s.ok || s.warmup) continue;
    const value = sampleValue(s, metric);
    if (value !== null) out.push(value);
  }
  return out;
}

/** A variant's timed values of a metric. */
export function timedValues(variant: Pick<VariantRecord, "samples">, metric: Metric): number[] {
  return metricValues(variant.samples, metric);
}

/** Thrown for a metric name that is not one (the message lists the valid ones). */
export class UnknownMetricError extends Error {
  override name = "UnknownMetricError";
  readonly hint = `use metric=marker (spawn to the ready line) or metric=wall (spawn to QEMU's exit)`;
}

/**
 * The metric a figure of this run shows: the one asked for, else the run's primary metric
 * (what its comparisons use) when every variant with timed boots has it, else "marker" when
 * every variant saw its ready line, else "wall". Charts, tables and quoted numbers all call
 * this, so they quote the same metric of the same run.
 */
export function chooseMetric(
  record: { primaryMetric: Metric; variants: readonly Pick<VariantRecord, "samples">[] },
  asked?: string,
): Metric {
  if (asked !== undefined && asked !== "" && asked !== "auto") {
    const parsed = Metric.safeParse(asked);
    if (!parsed.success) throw new UnknownMetricError(`unknown metric "${asked}"`);
    return parsed.data;
  }
  const measured = record.variants.filter((v) => v.samples.some((s) => s.ok && !s.warmup));
  const has = (metric: Metric) => measured.every((v) => metricValues(v.samples, metric).length > 0);
  if (has(record.primaryMetric)) return record.primaryMetric;
  return has("marker") ? "marker" : "wall";
}
