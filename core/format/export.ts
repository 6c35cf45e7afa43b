/**
 * Exports in hyperfine's spirit: a CSV of per-variant summaries and a Markdown table whose
 * "relative ± CI" column is the ratio of medians to the baseline with its bootstrap 95% CI
 * (hyperfine's "relative ± σ" is a ratio of means with propagated error, which its author
 * says is not a confidence interval — hyperfine issue #523).
 */
import type { BenchmarkRecord } from "../records/schema.ts";
import { bootstrapMedianRatioCI } from "../stats/resample.ts";
import { metricValues } from "../records/metrics.ts";

const CSV_COLUMNS = [
  "variant",
  "metric",
  "n",
  "mean_ms",
  "sd_ms",
  "median_ms",
  "min_ms",
  "max_ms",
  "p5_ms",
  "p25_ms",
  "p75_ms",
  "p95_ms",
  "mad_ms",
  "cv",
  "median_ci95_low_ms",
  "median_ci95_high_ms",
  "outliers",
  "failed",
] as const;

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(record: BenchmarkRecord): string {
  const rows: (string | number)[][] = [];
  for (const v of record.variants) {
    const failed = v.samples.filter((s) => !s.warmup && !s.ok).length;
    for (const [metric, s] of Object.entries(v.summary)) {
      rows.push([
        v.name,
        metric,
        s.n,
        s.mean,
        s.sd,
        s.median,
        s.min,
        s.max,
        s.p5,
        s.p25,
        s.p75,
        s.p95,
        s.mad,
        s.cv,
        s.medianCI95[0],
        s.medianCI95[1],
        s.outliers.length,
        failed,
      ]);
    }
  }
  return [CSV_COLUMNS.join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

export function toMarkdown(record: BenchmarkRecord): string {
  const metric = record.primaryMetric;
  const base = record.variants[0];
  const baseValues = base ? metricValues(base.samples, metric) : [];
  const header = `| Variant | Median [ms] | Mean ± σ [ms] | Min [ms] | Max [ms] | Relative ± CI |\n|:---|---:|---:|---:|---:|---:|`;
  const rows = record.variants.map((v, i) => {
    const s = v.summary[metric];
    if (!s) return `| \`${escapeCell(v.name)}\` | – | – | – | – | – |`;
    let relative = "–";
    if (i === 0) relative = "1.00";
    else if (baseValues.length) {
      const values = metricValues(v.samples, metric);
      const [lo, hi] = bootstrapMedianRatioCI(values, baseValues, {
        seed: record.options.seed,
        resamples: record.options.resamples,
      });
      const ratio = s.median / (base!.summary[metric]?.median ?? NaN);
      relative = `${ratio.toFixed(2)} (${lo.toFixed(2)}–${hi.toFixed(2)})`;
    }
    return `| \`${escapeCell(v.name)}\` | ${s.median.toFixed(1)} | ${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)} | ${s.min.toFixed(1)} | ${s.max.toFixed(1)} | ${relative} |`;
  });
  return `${header}\n${rows.join("\n")}\n`;
}
