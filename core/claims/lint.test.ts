import { describe, expect, it } from "vitest";
import { effectWithInterval } from "../format/comparison.ts";
import { lintBlocks, type LintBlock } from "./lint.ts";
import { findQuantities, isSupported } from "./quantities.ts";

const block = (text: string, extra: Partial<LintBlock> = {}): LintBlock => ({
  file: "doc.md",
  text,
  line: 10,
  ...extra,
});
const supports = new Map<string, string[] | null>([
  ["blog", ["1.2 s", "3–5 s"]],
  ["commit", ["40%", "3.5 s", "2.5 s", "16-byte"]],
  ["repo", null],
]);
const lint = (...blocks: LintBlock[]) => lintBlocks(blocks, supports);

describe("quantities in prose", () => {
  it("finds numbers with units and spelled-out quantities, with their values", () => {
    const found = findQuantities(
      "about one hundred and fifty milliseconds, 20 MB, between three and five seconds, one point two seconds, a sixteen-byte FIFO, hundreds of lines, 3× faster, 1,574 lines",
    );
    expect(found.map((q) => [q.text, q.values])).toEqual([
      ["one hundred and fifty milliseconds", [150]],
      ["20 MB", [20e6]],
      ["three and five seconds", [3000, 5000]],
      ["one point two seconds", [1200]],
      ["sixteen-byte", [16]],
      ["hundreds of lines", []],
      ["3×", [3]],
      ["1,574 lines", [1574]],
    ]);
  });

  it("leaves versions, years, counts and decades alone", () => {
    expect(
      findQuantities("QEMU 7.2.22, release 1.34, in 2016, one line each, two times per boot, the 1990s, x86_64"),
    ).toEqual([]);
  });

  it("matches the same quantity however it is written", () => {
    const [seconds] = findQuantities("3.5 seconds");
    expect(isSupported(seconds!, findQuantities("3.5 s"))).toBe(true);
    expect(isSupported(seconds!, findQuantities("3500 ms"))).toBe(true);
    expect(isSupported(seconds!, findQuantities("2.5 s"))).toBe(false);
  });
});

describe("the claim linter", () => {
  it("warns at the line of a number that is neither bound nor cited", () => {
    const { findings, counts } = lint(
      block("One line.\nA change that saves fifty milliseconds is invisible; :stat{suite=story field=runs} boots."),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        file: "doc.md",
        line: 11,
        rule: "unbound",
        message: expect.stringContaining('"fifty milliseconds"'),
      }),
    ]);
    expect(counts).toMatchObject({ bound: 1, unbound: 1, cited: 0 });
  });

  it("accepts a cited number its source supports and warns about one it does not", () => {
    const { findings, counts } = lint(
      block(
        "Boot fell from about 3.5 seconds to 1.2 seconds [@blog]. Quiet took 40% off, from 3.5 s to 2.5 s [@commit]. It was 3 to 5 seconds [@repo].",
      ),
    );
    expect(findings.map((f) => [f.rule, f.message.slice(0, 40)])).toEqual([
      ["unsupported", '"3.5 seconds" is cited to blog, which do'],
      ["unsupported", '"3 to 5 seconds" is cited to repo, which'],
    ]);
    expect(findings[0]!.message).toMatch(/blog: 1\.2 s, 3–5 s/);
    expect(findings[1]!.message).toMatch(/repo: nothing listed/);
    expect(counts.cited).toBe(6);
  });

  it("lints the prose in :when and :rank labels, never what :given or :assert hold", () => {
    const { findings, counts } = lint(
      block(
        ':when[it saved fifty ms]{verdict=saves suite=s variant=v}:otherwise[it did not] :given[above 10%]{why="threshold"} :assert[kernel is 80%]{analysis=latest activity=kernel field=percent gt=80}',
      ),
    );
    expect(findings.map((f) => f.message)).toEqual(['"fifty ms" is neither bound to the runs nor cited']);
    expect(counts).toMatchObject({ conditionals: 1, given: 1, assertions: 1 });
  });

  it("warns about a comparison quoted without its interval, unless the block gives it", () => {
    const bare = ":stat{suite=story variant=quiet baseline=previous field=saving-ms}";
    expect(lint(block(`Quiet saved ${bare}.`)).findings).toEqual([
      expect.objectContaining({ rule: "no-interval", line: 10 }),
    ]);
    expect(lint(block(`> ${bare} | :stat{suite=story variant=quiet baseline=previous field=saving}`)).findings).toEqual(
      [],
    );
    expect(lint(block(":verdict{suite=story variant=quiet form=short}")).findings.map((f) => f.rule)).toEqual([
      "no-interval",
    ]);
    expect(lint(block(":verdict{suite=story variant=quiet}")).counts.verdicts).toBe(1);
  });

  it("skips the confidence level, Markdown code and link targets, and uses the given line mapping", () => {
    const { findings } = lint(
      block("A 95% CI and a ninety-five percent confidence interval; `-m 256 MiB`; [see](https://x/150ms).", {
        markdown: true,
      }),
      block("joined line one and line two with 20 MB", { lineAt: (offset) => (offset < 20 ? 5 : 6) }),
    );
    expect(findings.map((f) => [f.line, f.message.slice(0, 8)])).toEqual([[6, '"20 MB" ']]);
  });
});

describe("a verdict never contradicts its own numbers", () => {
  const base = { savingMs: 206, ci95: [2.7, 488] as [number, number], pairs: 20, lowConfidence: false };
  it("says when only Holm's correction leaves an interval that excludes zero unresolved", () => {
    expect(
      effectWithInterval(
        { ...base, verdict: "no-measurable-difference", pValue: 0.03, pHolm: 0.16 },
        { family: { size: 6, kind: "step" } },
      ),
    ).toBe(
      "makes no measurable difference once corrected for the six steps (median 206\u202Fms faster, 95% CI of the saving 2.7–488\u202Fms; p = 0.03, Holm p = 0.16)",
    );
  });
  it("says when the test itself does not resolve it", () => {
    expect(effectWithInterval({ ...base, verdict: "no-measurable-difference", pValue: 0.14, pHolm: 0.43 })).toMatch(
      /, but the signed-rank test gives p = 0\.14, Holm p = 0\.43\)$/,
    );
  });
  it("says nothing more when the interval includes zero, and the low confidence when it applies", () => {
    expect(
      effectWithInterval({ ...base, ci95: [-20, 400], verdict: "no-measurable-difference", pValue: 0.2, pHolm: 0.5 }),
    ).toBe("makes no measurable difference (median 206\u202Fms faster, 95% CI of the saving −20 to 400\u202Fms)");
    expect(
      effectWithInterval({ ...base, verdict: "saves", pairs: 5, lowConfidence: true, pValue: 0.03, pHolm: 0.03 }),
    ).toMatch(/^saves 206\u202Fms \(95% CI 2\.7–488\u202Fms; low confidence: only 5 paired rounds/);
  });
});
