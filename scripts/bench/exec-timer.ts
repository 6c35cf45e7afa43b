/**
 * Timing --exec commands through a small helper process (exec-timer-child.mjs) instead of
 * runCaptured: same result shape, so the runner and the record do not care which one ran.
 * Appliance boots keep using runCaptured, which they need for the ready marker; there the
 * few ms of spawn cost are ≈ 0.1% of a boot (scripts/perf/harness-overhead.ts measures it).
 */
import { fork } from "node:child_process";
import { resolve } from "node:path";
import type { CaptureOptions, CaptureResult, Failure } from "../capture/run-captured.ts";

const CHILD = resolve(import.meta.dirname, "exec-timer-child.mjs");

interface Reply {
  wallMs: number;
  exitCode: number | null;
  signal: string | null;
  startedAt: number;
  failure: Failure | null;
}

export interface ExecTimer {
  run(argv: readonly string[], options: CaptureOptions): Promise<CaptureResult>;
  close(): void;
}

export function createExecTimer(): ExecTimer {
  const helper = fork(CHILD, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "json" });
  let pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  helper.on("message", (reply: Reply) => {
    const p = pending;
    pending = null;
    p?.resolve(reply);
  });
  helper.on("exit", (code) => {
    pending?.reject(new Error(`the exec timing helper exited unexpectedly (code ${code})`));
    pending = null;
  });
  return {
    async run(argv, options) {
      if (pending) throw new Error("exec timer: one command at a time");
      const onAbort = () => helper.send("abort");
      let reply: Reply;
      try {
        reply = await new Promise<Reply>((resolveReply, reject) => {
          pending = { resolve: resolveReply, reject };
          options.signal?.addEventListener("abort", onAbort, { once: true });
          helper.send({ argv: [...argv], timeoutMs: options.timeoutMs });
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
        reason: null,
      };
    },
    close() {
      helper.disconnect();
    },
  };
}
