/**
 * Savings: for each variant of a suite's chosen run, how many ms it saves — the median of the
 * per-round paired differences — with its bootstrap 95% CI over rounds, as a dot and whisker.
 * In a cumulative suite the default is each change against the step before it (kind=step, the
 * record's stepComparisons): which change saved how much. kind=total compares every variant with
 * the baseline. Colour is the computed verdict (CI clear of zero and Holm-adjusted p ≤ 0.05):
 * green saves, red costs, grey no measurable difference.
 */
import type { TopLevelSpec } from "vega-lite";
import { comparisonSentence, formatP } from "../../../core/format/comparison.ts";
import { latestSuiteRun } from "../../data/runs.ts";
import { measureText } from "../fonts.ts";
import { color, sizes } from "../theme.ts";
import { fmt, param, requireParam, type ChartBuild, type ChartInput } from "./common.ts";

export function savings(input: ChartInput): ChartBuild {
  const suite = requireParam(input.params, "suite", "savings", "story");
  const record = latestSuiteRun(input.records, suite, input.runsDir);
  const s = sizes(input.target);
  const kind = param(input.params, "kind", record.stepComparisons.length ? "step" : "total", ["step", "total"]);
  const pool = kind === "step" ? record.stepComparisons : record.comparisons;
  const wanted = input.params.metric ? String(input.params.metric) : null;
  const metrics = [...new Set(pool.map((c) => c.metric))];
  const metric = wanted ?? (metrics.includes(record.primaryMetric) ? record.primaryMetric : metrics[0]);
  const comparisons = pool.filter((c) => c.metric === metric);
  if (comparisons.length === 0) {
    throw new Error(
      `run ${record.id} has no ${kind === "step" ? "step " : ""}comparisons${wanted ? ` for metric ${wanted}` : ""}; ` +
        (kind === "step"
          ? 'step savings need a cumulative suite ("cumulative": true)'
          : "a suite needs a baseline and at least one other variant") +
        ` (see content/benchmarks/${suite}.json)`,
    );
  }
  const order = record.variants.map((v) => v.name);
  comparisons.sort((a, b) => order.indexOf(a.variant) - order.indexOf(b.variant));

  const verdict = { saves: "faster", costs: "slower", "no-measurable-difference": "unclear" } as const;
  const values = comparisons.map((c) => ({
    variant: c.variant,
    saving: c.savingMs,
    lo: c.ci95[0],
    hi: c.ci95[1],
    verdict: verdict[c.verdict],
    label: `${fmt(c.savingMs)} ms${c.lowConfidence ? " (low confidence)" : ""}`,
    description: comparisonSentence(c),
  }));
  const nameWidth = Math.max(...values.map((v) => measureText(v.variant, s.label)));
  const plotWidth = Math.max(s.width * 0.5, s.width - nameWidth);
  const pad = s.label * 0.5;
  // Domain: include 0 and every CI, plus room right of each CI for its label.
  const minX = Math.min(0, ...values.map((v) => v.lo));
  let maxX = Math.max(0, ...values.map((v) => v.hi));
  for (let i = 0; i < 3; i++) {
    const span = maxX - minX;
    maxX = Math.max(maxX, ...values.map((v) => v.hi + ((pad + measureText(v.label, s.label) + 2) * span) / plotWidth));
  }
  const x = {
    field: "saving",
    type: "quantitative",
    title:
      kind === "step"
        ? "ms saved by the change, against the step before (median of paired rounds, 95% CI)"
        : `ms saved against ${comparisons[0]!.baseline} (median of paired rounds, 95% CI)`,
    scale: { domain: [minX, maxX], nice: false },
  };
  const y = { field: "variant", type: "nominal", title: null, sort: values.map((v) => v.variant) };
  const verdictColor = {
    field: "verdict",
    type: "nominal",
    scale: { domain: ["faster", "slower", "unclear"], range: [color("green"), color("warn"), color("grey")] },
    legend: null,
  };

  const title =
    kind === "step"
      ? `What each change saves (suite ${suite})`
      : `Savings against ${comparisons[0]!.baseline} (suite ${suite})`;
  const description =
    `Dot-and-whisker chart of median paired savings ${kind === "step" ? "of each change against the step before it" : `against ${comparisons[0]!.baseline}`} ` +
    `with 95% confidence intervals, run ${record.id}: ` +
    comparisons.map((c) => comparisonSentence(c)).join("; ") +
    ".";
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: title,
      subtitle: "Dot: median of paired rounds; line: 95% CI; green: saves, red: costs, grey: no measurable difference",
    },
    description,
    width: plotWidth,
    // On a slide many comparisons share the plot height (rows no thinner than a label needs).
    height: {
      step:
        input.target === "deck" ? Math.max(s.row, Math.min(s.row * 1.6, s.height / comparisons.length)) : s.row * 1.6,
    },
    data: { values },
    encoding: { y },
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: "rule", color: color("muted"), strokeDash: [4, 3] },
        encoding: { x: { field: "zero", type: "quantitative" }, y: null },
      },
      {
        mark: { type: "rule", strokeWidth: Math.max(2, s.stroke) },
        encoding: {
          x: { field: "lo", type: "quantitative", scale: x.scale, title: x.title },
          x2: { field: "hi" },
          color: verdictColor,
        },
      },
      {
        mark: { type: "point", filled: true, size: s.point * 2.2 },
        encoding: { x, color: verdictColor, description: { field: "description" } },
      },
      {
        mark: { type: "text", align: "left", baseline: "middle", dx: pad, color: color("fg") },
        encoding: { x: { field: "hi", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  } as unknown as TopLevelSpec;
  return {
    spec,
    title,
    description,
    table: {
      columns: ["variant", "against", "pairs", "saving (ms)", "95% CI low", "95% CI high", "p", "p (Holm)", "verdict"],
      rows: comparisons.map((c) => [
        c.variant,
        c.baseline,
        c.pairs,
        c.savingMs,
        c.ci95[0],
        c.ci95[1],
        formatP(c.pValue),
        formatP(c.pHolm),
        c.verdict.replaceAll("-", " ") + (c.lowConfidence ? " (low confidence)" : ""),
      ]),
    },
    used: [record],
  };
}
