/**
 * Tables from data: `::table{data=suite-summary suite=story}` and `::table{data=longest-activities}`.
 * Each builder returns plain cells (already formatted) plus the runs it read, so the table and
 * the prose quote the same estimators on the same samples.
 */
import type { RunRecord } from "../../core/records/schema.ts";
import { describe } from "../../core/stats/describe.ts";
import { compareMedians } from "../../core/stats/resample.ts";
import {
  baselineName,
  PaperReferenceError,
  parseMetric,
  resamplesOf,
  sampleValues,
  selectAnalysis,
  selectBenchmark,
} from "./data.ts";
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
type Builder = (records: readonly RunRecord[], attrs: Attributes) => DataTable;

/**
 * Per-variant summary of one benchmark run: N, median, mean ± sd and the saving with its CI.
 * (Percentiles stay in the bench report and the distribution chart: seven columns do not fit
 * a printed page.)
 */
function suiteSummary(records: readonly RunRecord[], attrs: Attributes): DataTable {
  const record = selectBenchmark(records, { run: attrs.run, suite: attrs.suite });
  const metric = parseMetric(attrs.metric, record);
  const seed = record.options.seed;
  const resamples = resamplesOf(record);
  const stepwise = attrs.baseline === "previous";
  const firstName = record.variants[0]?.name;
  const rows = record.variants.map((variant) => {
    const values = sampleValues(variant, metric);
    if (values.length === 0) return [variant.name, "0", "–", "–", "–", "–"];
    const d = describe(values, { seed, resamples: 1 });
    let saving = ["baseline", ""];
    if (variant.name !== firstName) {
      // Each row against the record's baseline, or (baseline=previous) against the row above.
      const reference = record.variants.find((v) => v.name === baselineName(record, attrs.baseline, variant.name));
      const baseValues = reference ? sampleValues(reference, metric) : [];
      if (baseValues.length === 0) saving = ["–", "–"];
      else {
        const cmp = compareMedians(baseValues, values, { seed, resamples });
        saving = [formatMs(cmp.difference), formatMsRange(cmp.ci95)];
      }
    }
    return [variant.name, formatCount(d.n), formatMs(d.median), `${formatMs(d.mean)} ± ${formatMs(d.sd)}`, ...saving];
  });
  const baseName = stepwise ? "previous" : baselineName(record, attrs.baseline);
  // A lone variant has nothing to be compared with: leave the saving columns out.
  const single = record.variants.length < 2;
  const what = metric === "wall" ? "boot and shutdown (spawn to QEMU exit)" : "boot to the ready marker";
  return {
    columns: ["Variant", "N", "Median", "Mean ± sd", `Saving vs ${baseName}`, "95% CI"].slice(0, single ? 4 : 6),
    numeric: [false, true, true, true, true, true].slice(0, single ? 4 : 6),
    rows: single ? rows.map((r) => r.slice(0, 4)) : rows,
    defaultCaption: `Time to ${what} per variant${record.suite ? ` of the ${record.suite.name} suite` : ""}, run ${record.id}.`,
    runIds: [record.id],
  };
}

/** The longest activities of the newest (or `analysis=ID`) boot analysis, longest first. */
function longestActivities(records: readonly RunRecord[], attrs: Attributes): DataTable {
  const record = selectAnalysis(records, attrs.analysis, attrs.kind);
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
export function buildTable(records: readonly RunRecord[], attrs: Attributes): DataTable {
  const name = attrs.data;
  const builder = name ? BUILDERS[name] : undefined;
  if (!builder)
    throw new PaperReferenceError(
      name ? `unknown table data "${name}"` : "a ::table needs data=…",
      `known tables: ${TABLE_NAMES.join(", ")}`,
    );
  return builder(records, attrs);
}
