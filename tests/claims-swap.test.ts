/**
 * Issue 12's Done-when, through the talk's and the paper's hosts on the recorded runs: swap two
 * variants' samples in a scratch copy of content/runs (BOOT_TALK_RUNS_DIR) and build again.
 * Every sentence that ranks or judges them changes and says what the swapped data says, or the
 * build fails at the assertion that no longer holds, naming the run and its numbers; never is
 * a false sentence left standing. Checked on documents written for the purpose and on the
 * shipped talk and paper.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findComparison } from "../core/claims/lookup.ts";
import { loadRunChoice } from "../core/records/choice.ts";
import { loadRuns } from "../core/records/load.ts";
import { projectPath } from "../core/paths.ts";
import { renderPaper } from "../src/paper/render.ts";
import { buildTalk } from "../src/talk/build.ts";
import type { ChartApi } from "../src/talk/chart-api.ts";
import { chosenSuiteRunId } from "./support/chosen-run.ts";
import { scratchRuns, swapSamples } from "./support/swap-samples.ts";

// The story run the shipped documents read: the one whose samples are swapped.
const RUN = await chosenSuiteRunId("story");
const STEP = { suite: "story", baseline: "previous" };

// Charts are not what this test is about: they are drawn from the same selection (tested elsewhere).
const charts = {
  chartNames: () => ["distribution", "boot-timeline", "top-initcalls", "savings", "progress", "samples"],
  renderChart: async () => ({ svg: "<svg/>", title: "chart", description: "chart", staleWarnings: [] }),
} as unknown as ChartApi;
const renderChart = async () => ({
  svg: "<svg/>",
  title: "chart",
  description: "chart",
  sources: { runs: [], definitions: [] },
  table: { columns: [], rows: [] },
  staleWarnings: [],
});

const TALK = [
  "  SLIDE: The kernel arguments",
  "  > big: :verdict{suite=story variant=kernel-args baseline=previous form=short} | :stat{suite=story variant=kernel-args baseline=previous field=saving}",
  "",
  "The kernel arguments :verdict{suite=story variant=kernel-args baseline=previous tense=past}, and taking",
  "the NIC away :verdict{suite=story variant=no-nic baseline=previous tense=past}. The second largest resolved",
  "step is :rank[none of them]{suite=story among=steps nth=2}.",
  ":when[The NIC mattered.]{suite=story variant=no-nic baseline=previous verdict=saves}:otherwise[The NIC did not measurably matter.]",
  "",
  "  SLIDE: What the talk relies on",
  "",
  "The arguments are the fix to keep.",
  ":assert[the kernel arguments save time]{suite=story variant=kernel-args baseline=previous verdict=saves}",
  "",
].join("\n");
const TALK_ASSERT_LINE = 12;

const PAPER = [
  "The kernel arguments :verdict{suite=story variant=kernel-args baseline=previous tense=past}; the",
  "NIC :verdict{suite=story variant=no-nic baseline=previous tense=past}. The second largest resolved step is",
  ":rank[none of them]{suite=story among=steps nth=2}.",
  "",
  "| step | verdict |",
  "| --- | --- |",
  "| kernel-args | :verdict{suite=story variant=kernel-args baseline=previous form=short} |",
  "",
  "We keep the arguments.:assert{suite=story variant=kernel-args baseline=previous verdict=saves}",
  "",
].join("\n");
const PAPER_ASSERT_LINE = 9;

let original: string;
let swapped: string;
/** Every temporary folder this file makes, removed at the end. */
const temporary: string[] = [];
const saved = { runs: process.env.BOOT_TALK_RUNS_DIR, claims: process.env.BOOT_TALK_CLAIMS };

beforeAll(() => {
  original = scratchRuns();
  swapped = scratchRuns();
  swapSamples(swapped, RUN, "kernel-args", "no-nic");
  temporary.push(original, swapped);
});

afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

