/**
 * Running one process (a QEMU boot or any command) and timing it from the host, the way the
 * original tools did: wall time from spawn to exit, the time a marker line first appeared,
 * and every output chunk with its arrival time. Spawned with execa from an argument array,
 * never through a shell. Output comes through FIFOs (see fifo.ts: QEMU overruns Node's
 * default socketpair and loses console bytes), decoded as UTF-8 across chunk boundaries, and
 * each chunk costs O(its length), so the reader keeps up with the guest on a busy host.
 */
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import { stripAnsi } from "../../core/text/ansi.ts";
import { createFifos } from "./fifo.ts";

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

/**
 * Why a run did not count as a success. qemu-abort: the process died of SIGABRT (QEMU's
 * assertions, e.g. "failed to set MSR 0x10a" with a KVM it cannot use).
 */
export type Failure = "timeout" | "aborted" | "spawn-error" | "exit-code" | "kernel-panic" | "no-marker" | "qemu-abort";

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
  /**
   * For a failed run: the process's own explanation, i.e. the last lines of its stderr that
   * look like an error (QEMU's "qemu-system-x86_64: …" lines, an assertion), or null.
   */
  reason: string | null;
}

/** Runs argv once and reports timings. Never throws for a failing process; only for a bug. */
export async function runCaptured(argv: readonly string[], options: CaptureOptions): Promise<CaptureResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error("runCaptured: empty argv");
  const keep = options.keepOutput ?? 65_536;
  const tail = new TextTail(keep);
  const stderrTail = new TextTail(4096);
  const marker = options.marker;
  // The stripped text just before the newest chunk, so a marker split across chunks is found.
  let recent = "";
  let markerMs: number | null = null;
  let exitAt: number | null = null;

  const fifos = await createFifos(2);
  const [out, err] = fifos.pipes as [(typeof fifos.pipes)[0], (typeof fifos.pipes)[0]];
  const startedAt = Date.now();
  const t0 = performance.now();
  const subprocess = execa(file, args, {
    stdin: "ignore",
    // A descriptor number is a documented stdio value; execa 10's typings reject it here.
    stdout: out.writeFd as never,
    stderr: err.writeFd as never,
    buffer: false,
    reject: false,
    timeout: options.timeoutMs,
    cancelSignal: options.signal,
    forceKillAfterDelay: 2_000,
    killSignal: "SIGKILL",
  });
  out.closeWriteEnd();
  err.closeWriteEnd();
  // The exit event fires before the pipes drain: that is the moment the process ended.
  subprocess.nodeChildProcess.on("exit", () => {
    exitAt = performance.now();
  });

  const onData = (stream: OutputChunk["stream"]) => (text: string) => {
    const t = performance.now() - t0;
    options.onChunk?.({ t, stream, text });
    const visible = stripAnsi(text);
    tail.push(visible);
    if (stream === "stderr") stderrTail.push(visible);
    if (marker && markerMs === null) {
      if ((recent + visible).includes(marker)) markerMs = t;
      recent = (recent + visible).slice(-(marker.length - 1));
    }
  };
  const drained = [out, err].map(
    (pipe, i) =>
      new Promise<void>((resolveDrained) => {
        pipe.reader.setEncoding("utf8");
        pipe.reader.on("data", onData(i === 0 ? "stdout" : "stderr"));
        pipe.reader.on("close", () => resolveDrained());
        pipe.reader.on("error", () => resolveDrained());
      }),
  );

  const result = await subprocess;
  const wallMs = (exitAt ?? performance.now()) - t0;
  // A grandchild may still hold the pipes open; do not wait for it past the kill grace.
  await Promise.race([Promise.all(drained), new Promise((r) => setTimeout(r, 2_000))]);
  await fifos.dispose();
  const outputTail = tail.text();
  const failure = classify(result, outputTail, marker !== undefined && markerMs === null);
  return {
    ok: failure === null,
    failure,
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    wallMs,
    markerMs,
    startedAt,
    outputTail,
    reason: failure && failure !== "aborted" ? errorReason(stderrTail.text(), result) : null,
  };
}

/** The last `limit` characters of a stream of text, in O(chunk) per push. */
class TextTail {
  private chunks: string[] = [];
  private length = 0;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  push(text: string): void {
    this.chunks.push(text);
    this.length += text.length;
    while (this.chunks.length > 1 && this.length - this.chunks[0]!.length >= this.limit) {
      this.length -= this.chunks.shift()!.length;
    }
  }
  text(): string {
    return this.chunks.join("").slice(-this.limit);
  }
}

/** QEMU's own error lines ("qemu-system-x86_64: …", assertions), else the spawn error. */
function errorReason(stderr: string, result: { code?: string; shortMessage?: string }): string | null {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^qemu[-\w]*: |Assertion .* failed|^error: /i.test(l) && !/terminating on signal/.test(l));
  if (lines.length) return lines.slice(-3).join(" | ").slice(0, 600);
  if (result.code) return result.shortMessage?.split("\n")[0] ?? result.code;
  return null;
}

/**
 * QEMU exits 0 even after a kernel panic (panic=-1 with -no-reboot), so the output decides:
 * a panic message, a missing marker, or a non-zero exit are each failures.
 */
function classify(
  result: {
    timedOut?: boolean;
    isCanceled?: boolean;
    failed?: boolean;
    exitCode?: number;
    code?: string;
    signal?: string;
  },
  output: string,
  markerMissing: boolean,
): Failure | null {
  if (result.timedOut) return "timeout";
  if (result.isCanceled) return "aborted";
  if (result.signal === "SIGABRT") return "qemu-abort";
  if (result.exitCode === undefined) return "spawn-error";
  if (output.includes("Kernel panic")) return "kernel-panic";
  if (result.exitCode !== 0) return "exit-code";
  if (markerMissing) return "no-marker";
  return null;
}
