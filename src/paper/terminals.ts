/**
 * Where terminal "screenshots" get their text: the bench's own result report and the boot
 * analysis's text timeline, produced by the same functions the command-line tools print with,
 * so the image in the paper is exactly what `npm run bench` / `npm run analyze` show.
 */
import { formatBenchReport } from "../../core/format/bench-report.ts";
import { renderTimelineText } from "../../core/format/timeline-text.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { PaperReferenceError, selectAnalysis, selectBenchmark } from "./data.ts";

export interface TerminalOutput {
  text: string;
  title: string;
  /** The command shown in the window bar. */
  command: string;
  runIds: string[];
}

export type TerminalSource = (
  of: string,
  attrs: Record<string, string | undefined>,
  records: readonly RunRecord[],
) => Promise<TerminalOutput>;

export const TERMINAL_KINDS = ["bench", "timeline"];

/** The default source: the report functions the command-line tools print with (core/format). */
export const defaultTerminalSource: TerminalSource = async (of, attrs, records) => {
  if (of === "bench") {
    const record = selectBenchmark(records, { run: attrs.run, suite: attrs.suite });
    const suite = record.suite ? ` --suite ${record.suite.name}` : "";
    return {
      text: formatBenchReport(record),
      title: `Result of npm run bench${suite} (run ${record.id})`,
      command: `$ npm run bench${suite ? ` --${suite}` : ""}`,
      runIds: [record.id],
    };
  }
  if (of === "timeline") {
    const record = selectAnalysis(records, attrs.analysis ?? attrs.run, attrs.kind);
    // Initcalls (hundreds of them) have their own chart; the timeline shows the boot's stages
    // unless initcalls=true asks for everything.
    const shown =
      attrs.initcalls === "true"
        ? record
        : { ...record, activities: record.activities.filter((a) => a.kind !== "initcall") };
    return {
      text: renderTimelineText(shown),
      title: `Boot timeline from npm run analyze (run ${record.id})`,
      command: "$ npm run analyze",
      runIds: [record.id],
    };
  }
  throw new PaperReferenceError(
    of ? `unknown terminal output "${of}"` : "a ::terminal needs of=…",
    `use of=${TERMINAL_KINDS.join(" or of=")}`,
  );
};

/** Keeps the first `max` lines of text and says how many were left out. */
export function firstLines(text: string, max: number): string {
  const lines = text.replace(/\n+$/, "").split("\n");
  if (lines.length <= max) return lines.join("\n");
  return [...lines.slice(0, max), `… (${lines.length - max} more lines)`].join("\n");
}
