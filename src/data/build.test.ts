/**
 * The whole build refuses a tampered record: `astro build` with BOOT_TALK_RUNS_DIR pointing at a
 * copy of the committed runs in which one stored median was edited fails, naming the file, the
 * field and the fix (the loader-level cases are in data.test.ts). Writes to a temporary outDir.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { projectPath } from "../../core/paths.ts";

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("astro build", () => {
  it("fails on a record whose stored median was edited, naming file and field", async () => {
    const runs = mkdtempSync(join(tmpdir(), "bt-astro-runs-"));
    const out = mkdtempSync(join(tmpdir(), "bt-astro-out-"));
    temporary.push(runs, out);
    cpSync(projectPath("content/runs"), runs, { recursive: true });
    const file = join(runs, "2026-11-25T195617Z-story-0ad8b5.json");
    const record = JSON.parse(readFileSync(file, "utf8"));
    record.variants[0].summary.marker.median = 99;
    writeFileSync(file, JSON.stringify(record, null, 2));
    const astro = projectPath("node_modules/astro/bin/astro.mjs");
    const result = await execa(process.execPath, [astro, "build", "--outDir", out], {
      cwd: projectPath(),
      env: { BOOT_TALK_RUNS_DIR: runs },
      reject: false,
      all: true,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain(
      `${file}: field variants[0].summary.marker.median: stored 99, but the raw samples give 3935.73`,
    );
    expect(result.all).toMatch(/fix: records are written by npm run bench/);
  });
});
