/**
 * The recorded-run vocabulary: what `npm run bench` and `npm run analyze` write to
 * content/runs/, and what the site reads back. One JSON file per run, validated on write and
 * on read, versioned by the `schema` field. Fields are only ever added; a change that would
 * break old records gets a new schema version and a reader for the old one: benchmark@2
 * (paired comparisons, no stored sentences) is written now, benchmark@1 is still read.
 * All times are milliseconds (host wall clock, monotonic) unless a name says otherwise.
 */
import { z } from "zod";
import { VERDICTS } from "../stats/verdict.ts";

/** The benchmark record version `npm run bench` writes; @1 records are read, verified, never rewritten. */
export const BENCHMARK_SCHEMA = "boot-talk/benchmark@2";
export const LEGACY_BENCHMARK_SCHEMA = "boot-talk/benchmark@1";
export const ANALYSIS_SCHEMA = "boot-talk/analysis@1";

/** What a boot is timed to: "marker" (spawn → the guest's ready line) or "wall" (spawn → exit). */
export const Metric = z.enum(["marker", "wall"]);
export type Metric = z.infer<typeof Metric>;
export const METRICS = Metric.options;

/** Initramfs compression of the appliance. */
export const Compression = z.enum(["none", "gzip", "zstd"]);

/** What an analysis traced: the appliance boot, or any command (--exec). */
export const TargetKind = z.enum(["appliance", "exec"]);
export type TargetKind = z.infer<typeof TargetKind>;

/** "step": against the previous step of a cumulative suite; "total": against the suite's baseline. */
export const ComparisonKind = z.enum(["step", "total"]);
export type ComparisonKind = z.infer<typeof ComparisonKind>;

export const Verdict = z.enum(VERDICTS);

/** Who made the record: the tool and the project commit, so a figure can be traced to code. */
export const ToolInfo = z.object({
  name: z.literal("boot-talk"),
  version: z.string(),
  /** git commit of the project when the run was made; null outside a git checkout. */
  commit: z.string().nullable(),
  /** True when the working tree had uncommitted changes. */
  dirty: z.boolean(),
});

export const HostInfo = z.object({
  hostname: z.string(),
  kernel: z.string(),
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  cpuKHz: z.number().nullable(),
  memoryBytes: z.number(),
  node: z.string(),
});

/** Distribution summary of one metric. Percentiles by linear interpolation (R type 7). */
export const Summary = z.object({
  n: z.number().int().nonnegative(),
  mean: z.number(),
  /** Sample standard deviation (n − 1 divisor); 0 when n < 2. */
  sd: z.number(),
  median: z.number(),
  min: z.number(),
  max: z.number(),
  p5: z.number(),
  p25: z.number(),
  p75: z.number(),
  p95: z.number(),
  /** Median absolute deviation, unscaled. */
  mad: z.number(),
  /** Coefficient of variation, sd / mean. */
  cv: z.number(),
  /** Seeded bootstrap 95% confidence interval of the median, [low, high]. */
  medianCI95: z.tuple([z.number(), z.number()]),
  /** Indices (into the timed, successful samples) flagged by modified z-score > 3.5. */
  outliers: z.array(z.number().int()),
});

/** One boot (or one command run). Warm-ups are kept too, marked, and never summarised. */
export const Sample = z.object({
  /** Position in the whole run's execution order (0-based), across variants. */
  sequence: z.number().int().nonnegative(),
  warmup: z.boolean(),
  ok: z.boolean(),
  /** Why it failed: timeout, kernel-panic, exit-code, no-marker, aborted, spawn-error, qemu-abort. */
  failure: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  /** Spawn → process exit. */
  wallMs: z.number(),
  /** Spawn → the ready marker; null when not seen (or no marker, for --exec). */
  markerMs: z.number().nullable(),
  /** Epoch ms at spawn. */
  startedAt: z.number(),
  /** For a failed sample: the last lines of its output, to say why. */
  detail: z.string().nullable().default(null),
  /** CPU time of the timed process and its reaped descendants (wait4 rusage); null when not measured. */
  userMs: z.number().nullable().optional(),
  systemMs: z.number().nullable().optional(),
  /** Peak resident set size of the timed process (wait4 ru_maxrss), KiB; null when not measured. */
  maxRssKiB: z.number().nullable().optional(),
});