afterEach(() => {
  for (const [key, value] of [
    ["BOOT_TALK_RUNS_DIR", saved.runs],
    ["BOOT_TALK_CLAIMS", saved.claims],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

function using(dir: string, mode?: "warn") {
  process.env.BOOT_TALK_RUNS_DIR = dir;
  if (mode) process.env.BOOT_TALK_CLAIMS = mode;
  else delete process.env.BOOT_TALK_CLAIMS;
}

async function talk(file: string) {
  const built = await buildTalk({ root: projectPath(), file, assetPrefix: "../", charts });
  return built.slides.map((s) => `${s.html}\n${s.notesText}`).join("\n");
}

async function paper(path: string, text: string) {
  const { html } = await renderPaper(path, text, { root: projectPath(), renderChart });
  return [...html.matchAll(/<span class="claim [^"]*"[^>]*>([^<]*)<\/span>/g)].map((m) => m[1]!);
}

function scratchFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "boot-talk-claims-")), name);
  temporary.push(dirname(path));
  writeFileSync(path, text);
  return path;
}

/** What the data says about the swapped pair, straight from the core. */
async function truth(dir: string) {
  const records = await loadRuns(dir);
  const choice = loadRunChoice();
  const step = (variant: string) => findComparison(records, { ...STEP, variant }, choice).comparison;
  const steps = findComparison(records, { ...STEP, variant: "kernel-args" }, choice).family;
  // The second largest: the appliance's own kernel, the story's last step, stays the largest
  // whatever two of the stock steps swap.
  const second = steps.filter((c) => c.verdict === "saves").sort((a, b) => b.savingMs - a.savingMs)[1];
  return { args: step("kernel-args"), nic: step("no-nic"), secondLargest: second?.variant ?? "none of them" };
}

describe("swapping two variants' samples and building again (issue 12, Done when)", () => {
  it("the data really changes: the kernel arguments go from saving to costing", async () => {
    const before = await truth(original);
    const after = await truth(swapped);
    expect(before.args.verdict).toBe("saves");
    expect(after.args.verdict).toBe("costs");
    expect(after.nic.verdict).toBe("saves");
    expect(after.secondLargest).not.toBe(before.secondLargest);
  });

  it("the talk: every judging and ranking sentence changes to what the data says, or the build stops at the assertion", async () => {
    const file = scratchFile("talk.txt", TALK);
    using(original);
    const before = await talk(file);
    const was = await truth(original);
    expect(before).toContain(`The second largest resolved step is ${was.secondLargest}.`);
    expect(before).toMatch(/The kernel arguments saved \d+\u202Fms \(95% CI/);

    using(swapped);
    await expect(buildTalk({ root: projectPath(), file, assetPrefix: "../", charts })).rejects.toThrow(
      new RegExp(
        `talk\\.txt:${TALK_ASSERT_LINE}: .*assertion failed \\("the kernel arguments save time"\\): run ${RUN}: kernel-args costs \\d+\u202Fms after no-nic \\(median of 20 paired rounds, 95% CI`,
      ),
    );

    using(swapped, "warn"); // a draft: the build goes on, and says what the swapped data says
    const after = await talk(file);
    const now = await truth(swapped);
    expect(after).toMatch(/<p class="big-value">cost \d+|<p class="big-value">costs \d+/);
    expect(after).toMatch(/The kernel arguments cost \d+\u202Fms \(95% CI/);
    expect(after).toMatch(/taking the NIC away saved \d+\u202Fms \(95% CI/);
    expect(after).toContain(`The second largest resolved step is ${now.secondLargest}.`);
    expect(after).toContain("The NIC mattered.");
    for (const sentence of [
      "The kernel arguments saved",
      `The second largest resolved step is ${was.secondLargest}.`,
      "The NIC did not measurably matter.",
    ])
      expect(after).not.toContain(sentence);
  });

  it("the paper: the same, in paragraphs and table cells", async () => {
    using(original);
    const before = await paper("content/paper/swap.md", PAPER);
    expect(before[0]).toMatch(/^saved \d+/);
    using(swapped);
    await expect(renderPaper("content/paper/swap.md", PAPER, { root: projectPath(), renderChart })).rejects.toThrow(
      new RegExp(`^content/paper/swap\\.md:${PAPER_ASSERT_LINE}:\\d+: assertion failed: run ${RUN}: kernel-args costs`),
    );
    using(swapped, "warn");
    const after = await paper("content/paper/swap.md", PAPER);
    const now = await truth(swapped);
    expect(after).toEqual([
      expect.stringMatching(/^cost \d+\u202Fms \(95% CI/),
      expect.stringMatching(/^saved \d+\u202Fms \(95% CI/),
      now.secondLargest,
      expect.stringMatching(/^costs \d+\u202Fms$/),
    ]);
    after.forEach((sentence, i) => expect(sentence).not.toBe(before[i]));
  });

  it("the shipped talk and paper build on the recorded runs and stop at their assertion on the swapped ones", async () => {
    const talkFile = "content/talk/talk.txt";
    const paperFile = "content/paper/paper.md";
    const paperText = readFileSync(projectPath(paperFile), "utf8");
    const lineOf = (text: string) =>
      text.split("\n").findIndex((l) => l.includes(":assert[the kernel arguments save measurable time]")) + 1;
    using(original);
    await talk(talkFile);
    await paper(paperFile, paperText);
    using(swapped);
    await expect(buildTalk({ root: projectPath(), file: talkFile, assetPrefix: "../", charts })).rejects.toThrow(
      new RegExp(
        `talk\\.txt:${lineOf(readFileSync(projectPath(talkFile), "utf8"))}: .*assertion failed .*run ${RUN}: kernel-args costs`,
      ),
    );
    await expect(renderPaper(paperFile, paperText, { root: projectPath(), renderChart })).rejects.toThrow(
      new RegExp(
        `^content/paper/paper\\.md:${lineOf(paperText)}:\\d+: assertion failed .*run ${RUN}: kernel-args costs`,
      ),
    );
  });
});
