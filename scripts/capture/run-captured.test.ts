import { describe, expect, it } from "vitest";
import { stripAnsi } from "../../core/text/ansi.ts";
import { runCaptured, type OutputChunk } from "./run-captured.ts";

describe("runCaptured", () => {
  it("times the marker and the exit, and hands over every chunk", async () => {
    const chunks: OutputChunk[] = [];
    const result = await runCaptured(["printf", "hello\\nboot-talk: ready\\n"], {
      timeoutMs: 10_000,
      marker: "boot-talk: ready",
      onChunk: (c) => chunks.push(c),
    });
    expect(result).toMatchObject({ ok: true, failure: null, exitCode: 0 });
    expect(result.markerMs).not.toBeNull();
    expect(result.markerMs!).toBeLessThanOrEqual(result.wallMs + 50);
    expect(chunks.map((c) => c.text).join("")).toBe("hello\nboot-talk: ready\n");
  });

  it("kills a process that outlives the timeout and says so", async () => {
    const result = await runCaptured(["sleep", "30"], { timeoutMs: 300 });
    expect(result.failure).toBe("timeout");
    expect(result.wallMs).toBeLessThan(5_000);
  });

  it("treats a kernel panic as a failure even when the exit code is 0", async () => {
    const result = await runCaptured(["printf", "[ 1.0] Kernel panic - not syncing: VFS\\n"], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ ok: false, failure: "kernel-panic", exitCode: 0 });
  });

  it("reports a non-zero exit and a missing marker", async () => {
    expect((await runCaptured(["false"], { timeoutMs: 10_000 })).failure).toBe("exit-code");
    expect((await runCaptured(["true"], { timeoutMs: 10_000, marker: "never" })).failure).toBe("no-marker");
  });

  it("stops the process when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runCaptured(["sleep", "30"], { timeoutMs: 60_000, signal: controller.signal });
    expect(result.failure).toBe("aborted");
  });
});

describe("stripAnsi", () => {
  it("removes the resets and cursor moves SeaBIOS and the kernel print", () => {
    const line = "Probing EDD (edd=off to disable)... o\x1bc\x1b[?7l\x1b[2J[    0.000000] Linux version 6.1.0";
    expect(stripAnsi(line)).toBe("Probing EDD (edd=off to disable)... o[    0.000000] Linux version 6.1.0");
    expect(stripAnsi("\x1b[1;31mred\x1b[0m\r")).toBe("red\r");
  });
});
