import { describe, expect, it } from "vitest";
import type { ActivityRecord } from "../records/schema.ts";
import { renderTimelineText } from "./timeline-text.ts";

const activity = (
  name: string,
  startMs: number,
  durationMs: number,
  extra: Partial<ActivityRecord> = {},
): ActivityRecord => ({
  name,
  stage: "kernel",
  kind: "required",
  startMs,
  durationMs,
  sdMs: 0.25,
  percent: (100 * durationMs) / 10,
  warning: (100 * durationMs) / 10 >= 1,
  passes: [],
  parent: null,
  ...extra,
});

const record = {
  activities: [
    activity("run", 0, 10, { kind: "long", warning: false }),
    activity("a", 0, 2),
    activity("b", 2, 3),
    activity("c", 3, 0.5),
    activity("d", 7, 0, { warning: false }),
  ],
};

describe("renderTimelineText", () => {
  it("draws the original's vertical timeline: ▲ ▼ │ columns, spacer rows for gaps ≥ 1 ms, then the longest activities", () => {
    expect(renderTimelineText(record)).toBe(
      [
        "   0.0ms: ▲ ▲ run 10.0ms ±0.3ms (100.0%) a 2.0ms ±0.3ms (20.0%)",
        "          │ │",
        "   2.0ms: │ ▼",
        "   2.0ms: │ ▲ b 3.0ms ±0.3ms (30.0%)",
        "          │ │",
        "   3.0ms: │ │ ▲ c 0.5ms ±0.3ms (5.0%)",
        "   3.5ms: │ │ ▼",
        "          │ │",
        "   5.0ms: │ ▼",
        "          │",
        "   7.0ms: │ ▲ d 0.0ms ±0.3ms (0.0%)",
        "          │",
        "  10.0ms: ▼",
        "",
        "Longest activities:",
        "",
        "run 10.0ms ±0.3ms (100.0%)",
        "b 3.0ms ±0.3ms (30.0%)",
        "a 2.0ms ±0.3ms (20.0%)",
        "c 0.5ms ±0.3ms (5.0%)",
        "d 0.0ms ±0.3ms (0.0%)",
        "",
      ].join("\n"),
    );
  });

  it("colours only when asked: blue times, magenta columns, red for warnings, green otherwise", () => {
    expect(renderTimelineText(record)).not.toContain("\x1b[");
    const coloured = renderTimelineText(record, { colour: true });
    expect(coloured).toContain("\x1b[1;34m   0.0ms:\x1b[0m");
    expect(coloured).toContain("\x1b[1;35m▲ ▲ \x1b[0m");
    expect(coloured).toContain("\x1b[1;31mb\x1b[0m 3.0ms ±0.3ms \x1b[1;31m(30.0%)\x1b[0m");
    expect(coloured).toContain("\x1b[0;32mrun\x1b[0m");
  });

  it("draws only the activities asked for", () => {
    const text = renderTimelineText(record, { include: (a) => a.name !== "c" && a.name !== "d" });
    expect(text).not.toMatch(/^c |▲ c |▲ d /m);
    expect(text).toContain("   2.0ms: │ ▲ b 3.0ms ±0.3ms (30.0%)");
  });

  it("does not reuse a free middle column, but trims free columns at the right", () => {
    const text = renderTimelineText({
      activities: [activity("long", 0, 10), activity("short", 0, 1), activity("late", 2, 1), activity("later", 5, 1)],
    });
    const rows = text.split("\n");
    // "short" (column 2) ended; "late" is appended at the right end after trimming → column 2 again.
    expect(rows).toContain("   2.0ms: │ ▲ late 1.0ms ±0.3ms (10.0%)");
  });
});
