/**
 * Small, schema-valid run records for the claims tests (test data, not measurements): a
 * benchmark whose variants boot round by round with given wall times (marker = wall − 200),
 * derived by the core as `npm run bench` derives it, and an analysis with a few activities.
 */
import { buildBenchmarkRecord } from "../records/derive.ts";
import { AnalysisRecord, BenchmarkRecord } from "../records/schema.ts";

const tool = {
  name: "boot-talk" as const,
  version: "0.1.0",
  commit: "0123456789abcdef0123456789abcdef01234567",
  dirty: false,
};
const host = {
  hostname: "fixture",
  kernel: "Linux 6.1.0 #1 SMP x86_64",
  cpuModel: "Fixture CPU @ 2.00GHz",
  cores: 2,
  cpuKHz: 2_000_000,
  memoryBytes: 8 * 1024 ** 3,
  node: "v24.0.0",
};
const appliance = {
  hash: "abc123",
  kernel: {
    path: "/opt/boot-talk/kernel/vmlinuz-6.1.0-cloud-amd64",
    sha256: "f".repeat(64),
    bytes: 8_000_000,
    build: null,
  },
  initrd: { sha256: "e".repeat(64), bytes: 900_000, compression: "gzip" as const },
  busyboxSha256: "d".repeat(64),
};

export function suiteRecord(
  samples: Record<string, number[]>,
  over: { id?: string; suite?: string; createdAt?: string; cumulative?: boolean; accelerator?: "tcg" | "kvm" } = {},
): BenchmarkRecord {
  const entries = Object.entries(samples);
  const runs = Math.max(...entries.map(([, v]) => v.length));
  return BenchmarkRecord.parse(
    buildBenchmarkRecord({
      id: over.id ?? "2026-11-25T120000Z-story-aaaaaa",
      status: "complete",
      createdAt: over.createdAt ?? "2026-11-25T12:00:00.000Z",
      tool,
      host,
      qemu: { path: "/usr/bin/qemu-system-x86_64", version: "QEMU emulator version 9.2.0" },
      accelerator: over.accelerator ?? "tcg",
      acceleratorReason: "requested",
      hostLoad: null,
      suite: {
        name: over.suite ?? "story",
        file: "content/benchmarks/story.json",
        sha256: "c".repeat(64),
        definition: { cumulative: over.cumulative ?? true },
      },
      options: BenchmarkRecord.shape.options.parse({
        runs,
        warmup: 0,
        timeoutMs: 60_000,
        order: "interleaved",
        seed: 42,
        resamples: 2000,
      }),
      variants: entries.map(([name, values], index) => ({
        name,
        description: `the ${name} change`,
        config: {},
        argv: ["qemu-system-x86_64", "-append", name],
        appliance,
        samples: values.map((wallMs, round) => ({
          sequence: round * entries.length + index,
          warmup: false,
          ok: true,
          failure: null,
          exitCode: 0,
          wallMs,
          markerMs: wallMs - 200,
          startedAt: 2,
          detail: null,
        })),
      })),
    }),
  );
}

/** An analysis run with stages qemu, firmware, kernel and userspace over a 3,000 ms run. */
export function analysisFixture(id = "2026-11-25T130000Z-analysis-appliance-bbbbbb"): AnalysisRecord {
  const activity = (name: string, stage: string, startMs: number, durationMs: number) => ({
    name,
    stage,
    kind: "required" as const,
    startMs,
    durationMs,
    sdMs: 3,
    percent: durationMs / 30,
    warning: false,
    passes: [{ startMs, durationMs }],
    parent: null,
  });
  return AnalysisRecord.parse({
    schema: "boot-talk/analysis@1",
    id,
    status: "complete",
    createdAt: "2026-11-25T13:00:00.000Z",
    tool,
    host,
    qemu: { path: "/usr/bin/qemu-system-x86_64", version: "QEMU emulator version 9.2.0" },
    accelerator: "tcg",
    target: { kind: "appliance", argv: ["qemu-system-x86_64"], appliance },
    rules: { name: "default", file: "content/rules/default.json", sha256: "a".repeat(64) },
    passes: 5,
    warmup: 1,
    eventsFile: `${id}.events.jsonl`,
    run: { meanMs: 3000, sdMs: 40 },
    activities: [
      activity("qemu:startup", "qemu", 0, 100),
      activity("seabios", "firmware", 100, 150),
      activity("firmware:ipxe", "firmware", 180, 90),
      activity("kernel", "kernel", 300, 2400),
      activity("/init", "userspace", 2700, 250),
    ],
    clockAlignment: null,
    observerCost: null,
    warnings: [],
  });
}

/** Wall times per round: `base` plus a small, fixed, sign-balanced noise. */
export function rounds(base: number, n = 12, scale = 1): number[] {
  const noise = [0, 20, -15, 10, -5, 25, -20, 5, 15, -10, 3, -8];
  return Array.from({ length: n }, (_, i) => base + scale * noise[i % noise.length]!);
}
