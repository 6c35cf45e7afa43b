/**
 * A scratch copy of content/runs in which two variants of one recorded run have swapped their
 * timed boots (round by round, so the round structure pairing relies on stays valid), the run
 * re-derived by the core as the bench would have written it. For tests that ask what the
 * talk and the paper say when the data changes under them (issue 12's Done-when).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBenchmarkRecord, measuredRun } from "../../core/records/derive.ts";
import { projectPath } from "../../core/paths.ts";
import { StoredRecord } from "../../core/records/schema.ts";

/** Copies content/runs to a new temporary folder and returns its path. */
export function scratchRuns(): string {
  const dir = mkdtempSync(join(tmpdir(), "boot-talk-runs-"));
  cpSync(projectPath("content/runs"), dir, { recursive: true });
  return dir;
}

/** Swaps the timings of variants `a` and `b` in every round of the run whose id contains `runId`. */
export function swapSamples(dir: string, runId: string, a: string, b: string): string {
  const name = readdirSync(dir).find((n) => n.includes(runId) && n.endsWith(".json"));
  if (!name) throw new Error(`no record ${runId} in ${dir}`);
  const path = join(dir, name);
  const stored = StoredRecord.parse(JSON.parse(readFileSync(path, "utf8")));
  if (stored.schema === "boot-talk/analysis@1") throw new Error(`${name} is an analysis, not a benchmark`);
  const run = measuredRun(stored);
  const va = run.variants.find((v) => v.name === a);
  const vb = run.variants.find((v) => v.name === b);
  if (!va || !vb) throw new Error(`${name} has no variant ${!va ? a : b}`);
  const timings = ["ok", "failure", "exitCode", "wallMs", "markerMs", "detail"] as const;
  va.samples.forEach((sa, i) => {
    const sb = vb.samples[i]!;
    for (const key of timings) {
      const keep = sa[key];
      (sa as Record<string, unknown>)[key] = sb[key];
      (sb as Record<string, unknown>)[key] = keep;
    }
  });
  writeFileSync(path, `${JSON.stringify(buildBenchmarkRecord(run), null, 2)}\n`);
  return path;
}
