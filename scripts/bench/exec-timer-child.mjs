// @ts-check
/**
 * The --exec timing helper process. Plain JavaScript importing only Node built-ins, on
 * purpose: fork() copies the page tables of the process that spawns, and both the full bench
 * process (execa, zod, statistics…) and any .ts file (Node then loads its type stripper) make
 * that copy slower. Measured here for `sleep 0.3`: spawn() returns after ≈ 2.3 ms from this
 * file vs ≈ 5.5–6.4 ms from the same code as .ts, and ≈ 4–5 ms from the bench process
 * (scripts/perf/exec-vs-hyperfine.ts compares the end result with hyperfine -N).
 * Protocol (IPC, JSON): {argv, timeoutMs} in → {wallMs, exitCode, signal, startedAt, failure}
 * out; the message "abort" kills the running command. Output goes to /dev/null, as with
 * hyperfine -N.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

/** @type {{ child: import("node:child_process").ChildProcess, aborted: boolean } | null} */
let running = null;

// Ctrl-C reaches the whole process group; the parent decides what happens (it sends "abort").
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
// If the parent goes away, take the command with us.
process.on("disconnect", () => {
  running?.child.kill("SIGKILL");
  process.exit(0);
});

process.on("message", (/** @type {{ argv: string[], timeoutMs: number } | "abort"} */ message) => {
  if (message === "abort") {
    if (running) {
      running.aborted = true;
      running.child.kill("SIGKILL");
    }
    return;
  }
  const [file, ...args] = message.argv;
  const startedAt = Date.now();
  const t0 = performance.now();
  const child = spawn(/** @type {string} */ (file), args, { stdio: "ignore" });
  const state = { child, aborted: false };
  running = state;
  let timedOut = false;
  let spawnError = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, message.timeoutMs);
  child.on("error", () => {
    spawnError = true;
  });
  child.on("close", (code, signal) => {
    const wallMs = performance.now() - t0;
    clearTimeout(timer);
    running = null;
    const failure = state.aborted
      ? "aborted"
      : timedOut
        ? "timeout"
        : spawnError
          ? "spawn-error"
          : code !== 0
            ? "exit-code"
            : null;
    process.send?.({ wallMs, exitCode: code, signal, startedAt, failure });
  });
});