/** Which configuration a custom kernel was built from (scripts/kernel/manifest.ts). */
export const KernelBuild = z.object({
  sourcePackage: z.string(),
  sourceVersion: z.string(),
  /** Config name: "appliance" is the base ("custom"), any other a variant ("custom:NAME"). */
  config: z.string(),
  configSha256: z.string(),
  fragments: z.array(z.object({ file: z.string(), sha256: z.string() })),
});

export const ApplianceInfo = z.object({
  hash: z.string(),
  /** kernel.build: a boot-talk build (npm run kernel), its source and config; null for a distribution kernel and old records. */
  kernel: z.object({
    path: z.string(),
    sha256: z.string(),
    bytes: z.number(),
    build: KernelBuild.nullable().default(null),
  }),
  initrd: z.object({ sha256: z.string(), bytes: z.number(), compression: Compression }),
  busyboxSha256: z.string(),
});

/** One variant of a benchmark: its resolved configuration, command, samples and summaries. */
export const VariantResult = z.object({
  name: z.string(),
  description: z.string().default(""),
  /** The boot specification as written in the definition (after defaults). */
  config: z.record(z.string(), z.unknown()),
  argv: z.array(z.string()),
  /** null for --exec runs, which boot no appliance. */
  appliance: ApplianceInfo.nullable(),
  /** The accelerator this variant booted with, and why; null for --exec (and older records). */
  accelerator: z.enum(["kvm", "tcg"]).nullable().optional(),
  acceleratorReason: z.string().nullable().optional(),
  samples: z.array(Sample),
  /** Summaries of the successful timed samples, per metric ("wall", "marker"). */
  summary: z.record(z.string(), Summary),
});

/** The difference of medians of two independent samples (the secondary, unpaired figure). */
const Unpaired = z.object({
  /** median(baseline) − median(variant). */
  savingMs: z.number(),
  /** Two-sample bootstrap 95% CI of savingMs. */
  ci95: z.tuple([z.number(), z.number()]),
  /** Two-sided permutation test p-value for a difference of medians. */
  pValue: z.number(),
});

/** @1 comparisons: unpaired, with a stored sentence (kept only to verify old records). */
export const LegacyComparison = Unpaired.extend({
  variant: z.string(),
  baseline: z.string(),
  metric: Metric,
  kind: ComparisonKind.default("total"),
  /** A sentence a person can quote, e.g. "quiet saves 240 ms (95% CI 180–300 ms)". */
  sentence: z.string(),
});

/**
 * A variant measured against its baseline on per-round pairs (round k boots every variant once):
 * positive savingMs means the variant is faster. Numbers only; sentences are rendered from them
 * (core/format/comparison.ts).
 */
export const Comparison = z.object({
  variant: z.string(),
  baseline: z.string(),
  metric: Metric,
  kind: ComparisonKind,
  /** Rounds in which both boots succeeded, each giving one difference baseline − variant. */
  pairs: z.number().int().positive(),
  /** Median of the per-round differences. */
  savingMs: z.number(),
  /** Percentile-bootstrap 95% CI of savingMs, resampling rounds. */
  ci95: z.tuple([z.number(), z.number()]),
  /** Two-sided sign-flip permutation p-value of the median difference (raw). */
  pValue: z.number(),
  pMethod: z.enum(["exact", "monte-carlo"]),
  /** pValue Holm-adjusted over the comparison's family (the comparisons of the same kind). */
  pHolm: z.number(),
  /** saves / costs / no-measurable-difference, from ci95 and pHolm (core/stats/verdict.ts). */
  verdict: Verdict,
  /** Fewer than 10 pairs: the interval is not a 95% interval (with 5 it is about min…max). */
  lowConfidence: z.boolean(),
  /** The same two variants compared as independent samples (difference of medians). */
  unpaired: Unpaired,
});

