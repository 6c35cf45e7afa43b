/**
 * Distribution: every timed sample of every variant of a suite's latest run, as a beeswarm
 * over a box plot (quartiles, whiskers to min/max), so noise and outliers are visible rather
 * than hidden behind a mean. The swarm is laid out here, not with random jitter: points are
 * placed in value order at the smallest vertical offset that does not overlap a placed point
 * (the "dodge" layout), so the output is deterministic.
 */
import type { TopLevelSpec } from "vega-lite";
import { benchmarkById, latestSuiteRun } from "../../data/runs.ts";
import { measureText } from "../fonts.ts";
import { CATEGORY, color, sizes } from "../theme.ts";
import { fmt, requireParam, type ChartBuild, type ChartInput } from "./common.ts";
import { chooseMetric, metricLabel, timedValues } from "./variants.ts";

/** Vertical offsets (px) for points at x positions (px) so circles of radius r do not overlap. */
export function dodge(xs: readonly number[], r: number): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const placed: Array<{ x: number; y: number }> = [];
  const out = new Array<number>(xs.length).fill(0);
  const d = 2 * r;
  for (const [x, i] of order) {
    const near = placed.filter((p) => Math.abs(p.x - x) < d);
    // Candidate offsets: 0, then just above/below each near neighbour; take the smallest free one.
    const candidates = [
      0,
      ...near.flatMap((p) => {
        const dy = Math.sqrt(d * d - (p.x - x) ** 2) + 0.01;
        return [p.y + dy, p.y - dy];
      }),
    ].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
    const y = candidates.find((c) => near.every((p) => (p.x - x) ** 2 + (p.y - c) ** 2 >= d * d - 1e-6)) ?? 0;
    placed.push({ x, y });
    out[i] = y;
  }
  return out;
}

