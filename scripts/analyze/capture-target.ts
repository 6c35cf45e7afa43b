/**
 * Running the target of an analysis (the appliance in analysis mode, or an --exec command)
 * and returning its events log, nothing analysed yet: the header says what ran (provenance,
 * rules, accelerator, how output was read), then every pass, then the quiet boots measured
 * for the cost of observing.
 */
import { READY_MARKER } from "../appliance/init-script.ts";
import { runCaptured } from "../capture/run-captured.ts";
import { createProgressDisplay } from "../cli/progress.ts";
import { readHostInfo } from "../lib/host.ts";
import { readToolInfo } from "../lib/provenance.ts";
import { prepareBoot } from "../qemu/boot-spec.ts";
import { EVENTS_SCHEMA, type EventLog, type EventsHeader } from "../../core/analysis/events.ts";
import { capturePasses } from "./capture-passes.ts";
import { ANALYSIS_APPEND, type AnalyzeOptions } from "./options.ts";
import type { EventsJournal } from "./events-journal.ts";
import { learnTarget } from "./target-info.ts";

export async function captureTarget(
  options: AnalyzeOptions,
  rulesName: string,
  signal: AbortSignal,
  /** Opens the journal once the header is known; each finished pass goes into it. */
  openJournal?: (header: EventsHeader) => Promise<EventsJournal>,
): Promise<{ log: EventLog; aborted: boolean; journal: EventsJournal | null }> {
  const [tool, host] = await Promise.all([readToolInfo(), readHostInfo()]);
  let argv: string[];
  let target: EventsHeader["target"];
  let qemu: EventsHeader["qemu"];
  let accelerator: EventsHeader["accelerator"] = null;
  if (options.exec) {
    argv = options.exec;
    const info = await learnTarget(argv);
    target = { kind: "exec", argv, appliance: null, about: info.about };
    qemu = info.qemu;
  } else {
    const boot = await prepareBoot(options.spec);
    argv = boot.argv;
    const { kernel, initrd, hash, busybox } = boot.appliance;
    target = {
      kind: "appliance",
      argv,
      appliance: {
        hash,
        kernel: {
          path: kernel.path,
          sha256: kernel.sha256,
          bytes: kernel.bytes,
          build: boot.appliance.kernelBuild ?? null,
        },
        initrd: { sha256: initrd.sha256, bytes: initrd.bytes, compression: initrd.compression },
        busyboxSha256: busybox.sha256,
      },
      about: { "accelerator reason": boot.acceleratorReason },
    };
    qemu = boot.qemu;
    accelerator = boot.accelerator;
  }
  // The cost of observing: quiet (benchmark-mode) boots interleaved with the recorded passes.
  const walls: number[] = [];
  let quietArgv: string[] | null = null;
  const quietBoots = options.exec ? 0 : Math.min(options.observerBoots, options.passes);
  if (quietBoots > 0) {
    quietArgv = (
      await prepareBoot({
        ...options.spec,
        append: ["quiet", ...(options.spec.append ?? []).filter((a) => !ANALYSIS_APPEND.includes(a))],
      })
    ).argv;
  }
  const header: EventsHeader = {
    type: "header",
    schema: EVENTS_SCHEMA,
    rules: rulesName,
    target,
    passes: options.passes,
    warmup: options.warmup,
    createdAt: new Date().toISOString(),
    tool,
    host,
    qemu,
    accelerator,
    capture: "fifo",
  };
  const journal = openJournal ? await openJournal(header) : null;
  const progress = createProgressDisplay();
  const afterPass = async (pass: number, done: number, total: number) => {
    if (!quietArgv || pass >= quietBoots) return done;
    const label = `quiet boot ${pass + 1}/${quietBoots}`;
    progress.start({ done, total, key: "quiet", label });
    const result = await runCaptured(quietArgv, { timeoutMs: options.timeoutMs, marker: READY_MARKER, signal });
    if (result.failure === "aborted") return done;
    if (result.ok) walls.push(result.wallMs);
    progress.result({
      done: done + 1,
      total,
      key: "quiet",
      label,
      ok: result.ok,
      valueMs: result.wallMs,
      failure: result.failure,
      timed: true,
    });
    return done + 1;
  };
  let outcome;
  try {
    outcome = await capturePasses(argv, {
      passes: options.passes,
      warmup: options.warmup,
      timeoutMs: options.timeoutMs,
      signal,
      progress,
      extraRuns: quietBoots,
      afterPass,
      keepPass: journal ? (events) => journal.pass(events) : undefined,
    });
  } finally {
    progress.finish();
    await journal?.close();
  }
  const log: EventLog = {
    header: { ...header, passes: Math.max(outcome.completed, 1) },
    events: outcome.events,
    observer: walls.length ? { type: "observer", quietWallMs: walls } : null,
  };
  return { log, aborted: outcome.aborted, journal };
}
