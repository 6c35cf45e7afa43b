/**
 * The CLI end to end with ordinary commands (no QEMU): --exec timing, exports, and a clean
 * partial record on SIGINT/SIGTERM.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRecord } from "../../core/records/store.ts";
import type { BenchmarkRecord } from "../../core/records/schema.ts";

const BENCH = resolve(import.meta.dirname, "../bench.ts");

function runBench(args: string[], options: { killAfterMs?: number; signal?: NodeJS.Signals } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [BENCH, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      // Signal once the first timed run has finished, so there is something to keep.
      if (options.killAfterMs !== undefined && /run 1\//.test(stderr) && !child.killed) {
        setTimeout(() => child.kill(options.signal ?? "SIGINT"), options.killAfterMs);
      }
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

async function readBenchRecord(path: string): Promise<BenchmarkRecord> {
  const record = parseRecord(await readFile(path, "utf8"), path);
  if (record.schema !== "boot-talk/benchmark@2") throw new Error("not a benchmark record");
  return record;
}

describe("npm run bench --exec", () => {
  it("times a command like a direct measurement, and exports", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-cli-"));
    const out = join(dir, "r.json");
    const result = await runBench([
      "--exec",
      "--runs",
      "4",
      "--warmup",
      "1",
      "--seed",
      "5",
      "--out",
      out,
      "--export-csv",
      join(dir, "r.csv"),
      "--export-markdown",
      join(dir, "r.md"),
      "--",
      "sleep",
      "0.3",
    ]);
    expect(result.stderr).toContain("record written to");
    expect(result.code).toBe(0);
    const record = await readBenchRecord(out);
    expect(record.options).toMatchObject({ runs: 4, warmup: 1, seed: 5, exec: ["sleep", "0.3"] });
    expect(record.variants[0]!.samples[0]!.userMs).not.toBeUndefined();
    expect(record.primaryMetric).toBe("wall");
    const wall = record.variants[0]!.summary.wall!;
    expect(wall.n).toBe(4);
    // sleep 0.3 takes at least 300 ms; spawn and exit on a busy 2-core host add a few ms,
    // never (on a working harness) more than about 15% even on a loaded CI host.
    expect(wall.min).toBeGreaterThanOrEqual(300);
    expect(wall.median).toBeLessThan(345);
    expect(result.stdout).toContain(`Result: ${wall.mean.toFixed(1)}ms ±${wall.sd.toFixed(1)}ms`);
    expect(await readFile(join(dir, "r.csv"), "utf8")).toMatch(/^variant,metric,n,/);
    expect(await readFile(join(dir, "r.md"), "utf8")).toContain("| `sleep 0.3` |");
  });

  it("refuses to overwrite an existing --out file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-cli-"));
    const out = join(dir, "r.json");
    expect((await runBench(["--exec", "--runs", "1", "--warmup", "0", "--out", out, "--", "true"])).code).toBe(0);
    const again = await runBench(["--exec", "--runs", "1", "--warmup", "0", "--out", out, "--", "true"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; boot-talk never overwrites a record/);
    // It fails before running anything.
    expect(again.stderr).not.toContain("Warming up");
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`writes a partial record and exits ${code} on ${signal}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "bench-cli-"));
      const out = join(dir, "partial.json");
      const result = await runBench(["--exec", "--runs", "20", "--warmup", "1", "--out", out, "--", "sleep", "0.2"], {
        killAfterMs: 300,
        signal,
      });
      expect(result.code).toBe(code);
      const record = await readBenchRecord(out);
      expect(record.status).toBe("partial");
      const timed = record.variants[0]!.samples.filter((s) => !s.warmup);
      expect(timed.length).toBeGreaterThanOrEqual(1);
      expect(timed.length).toBeLessThan(20);
      expect(timed.every((s) => s.ok)).toBe(true);
      expect(result.stdout).toContain("(PARTIAL: interrupted)");
    });
  }

  it("compares several commands in one interleaved suite record, export on stdout, report on stderr", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-cli-"));
    const result = await runBench([
      "--exec",
      "--runs",
      "4",
      "--warmup",
      "1",
      "--out",
      dir,
      "--export-json",
      "-",
      "sleep 0.05",
      "sh -c 'sleep 0.15'",
    ]);
    expect(result.code).toBe(0);
    const record = JSON.parse(result.stdout) as BenchmarkRecord;
    expect(record.variants.map((v) => v.name)).toEqual(["sleep 0.05", "sh -c sleep 0.15"]);
    expect(record.variants[1]!.argv).toEqual(["sh", "-c", "sleep 0.15"]);
    expect(record.options.commands).toHaveLength(2);
    // Interleaved rounds: a, b, a, b, … (per-round samples for paired statistics).
    const order = record.variants
      .flatMap((v, i) => v.samples.map((s) => [s.sequence, i]))
      .sort((a, b) => a[0]! - b[0]!);
    expect(order.map(([, i]) => i)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(record.comparisons).toHaveLength(1);
    expect(record.comparisons[0]).toMatchObject({ variant: "sh -c sleep 0.15", baseline: "sleep 0.05" });
    expect(record.comparisons[0]!.savingMs).toBeLessThan(0);
    // Each sample has the command's own rusage.
    const sample = record.variants[0]!.samples.at(-1)!;
    expect(sample.userMs).toBeGreaterThanOrEqual(0);
    expect(sample.maxRssKiB).toBeGreaterThan(0);
    expect(result.stderr).toContain("Against the baseline");
    expect(result.stderr).toContain("CPU per run: user");
  });

  it("turns a parameter scan into one variant per value, compared like a suite", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-cli-"));
    const out = join(dir, "scan.json");
    const result = await runBench([
      "--exec",
      "--runs",
      "3",
      "--warmup",
      "0",
      "--out",
      out,
      "--parameter-scan",
      "n",
      "1",
      "3",
      "sleep 0.0{n}",
    ]);
    expect(result.code).toBe(0);
    const record = await readBenchRecord(out);
    expect(record.variants.map((v) => v.name)).toEqual(["sleep 0.01", "sleep 0.02", "sleep 0.03"]);
    expect(record.options.parameters).toEqual([{ name: "n", values: ["1", "2", "3"] }]);
    expect(record.comparisons.map((c) => c.variant)).toEqual(["sleep 0.02", "sleep 0.03"]);
  });

  it("stops at once when a command cannot start, unless --ignore-failure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-cli-"));
    const typo = await runBench(["--exec", "--runs", "20", "--warmup", "0", "--out", dir, "true", "slep 1"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/"slep 1" failed on its first run \(spawn-error\): cannot run slep: No such file/);
    expect(typo.stderr).not.toContain("[5/");
    const kept = await runBench([
      "--exec",
      "--runs",
      "2",
      "--warmup",
      "0",
      "--ignore-failure",
      "--out",
      join(dir, "kept.json"),
      "true",
      "false",
    ]);
    const record = await readBenchRecord(join(dir, "kept.json"));
    expect(record.variants[1]!.samples.map((s) => s.failure)).toEqual(["exit-code", "exit-code"]);
    expect(kept.stdout).toMatch(/2 of 2 timed runs failed \(exit-code\)/);
  });

  it("rejects bad options before running anything", async () => {
    const result = await runBench(["--runs", "zero"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--runs must be a whole number");
  });
});
