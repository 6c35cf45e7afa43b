import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chosenSuiteRunId } from "../../tests/support/chosen-run.ts";
import { scratchRuns, swapSamples } from "../../tests/support/swap-samples.ts";
import { reportAffectedFigures } from "./affected.ts";

const saved = process.env.BOOT_TALK_RUNS_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.BOOT_TALK_RUNS_DIR;
  else process.env.BOOT_TALK_RUNS_DIR = saved;
});

// The story run the shipped documents read, and a newer one made from it.
const RUN = await chosenSuiteRunId("story");
const NEWER = "2099-01-01T090000Z-story-123abc";

/** A newer story run in a scratch runs folder: the recorded one with two variants' samples swapped. */
function newerStoryRun(): { dir: string; path: string } {
  const dir = scratchRuns();
  const swapped = swapSamples(scratchRuns(), RUN, "kernel-args", "no-nic");
  const record = JSON.parse(readFileSync(swapped, "utf8"));
  record.id = NEWER;
  record.createdAt = "2099-01-01T09:00:00.000Z";
  const path = join(dir, `${record.id}.json`);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  return { dir, path };
}

describe("the end of npm run bench: what the new record changes", () => {
  it("lists the talk's and the paper's figures and claims it changes, and the assertion it breaks", async () => {
    const { dir, path } = newerStoryRun();
    process.env.BOOT_TALK_RUNS_DIR = dir;
    let out = "";
    await reportAffectedFigures(path, (t) => (out += t));
    expect(out).toMatch(new RegExp(`^On the next build, run ${NEWER} changes \\d+ places in the talk and the paper:`));
    expect(out).toMatch(
      new RegExp(
        `content/talk/talk\\.txt:\\d+: > chart: savings suite=story\n {6}was: run ${RUN}\n {6}now: run ${NEWER}`,
      ),
    );
    expect(out).toMatch(
      /content\/talk\/talk\.txt:\d+: :verdict\{suite=story variant=kernel-args baseline=previous tense=past\}\n {6}was: saved ([\d,]+)\u202Fms \(95% CI [\d,]+–[\d,]+\u202Fms\)\n {6}now: cost \1\u202Fms/,
    );
    expect(out).toMatch(
      /content\/paper\/paper\.md:\d+: :assert\[the kernel arguments save measurable time\][^\n]*\n {6}was: the assertion holds\n {6}now: the build stops: assertion failed/,
    );
  });

  it("says so when the record is outside the runs folder, and never throws", async () => {
    const { path } = newerStoryRun();
    process.env.BOOT_TALK_RUNS_DIR = scratchRuns();
    let out = "";
    await reportAffectedFigures(path, (t) => (out += t));
    expect(out).toMatch(/is outside .*, so the next build does not use it/);
    out = "";
    process.env.BOOT_TALK_RUNS_DIR = "/nonexistent/runs";
    await reportAffectedFigures("/nonexistent/runs/x.json", (t) => (out += t));
    expect(out).toMatch(/^Could not tell which figures/);
  });
});
