import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson, sha256 } from "../../core/hash.ts";
import type { BenchmarkRecord, RunRecord } from "../../core/records/schema.ts";
import { FIXTURE_SUITE, fixtureRecords } from "../charts/fixtures/generate.ts";
import { projectRoot } from "../../core/paths.ts";
import {
  benchmarkById,
  latestAnalysis,
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
});
