/**
 * Timing --exec commands through a small long-lived helper process (exec-timer-child.py)
 * instead of runCaptured: it spawns with posix_spawn and reaps with wait4, so each sample
 * gets the command's own user and system CPU time and peak RSS, and the spawn costs less
 * than Node's fork (scripts/perf/exec-vs-hyperfine.ts compares it with hyperfine -N). Same
 * result shape as runCaptured, so the runner and the record do not care which one ran.
 * Appliance boots keep using runCaptured, which they need for the console and the marker.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { UserError } from "../../core/errors.ts";
import type { CaptureOptions, CaptureResult, Failure } from "../capture/run-captured.ts";

const CHILD = resolve(import.meta.dirname, "exec-timer-child.py");
/** The interpreter; BOOT_TALK_PYTHON overrides it. */
const PYTHON = process.env.BOOT_TALK_PYTHON ?? "python3";

interface Reply {
  wallMs: number;
  exitCode: number | null;
  signal: string | null;
  startedAt: number;
  failure: Failure | null;
  reason: string | null;
  userMs: number | null;
  systemMs: number | null;
  maxRssKiB: number | null;
}

/** What the timer adds to a capture result: the command's rusage. */
export interface TimedResult extends CaptureResult {
  userMs: number | null;
  systemMs: number | null;
  maxRssKiB: number | null;
}

export interface ExecTimer {
  run(argv: readonly string[], options: CaptureOptions): Promise<TimedResult>;
  close(): void;
}

export function createExecTimer(): ExecTimer {
  let helper: ChildProcessByStdio<Writable, Readable, null>;
  try {
    helper = spawn(PYTHON, [CHILD], { stdio: ["pipe", "pipe", "inherit"] });
  } catch (error) {
    throw new UserError(`cannot start the --exec timing helper with ${PYTHON}: ${(error as Error).message}`);
  }
  let pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  let exited: Error | null = null;
  createInterface({ input: helper.stdout }).on("line", (line) => {
    const p = pending;
    pending = null;
    p?.resolve(JSON.parse(line) as Reply);
  });
  const fail = (error: Error) => {
    exited = error;
    pending?.reject(error);
    pending = null;
  };
  helper.on("error", (error) =>
    fail(
      new UserError(
        `--exec needs python3 for its timing helper (${error.message}); install python3 or set BOOT_TALK_PYTHON`,
      ),
    ),
  );
  helper.on("exit", (code) => fail(new Error(`the exec timing helper exited unexpectedly (code ${code})`)));
  helper.stdin.on("error", () => {}); // a dead helper is reported by "exit"
  return {
    async run(argv, options) {
      if (exited) throw exited;
      if (pending) throw new Error("exec timer: one command at a time");
      const onAbort = () => helper.stdin.write("abort\n");
      let reply: Reply;
      try {
        reply = await new Promise<Reply>((resolveReply, reject) => {
          pending = { resolve: resolveReply, reject };
          options.signal?.addEventListener("abort", onAbort, { once: true });
          helper.stdin.write(JSON.stringify({ argv: [...argv], timeoutMs: options.timeoutMs }) + "\n");
          if (options.signal?.aborted) onAbort();
        });
      } finally {
        options.signal?.removeEventListener("abort", onAbort);
      }
      return {
        ok: reply.failure === null,
        failure: reply.failure,
        exitCode: reply.exitCode,
        signal: reply.signal,
        wallMs: reply.wallMs,
        markerMs: null,
        startedAt: reply.startedAt,
        outputTail: "",
        reason: reply.reason,
        userMs: reply.userMs,
        systemMs: reply.systemMs,
        maxRssKiB: reply.maxRssKiB,
      };
    },
    close() {
      helper.removeAllListeners("exit");
      helper.stdin.end();
    },
  };
}
