/**
 * Where the kernel spends its time: the longest initcalls of the latest appliance analysis,
 * as bars with ± sd whiskers and the value written beside each. The x domain is widened just
 * enough for the widest label, measured in the site font.
 */
import type { TopLevelSpec } from "vega-lite";
import { latestAnalysis } from "../../data/runs.ts";
import { measureText } from "../fonts.ts";
import { color, sizes } from "../theme.ts";
import { fmt, param, type ChartBuild, type ChartInput } from "./common.ts";

/** "initcall kernel.acpi_init" → "acpi_init": the chart title already says these are initcalls. */
export function shortName(name: string): string {
  return name.replace(/^initcall\s+/, "").replace(/^kernel\./, "");
}

export function topInitcalls(input: ChartInput): ChartBuild {
  const record = latestAnalysis(input.records, param(input.params, "kind", "appliance"), input.runsDir);
  const s = sizes(input.target);
  const count = Number(param(input.params, "n", input.target === "deck" ? "8" : "15"));
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`top-initcalls: parameter n must be a positive integer, got ${input.params.n}`);
  const initcalls = record.activities.filter((a) => a.kind === "initcall");
  if (initcalls.length === 0) {
    throw new Error(
      `analysis record ${record.id} has no initcalls: re-run \`npm run analyze\` (the appliance must boot with initcall_debug so the kernel reports them)`,
    );
  }
  const top = [...initcalls]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, count)
    .map((a) => ({ ...a, name: shortName(a.name) }));
  const total = initcalls.reduce((sum, a) => sum + a.durationMs, 0);
  const values = top.map((a) => ({
    name: a.name,
    mean: a.durationMs,
    lo: Math.max(0, a.durationMs - a.sdMs),
    hi: a.durationMs + a.sdMs,
    label: `${fmt(a.durationMs, 1)} ms`,
    description: `${a.name}: ${fmt(a.durationMs, 1)} ± ${fmt(a.sdMs, 1)} ms (${fmt(a.percent, 1)}% of the run)`,
  }));

  // Room for the value labels: hi/D·W + pad + labelWidth ≤ W for every bar.
  const nameWidth = Math.max(...top.map((a) => measureText(a.name, s.label)));
  const plotWidth = Math.max(s.width * 0.5, s.width - nameWidth);
  const pad = s.label * 0.4;
  const domainMax = Math.max(
    ...values.map((v) => (v.hi * plotWidth) / (plotWidth - pad - measureText(v.label, s.label) - 2)),
  );

  const title = `The ${top.length} slowest initcalls (of ${initcalls.length}, ${fmt(total)} ms in all)`;
  const description =
    `Bar chart of the ${top.length} longest kernel initcalls in analysis run ${record.id}, mean over ${record.passes} passes with ± 1 sd whiskers: ` +
    top.map((a) => `${a.name} ${fmt(a.durationMs, 1)} ms`).join(", ") +
    ".";
  const x = {
    field: "mean",
    type: "quantitative",
    title: "ms (mean ± sd)",
    scale: { domain: [0, domainMax], nice: false },
  };
  const y = { field: "name", type: "nominal", title: null, sort: top.map((a) => a.name) };
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title },
    description,
    width: plotWidth,
    height: { step: s.row * 1.3 },
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: "bar", color: color("teal"), cornerRadiusEnd: 2 },
        encoding: { x, description: { field: "description" } },
      },
      {
        mark: { type: "rule", color: color("fg"), strokeWidth: Math.max(1, s.stroke / 1.5) },
        encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } },
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
      columns: ["initcall", "mean (ms)", "sd (ms)", "% of run"],
      rows: top.map((a) => [a.name, a.durationMs, a.sdMs, a.percent]),
    },
    used: [record],
  };
}
