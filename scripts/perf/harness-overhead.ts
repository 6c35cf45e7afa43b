/**
 * Harness overhead: how many milliseconds of each measured boot are spent in boot-talk's own
 * machinery rather than in the timed process. A benchmark script, not a test; run with
 *   npx node scripts/perf/harness-overhead.ts [--runs N]
 * It prints its method with its numbers. Three parts:
 *  1. spawn → exec: the timed process prints CLOCK_REALTIME as its first act (`date +%s%N`);
 *     the harness noted the same clock just before asking runCaptured to spawn it. The gap is
 *     Node/execa setup + fork + exec (+ date's own loader and locale start, so an upper bound).
 *  2. total fixed cost per run: the wall time of /bin/true (which does nothing) through
 *     runCaptured (appliance boots) and through the --exec helper process, next to hyperfine -N's
 *     for the same (a Rust spawner with near-zero overhead), when installed.
 *  3. bookkeeping after each run: summaries, bootstrap CIs, permutation tests, record build and
 *     report for a suite-sized record, divided by its samples. It happens after the timed runs,
 *     so it never inflates a sample; it is listed for completeness.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { runCaptured } from "../capture/run-captured.ts";
import { createExecTimer } from "../bench/exec-timer.ts";
import { buildRecord, type RecordInput } from "../bench/record.ts";
import { formatBenchReport } from "../../core/format/bench-report.ts";
import type { SampleRecord } from "../../core/records/schema.ts";
import { percentile } from "../../core/stats/describe.ts";
import { seededRandom } from "../../core/stats/random.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "40" } } });
const runs = Number(values.runs);

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${percentile(s, 50).toFixed(2)} ms (p5 ${percentile(s, 5).toFixed(2)}, p95 ${percentile(s, 95).toFixed(2)}, n ${s.length})`;
}

// 1. spawn → exec
const execLatency: number[] = [];
for (let i = 0; i < runs; i++) {
  const chunks: string[] = [];
  const before = performance.timeOrigin + performance.now();
  await runCaptured(["date", "+%s%N"], { timeoutMs: 10_000, onChunk: (c) => chunks.push(c.text) });
  const childNs = BigInt(chunks.join("").trim());
  execLatency.push(Number(childNs / 1000n) / 1000 - before);
}

// 2. fixed cost of a run that does nothing
const trueWall: number[] = [];
for (let i = 0; i < runs; i++) trueWall.push((await runCaptured(["true"], { timeoutMs: 10_000 })).wallMs);
// The --exec path: the posix_spawn/wait4 helper process (scripts/bench/exec-timer-child.py).
const timer = createExecTimer();
const execTrue: number[] = [];
for (let i = 0; i < runs; i++) execTrue.push((await timer.run(["true"], { timeoutMs: 10_000 })).wallMs);
timer.close();

let hyperfineLine = "hyperfine not available; skipped";
const exportPath = join(await mkdtemp(join(tmpdir(), "overhead-")), "hyperfine.json");
const hf = await execa(
  "hyperfine",
  ["-N", "--runs", String(runs), "--warmup", "3", "--export-json", exportPath, "--style", "none", "true"],
  { reject: false },
);
if (hf.exitCode === 0) {
  const json = JSON.parse(await readFile(exportPath, "utf8")) as { results: { median: number; mean: number }[] };
  hyperfineLine = `hyperfine -N true: median ${(json.results[0]!.median * 1000).toFixed(2)} ms (mean ${(json.results[0]!.mean * 1000).toFixed(2)} ms)`;
} else if (hf.exitCode !== undefined) {
  hyperfineLine = `hyperfine failed (${hf.stderr.split("\n")[0]}); skipped`;
}

// 3. bookkeeping for a story-sized suite: 7 variants × (3 warm-ups + 10 timed)
const random = seededRandom(1);
const variants: RecordInput["variants"] = Array.from({ length: 7 }, (_, v) => ({
  name: `v${v}`,
  description: "",
  config: {},
  argv: ["qemu"],
  appliance: null,
  samples: Array.from({ length: 13 }, (_, i): SampleRecord => {
    const marker = 3000 - v * 200 + random() * 100;
    return {
      sequence: i * 7 + v,
      warmup: i < 3,
      ok: true,
      failure: null,
      exitCode: 0,
      wallMs: marker + 30,
      markerMs: marker,
      startedAt: 0,
      detail: null,
    };
  }),
}));
const bookkeeping: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const record = buildRecord({
    id: "x",
    createdAt: "",
    status: "complete",
    tool: { name: "boot-talk", version: "0", commit: null, dirty: false },
    host: { hostname: "", kernel: "", cpuModel: "", cores: 1, cpuKHz: null, memoryBytes: 0, node: "" },
    qemu: null,
    accelerator: "tcg",
    acceleratorReason: null,
    suite: null,
    cumulative: true,
    options: {
      runs: 10,
      warmup: 3,
      timeoutMs: 1,
      order: "interleaved",
      seed: i,
      append: [],
      memoryMiB: null,
      smp: null,
      kernel: null,
      exec: null,
      resamples: 10_000,
    },
    variants,
  });
  formatBenchReport(record);
  bookkeeping.push((performance.now() - t0) / (7 * 13));
}

process.stdout.write(
  [
    `harness overhead (${runs} runs each; host load ${(await import("node:os")).loadavg()[0]!.toFixed(2)})`,
    ``,
    `1. spawn call → timed process running (date +%s%N vs the harness's clock before runCaptured;`,
    `   includes date's own loader and locale start-up, so an upper bound):`,
    `   ${stats(execLatency)}`,
    `2. whole run of /bin/true through runCaptured (spawn → exit):`,
    `   ${stats(trueWall)}`,
    `   same through the --exec helper process: ${stats(execTrue)}`,
    `   ${hyperfineLine}`,
    `   → fixed cost per sample ≈ (boot-talk's time for true) − (hyperfine's); boots use runCaptured`,
    `3. statistics + record + report after the runs, per sample (not inside any sample):`,
    `   ${stats(bookkeeping)}`,
    ``,
  ].join("\n"),
);