export function distribution(input: ChartInput): ChartBuild {
  // suite=NAME (its latest run) or run=ID|latest (any benchmark run, e.g. an ad-hoc one).
  const record = input.params.run
    ? benchmarkById(input.records, String(input.params.run), input.runsDir)
    : latestSuiteRun(input.records, requireParam(input.params, "suite", "distribution", "story"), input.runsDir);
  const suite = record.suite?.name ?? "ad hoc";
  const metric = chooseMetric(record, input.params);
  const s = sizes(input.target);
  const perVariant = record.variants.map((v) => ({
    name: v.name,
    values: timedValues(v, metric),
    summary: v.summary[metric],
  }));
  if (perVariant.every((v) => v.values.length === 0))
    throw new Error(`run ${record.id} has no successful timed samples to plot; re-run it with \`npm run bench\``);
  const all = perVariant.flatMap((v) => v.values);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const margin = (hi - lo) * 0.05 || hi * 0.05 || 1;
  const domain = [Math.max(0, lo - margin), hi + margin];
  // On a slide the whole chart, variant names included, fits the slide's visual area.
  const deck = input.target === "deck";
  const nameWidth = Math.max(...perVariant.map((v) => measureText(v.name, s.label)));
  const width = deck ? s.width - nameWidth - s.label : s.width;
  const layoutSwarms = (radius: number) => {
    const swarms = perVariant.map((v) =>
      dodge(
        v.values.map((x) => ((x - domain[0]!) / (domain[1]! - domain[0]!)) * width),
        radius + 0.3,
      ),
    );
    const maxOffset = Math.max(radius, ...swarms.flat().map((dy) => Math.abs(dy) + radius));
    return { radius, swarms, maxOffset, swarmHeight: 2 * maxOffset + s.row * 0.5 };
  };
  // On a slide the swarms share the plot height: smaller dots (down to 3 px) rather than a taller chart.
  let layout = layoutSwarms(Math.sqrt(s.point / Math.PI));
  while (deck && layout.radius > 3 && layout.swarmHeight * perVariant.length > s.height)
    layout = layoutSwarms(Math.max(3, layout.radius * 0.9));
  const { radius, swarms } = layout;
  let { maxOffset, swarmHeight } = layout;
  const pointSize = layout.radius === Math.sqrt(s.point / Math.PI) ? s.point : Math.PI * radius * radius;
  // Still too tall for the slide at the smallest dots (many variants, or boots bunched on a wide
  // axis): squeeze the swarms into their bands, letting dots overlap, so the chart's text stays
  // at its size instead of the whole chart being scaled down.
  const band = Math.max(s.row, s.height / perVariant.length);
  if (deck && swarmHeight > band && maxOffset > radius) {
    const squeeze = Math.max(0, band - s.row * 0.5 - 2 * radius) / (2 * (maxOffset - radius));
    for (const swarm of swarms) swarm.forEach((dy, i) => (swarm[i] = dy * squeeze));
    maxOffset = radius + (maxOffset - radius) * squeeze;
    swarmHeight = 2 * maxOffset + s.row * 0.5;
  }
  const step = deck
    ? Math.max(swarmHeight, Math.min(s.row * 2, s.height / perVariant.length))
    : Math.max(s.row * 2, swarmHeight);
  // yOffset with a null scale is in pixels from the top of the variant's band: centre the swarm.
  const values = perVariant.flatMap((v, k) =>
    v.values.map((x, i) => ({
      variant: v.name,
      ms: x,
      dy: step / 2 + swarms[k]![i]!,
      desc: `${v.name}: ${fmt(x, 1)} ms`,
    })),
  );
  const names = perVariant.map((v) => v.name);
  const y = { field: "variant", type: "nominal", title: null, sort: names, scale: { domain: names } };
  const x = {
    field: "ms",
    type: "quantitative",
    title: metricLabel(metric),
    scale: { domain, nice: false, zero: false },
  };
  const variantColor = {
    field: "variant",
    type: "nominal",
    scale: { domain: names, range: names.map((_, i) => color(CATEGORY[i % CATEGORY.length]!)) },
    legend: null,
  };

  const title = record.suite
    ? `Every boot, per variant (suite ${suite})`
    : `Every boot, per variant (run ${record.id})`;
  const description =
    `Beeswarm and box plot of ${all.length} timed boots in run ${record.id}, ${metricLabel(metric)}. ` +
    perVariant
      .map((v) => {
        const sorted = [...v.values].sort((a, b) => a - b);
        return (
          `${v.name}: ${v.values.length} boots, ${fmt(sorted[0] ?? NaN)}–${fmt(sorted.at(-1) ?? NaN)} ms` +
          (v.summary ? `, median ${fmt(v.summary.median)} ms` : "")
        );
      })
      .join("; ") +
    ".";
  // The box is drawn from the derived summary (core/records/summarise.ts: type-7 quartiles,
  // min, max), the numbers the tables and prose quote, not recomputed by Vega's aggregate.
  const boxes = perVariant.flatMap((v) =>
    v.summary
      ? [
          {
            variant: v.name,
            min: v.summary.min,
            p25: v.summary.p25,
            median: v.summary.median,
            p75: v.summary.p75,
            max: v.summary.max,
          },
        ]
      : [],
  );
  const boxSize = Math.min(step * 0.8, 2 * maxOffset + 4);
  const at = (field: string) => ({ ...x, field, title: metricLabel(metric) });
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle: "One dot per boot; box: quartiles and median; whiskers: min to max" },
    description,
    width,
    height: { step },
    data: { values },
    layer: [
      {
        data: { values: boxes },
        layer: [
          // Whiskers from the box to min and max, the box, the median: as Vega-Lite's boxplot draws them.
          {
            mark: { type: "rule", color: color("muted"), opacity: 0.25 },
            encoding: { x: at("min"), x2: { field: "p25" }, y },
          },
          {
            mark: { type: "rule", color: color("muted"), opacity: 0.25 },
            encoding: { x: at("p75"), x2: { field: "max" }, y },
          },
          {
            mark: { type: "bar", size: boxSize, opacity: 0.25 },
            encoding: { x: at("p25"), x2: { field: "p75" }, y, color: variantColor },
          },
          {
            mark: { type: "tick", size: boxSize, color: color("fg"), thickness: Math.max(2, s.stroke), opacity: 0.25 },
            encoding: { x: at("median"), y },
          },
        ],
      },
      {
        mark: { type: "circle", size: pointSize, opacity: 0.85, stroke: color("fg"), strokeWidth: 0.4 },
        encoding: {
          x,
          y,
          yOffset: { field: "dy", type: "quantitative", scale: null },
          color: variantColor,
          description: { field: "desc" },
        },
      },
    ],
  } as unknown as TopLevelSpec;
  return {
    spec,
    title,
    description,
    table: { columns: ["variant", `${metric} (ms)`], rows: values.map((v) => [v.variant, v.ms]) },
    used: [record],
  };
}
