import { afterAll, describe, expect, it } from "vitest";
import { createExecTimer } from "./exec-timer.ts";

describe("exec timer helper", () => {
  const timer = createExecTimer();
  afterAll(() => timer.close());

  it("times a command from spawn to exit", async () => {
    const r = await timer.run(["sleep", "0.2"], { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: true, failure: null, exitCode: 0, markerMs: null });
    expect(r.wallMs).toBeGreaterThanOrEqual(200);
    expect(r.wallMs).toBeLessThan(260);
  });

  it("reports non-zero exits, missing programs and timeouts as failures", async () => {
    expect(await timer.run(["false"], { timeoutMs: 5000 })).toMatchObject({
      ok: false,
      failure: "exit-code",
      exitCode: 1,
    });
    expect(await timer.run(["/nonexistent/program"], { timeoutMs: 5000 })).toMatchObject({
      ok: false,
      failure: "spawn-error",
    });
    const hung = await timer.run(["sleep", "30"], { timeoutMs: 300 });
    expect(hung).toMatchObject({ ok: false, failure: "timeout" });
    expect(hung.wallMs).toBeLessThan(2000);
  });

  it("kills the command on abort", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await timer.run(["sleep", "30"], { timeoutMs: 60_000, signal: controller.signal });
    expect(r.failure).toBe("aborted");
    expect(r.wallMs).toBeLessThan(2000);
  });
});