const BenchmarkFields = {
  id: z.string(),
  /** complete, or partial when interrupted (Ctrl-C) before every sample was taken. */
  status: z.enum(["complete", "partial"]),
  createdAt: z.string(),
  tool: ToolInfo,
  host: HostInfo,
  qemu: z.object({ path: z.string(), version: z.string() }).nullable(),
  /** The variants' accelerator; "mixed" when they differ (each variant says its own). */
  accelerator: z.enum(["kvm", "tcg", "mixed"]).nullable(),
  /** The suite file and its content hash; null for an ad-hoc run (no --suite). */
  suite: z.object({ name: z.string(), file: z.string(), sha256: z.string(), definition: z.unknown() }).nullable(),
  options: z.object({
    runs: z.number().int(),
    warmup: z.number().int(),
    timeoutMs: z.number(),
    order: z.enum(["interleaved", "shuffled"]),
    seed: z.number().int(),
    /** Overrides applied to every variant (--append, --memsize, --smp, --kernel). */
    append: z.array(z.string()).default([]),
    memoryMiB: z.number().int().nullable().default(null),
    smp: z.number().int().nullable().default(null),
    kernel: z.string().nullable().default(null),
    /** The timed command for --exec runs (no QEMU; the first one when several); null for appliance boots. */
    exec: z.array(z.string()).nullable().default(null),
    /** Every --exec command, one variant each, before parameter substitution. */
    commands: z.array(z.array(z.string())).optional(),
    /** --parameter-scan / --parameter-list: each combination of values is one variant. */
    parameters: z.array(z.object({ name: z.string(), values: z.array(z.string()) })).optional(),
    /** Bootstrap resamples and permutations used for every CI and p-value. */
    resamples: z.number().int().default(10_000),
  }),
  /** Which metric the comparisons and the Result line use: "marker" for boots, "wall" for --exec. */
  primaryMetric: Metric.default("marker"),
  /** Host load averages (1, 5, 15 min) when the runs started and ended: was the machine quiet? */
  hostLoad: z
    .object({ start: z.array(z.number()), end: z.array(z.number()) })
    .nullable()
    .default(null),
  /** Why that accelerator was chosen (e.g. "/dev/kvm not usable (ENOENT)"). */
  acceleratorReason: z.string().nullable().default(null),
  variants: z.array(VariantResult),
  warnings: z.array(z.string()),
};

/** A benchmark run as `npm run bench` writes it now. */
export const BenchmarkRecord = z.object({
  schema: z.literal(BENCHMARK_SCHEMA),
  ...BenchmarkFields,
  /** Every variant against the suite's baseline (kind "total"). */
  comparisons: z.array(Comparison),
  /** Cumulative suites only: each variant against the step before it (kind "step"). */
  stepComparisons: z.array(Comparison).default([]),
});
export type BenchmarkRecord = z.infer<typeof BenchmarkRecord>;

/** A benchmark run recorded before paired statistics: unpaired comparisons with sentences. */
export const LegacyBenchmarkRecord = z.object({
  schema: z.literal(LEGACY_BENCHMARK_SCHEMA),
  ...BenchmarkFields,
  comparisons: z.array(LegacyComparison),
  stepComparisons: z.array(LegacyComparison).default([]),
});
export type LegacyBenchmarkRecord = z.infer<typeof LegacyBenchmarkRecord>;

/** One activity of a boot, summarised over the analysis passes. */
export const ActivityStat = z.object({
  name: z.string(),
  /** Stage band for charts: qemu, firmware, kernel, initcalls, userspace, shutdown, other. */
  stage: z.string(),
  kind: z.enum(["required", "optional", "multiple", "long", "initcall"]),
  /** Mean start, ms after the pass began (QEMU spawn). */
  startMs: z.number(),
  /** Mean duration. */
  durationMs: z.number(),
  /** Sample standard deviation of the duration over the passes. */
  sdMs: z.number(),
  /** 100 × durationMs / mean run duration. */
  percent: z.number(),
  /** True when not long and percent ≥ 1. */
  warning: z.boolean(),
  /** Per-pass start and duration, for re-analysis and charts. */
  passes: z.array(
    z.object({
      /** The pass (0-based, as in the events file) this occurrence was seen in; null in older records. */
      pass: z.number().int().nullable().default(null),
      startMs: z.number(),
      durationMs: z.number(),
    }),
  ),
  /** Nesting parent (initcalls), or null. */
  parent: z.string().nullable().default(null),
});

