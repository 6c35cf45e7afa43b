import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createExecTimer } from "./exec-timer.ts";

describe("exec timer helper", () => {
  const timer = createExecTimer();
  afterAll(() => timer.close());

  it("times a command from spawn to exit", async () => {
    const r = await timer.run(["sleep", "0.2"], { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: true, failure: null, exitCode: 0, markerMs: null });
    expect(r.wallMs).toBeGreaterThanOrEqual(200);
  });

  it("reports the command's own CPU time and peak RSS (wait4 rusage), not the helper's", async () => {
    // A shell loop burns CPU; the shell's own `times` builtin reports what it used (to 10 ms),
    // an account independent of ours, and it does not depend on how busy the host is.
    const dir = await mkdtemp(join(tmpdir(), "exec-timer-"));
    const file = join(dir, "times");
    const loop = `i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; times > ${file}`;
    const burn = await timer.run(["sh", "-c", loop], { timeoutMs: 120_000 });
    expect(burn.ok).toBe(true);
    const [user, system] = (await readFile(file, "utf8"))
      .split("\n")[0]!
      .split(" ")
      .map((t) => {
        const [, m, s] = /(\d+)m([\d.]+)s/.exec(t)!;
        return (Number(m) * 60 + Number(s)) * 1000;
      });
    expect(user! + system!).toBeGreaterThan(50);
    expect(Math.abs(burn.userMs! + burn.systemMs! - (user! + system!))).toBeLessThan(25);
    const idle = await timer.run(["sleep", "0.3"], { timeoutMs: 5000 });
    expect(idle.userMs! + idle.systemMs!).toBeLessThan(20);
    // 200 MiB touched by the command shows in its peak RSS; the helper's own stays far below.
    const big = await timer.run(["python3", "-c", "b = bytearray(200 * 2**20)"], { timeoutMs: 30_000 });
    expect(big.maxRssKiB!).toBeGreaterThan(200 * 1024);
    expect(idle.maxRssKiB!).toBeLessThan(100 * 1024);
  });

  it("reports non-zero exits, missing programs and timeouts as failures", async () => {
    expect(await timer.run(["false"], { timeoutMs: 5000 })).toMatchObject({
      ok: false,
      failure: "exit-code",
      exitCode: 1,
    });
    const missing = await timer.run(["/nonexistent/program"], { timeoutMs: 5000 });
    expect(missing).toMatchObject({ ok: false, failure: "spawn-error", exitCode: null });
    expect(missing.reason).toMatch(/cannot run \/nonexistent\/program: No such file/);
    const hung = await timer.run(["sleep", "30"], { timeoutMs: 300 });
    expect(hung).toMatchObject({ ok: false, failure: "timeout" });
    expect(hung.wallMs).toBeLessThan(2000);
  });

  it("a timeout kills everything the command started, not only the command", async () => {
    const dir = await mkdtemp(join(tmpdir(), "exec-timer-"));
    const file = join(dir, "pid");
    const r = await timer.run(["sh", "-c", `sleep 30 & echo $! > ${file}; wait`], { timeoutMs: 500 });
    expect(r.failure).toBe("timeout");
    const pid = Number((await readFile(file, "utf8")).trim());
    await new Promise((done) => setTimeout(done, 100));
    // Gone, or a zombie waiting for init to reap it (this sandbox's init reaps lazily).
    const state = await readFile(`/proc/${pid}/stat`, "utf8").then(
      (stat) => stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3),
      () => "gone",
    );
    expect(["gone", "Z"]).toContain(state);
  });

  it("kills the command on abort", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await timer.run(["sleep", "30"], { timeoutMs: 60_000, signal: controller.signal });
    expect(r.failure).toBe("aborted");
    expect(r.wallMs).toBeLessThan(2000);
  });
});
