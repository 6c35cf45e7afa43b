import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SampleRecord } from "../../core/records/schema.ts";
import { loadRecords, writeRecord } from "../../core/records/store.ts";
import { toCsv, toMarkdown } from "../../core/format/export.ts";
import { verifyBenchmark } from "../../core/records/verify.ts";
import { buildRecord, type RecordInput } from "./record.ts";
import { formatBenchReport } from "../../core/format/bench-report.ts";

/**
 * Deterministic samples of variant `index` of `count`, interleaved round by round as the bench
 * schedules them (warm-up rounds first): timed boots with the given marker times, wall = marker + 40 ms.
 */
function samples(markers: number[], index: number, count = 3, warmups = 1): SampleRecord[] {
  const out: SampleRecord[] = [];
  for (let i = 0; i < warmups; i++)
    out.push({
      sequence: i * count + index,
      warmup: true,
      ok: true,
      failure: null,
      exitCode: 0,
      wallMs: 9999,
      markerMs: 9000,
      startedAt: 0,
      detail: null,
    });
  markers.forEach((m, i) =>
    out.push({
      sequence: (warmups + i) * count + index,
      warmup: false,
      ok: true,
      failure: null,
      exitCode: 0,
      wallMs: m + 40,
      markerMs: m,
      startedAt: i,
      detail: null,
    }),
  );
  return out;
}

const base = [3000, 3010, 2990, 3005, 2995, 3020, 2980, 3002, 2998, 3001];
const quiet = base.map((x) => x - 240);
const noNic = quiet.map((x) => x - 500);

function input(overrides: Partial<RecordInput> = {}): RecordInput {
  const variant = (name: string, markers: number[], index: number) => ({
    name,
    description: `${name} variant`,
    config: { machine: "pc", smp: 1, memoryMiB: 256, append: "console=ttyS0 panic=-1" },
    argv: ["qemu-system-x86_64", "-m", "256"],
    appliance: {
      hash: "a".repeat(64),
      kernel: { path: "/opt/boot-talk/kernel/vmlinuz", sha256: "b".repeat(64), bytes: 1, build: null },
      initrd: { sha256: "c".repeat(64), bytes: 1, compression: "gzip" as const },
      busyboxSha256: "d".repeat(64),
    },
    samples: samples(markers, index),
  });
  return {
    id: "2026-11-25T000000Z-test-abcdef",
    createdAt: "2026-11-25T00:00:00.000Z",
    status: "complete",
    tool: { name: "boot-talk", version: "0.1.0", commit: "0123456789abcdef", dirty: false },
    host: {
      hostname: "h",
      kernel: "Linux 6",
      cpuModel: "Test CPU",
      cores: 2,
      cpuKHz: 2_000_000,
      memoryBytes: 1,
      node: "v24",
    },
    qemu: { path: "/usr/bin/qemu-system-x86_64", version: "QEMU emulator version 7.2" },
    accelerator: "tcg",
    acceleratorReason: "/dev/kvm not usable (ENOENT)",
    suite: {
      name: "story",
      file: "content/benchmarks/story.json",
      sha256: "f".repeat(64),
      definition: { cumulative: true },
    },
    cumulative: true,
    hostLoad: { start: [0.5, 0.4, 0.3], end: [3.5, 1, 0.5] },
    options: {
      runs: 10,
      warmup: 1,
      timeoutMs: 60_000,
      order: "interleaved",
      seed: 42,
      append: [],
      memoryMiB: null,
      smp: null,
      kernel: null,
      exec: null,
      resamples: 2000,
    },
    variants: [variant("baseline", base, 0), variant("quiet", quiet, 1), variant("no-nic", noNic, 2)],
    ...overrides,
  };
}

