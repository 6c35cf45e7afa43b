/**
 * The original boot-analysis text timeline (print_analysis in boot-analysis-timeline.c),
 * rebuilt from a record: a vertical Gantt chart with one row per significant time (every
 * activity's start and end), a two-character column per concurrent activity (▲ starts, ▼ ends,
 * │ running), spacer rows for gaps of 1 ms or more, then the longest activities. Pure.
 */
import type { ActivityRecord, AnalysisRecord } from "../records/schema.ts";

export interface TimelineOptions {
  /** ANSI colours as in the original; the CLI turns them on only for a TTY or --colour. */
  colour?: boolean;
  /** Draw only these activities (e.g. no initcalls, for a figure that must fit a page). */
  include?: (activity: ActivityRecord) => boolean;
}

const COLOURS = { green: "\x1b[0;32m", red: "\x1b[1;31m", blue: "\x1b[1;34m", magenta: "\x1b[1;35m", reset: "\x1b[0m" };

/** A finished activity's last instant: the original drew it 1 ns before start + mean, so back-to-back activities end, then start. */
const END_NUDGE_MS = 1e-6;
const SPACER_GAP_MS = 1;

export function renderTimelineText(record: Pick<AnalysisRecord, "activities">, options: TimelineOptions = {}): string {
  const paint = (colour: keyof typeof COLOURS, text: string) =>
    options.colour ? `${COLOURS[colour]}${text}${COLOURS.reset}` : text;
  const activities = options.include ? record.activities.filter(options.include) : record.activities;
  const endOf = (a: ActivityRecord) => Math.max(a.startMs, a.startMs + a.durationMs - END_NUDGE_MS);
  const label = (a: ActivityRecord) => {
    const tone = a.warning ? "red" : "green";
    return `${paint(tone, a.name)} ${a.durationMs.toFixed(1)}ms ±${a.sdMs.toFixed(1)}ms ${paint(tone, `(${a.percent.toFixed(1)}%)`)}`;
  };

  const times = [...new Set(activities.flatMap((a) => [a.startMs, endOf(a)]))].sort((a, b) => a - b);
  const columns: Array<ActivityRecord | null> = [];
  const out: string[] = [];
  times.forEach((time, i) => {
    // Free the columns of activities that ended at an earlier row; trailing free columns go.
    for (let c = 0; c < columns.length; c++) if (columns[c] && endOf(columns[c]!) < time) columns[c] = null;
    while (columns.length && columns.at(-1) === null) columns.pop();
    const starting = activities.filter((a) => a.startMs === time);
    columns.push(...starting);
    const cells = columns
      .map((a) => (a === null ? "  " : a.startMs === time ? "▲ " : endOf(a) === time ? "▼ " : "│ "))
      .join("");
    const names = starting.map(label).join(" ");
    out.push(`${paint("blue", `${time.toFixed(1).padStart(6)}ms:`)} ${paint("magenta", cells)}${names}`.trimEnd());
    const next = times[i + 1];
    if (next !== undefined && next - time >= SPACER_GAP_MS) {
      const running = columns.map((a) => (a !== null && endOf(a) > time ? "│ " : "  ")).join("");
      out.push(`${" ".repeat(10)}${paint("magenta", running)}`.trimEnd());
    }
  });

  const longest = [...activities].sort(
    (a, b) => b.durationMs - a.durationMs || a.startMs - b.startMs || (a.name < b.name ? -1 : 1),
  );
  out.push("", "Longest activities:", "", ...longest.map(label));
  return out.join("\n") + "\n";
}
