/**
 * Boot timeline: a Gantt chart of the boot-analysis activities of the latest appliance
 * analysis. Stage extents (qemu, firmware, kernel, …) form the top lanes; activities are packed
 * into as few rows as fit without overlap — counting each label's measured width, so labels
 * never run into the next bar. Each label carries mean ± sd; activities the analysis flagged
 * (≥ 1% of the run, not a "long" span) are outlined and labelled in the warning colour.
 */
import type { TopLevelSpec } from "vega-lite";
import { stageExtents } from "../../../core/claims/stages.ts";
import type { ActivityRecord } from "../../../core/records/schema.ts";
import { latestAnalysis } from "../../data/runs.ts";
import { measureText } from "../fonts.ts";
import { color, sizes, STAGE_COLOR, STAGES } from "../theme.ts";
import { fmt, ms, param, type ChartBuild, type ChartInput } from "./common.ts";

const MAX_ACTIVITIES = 40;
/** A slide shows the stage lanes and the few longest activities, with large labels. */
const DECK_ACTIVITIES = 6;

interface Placed {
  row: number;
  labelPos: "inside" | "right" | "left";
}

/** Greedy interval packing (first row whose last occupied pixel ends before this one starts). */
export function packRows(spans: Array<{ from: number; to: number }>, gap: number): number[] {
  const rowEnds: number[] = [];
  return spans.map(({ from, to }) => {
    let row = rowEnds.findIndex((end) => end + gap <= from);
    if (row < 0) row = rowEnds.push(to) - 1;
    else rowEnds[row] = to;
    return row;
  });
}

