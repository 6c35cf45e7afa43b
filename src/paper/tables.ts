/**
 * Tables from data: `::table{data=suite-summary suite=story}` and `::table{data=longest-activities}`.
 * Each builder returns plain cells (already formatted) plus the runs it read, so the table and
 * the prose quote the same estimators on the same samples.
 */
import type { RunChoice } from "../../core/records/choice.ts";
import { comparisonOf } from "../../core/records/compare.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { isDerivedPair, noComparison } from "../../core/claims/lookup.ts";
import { baselineName, PaperReferenceError, parseMetric, selectAnalysis, selectBenchmark } from "./data.ts";
import { formatCount, formatMs, formatMsRange, formatPercent } from "../../core/format/numbers.ts";

export interface DataTable {
  columns: string[];
  /** True for columns that hold numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
  /** A caption used when the author gives none. */
  defaultCaption: string;
  runIds: string[];
}

type Attributes = Record<string, string | undefined>;
type Builder = (records: readonly RunRecord[], attrs: Attributes, choice?: RunChoice) => DataTable;

/**
 * A verdict as a table cell, short enough for a printed column: "saves", "costs", or "unclear"
 * (no measurable difference). Low confidence (fewer than 10 pairs) comes from a run below the
 * quality gate, which the table's caption notes (src/plugins/remark-paper.ts).
 */
function verdictCell(verdict: string): string {
  return verdict === "no-measurable-difference" ? "unclear" : verdict;
}

/**
 * Per-variant summary of one benchmark run: N, median, mean ± sd, and the saving — the median
 * of the per-round paired differences — with its CI and verdict, as derived when the records
 * loaded (a table computes nothing: core/records/compare.ts comparisonOf). Savings exist on the
 * run's primary metric only, so a table of another metric shows its medians without them.
 * (Percentiles stay in the bench report and the distribution chart: more columns do not fit a
 * printed page.)
 */
function suiteSummary(records: readonly RunRecord[], attrs: Attributes, choice?: RunChoice): DataTable {
  const record = selectBenchmark(records, { run: attrs.run, suite: attrs.suite }, choice);
  const metric = parseMetric(attrs.metric, record);
  const stepwise = attrs.baseline === "previous";
  const firstName = record.variants[0]?.name;
  // A lone variant has nothing to be compared with, and other metrics are not compared: leave the saving columns out.
  const single = record.variants.length < 2 || metric !== record.primaryMetric;
  const rows = record.variants.map((variant) => {
    const d = variant.summary[metric];
    if (!d) return [variant.name, "0", "–", "–", "–", "–", "–"];
    let saving = ["baseline", "", ""];
    // Each row against the record's baseline, or (baseline=previous) against the row above.
    const reference = variant.name === firstName ? variant.name : baselineName(record, attrs.baseline, variant.name);
    if (reference !== variant.name && !single) {
      const c = comparisonOf(record, reference, variant.name, metric, stepwise ? "step" : "total");
      if (!c && !isDerivedPair(record, reference, variant.name, metric))
        throw noComparison(record, reference, variant.name, metric);
      saving = c ? [formatMs(c.savingMs), formatMsRange(c.ci95), verdictCell(c.verdict)] : ["–", "–", "–"];
    }
    return [variant.name, formatCount(d.n), formatMs(d.median), `${formatMs(d.mean)} ± ${formatMs(d.sd)}`, ...saving];
  });
  const baseName = stepwise ? "previous" : baselineName(record, attrs.baseline);
  const what = metric === "wall" ? "boot and shutdown (spawn to QEMU exit)" : "boot to the ready marker";
  const columns = ["Variant", "N", "Median", "Mean ± sd", `Saving vs ${baseName}`, "95% CI", "Verdict"];
  return {
    columns: columns.slice(0, single ? 4 : 7),
    numeric: [false, true, true, true, true, true, false].slice(0, single ? 4 : 7),
    rows: single ? rows.map((r) => r.slice(0, 4)) : rows,
    defaultCaption: `Time to ${what} per variant${record.suite ? ` of the ${record.suite.name} suite` : ""}, run ${record.id}.`,
    runIds: [record.id],
  };
}

/** The longest activities of the newest (or `analysis=ID`) boot analysis, longest first. */
function longestActivities(records: readonly RunRecord[], attrs: Attributes, choice?: RunChoice): DataTable {
  const record = selectAnalysis(records, attrs.analysis, attrs.kind, choice);
  const limit = attrs.limit === undefined ? 8 : Number(attrs.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new PaperReferenceError(`limit=${attrs.limit} is not a positive whole number`, "write e.g. limit=8");
  // The whole run (100 % by definition) says nothing about where the time goes.
  const parts = record.activities.filter((a) => a.percent < 99.5);
  const top = [...parts].sort((a, b) => b.durationMs - a.durationMs).slice(0, limit);
  return {
    columns: ["Activity", "Stage", "Starts at", "Duration ± sd", "Share of boot"],
    numeric: [false, false, true, true, true],
    rows: top.map((a) => [
      a.name,
      a.stage,
      formatMs(a.startMs),
      `${formatMs(a.durationMs)} ± ${formatMs(a.sdMs)}`,
      formatPercent(a.percent),
    ]),
    defaultCaption: `The ${top.length} longest activities of a boot, mean over ${record.passes} analysis passes (run ${record.id}).`,
    runIds: [record.id],
  };
}

const BUILDERS: Record<string, Builder> = {
  "suite-summary": suiteSummary,
  "longest-activities": longestActivities,
};

export const TABLE_NAMES = Object.keys(BUILDERS);

/** Builds the table a `::table{data=…}` directive names. */
export function buildTable(records: readonly RunRecord[], attrs: Attributes, choice?: RunChoice): DataTable {
  const name = attrs.data;
  const builder = name ? BUILDERS[name] : undefined;
  if (!builder)
    throw new PaperReferenceError(
      name ? `unknown table data "${name}"` : "a ::table needs data=…",
      `known tables: ${TABLE_NAMES.join(", ")}`,
    );
  return builder(records, attrs, choice);
}