describe("benchmark record", () => {
  const record = buildRecord(input());

  it("summarises the timed samples only, with a correct sample sd", () => {
    const s = record.variants[0]!.summary.marker!;
    expect(s.n).toBe(10);
    const mean = base.reduce((a, b) => a + b) / 10;
    const sd = Math.sqrt(base.reduce((a, x) => a + (x - mean) ** 2, 0) / 9);
    expect(s.mean).toBeCloseTo(mean, 9);
    expect(s.sd).toBeCloseTo(sd, 9);
    expect(record.variants[0]!.summary.wall!.mean).toBeCloseTo(mean + 40, 9);
  });

  it("compares steps and totals on per-round pairs, with the unpaired figure kept", () => {
    const step = record.stepComparisons;
    const total = record.comparisons;
    expect(step.every((c) => c.kind === "step") && total.every((c) => c.kind === "total")).toBe(true);
    // Each round's quiet boot is exactly 240 ms faster than its baseline boot, so every pair says 240.
    expect(step.map((c) => [c.variant, c.baseline, c.pairs, c.savingMs, c.ci95])).toEqual([
      ["quiet", "baseline", 10, 240, [240, 240]],
      ["no-nic", "quiet", 10, 500, [500, 500]],
    ]);
    expect(total.map((c) => [c.variant, c.savingMs, c.unpaired.savingMs])).toEqual([
      ["quiet", 240, 240],
      ["no-nic", 740, 740],
    ]);
    for (const c of [...step, ...total]) {
      // All ten differences positive: 2 of the 2^10 sign vectors reach the median, p = 2/1024.
      expect(c.pValue).toBeCloseTo(2 / 1024, 15);
      expect(c.pMethod).toBe("exact");
      expect(c.pHolm).toBeCloseTo(4 / 1024, 15);
      expect(c.verdict).toBe("saves");
      expect(c.lowConfidence).toBe(false);
      expect(c.unpaired.ci95[0]).toBeLessThanOrEqual(c.unpaired.savingMs);
      expect(c.unpaired.pValue).toBeLessThan(0.01);
    }
    expect(record).not.toHaveProperty("comparisons.0.sentence");
  });

  it("warns about TCG and a busy host", () => {
    expect(record.warnings.join("\n")).toMatch(/KVM is not usable.*TCG/);
    expect(record.warnings.join("\n")).toContain("the host was busy (1-minute load average up to 3.5 on 2 cores)");
  });

  it("survives a write/load round trip unchanged, and its statistics recompute from raw samples", async () => {
    const dir = await mkdtemp(join(tmpdir(), "runs-"));
    const path = await writeRecord(record, join(dir, `${record.id}.json`));
    const [loaded] = await loadRecords(dir);
    expect(loaded).toEqual(record);
    await expect(writeRecord(record, path)).rejects.toThrow(/never overwrites/);
    const checked = verifyBenchmark(JSON.parse(await readFile(path, "utf8")));
    expect(checked.problems).toEqual([]);
    expect(checked.derived).toEqual(record);
  });

  it("formats the report like boot-benchmark, plus details, savings and warnings", () => {
    const text = formatBenchReport(record);
    const lines = text.split("\n");
    expect(lines).toContain(" test passes: 1 warm-up + 10 timed [to change use --warmup / --runs]");
    expect(text).toContain("         smp: 1                    [to change use --smp option]");
    expect(text).toContain("     memsize: 256 MiB              [to change use --memsize option]");
    expect(text).toContain("      append: console=ttyS0 panic=-1 [to change use --append option]");
    expect(text).toContain("   host load: 0.50 0.40 0.30 → 3.50 1.00 0.50 [run on a quiet machine]");
    expect(text).toContain(" accelerator: tcg                  [/dev/kvm not usable (ENOENT)]");
    const wall = record.variants[0]!.summary.wall!;
    expect(text).toContain(`  Result: ${wall.mean.toFixed(1)}ms ±${wall.sd.toFixed(1)}ms`);
    expect(text).toMatch(
      /Savings of each step[\s\S]*quiet saves 240\u202Fms after baseline \(median of 10 paired rounds[\s\S]*no-nic saves 500\u202Fms after quiet/,
    );
    expect(text).toMatch(
      /Total against the baseline \(Holm over the totals\):\n {2}quiet saves 240\u202Fms against baseline[\s\S]*no-nic saves 740\u202Fms/,
    );
    expect(text).toMatch(
      /\n {6}unpaired: difference of medians 240\u202Fms faster \(95% CI of the saving [\d,]+–[\d,]+\u202Fms\), p [<=]/,
    );
    expect(text).toMatch(/Warnings:\n {2}! KVM is not usable/);
    expect(text).not.toMatch(/\x1b\[/);
  });

  it("marks partial records and counts failures", () => {
    const failed: SampleRecord = {
      sequence: 99,
      warmup: false,
      ok: false,
      failure: "timeout",
      exitCode: null,
      wallMs: 60_000,
      markerMs: null,
      startedAt: 0,
      detail: "hung",
    };
    const i = input({ status: "partial" });
    i.variants[1]!.samples.push(failed);
    const partial = buildRecord(i);
    expect(partial.status).toBe("partial");
    expect(partial.variants[1]!.summary.marker!.n).toBe(10);
    expect(partial.warnings.join("\n")).toMatch(/interrupted[\s\S]*quiet: 1 of 11 timed runs failed \(timeout\)/);
    expect(formatBenchReport(partial)).toContain("(PARTIAL: interrupted)");
  });

  it("exports CSV and a Markdown table with relative ± CI", () => {
    const csv = toCsv(record).trim().split("\n");
    expect(csv[0]).toMatch(/^variant,metric,n,mean_ms,sd_ms,median_ms/);
    expect(csv).toHaveLength(1 + 3 * 2);
    expect(csv[1]).toMatch(/^baseline,marker,10,/);
    const md = toMarkdown(record).split("\n");
    expect(md[0]).toBe("| Variant | Median [ms] | Mean ± σ [ms] | Min [ms] | Max [ms] | Relative ± CI |");
    expect(md[2]).toMatch(/^\| `baseline` \| 3000\.5 \| .* \| 1\.00 \|$/);
    // quiet's median is 2760.5 / 3000.5 = 0.92 of the baseline's.
    expect(md[3]).toMatch(/\| 0\.92 \(0\.9\d–0\.9\d\) \|$/);
  });
});

describe("comparison sentences", () => {
  const base = {
    variant: "quiet",
    baseline: "baseline",
    metric: "marker" as const,
    kind: "step" as const,
    pairs: 20,
    pValue: 0.0004,
    pMethod: "exact" as const,
    pHolm: 0.002,
    lowConfidence: false,
    unpaired: { savingMs: 16, ci95: [-203, 655] as [number, number], pValue: 0.9 },
  };
  it("say saves or costs from the verdict, so a slowdown never reads as a saving", async () => {
    const { comparisonSentence, effectWithInterval } = await import("../../core/format/comparison.ts");
    expect(comparisonSentence({ ...base, savingMs: 240.4, ci95: [180.2, 300.6], verdict: "saves" })).toBe(
      "quiet saves 240\u202Fms after baseline (median of 20 paired rounds, 95% CI 180–301\u202Fms; p < 0.001, Holm-adjusted p = 0.002)",
    );
    const slower = { ...base, savingMs: -307, ci95: [-420, -190] as [number, number], verdict: "costs" as const };
    expect(comparisonSentence(slower)).toMatch(
      /^quiet costs 307\u202Fms after baseline \(median of 20 paired rounds, 95% CI 190–420\u202Fms;/,
    );
    expect(effectWithInterval(slower)).toBe("costs 307\u202Fms (95% CI 190–420\u202Fms)");
    const unclear = {
      ...base,
      savingMs: -35,
      ci95: [-80, 12] as [number, number],
      pHolm: 0.4,
      verdict: "no-measurable-difference" as const,
    };
    expect(comparisonSentence(unclear)).toBe(
      "quiet makes no measurable difference after baseline (median of 20 paired rounds: 35\u202Fms slower, 95% CI of the saving −80 to 12\u202Fms; p < 0.001, Holm-adjusted p = 0.40)",
    );
    expect(comparisonSentence({ ...unclear, pairs: 5, lowConfidence: true })).toMatch(
      /; low confidence: only 5 paired rounds \(fewer than 10\), so the “95%” interval is not a 95% interval \(with 5 or fewer it is about the range of the differences\)$/,
    );
  });
});