export function bootTimeline(input: ChartInput): ChartBuild {
  const record = latestAnalysis(input.records, param(input.params, "kind", "appliance"), input.runsDir);
  const s = sizes(input.target);
  const width = s.width;
  let activities = record.activities.filter((a) => a.kind !== "initcall" && a.durationMs > 0);
  if (activities.length === 0)
    throw new Error(`analysis record ${record.id} has no activities to draw; re-run \`npm run analyze\``);
  // Layout for slides: the stage lanes come from every activity; the rows show only the longest
  // ones that are not "long" container spans (the run, the kernel, /init: the lanes show those).
  const deck = input.target === "deck";
  const lanesFrom = activities;
  if (deck) activities = activities.filter((a) => a.kind !== "long");
  const limit = deck ? DECK_ACTIVITIES : MAX_ACTIVITIES;
  if (activities.length > limit)
    activities = [...activities].sort((a, b) => b.durationMs - a.durationMs).slice(0, limit);
  activities = [...activities].sort((a, b) => a.startMs - b.startMs || b.durationMs - a.durationMs);

  const end = Math.max(record.run.meanMs, ...lanesFrom.map((a) => a.startMs + a.durationMs));
  const pxPerMs = width / end;
  const pad = s.label * 0.4;
  const digits = (x: number) => (Math.abs(x) < 10 ? 1 : 0);
  const label = (a: ActivityRecord) =>
    deck
      ? `${a.name} ${fmt(a.durationMs, digits(a.durationMs))} ms`
      : `${a.name} ${fmt(a.durationMs, digits(a.durationMs))} ± ${fmt(a.sdMs, digits(a.sdMs))} ms`;

  // Decide where each label goes, then pack bar+label extents into rows.
  const place = (startMs: number, durationMs: number, text: string, weight: number) => {
    const x0 = startMs * pxPerMs;
    const x1 = (startMs + durationMs) * pxPerMs;
    const w = measureText(text, s.label, weight);
    const labelPos: Placed["labelPos"] = w + 2 * pad <= x1 - x0 ? "inside" : x1 + pad + w <= width ? "right" : "left";
    return { labelPos, from: labelPos === "left" ? x0 - pad - w : x0, to: labelPos === "right" ? x1 + pad + w : x1 };
  };
  const layout = activities.map((a) => ({ a, ...place(a.startMs, a.durationMs, label(a), a.warning ? 600 : 400) }));
  const rows = packRows(layout, pad);

  // Stage lanes: one span per stage present, packed the same way (kernel contains initcalls). The
  // boot's stages are the core's (core/claims/stages.ts), the extents a :stat{stage=…} quotes.
  const stageOf = (a: ActivityRecord) => (STAGES.includes(a.stage as never) ? a.stage : "other");
  const others = lanesFrom.filter((a) => stageOf(a) === "other");
  const extents = [
    ...stageExtents(record),
    // On a slide the "other" lane (the whole run) repeats the title's total: left out.
    ...(deck || others.length === 0
      ? []
      : [
          {
            stage: "other",
            startMs: Math.min(...others.map((a) => a.startMs)),
            endMs: Math.max(...others.map((a) => a.startMs + a.durationMs)),
          },
        ]),
  ];
  const stageSpans = extents.map(({ stage, startMs, endMs }) => ({
    stage,
    startMs,
    endMs,
    ...place(startMs, endMs - startMs, stage, 600),
  }));
  const stageRows = packRows(stageSpans, pad);
  const stageLanes = Math.max(0, ...stageRows) + 1;

  const stageValues = stageSpans.map((x, i) => ({
    lane: `stage-${stageRows[i]}`,
    stage: x.stage,
    start: x.startMs,
    end: x.endMs,
    text: x.stage,
    labelPos: x.labelPos,
    warning: false,
    emphasis: true,
    description: `stage ${x.stage}: ${fmt(x.startMs)}–${fmt(x.endMs)} ms`,
  }));
  const barValues = layout.map(({ a, labelPos }, i) => ({
    lane: `row-${rows[i]}`,
    name: a.name,
    stage: stageOf(a),
    start: a.startMs,
    end: a.startMs + a.durationMs,
    text: label(a),
    labelPos,
    warning: a.warning,
    emphasis: a.warning,
    description: `${a.name} (${a.stage}): starts at ${ms(a.startMs)}, takes ${fmt(a.durationMs, 1)} ± ${fmt(a.sdMs, 1)} ms, ${fmt(a.percent, 1)}% of the run${a.warning ? "; flagged: ≥ 1% of boot time" : ""}`,
  }));
  const lanes = [
    ...Array.from({ length: stageLanes }, (_, i) => `stage-${i}`),
    ...Array.from({ length: Math.max(...rows) + 1 }, (_, i) => `row-${i}`),
  ];

  const xScale = { domain: [0, end], nice: false, zero: true };
  const y = {
    field: "lane",
    type: "ordinal" as const,
    axis: null,
    sort: lanes,
    scale: { domain: lanes, paddingInner: 0.25, paddingOuter: 0.1 },
  };
  const stageColor = {
    field: "stage",
    type: "nominal" as const,
    scale: { domain: [...STAGES], range: STAGES.map((st) => color(STAGE_COLOR[st])) },
    legend: null,
  };
  const textLayer = (
    data: string,
    pos: Placed["labelPos"],
    align: "left" | "right",
    field: "start" | "end",
    dx: number,
  ) => ({
    data: { name: data },
    transform: [{ filter: `datum.labelPos === '${pos}'` }],
    mark: { type: "text" as const, align, baseline: "middle" as const, dx, fontSize: s.label },
    encoding: {
      x: { field, type: "quantitative" as const, scale: xScale },
      y,
      text: { field: "text" },
      color: { condition: { test: "datum.warning", value: color("warn") }, value: color("fg") },
      fontWeight: { condition: { test: "datum.emphasis", value: 600 }, value: 400 },
    },
  });

  const title = `Where the boot time goes: ${fmt(record.run.meanMs)} ± ${fmt(record.run.sdMs)} ms`;
  const warned = activities.filter((a) => a.warning);
  const description =
    `Gantt chart of ${activities.length} boot activities of analysis run ${record.id} (${record.passes} passes). ` +
    `The whole run took ${fmt(record.run.meanMs)} ± ${fmt(record.run.sdMs)} ms. Stages: ` +
    stageSpans.map((x) => `${x.stage} ${fmt(x.startMs)}–${fmt(x.endMs)} ms`).join(", ") +
    ". " +
    (warned.length
      ? `Flagged (≥ 1% of boot time): ${warned.map((a) => `${a.name} ${fmt(a.durationMs)} ms`).join(", ")}.`
      : "No activity was flagged.");

  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: title,
      subtitle: deck
        ? `Mean of ${record.passes} passes; the ${activities.length} longest steps; red: 1% of the boot or more`
        : `Mean of ${record.passes} passes; outlined in red: activities taking 1% or more of the boot`,
    },
    description,
    width,
    height: { step: s.row },
    datasets: { stages: stageValues, bars: barValues },
    data: { name: "bars" },
    layer: [
      {
        data: { name: "stages" },
        mark: { type: "bar", fillOpacity: 0.5, strokeWidth: 1, cornerRadius: 2 },
        encoding: {
          x: {
            field: "start",
            type: "quantitative",
            scale: xScale,
            title: "ms after QEMU started",
            axis: { grid: true, orient: "bottom" },
          },
          x2: { field: "end" },
          y,
          color: stageColor,
          stroke: stageColor,
          description: { field: "description" },
        },
      },
      {
        mark: { type: "bar", fillOpacity: 0.28, cornerRadius: 2 },
        encoding: {
          x: { field: "start", type: "quantitative", scale: xScale },
          x2: { field: "end" },
          y,
          color: stageColor,
          stroke: {
            condition: { test: "datum.warning", value: color("warn") },
            field: "stage",
            type: "nominal",
            scale: { domain: [...STAGES], range: STAGES.map((st) => color(STAGE_COLOR[st])) },
            legend: null,
          },
          strokeWidth: { condition: { test: "datum.warning", value: Math.max(2, s.stroke * 1.2) }, value: 1 },
          description: { field: "description" },
        },
      },
      ...["stages", "bars"].flatMap((d) => [
        textLayer(d, "inside", "left", "start", pad),
        textLayer(d, "right", "left", "end", pad),
        textLayer(d, "left", "right", "start", -pad),
      ]),
    ],
  } as unknown as TopLevelSpec;

  return {
    spec,
    title,
    description,
    table: {
      columns: ["activity", "stage", "kind", "start (ms)", "duration (ms)", "sd (ms)", "% of run", "flagged"],
      rows: activities.map((a) => [
        a.name,
        a.stage,
        a.kind,
        Number(fmt(a.startMs, 1).replace(/,/g, "")),
        a.durationMs,
        a.sdMs,
        a.percent,
        a.warning ? "yes" : "",
      ]),
    },
    used: [record],
  };
}
