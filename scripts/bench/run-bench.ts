/**
 * One benchmark run from options to written record: resolve what to run (suite, plain boot or
 * --exec), prepare every command line before the first boot, run the interleaved schedule,
 * build and write the record even when interrupted, and print the report.
 */
import { stat, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { relative } from "node:path";
import { READY_MARKER } from "../appliance/init-script.ts";
import { UserError } from "../../core/errors.ts";
import { readHostInfo } from "../lib/host.ts";
import { readToolInfo } from "../lib/provenance.ts";
import { prepareBoot, type BootSpec, type PreparedBoot } from "../qemu/boot-spec.ts";
import type { BenchmarkRecord } from "../../core/records/schema.ts";
import { newRecordId, writeRecord } from "../../core/records/store.ts";
import { reportAffectedFigures } from "../claims/affected.ts";
import { DEFAULT_RESAMPLES } from "../../core/stats/resample.ts";
import { newSeed } from "../../core/stats/random.ts";
import { applyChange, loadDefinition, type ResolvedVariant } from "./definition.ts";
import { createExecTimer } from "./exec-timer.ts";
import { toCsv, toMarkdown } from "../../core/format/export.ts";
import type { BenchOptions } from "./options.ts";
import { createProgress } from "./progress.ts";
import { buildRecord, type VariantInput } from "./record.ts";
import { formatBenchReport } from "../../core/format/bench-report.ts";
import { runSchedule, type Target } from "./runner.ts";
import { buildSchedule } from "./schedule.ts";
import { projectRoot } from "../../core/paths.ts";

const PROJECT_ROOT = projectRoot();

/** The command-line overrides as a change applied on top of every variant. */
function withOverrides(spec: BootSpec, options: BenchOptions): BootSpec {
  return applyChange(spec, {
    append: options.append,
    ...(options.memoryMiB !== null ? { memoryMiB: options.memoryMiB } : {}),
    ...(options.smp !== null ? { smp: options.smp } : {}),
    ...(options.kernel !== null ? { kernel: options.kernel } : {}),
  });
}

/** What a variant's boot really was, for the record (spec as written plus effective values). */
function configOf(spec: BootSpec, boot: PreparedBoot): Record<string, unknown> {
  const m = boot.machine;
  return {
    spec,
    machine: m.machine,
    memoryMiB: m.memoryMiB,
    smp: m.smp,
    nic: m.nic,
    bios: m.bios,
    compression: boot.appliance.initrd.compression,
    kernel: m.kernel,
    append: m.append,
    extraArgs: [...m.extraArgs],
  };
}

interface Prepared {
  targets: Target[];
  inputs: Omit<VariantInput, "samples">[];
  boot: PreparedBoot | null;
  suite: BenchmarkRecord["suite"];
  cumulative: boolean;
  slug: string;
}

async function prepare(options: BenchOptions): Promise<Prepared> {
  if (options.exec) {
    const name = options.exec.join(" ");
    return {
      targets: [{ name, argv: options.exec }],
      inputs: [
        { name, description: "--exec command", config: { exec: options.exec }, argv: options.exec, appliance: null },
      ],
      boot: null,
      suite: null,
      cumulative: false,
      slug: "exec",
    };
  }
  // The definition is validated before anything boots.
  const loaded = options.suite ? await loadDefinition(options.suite) : null;
  const variants: ResolvedVariant[] = loaded?.variants ?? [{ name: "default", description: "", spec: {} }];
  const targets: Target[] = [];
  const inputs: Prepared["inputs"] = [];
  let first: PreparedBoot | null = null;
  for (const variant of variants) {
    const spec = withOverrides(variant.spec, options);
    const boot = await prepareBoot(spec);
    first ??= boot;
    targets.push({ name: variant.name, argv: boot.argv, marker: READY_MARKER });
    inputs.push({
      name: variant.name,
      description: variant.description,
      config: configOf(spec, boot),
      argv: boot.argv,
      appliance: {
        hash: boot.appliance.hash,
        kernel: { ...boot.appliance.kernel, build: boot.appliance.kernelBuild ?? null },
        initrd: {
          sha256: boot.appliance.initrd.sha256,
          bytes: boot.appliance.initrd.bytes,
          compression: boot.appliance.initrd.compression,
        },
        busyboxSha256: boot.appliance.busybox.sha256,
      },
    });
  }
  return {
    targets,
    inputs,
    boot: first,
    suite: loaded
      ? {
          name: loaded.definition.name,
          file: relative(PROJECT_ROOT, loaded.file),
          sha256: loaded.sha256,
          definition: loaded.definition,
        }
      : null,
    cumulative: loaded?.definition.cumulative ?? false,
    slug: loaded ? loaded.definition.name : "boot",
  };
}

async function exportTo(path: string, text: string): Promise<void> {
  if (path === "-") process.stdout.write(text);
  else await writeFile(path, text);
}

/**
 * Runs the benchmark. Returns the exit code: 0 ok, 1 when a variant had no successful timed
 * run, 128 + signal number (130 SIGINT, 143 SIGTERM) when interrupted.
 */
export async function runBench(options: BenchOptions): Promise<number> {
  // Refuse an existing --out before booting anything, not after ten minutes of boots.
  if (options.out && (await stat(options.out).catch(() => null))) {
    throw new UserError(
      `${options.out} already exists; boot-talk never overwrites a record. Choose another --out path.`,
    );
  }
  const prepared = await prepare(options);
  const seed = options.seed ?? newSeed();
  const schedule = buildSchedule(prepared.targets.length, options.runs, options.warmup, options.order, seed);

  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  const onInt = () => stop("SIGINT");
  const onTerm = () => stop("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);

  const [tool, host] = await Promise.all([readToolInfo(), readHostInfo()]);
  const progress = createProgress();
  const loadAtStart = loadavg();
  process.stderr.write(
    `Warming up (${options.warmup} per variant), then ${options.runs} timed runs per variant, ${options.order} ...\n`,
  );
  const execTimer = options.exec ? createExecTimer() : null;
  let outcome;
  try {
    outcome = await runSchedule(prepared.targets, schedule, {
      timeoutMs: options.timeoutMs,
      signal: controller.signal,
      onStart: (e) => progress.start(e),
      onSample: (e) => progress.sample(e),
      run: execTimer?.run,
    });
  } finally {
    progress.finish();
    execTimer?.close();
  }
  // The handlers stay until the record is written: a second Ctrl-C must not lose it.

  const createdAt = new Date();
  const record = buildRecord({
    id: newRecordId(prepared.slug, createdAt),
    createdAt: createdAt.toISOString(),
    status: outcome.aborted ? "partial" : "complete",
    tool,
    host,
    qemu: prepared.boot?.qemu ?? null,
    accelerator: prepared.boot?.accelerator ?? null,
    acceleratorReason: prepared.boot?.acceleratorReason ?? null,
    hostLoad: { start: loadAtStart, end: loadavg() },
    suite: prepared.suite,
    cumulative: prepared.cumulative,
    options: {
      runs: options.runs,
      warmup: options.warmup,
      timeoutMs: options.timeoutMs,
      order: options.order,
      seed,
      append: options.append,
      memoryMiB: options.memoryMiB,
      smp: options.smp,
      kernel: options.kernel,
      exec: options.exec,
      resamples: DEFAULT_RESAMPLES,
    },
    variants: prepared.inputs.map((input, i) => ({ ...input, samples: outcome.samples[i] ?? [] })),
  });
  const path = await writeRecord(record, options.out ?? undefined);
  const report = formatBenchReport(record);
  process.stdout.write(report);
  if (options.exportCsv) await exportTo(options.exportCsv, toCsv(record));
  if (options.exportMarkdown) await exportTo(options.exportMarkdown, toMarkdown(record));
  process.stderr.write(`record written to ${path}\n`);

  // --- claims: which figures and numbers of the talk and paper this record changes (scripts/claims/affected.ts) ---
  await reportAffectedFigures(path);

  process.off("SIGINT", onInt);
  process.off("SIGTERM", onTerm);

  if (stoppedBy) return stoppedBy === "SIGINT" ? 130 : 143;
  if (record.variants.some((v) => !v.summary[record.primaryMetric])) {
    throw new UserError(
      "at least one variant had no successful timed run; see the warnings above and the failure details in the record",
      { exitCode: 1 },
    );
  }
  return 0;
}
