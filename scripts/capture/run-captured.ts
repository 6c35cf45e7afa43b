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
  /**
   * A whole line whose first appearance is timed, e.g. the init's ready line: the line, escapes
   * stripped and trimmed, must equal it, so the kernel echoing its command line (which may
   * contain the same words) is never taken for it.
   */
  marker?: string;
  /** Called for every chunk, in arrival order; the analysis records these. */
  onChunk?: (chunk: OutputChunk) => void;
  /** Aborting kills the process (Ctrl-C handling). */
  signal?: AbortSignal;
  /** Keep at most this many characters of output for the report (the tail); default 64 KiB. */
  keepOutput?: number;
  /**
   * Stop the process once it has printed this many characters (it is killed; failure
   * "output-limit"): a runaway command must not fill the harness's memory. Default 256 MiB.
   */
  maxOutput?: number;
}

/**
 * Why a run did not count as a success. qemu-abort: the process died of SIGABRT (QEMU's
 * assertions, e.g. "failed to set MSR 0x10a" with a KVM it cannot use).
 */
export type Failure =
  "timeout" | "aborted" | "spawn-error" | "exit-code" | "kernel-panic" | "no-marker" | "qemu-abort" | "output-limit";

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
  // The line being received on each stream, and when its last visible text arrived.
  const open = { stdout: { text: "", t: 0 }, stderr: { text: "", t: 0 } };
  let markerMs: number | null = null;
  let exitAt: number | null = null;

  const wrapper = await deathSignalWrapper();
  const fifos = await createFifos(2);
  const [out, err] = fifos.pipes as [(typeof fifos.pipes)[0], (typeof fifos.pipes)[0]];
  const startedAt = Date.now();
  const t0 = performance.now();
  const subprocess = execa(wrapper[0] ?? file, [...wrapper.slice(1), ...(wrapper.length ? [file] : []), ...args], {
    // Its own process group, so a timeout or an abort kills what it started too.
    detached: true,
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

  const maxOutput = options.maxOutput ?? 256 * 2 ** 20;
  let printed = 0;
  let overLimit = false;
  const onData = (stream: OutputChunk["stream"]) => (text: string) => {
    const t = performance.now() - t0;
    if (overLimit) return;
    printed += text.length;
    if (printed > maxOutput) {
      overLimit = true;
      killGroup(subprocess.pid);
      return;
    }
    options.onChunk?.({ t, stream, text });
    const visible = stripAnsi(text);
    tail.push(visible);
    if (stream === "stderr") stderrTail.push(visible);
    if (marker && markerMs === null) {
      const line = open[stream];
      const pieces = visible.split("\n");
      pieces.forEach((piece, i) => {
        if (piece !== "") line.t = t;
        // Only a line that could still become the marker is kept: O(marker) per stream.
        line.text = (line.text + piece).slice(0, marker.length + 64);
        if (i === pieces.length - 1) return;
        if (markerMs === null && line.text.trim() === marker) markerMs = line.t;
        line.text = "";
      });
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
  killGroup(subprocess.pid);
  // A grandchild may still hold the pipes open; do not wait for it past the kill grace.
  await Promise.race([Promise.all(drained), new Promise((r) => setTimeout(r, 2_000))]);
  await fifos.dispose();
  const outputTail = tail.text();
  // setpriv's own "failed to execute" (exit 126/127): the command could not be started.
  const notStarted = wrapper.length > 0 && /^setpriv: failed to execute/m.test(stderrTail.text());
  const failure = notStarted
    ? "spawn-error"
    : overLimit
      ? "output-limit"
      : classify(result, outputTail, marker !== undefined && markerMs === null);
  return {
    ok: failure === null,
    failure,
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    wallMs,
    markerMs,
    startedAt,
    outputTail,
    reason: overLimit
      ? `printed more than ${maxOutput} characters; stopped (a runaway command?)`
      : failure && failure !== "aborted"
        ? errorReason(stderrTail.text(), result)
        : null,
  };
}

/**
 * `setpriv --pdeathsig KILL --` (util-linux) before the command: the kernel kills the child
 * when the harness dies, even by SIGKILL or the OOM killer, so no QEMU is left running a hung
 * guest with ppid 1. The flag survives the exec into the command. About 1 ms of extra exec
 * inside the timed region (scripts/perf/harness-overhead.ts measures the whole spawn cost).
 * Without setpriv the command runs as before.
 */
let wrapperProbe: Promise<string[]> | null = null;
function deathSignalWrapper(): Promise<string[]> {
  wrapperProbe ??= execa("setpriv", ["--help"], { reject: false, timeout: 5000 }).then((r) =>
    r.exitCode === 0 && String(r.stdout).includes("--pdeathsig") ? ["setpriv", "--pdeathsig", "KILL", "--"] : [],
  );
  return wrapperProbe;
}

/** Kills what is left of the command's process group (a grandchild holding the pipes). */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
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
    .filter(
      (l) =>
        /^qemu[-\w]*: |Assertion .* failed|^error: |^setpriv: failed to execute/i.test(l) &&
        !/terminating on signal/.test(l),
    );
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
