import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_CHOICE, parseRunChoice } from "./choice.ts";
import { comparability, describeMix } from "./comparability.ts";
import { buildBenchmarkRecord, measuredRun } from "./derive.ts";
import { loadRuns } from "./load.ts";
import type { BenchmarkRecord, RunRecord } from "./schema.ts";
import { analysisKind, chooseAnalysisRun, chooseSuiteRun, chosenRuns, qualityNotes, SelectionError } from "./select.ts";

const GOOD = "2026-11-25T195617Z-story-0ad8b5";
// The runs recorded up to 2026-11-25, which never change: a new recording must not change what
// these tests choose from.
const records = (await loadRuns()).filter((r) => r.createdAt < "2026-11-26");
const story = records.find((r): r is BenchmarkRecord => r.id === GOOD && r.schema === "boot-talk/benchmark@2")!;

/** A newer, noisy run of the story suite: 3 timed rounds on a busy host (made from the 20-round run). */
function noisyRun(): BenchmarkRecord {
  const run = measuredRun(story);
  const rounds = story.options.warmup + 3;
  return buildBenchmarkRecord({
    ...run,
    id: "2026-11-26T090000Z-story-b0b0b0",
    createdAt: "2026-11-26T09:00:00.000Z",
    hostLoad: { start: [6.2, 4, 2], end: [7.9, 5, 3] },
    options: { ...run.options, runs: 3 },
    variants: run.variants.map((v) => ({
      ...v,
      samples: v.samples.filter((s) => s.sequence < rounds * run.variants.length),
    })),
  });
}

describe("the default choice of run", () => {
  it("never uses a 3-boot run on a busy host silently: it keeps the 20-boot run and says why", () => {
    const noisy = noisyRun();
    const chosen = chooseSuiteRun([...records, noisy], "story");
    expect(chosen.record.id).toBe(GOOD);
    expect(chosen.reason).toBe("newest-passing");
    expect(chosen.notes).toEqual([]);
    expect(chosen.passedOver).toEqual([
      {
        id: noisy.id,
        notes: [
          expect.objectContaining({
            code: "few-timed-boots",
            message: `run ${noisy.id} has only 3 successful timed boots in some variant (minimum 10)`,
          }),
          expect.objectContaining({
            code: "busy-host",
            message: `run ${noisy.id} ran on a busy host (1-minute load average up to 7.9 on 2 cores)`,
          }),
        ],
      },
    ]);
  });

  it("uses a run below the gate when nothing better exists, with its notes", () => {
    const noisy = noisyRun();
    const chosen = chooseSuiteRun([noisy], "story");
    expect(chosen).toMatchObject({ reason: "newest-complete", record: { id: noisy.id } });
    expect(chosen.notes.map((n) => n.code)).toEqual(["few-timed-boots", "busy-host"]);
  });

  it("honours a pin, and still says what is wrong with the pinned run", () => {
    const noisy = noisyRun();
    const choice = { ...DEFAULT_RUN_CHOICE, suites: { story: noisy.id } };
    const chosen = chooseSuiteRun([...records, noisy], "story", { choice });
    expect(chosen).toMatchObject({ reason: "pinned", record: { id: noisy.id } });
    expect(chosen.notes).toHaveLength(2);
    const older = chooseSuiteRun(records, "story", {
      choice: { ...DEFAULT_RUN_CHOICE, suites: { story: "2026-11-25T194110Z-story-f21f3e" } },
    });
    expect(older.record.id).toBe("2026-11-25T194110Z-story-f21f3e");
  });

  it("fails on a pin that names no run of its suite, at the file and field", () => {
    const choice = { ...DEFAULT_RUN_CHOICE, suites: { story: "2026-11-25T200332Z-kernel-args-9e2150" } };
    let error: unknown;
    try {
      chooseSuiteRun(records, "story", { choice });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectionError);
    expect((error as Error).message).toMatch(
      /content\/runs-chosen\.json: field suites\.story: pins run 2026-11-25T200332Z-kernel-args-9e2150, which is not a recorded run of suite "story"/,
    );
    expect((error as SelectionError).hint).toMatch(/recorded runs of story: .*2026-11-25T195617Z-story-0ad8b5/);
  });

  it("keeps analyses of boot-talk's own kernel apart from the distribution kernel's", () => {
    const stock = records.find(
      (r): r is Extract<RunRecord, { schema: "boot-talk/analysis@1" }> =>
        r.schema === "boot-talk/analysis@1" && r.target.kind === "appliance",
    )!;
    const build = {
      sourcePackage: "linux-source-6.1",
      sourceVersion: "6.1.192-3",
      configSha256: "c".repeat(64),
      fragments: [],
    };
    const custom = (config: string) => ({
      ...stock,
      id: `2027-01-01T000000Z-analysis-appliance-${config}`,
      target: {
        ...stock.target,
        appliance: {
          ...stock.target.appliance!,
          kernel: { ...stock.target.appliance!.kernel, build: { ...build, config } },
        },
      },
    });
    expect(analysisKind(stock)).toBe("appliance");
    expect(analysisKind(custom("appliance"))).toBe("appliance:custom");
    expect(analysisKind(custom("with-mitigations"))).toBe("appliance:custom:with-mitigations");
    // A newer analysis of the custom kernel does not become the stock timeline.
    const all = [...records, custom("appliance")];
    expect(chooseAnalysisRun(all, "appliance").record.id).toBe(chooseAnalysisRun(records, "appliance").record.id);
    expect(chooseAnalysisRun(all, "appliance:custom").record.id).toBe(
      "2027-01-01T000000Z-analysis-appliance-appliance",
    );
    expect(
      parseRunChoice('{"analyses": {"appliance:custom": "2027-01-01T000000Z-analysis-appliance-x"}}', "c.json")
        .analyses,
    ).toEqual({
      "appliance:custom": "2027-01-01T000000Z-analysis-appliance-x",
    });
  });

  it("flags analyses with too few passes, and lists every default choice at once", () => {
    const exec = chooseAnalysisRun(records, "exec");
    expect(exec.notes.map((n) => n.code)).toEqual(["few-passes"]);
    expect(qualityNotes(story)).toEqual([]);
    const all = chosenRuns(records);
    expect([...all.keys()]).toEqual([
      "suite:kernel-args",
      "suite:machines",
      "suite:story",
      "analysis:appliance",
      "analysis:exec",
    ]);
    expect(all.get("suite:story")!.record.id).toBe(GOOD);
    // What a new record would change: the choice with it, against the choice without it.
    const withNew = chosenRuns([...records, noisyRun()]);
    expect([...withNew].filter(([key, c]) => all.get(key)!.record.id !== c.record.id)).toEqual([]);
  });
});

