/**
 * Samples: every boot of one benchmark run in execution order, coloured by variant, so drift
 * (a host getting busier, caches warming) is visible. Warm-ups are hollow; failed boots are
 * red crosses at their wall time. param run=ID or "latest" (the default), or suite=NAME (the
 * run that suite's figures use).
 */
import type { TopLevelSpec } from "vega-lite";
import { benchmarkById, latestSuiteRun } from "../../data/runs.ts";
import { CATEGORY, color, sizes } from "../theme.ts";
import { fmt, param, type ChartBuild, type ChartInput } from "./common.ts";
import { chooseMetric, metricLabel, sampleValue } from "./variants.ts";

export function samples(input: ChartInput): ChartBuild {
  const record =
    input.params.suite && !input.params.run
      ? latestSuiteRun(input.records, String(input.params.suite), input.runsDir)
      : benchmarkById(input.records, param(input.params, "run", "latest"), input.runsDir);
  const metric = chooseMetric(record, input.params);
  const s = sizes(input.target);
  const names = record.variants.map((v) => v.name);
  const rows = record.variants
    .flatMap((v) =>
      v.samples.map((smp) => {
        const value = smp.ok ? sampleValue(smp, metric) : null;
        const kind = !smp.ok ? "failed" : smp.warmup ? "warm-up" : "timed";
        return {
          sequence: smp.sequence,
          variant: v.name,
          ms: value ?? smp.wallMs,
          kind,
          desc: `boot ${smp.sequence}, ${v.name}, ${kind}${smp.failure ? ` (${smp.failure})` : ""}: ${fmt(value ?? smp.wallMs, 1)} ms`,
        };
      }),
    )
    .sort((a, b) => a.sequence - b.sequence);
  if (rows.length === 0) throw new Error(`run ${record.id} has no samples`);
  const failed = rows.filter((r) => r.kind === "failed").length;
  const warm = rows.filter((r) => r.kind === "warm-up").length;
  const title = record.suite
    ? `Every boot of suite ${record.suite.name}, in order`
    : `Every boot of run ${record.id}, in order`;
  const description = `Scatter plot of ${rows.length} boots of benchmark run ${record.id} in execution order (${record.options.order}), ${metricLabel(metric)}; ${warm} warm-ups (hollow), ${failed} failed (crosses). Variants: ${names.join(", ")}.`;
  const variantColor = {
    field: "variant",
    type: "nominal",
    title: null,
    sort: names,
    scale: { domain: names, range: names.map((_, i) => color(CATEGORY[i % CATEGORY.length]!)) },
    ...(names.length < 2 ? { legend: null } : {}),
  };
  const x = {
    field: "sequence",
    type: "quantitative",
    title: "boot number (execution order)",
    scale: { nice: false, padding: s.label },
  };
  const y = { field: "ms", type: "quantitative", title: metricLabel(metric), scale: { zero: false } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: "Filled: timed boots; hollow: warm-ups; red crosses: failed boots" },
    description,
    width: s.width,
    height: s.height,
    data: { values: rows },
    encoding: { x, y },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'timed'" }],
        mark: { type: "point", filled: true, size: s.point, opacity: 0.85 },
        encoding: { color: variantColor, description: { field: "desc" } },
      },
      {
        transform: [{ filter: "datum.kind === 'warm-up'" }],
        mark: { type: "point", filled: false, size: s.point, strokeWidth: Math.max(1, s.stroke / 1.5) },
        encoding: { color: variantColor, description: { field: "desc" } },
      },
      {
        transform: [{ filter: "datum.kind === 'failed'" }],
        mark: { type: "point", shape: "cross", filled: true, size: s.point * 1.6, color: color("warn") },
        encoding: { description: { field: "desc" } },
      },
    ],
  } as unknown as TopLevelSpec;
  return {
    spec,
    title,
    description,
    table: {
      columns: ["boot", "variant", "kind", `${metric} (ms)`],
      rows: rows.map((r) => [r.sequence, r.variant, r.kind, r.ms]),
    },
    used: [record],
  };
}