/** The cost of observing on pairs: analysis pass i against the quiet boot right after it. */
export const ObserverPaired = z.object({
  pairs: z.number().int().positive(),
  /** Median of (analysis pass − quiet boot) wall times: positive means observing costs time. */
  costMs: z.number(),
  /** Percentile-bootstrap 95% CI of costMs, resampling pairs. */
  ci95: z.tuple([z.number(), z.number()]),
  pValue: z.number(),
  pMethod: z.enum(["exact", "monte-carlo"]),
  /** Of the analysis mode against the quiet boot: "costs" when observing measurably slows the boot. */
  verdict: Verdict,
  lowConfidence: z.boolean(),
});
export type ObserverPaired = z.infer<typeof ObserverPaired>;

export const AnalysisRecord = z.object({
  schema: z.literal(ANALYSIS_SCHEMA),
  id: z.string(),
  status: z.enum(["complete", "partial"]),
  createdAt: z.string(),
  tool: ToolInfo,
  host: HostInfo,
  qemu: z.object({ path: z.string(), version: z.string() }).nullable(),
  accelerator: z.enum(["kvm", "tcg"]).nullable(),
  target: z.object({
    kind: TargetKind,
    argv: z.array(z.string()),
    appliance: ApplianceInfo.nullable(),
    /** What could be learned of an --exec target (e.g. guestfish and its QEMU versions). */
    about: z.record(z.string(), z.string()).default({}),
  }),
  rules: z.object({ name: z.string(), file: z.string(), sha256: z.string() }),
  /**
   * What a line's time means: "first-byte" = host arrival of its first byte, lines split at
   * newlines only; "join-window" = older records, whose lines were cut after a 10–50 ms pause.
   */
  lineTimestamps: z.enum(["first-byte", "join-window"]).default("join-window"),
  /** Each pass: ok, failed (the process failed) or damaged (console bytes lost; left out of the statistics). */
  passResults: z
    .array(
      z.object({
        pass: z.number().int(),
        status: z.enum(["ok", "failed", "damaged"]),
        wallMs: z.number(),
        lines: z.number().int(),
        failure: z.string().nullable(),
        damage: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  passes: z.number().int(),
  warmup: z.number().int(),
  /** The raw events file (JSONL) next to this record, relative to it. */
  eventsFile: z.string(),
  /** Mean run (spawn → exit) over the passes. */
  run: z.object({ meanMs: z.number(), sdMs: z.number() }),
  activities: z.array(ActivityStat),
  /** Guest printk clock aligned to the host clock: host = guest + offsetMs. Null when not fitted. */
  clockAlignment: z
    .object({ offsetMs: z.number(), lines: z.number().int(), residualMs: z.number(), kernelEntryMs: z.number() })
    .nullable(),
  /**
   * Analysis mode (verbose console) vs quiet benchmark mode, ms of boot time: the means (as
   * first recorded) and, in records from now on, the paired figures (pass i vs quiet boot i).
   */
  observerCost: z
    .object({ analysisMs: z.number(), quietMs: z.number(), costMs: z.number(), paired: ObserverPaired.optional() })
    .nullable(),
  warnings: z.array(z.string()),
});
export type AnalysisRecord = z.infer<typeof AnalysisRecord>;

/** Any record found in content/runs/, of any version. */
export const StoredRecord = z.discriminatedUnion("schema", [BenchmarkRecord, LegacyBenchmarkRecord, AnalysisRecord]);
export type StoredRecord = z.infer<typeof StoredRecord>;

/** A record in the current version (what is written, and the derived view the site reads). */
export const RunRecord = z.discriminatedUnion("schema", [BenchmarkRecord, AnalysisRecord]);
export type RunRecord = z.infer<typeof RunRecord>;
export type SummaryStats = z.infer<typeof Summary>;
export type SampleRecord = z.infer<typeof Sample>;
export type VariantRecord = z.infer<typeof VariantResult>;
export type ComparisonRecord = z.infer<typeof Comparison>;
export type LegacyComparisonRecord = z.infer<typeof LegacyComparison>;
export type ActivityRecord = z.infer<typeof ActivityStat>;
export type ApplianceRecord = z.infer<typeof ApplianceInfo>;
