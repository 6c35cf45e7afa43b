import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_CHOICE } from "../records/choice.ts";
import { formatRatio } from "../format/numbers.ts";
import { analysisFixture, rounds, suiteRecord } from "./fixtures.ts";
import { resolveStat } from "./stat.ts";

const GATE = { ...DEFAULT_RUN_CHOICE, minimumTimedBoots: 1, minimumAnalysisPasses: 1 };
const story = suiteRecord({ baseline: rounds(3000), quiet: rounds(2600) });

describe(":stat field=ratio", () => {
  it("is the variant's median over its baseline's, on the run's metric", () => {
    const quoted = resolveStat([story], { suite: "story", variant: "quiet", field: "ratio" }, { choice: GATE });
    const marker = (name: string) => story.variants.find((v) => v.name === name)!.summary.marker!.median;
    expect(quoted.value).toBeCloseTo(marker("quiet") / marker("baseline"), 12);
    expect(quoted.text).toBe(formatRatio(quoted.value!));
    expect(quoted.runIds).toEqual([story.id]);
  });

  it("is written to two significant digits below 1 and two decimals above", () => {
    expect(formatRatio(0.05183)).toBe("0.052\u00d7");
    expect(formatRatio(0.2897)).toBe("0.29\u00d7");
    expect(formatRatio(1.3449)).toBe("1.34\u00d7");
  });
});

describe(":stat field=lines", () => {
  const passes = (lines: number[], status: "ok" | "damaged" = "ok") =>
    lines.map((n, pass) => ({ pass, status, wallMs: 3000, lines: n, failure: null, damage: [] }));

  it("is the median console lines of the passes that were not damaged or failed", () => {
    const analysis = { ...analysisFixture(), passResults: [...passes([1573, 1574, 1573]), ...passes([12], "damaged")] };
    const quoted = resolveStat([analysis], { analysis: "latest", field: "lines" }, { choice: GATE });
    expect(quoted).toMatchObject({ text: "1,573", value: 1573 });
  });

  it("says which run has no line counts and what to do", () => {
    expect(() => resolveStat([analysisFixture()], { analysis: "latest", field: "lines" }, { choice: GATE })).toThrow(
      /analysis run 2026-11-25T130000Z-analysis-appliance-bbbbbb records no line counts of its passes/,
    );
  });
});