describe("content/runs-chosen.json", () => {
  it("is read with defaults, and bad fields are named with their line", () => {
    expect(parseRunChoice("{}", "c.json")).toEqual(DEFAULT_RUN_CHOICE);
    expect(() => parseRunChoice('{\n  "suites": {\n    "story": "latest"\n  }\n}', "c.json")).toThrow(
      /^c\.json: line 3, field suites\.story: is not a run id/,
    );
    expect(() => parseRunChoice('{ "minimumBoots": 3 }', "c.json")).toThrow(
      /field \(root\): unknown field\(s\) "minimumBoots"/,
    );
    expect(() => parseRunChoice("{", "c.json")).toThrow(/c\.json: not valid JSON/);
  });
});

describe("comparability of the runs one document uses", () => {
  it("reports a mix of QEMU versions and which figure comes from which", () => {
    const other: RunRecord = {
      ...story,
      id: "2026-11-27T100000Z-story-c0c0c0",
      qemu: { path: "/usr/bin/qemu-system-x86_64", version: "QEMU emulator version 9.2.0" },
    };
    const uses = [
      { what: "Figure 1", runId: story.id },
      { what: "Table 2", runId: other.id },
    ];
    const mixes = comparability(uses, [story, other]);
    expect(mixes.map((m) => m.dimension)).toEqual(["QEMU"]);
    expect(describeMix(mixes[0]!)).toBe(
      `QEMU differs: ${story.qemu!.version} (run ${story.id}: Figure 1); QEMU emulator version 9.2.0 (run ${other.id}: Table 2)`,
    );
    expect(
      comparability(
        [
          { what: "Figure 1", runId: story.id },
          { what: "Figure 2", runId: story.id },
        ],
        [story],
      ),
    ).toEqual([]);
  });
});
