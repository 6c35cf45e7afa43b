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

  it("times the marker only as a whole line, never inside another (the kernel echoing its command line)", async () => {
    const script =
      "printf '[    0.000000] Command line: console=ttyS0 boot-talk: ready\\n'; sleep 0.3; printf '\\033[0mboot-talk: ready\\r\\n'";
    const result = await runCaptured(["sh", "-c", script], { timeoutMs: 10_000, marker: "boot-talk: ready" });
    expect(result.ok).toBe(true);
    expect(result.markerMs!).toBeGreaterThanOrEqual(300);
    const never = await runCaptured(["printf", "x boot-talk: ready\\n"], {
      timeoutMs: 10_000,
      marker: "boot-talk: ready",
    });
    expect(never.failure).toBe("no-marker");
  });

  it("stops a runaway command at the output limit instead of filling memory", async () => {
    let seen = 0;
    const result = await runCaptured(["yes"], {
      timeoutMs: 60_000,
      maxOutput: 2 ** 20,
      onChunk: (c) => (seen += c.text.length),
    });
    expect(result.failure).toBe("output-limit");
    expect(result.reason).toMatch(/printed more than 1048576 characters/);
    expect(seen).toBeLessThanOrEqual(2 ** 20);
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

  it("decodes a UTF-8 character split across two writes (and two chunks) intact", async () => {
    const chunks: OutputChunk[] = [];
    const script = "printf '\\342\\202'; sleep 0.1; printf '\\254 ok\\n'";
    await runCaptured(["sh", "-c", script], { timeoutMs: 10_000, onChunk: (c) => chunks.push(c) });
    // The decoder holds the first two bytes back until the third arrives: no U+FFFD anywhere.
    expect(chunks.map((c) => c.text).join("")).toBe("€ ok\n");
  });

  it("loses no byte of QEMU-style 1-byte non-blocking writes while the reader is stalled", async () => {
    // As QEMU's serial model: stdout non-blocking, one byte per write, a byte dropped after
    // 4 failed retries (MAX_XMIT_RETRY). Through Node's default socketpair this drops bytes
    // within a few hundred; through runCaptured's FIFO none of the 20 000.
    const writer = [
      "import os, sys, time",
      "os.set_blocking(1, False)",
      "dropped = 0",
      "for i in range(20000):",
      "    for attempt in range(5):",
      "        try:",
      "            os.write(1, b'x'); break",
      "        except BlockingIOError:",
      "            time.sleep(0.0005)",
      "    else:",
      "        dropped += 1",
      "sys.stderr.write(f'dropped={dropped}')",
    ].join("\n");
    const out: string[] = [];
    let err = "";
    let stalled = false;
    const result = await runCaptured(["python3", "-c", writer], {
      timeoutMs: 60_000,
      onChunk: (c) => {
        if (c.stream === "stderr") err += c.text;
        else out.push(c.text);
        if (!stalled) {
          stalled = true;
          const until = Date.now() + 200;
          while (Date.now() < until); // the event loop blocked, as on a busy host
        }
      },
    });
    expect(result.ok).toBe(true);
    expect(err).toBe("dropped=0");
    expect(out.join("").length).toBe(20_000);
  });

  it("classifies a process killed by SIGABRT as qemu-abort, with its stderr error lines as the reason", async () => {
    const script = "echo 'qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69' >&2; kill -ABRT $$";
    const result = await runCaptured(["sh", "-c", script], { timeoutMs: 10_000 });
    expect(result.failure).toBe("qemu-abort");
    expect(result.reason).toContain("failed to set MSR 0x10a");
  });

  it("names the reason a command could not be started", async () => {
    const result = await runCaptured(["/nonexistent/command"], { timeoutMs: 10_000 });
    expect(result.failure).toBe("spawn-error");
    expect(result.reason).toMatch(/ENOENT|nonexistent/);
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
