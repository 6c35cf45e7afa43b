/**
 * Running one process (a QEMU boot or any command) and timing it from the host, the way the
 * original tools did: wall time from spawn to exit, the time a marker line first appeared,
 * and every output chunk with its arrival time. Spawned with execa from an argument array,
 * never through a shell.
 */
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import { stripAnsi } from "../../core/text/ansi.ts";

/** One piece of output as it arrived. `t` is ms since spawn on the host's monotonic clock. */
export interface OutputChunk {
  t: number;
  stream: "stdout" | "stderr";
  text: string;
}

export interface CaptureOptions {
  /** Kill the process after this many ms and report a timeout. */
  timeoutMs: number;
  /** Text whose first appearance (after stripping escapes) is timed, e.g. the init's ready line. */
  marker?: string;
  /** Called for every chunk, in arrival order; the analysis records these. */
  onChunk?: (chunk: OutputChunk) => void;
  /** Aborting kills the process (Ctrl-C handling). */
  signal?: AbortSignal;
  /** Keep at most this many characters of output for the report (the tail); default 64 KiB. */
  keepOutput?: number;
}

/** Why a run did not count as a success. */
export type Failure = "timeout" | "aborted" | "spawn-error" | "exit-code" | "kernel-panic" | "no-marker";

export interface CaptureResult {
  ok: boolean;
  failure: Failure | null;
  exitCode: number | null;
  signal: string | null;
  /** Host wall time from spawn to process exit, ms. */
  wallMs: number;
  /** Host time from spawn to the first appearance of the marker, ms; null if never seen. */
  markerMs: number | null;
  /** Epoch ms at spawn, for the record. */
  startedAt: number;
  /** Last keepOutput characters of combined output, escapes stripped. */
  outputTail: string;
}

/** Runs argv once and reports timings. Never throws for a failing process; only for a bug. */
export async function runCaptured(argv: readonly string[], options: CaptureOptions): Promise<CaptureResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error("runCaptured: empty argv");
  const keep = options.keepOutput ?? 65_536;
  let tail = "";
  let markerMs: number | null = null;
  let exitAt: number | null = null;

  const startedAt = Date.now();
  const t0 = performance.now();
  const subprocess = execa(file, args, {
    stdin: "ignore",
    buffer: false,
    reject: false,
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    forceKillAfterDelay: 2_000,
    killSignal: "SIGKILL",
  });
  // The exit event fires before the pipes drain: that is the moment the process ended.
  subprocess.nodeChildProcess.on("exit", () => {
    exitAt = performance.now();
  });

  const onData = (stream: OutputChunk["stream"]) => (data: Buffer) => {
    const t = performance.now() - t0;
    const text = data.toString("utf8");
    options.onChunk?.({ t, stream, text });
    // Search the new text together with the end of the old, so a marker split across chunks is found.
    const before = tail.length;
    tail = (tail + stripAnsi(text)).slice(-keep);
    if (options.marker && markerMs === null) {
      const from = Math.max(0, Math.min(before, tail.length) - options.marker.length);
      if (tail.indexOf(options.marker, from) !== -1) markerMs = t;
    }
  };
  subprocess.stdout?.on("data", onData("stdout"));
  subprocess.stderr?.on("data", onData("stderr"));

  const result = await subprocess;
  const wallMs = (exitAt ?? performance.now()) - t0;
  const failure = classify(result, tail, options.marker !== undefined && markerMs === null);
  return {
    ok: failure === null,
    failure,
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    wallMs,
    markerMs,
    startedAt,
    outputTail: tail,
  };
}

/**
 * QEMU exits 0 even after a kernel panic (panic=-1 with -no-reboot), so the output decides:
 * a panic message, a missing marker, or a non-zero exit are each failures.
 */
function classify(
  result: { timedOut?: boolean; isCanceled?: boolean; failed?: boolean; exitCode?: number; code?: string },
  output: string,
  markerMissing: boolean,
): Failure | null {
  if (result.timedOut) return "timeout";
  if (result.isCanceled) return "aborted";
  if (result.exitCode === undefined) return "spawn-error";
  if (output.includes("Kernel panic")) return "kernel-panic";
  if (result.exitCode !== 0) return "exit-code";
  if (markerMissing) return "no-marker";
  return null;
}
