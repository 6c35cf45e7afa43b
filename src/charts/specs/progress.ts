/**
 * Progress: the original talk's graph of boot time falling as fixes land (3.5 s → 1.2 s in
 * days, then a long tail). Two views of one suite whose variants are cumulative steps:
 *  - view=steps (default): median boot time of each variant of the latest run, in suite
 *    order, with its bootstrap 95% CI, from 0 ms up so the fall is not exaggerated;
 *  - view=history: the median of every variant over all recorded runs of the suite (UTC dates).
 */
import type { TopLevelSpec } from "vega-lite";
import { latestSuiteRun, suiteHistory } from "../../data/runs.ts";
import { measureText } from "../fonts.ts";
import { CATEGORY, color, sizes } from "../theme.ts";
import { fmt, param, requireParam, seconds, type ChartBuild, type ChartInput } from "./common.ts";
import { chooseMetric, metricLabel } from "./variants.ts";

export function progress(input: ChartInput): ChartBuild {
  const suite = requireParam(input.params, "suite", "progress", "story");
  const view = param(input.params, "view", "steps", ["steps", "history"]);
  return view === "history" ? history(input, suite) : steps(input, suite);
}

function steps(input: ChartInput, suite: string): ChartBuild {
  const record = latestSuiteRun(input.records, suite, input.runsDir);
  const metric = chooseMetric(record, input.params);
  const s = sizes(input.target);
  const rows = record.variants.flatMap((v, i) => {
    const m = v.summary[metric];
    return m && m.n > 0
      ? [
          {
            step: `${i + 1}. ${v.name}`,
            variant: v.name,
            median: m.median,
            lo: m.medianCI95[0],
            hi: m.medianCI95[1],
            n: m.n,
            label: seconds(m.median),
          },
        ]
      : [];
  });
  if (rows.length === 0)
    throw new Error(`run ${record.id} has no ${metric} summaries; re-run \`npm run bench -- --suite ${suite}\``);
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const title = `Boot time, one change at a time: from ${seconds(first.median)} to ${seconds(last.median)}`;
  const description =
    `Line chart of the median boot time (${metricLabel(metric)}) after each cumulative change of suite ${suite}, run ${record.id}: ` +
    rows.map((r) => `${r.variant} ${fmt(r.median)} ms (95% CI ${fmt(r.lo)}–${fmt(r.hi)})`).join(", ") +
    ".";
  // Horizontal step labels when each fits its band (measured in the site font), else slanted:
  // a step name is never cut short.
  // On a slide the whole chart fits the visual area: the y axis (ticks and title) comes out of the width.
  const deck = input.target === "deck";
  const yTicks = fmt(Math.max(...rows.map((r) => r.hi)) * 1.12);
  const width = deck ? s.width - measureText(yTicks, s.label) - s.title * 2 : s.width;
  const band = width / rows.length;
  const fits = rows.every((r) => measureText(r.step, s.label) <= band * 0.92);
  const x = {
    field: "step",
    type: "ordinal",
    title: null,
    sort: rows.map((r) => r.step),
    axis: fits ? { labelAngle: 0 } : { labelAngle: -30, labelAlign: "right", labelBaseline: "top" },
  };
  const y = {
    field: "median",
    type: "quantitative",
    // a slide's plot is too short for the long axis title; the subtitle says which time it is
    title: deck ? "median ms" : `median ${metricLabel(metric)}`,
    scale: { zero: true, domainMax: Math.max(...rows.map((r) => r.hi)) * 1.12 },
  };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: title,
      subtitle: deck
        ? `Median ${metricLabel(metric)}; each step keeps the changes before it; bars: 95% CI`
        : "Each step keeps the changes before it; bars: 95% CI of the median",
    },
    description,
    width,
    // slanted step names take height; on a slide the plot gives it back
    height: deck && !fits ? s.height - 2 * s.label : s.height,
    data: { values: rows },
    encoding: { x },
    layer: [
      { mark: { type: "line", color: color("blue"), strokeWidth: s.stroke }, encoding: { y } },
      {
        mark: { type: "rule", color: color("fg"), strokeWidth: Math.max(1, s.stroke / 1.5) },
        encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
      },
      {
        mark: { type: "point", filled: true, size: s.point * 1.6, color: color("blue") },
        encoding: { y, description: { field: "label" } },
      },
      {
        mark: { type: "text", baseline: "bottom", dy: -s.label * 0.6, color: color("fg"), fontWeight: 600 },
        encoding: { y: { field: "hi", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  } as unknown as TopLevelSpec;
  return {
    spec,
    title,
    description,
    table: {
      columns: ["step", "median (ms)", "95% CI low", "95% CI high", "boots"],
      rows: rows.map((r) => [r.step, r.median, r.lo, r.hi, r.n]),
    },
    used: [record],
  };
}

function history(input: ChartInput, suite: string): ChartBuild {
  const runs = suiteHistory(input.records, suite).filter((r) => r.status === "complete");
  if (runs.length === 0) latestSuiteRun(input.records, suite, input.runsDir); // throws the "what to run" error
  const metric = chooseMetric(runs.at(-1)!, input.params);
  const s = sizes(input.target);
  const names = [...new Set(runs.flatMap((r) => r.variants.map((v) => v.name)))];
  const rows = runs.flatMap((r) =>
    r.variants.flatMap((v) => {
      const m = v.summary[metric];
      return m && m.n > 0
        ? [
            {
              run: r.id,
              date: r.createdAt,
              variant: v.name,
              median: m.median,
              lo: m.medianCI95[0],
              hi: m.medianCI95[1],
            },
          ]
        : [];
    }),
  );
  const title = `Boot time over ${runs.length} run${runs.length === 1 ? "" : "s"} of suite ${suite}`;
  const description = `Line chart of the median boot time (${metricLabel(metric)}) of each variant of suite ${suite} across its recorded runs (${runs[0]!.createdAt.slice(0, 10)} to ${runs.at(-1)!.createdAt.slice(0, 10)}).`;
  const variantColor = {
    field: "variant",
    type: "nominal",
    title: null,
    sort: names,
    scale: { domain: names, range: names.map((_, i) => color(CATEGORY[i % CATEGORY.length]!)) },
  };
  // Runs made within two days are told apart by time of day, otherwise by date (UTC, pinned).
  const spanMs = Date.parse(runs.at(-1)!.createdAt) - Date.parse(runs[0]!.createdAt);
  const short = spanMs < 2 * 86_400_000;
  const x = {
    field: "date",
    type: "temporal",
    title: short ? `run time (UTC, ${runs[0]!.createdAt.slice(0, 10)})` : "run date (UTC)",
    scale: { type: "utc", padding: 12 },
    axis: {
      labelExpr: `utcFormat(datum.value, '${short ? "%H:%M" : "%d %b %Y"}')`,
      tickCount: 5,
      labelOverlap: "greedy",
    },
  };
  const y = { field: "median", type: "quantitative", title: `median ${metricLabel(metric)}`, scale: { zero: true } };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title },
    description,
    width: s.width,
    height: s.height,
    data: { values: rows },
    encoding: { x, color: variantColor },
    layer: [
      { mark: { type: "line", strokeWidth: s.stroke, point: { filled: true, size: s.point } }, encoding: { y } },
      { mark: { type: "rule" }, encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
    ],
  } as unknown as TopLevelSpec;
  return {
    spec,
    title,
    description,
    table: {
      columns: ["run", "date", "variant", "median (ms)", "95% CI low", "95% CI high"],
      rows: rows.map((r) => [r.run, r.date, r.variant, r.median, r.lo, r.hi]),
    },
    used: runs,
  };
}
