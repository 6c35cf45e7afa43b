import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { canonicalJson, sha256 } from "../../core/hash.ts";
import type { BenchmarkRecord, RunRecord } from "../../core/records/schema.ts";
import { FIXTURE_SUITE, fixtureRecords } from "../charts/fixtures/generate.ts";
import { projectRoot } from "../../core/paths.ts";
import {
  benchmarkById,
  clearRunsCache,
  latestAnalysis,
  loadRuns,
  latestSuiteRun,
  MissingDataError,
  recordedSuites,
  suiteHistory,
} from "./runs.ts";
import { currentAppliance, definitionFiles, staleWarnings } from "./stale.ts";

const records = fixtureRecords();
const benches = records.filter((r): r is BenchmarkRecord => r.schema === "boot-talk/benchmark@2");

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe("selectors", () => {
  it("finds the project root and its runs folder", () => {
    expect(JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")).name).toBe("boot-talk");
  });

  it("picks the newest complete run of a suite, skipping a newer partial one", () => {
    const partial = {
      ...copy(benches[0]!),
      id: "2027-01-01T000000Z-partial",
      createdAt: "2027-01-01T00:00:00.000Z",
      status: "partial" as const,
    };
    const all: RunRecord[] = [...records, partial];
    expect(latestSuiteRun(all, FIXTURE_SUITE).id).toBe("2026-01-24T120000Z-fixture-story-000002");
    expect(suiteHistory(all, FIXTURE_SUITE).map((r) => r.createdAt)).toEqual(
      [...suiteHistory(all, FIXTURE_SUITE).map((r) => r.createdAt)].sort(),
    );
    expect(benchmarkById(all, "latest").id).toBe("2026-01-24T120000Z-fixture-story-000002");
    expect(recordedSuites(all)).toEqual([FIXTURE_SUITE]);
  });

  it("throws MissingDataError naming the command to run", () => {
    expect(() => latestAnalysis([], "appliance", "content/runs")).toThrow(MissingDataError);
    expect(() => latestAnalysis([], "appliance", "content/runs")).toThrow(/npm run analyze/);
    expect(() => latestSuiteRun(records, "story", "content/runs")).toThrow(/npm run bench -- --suite story/);
    expect(() => benchmarkById([], "latest")).toThrow(/npm run bench/);
  });
});

describe("stale detection", () => {
  it("accepts a suite hashed as canonical JSON (how npm run bench records it)", () => {
    const record = copy(benches[0]!);
    const file = join(projectRoot(), record.suite!.file);
    record.suite!.sha256 = sha256(canonicalJson(JSON.parse(readFileSync(file, "utf8"))));
    expect(staleWarnings([record])).toEqual([]);
  });

  it("names a vanished definition file", () => {
    const record = copy(benches[0]!);
    record.suite!.file = "content/benchmarks/no-such-suite.json";
    expect(staleWarnings([record])[0]).toMatch(/definition content\/benchmarks\/no-such-suite\.json no longer exists/);
  });

  it("takes the newest run's appliance as current", () => {
    const newer = { ...copy(benches[2]!), id: "2027-02-01T000000Z-newer", createdAt: "2027-02-01T00:00:00.000Z" };
    for (const v of newer.variants)
      v.appliance = { ...v.appliance!, kernel: { ...v.appliance!.kernel, sha256: "1".repeat(64) } };
    const all: RunRecord[] = [...records, newer];
    expect(currentAppliance(all)?.kernelSha256).toBe("1".repeat(64));
    expect(staleWarnings([benches[0]!], { all })).toHaveLength(1);
    expect(staleWarnings([newer], { all })).toEqual([]);
    expect(definitionFiles(benches[0]!)).toEqual(["src/charts/fixtures/benchmarks/fixture-story.json"]);
  });

  it("keeps one current appliance per kernel kind: a newer stock-kernel run does not age a custom-kernel one", () => {
    const build = {
      sourcePackage: "linux-source-6.1",
      sourceVersion: "6.1.1-1",
      configSha256: "c".repeat(64),
      fragments: [],
    };
    const withKernel = (id: string, createdAt: string, sha: string, config: string | null) => {
      const run = { ...copy(benches[2]!), id, createdAt };
      for (const v of run.variants)
        v.appliance = {
          ...v.appliance!,
          kernel: { ...v.appliance!.kernel, sha256: sha, build: config ? { ...build, config } : null },
        };
      return run;
    };
    const custom = withKernel("2027-02-01T000000Z-custom", "2027-02-01T00:00:00.000Z", "2".repeat(64), "appliance");
    const stock = withKernel("2027-03-01T000000Z-stock", "2027-03-01T00:00:00.000Z", "3".repeat(64), null);
    expect(staleWarnings([custom], { all: [...records, custom, stock] })).toEqual([]);
    const rebuilt = withKernel("2027-04-01T000000Z-custom", "2027-04-01T00:00:00.000Z", "4".repeat(64), "appliance");
    expect(staleWarnings([custom], { all: [...records, custom, stock, rebuilt] })).toEqual([
      expect.stringMatching(
        /^run 2027-02-01T000000Z-custom: booted an older appliance \(kernel 222222222222…\) than the current one \(kernel 444444444444…\)/,
      ),
    ]);
  });
});

describe("the records the build uses are verified when loaded", () => {
  const STORY = "2026-11-25T195617Z-story-0ad8b5";
  const ANALYSIS = "2026-11-25T195743Z-analysis-appliance-5c025e";
  const folders: string[] = [];
  afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  afterEach(() => {
    delete process.env.BOOT_TALK_RUNS_DIR;
    clearRunsCache();
  });

  /** A copy of every committed run, one record edited, as BOOT_TALK_RUNS_DIR. */
  function tamper(id: string, edit: (record: never) => void): string {
    const dir = mkdtempSync(join(tmpdir(), "bt-build-runs-"));
    folders.push(dir);
    cpSync(join(projectRoot(), "content/runs"), dir, { recursive: true });
    const file = join(dir, `${id}.json`);
    const record = JSON.parse(readFileSync(file, "utf8"));
    edit(record as never);
    writeFileSync(file, JSON.stringify(record, null, 2));
    process.env.BOOT_TALK_RUNS_DIR = dir;
    return dir;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits reach into any field of the JSON
  const cases: Array<[string, string, (r: any) => void, RegExp]> = [
    [
      "a sample of 1e308 ms",
      STORY,
      (r) => (r.variants[4].samples[10].markerMs = 1e308),
      /field variants\[4\]\.samples\[10\]\.markerMs: 1e\+308 ms is longer than the run's timeout \(60000 ms\) allows/,
    ],
    [
      "a stored median edited to 99 ms",
      STORY,
      (r) => (r.variants[0].summary.marker.median = 99),
      /field variants\[0\]\.summary\.marker\.median: stored 99, but the raw samples give 3935\.73/,
    ],
    ["an analysis with run.meanMs = −1", ANALYSIS, (r) => (r.run.meanMs = -1), /field run\.meanMs: -1 ms is negative/],
  ];
  for (const [what, id, edit, field] of cases)
    it(`fails for ${what}, naming the file, the field and the fix`, async () => {
      const dir = tamper(id, edit);
      // The pages call loadRuns() with the default folder: BOOT_TALK_RUNS_DIR.
      const error = await loadRuns().then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error?.message).toContain(`${join(dir, `${id}.json`)}: field`);
      expect(error?.message).toMatch(field);
      expect(error?.message).toMatch(/\n {2}fix: records are written by npm run bench \/ npm run analyze/);
    });

  it("loads the committed runs, derived: every benchmark in the current version with paired comparisons", async () => {
    const runs = await loadRuns();
    expect(runs.length).toBeGreaterThanOrEqual(10);
    const story = runs.find((r) => r.id === STORY);
    expect(story?.schema).toBe("boot-talk/benchmark@2");
    if (story?.schema !== "boot-talk/benchmark@2") return;
    expect(story.stepComparisons.find((c) => c.variant === "kernel-args")).toMatchObject({
      pairs: 20,
      verdict: "saves",
    });
  });
});
