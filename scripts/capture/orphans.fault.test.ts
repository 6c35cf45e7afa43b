/**
 * Fault injection (issue 15, "Orphans"): whatever happens to the harness, nothing it started
 * keeps running. The harness is SIGKILLed (no handler can run: the kernel's parent-death
 * signal must do it), and a command leaves a grandchild holding its output. Real processes,
 * and a real QEMU boot where QEMU is installed (skipped with a reason elsewhere, never in CI).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { applianceSkipReason } from "../../tests/support/system.ts";
import { runCaptured } from "./run-captured.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const skip = await applianceSkipReason();

/** "running", "zombie" (dead, not yet reaped by this sandbox's init) or "gone". */
async function state(pid: number): Promise<"running" | "zombie" | "gone"> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (stat === null) return "gone";
  return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z" ? "zombie" : "running";
}

/** Descendants of pid whose command line matches, from /proc. */
async function descendants(pid: number, match: RegExp): Promise<number[]> {
  const parent = new Map<number, number>();
  const command = new Map<number, string>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    command.set(
      Number(entry),
      (await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " "),
    );
  }
  const isBelow = (p: number): boolean => {
    for (let q = parent.get(p); q !== undefined && q > 1; q = parent.get(q)) if (q === pid) return true;
    return false;
  };
  return [...command.entries()].filter(([p, cmd]) => match.test(cmd) && isBelow(p)).map(([p]) => p);
}

async function waitFor<T>(probe: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function rulesFile(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "orphans-rules-")), "run.json");
  await writeFile(
    file,
    JSON.stringify({
      name: "run",
      description: "x",
      activities: [{ name: "run", stage: "other", kind: "long", begin: { event: "spawn" }, end: { event: "exit" } }],
    }),
  );
  return file;
}

describe("nothing outlives the harness", () => {
  it("a captured command dies when the harness is SIGKILLed (parent-death signal)", async () => {
    const harness = spawn(
      process.execPath,
      [
        join(ROOT, "scripts/analyze.ts"),
        "--rules",
        await rulesFile(),
        "--runs",
        "1",
        "--warmup",
        "0",
        "--no-record",
        "--exec",
        "--",
        "sleep",
        "77.5",
      ],
      { stdio: "ignore" },
    );
    const [sleeper] = await waitFor(async () => {
      const found = await descendants(harness.pid!, /^sleep 77\.5/);
      return found.length ? found : null;
    });
    harness.kill("SIGKILL");
    await waitFor(async () => ((await state(sleeper!)) === "running" ? null : true), 5000);
  });

  it("an --exec command dies when the bench is SIGKILLed (its helper sees the pipe close)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orphans-exec-"));
    const harness = spawn(
      process.execPath,
      [join(ROOT, "scripts/bench.ts"), "--exec", "--runs", "2", "--warmup", "0", "--out", dir, "sleep 77.6"],
      {
        stdio: "ignore",
      },
    );
    const [sleeper] = await waitFor(async () => {
      const found = await descendants(harness.pid!, /^sleep 77\.6/);
      return found.length ? found : null;
    });
    harness.kill("SIGKILL");
    await waitFor(async () => ((await state(sleeper!)) === "running" ? null : true), 5000);
  });

  it("a timeout kills the grandchild that holds the output, and the pass ends on time", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orphans-"));
    const file = join(dir, "pid");
    const started = Date.now();
    const result = await runCaptured(["sh", "-c", `sleep 60 & echo $! > ${file}; echo started; sleep 60`], {
      timeoutMs: 1000,
    });
    expect(result.failure).toBe("timeout");
    expect(result.wallMs).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await state(Number((await readFile(file, "utf8")).trim()))).not.toBe("running");
  });

  it.skipIf(skip)("QEMU dies with a SIGKILLed bench, mid-boot", async () => {
    const dir = await mkdtemp(join(tmpdir(), "orphans-qemu-"));
    const harness = spawn(
      process.execPath,
      [join(ROOT, "scripts/bench.ts"), "--runs", "3", "--warmup", "0", "--out", dir],
      {
        stdio: "ignore",
      },
    );
    const [qemu] = await waitFor(async () => {
      const found = await descendants(harness.pid!, /qemu-system/);
      return found.length ? found : null;
    });
    harness.kill("SIGKILL");
    await waitFor(async () => ((await state(qemu!)) === "running" ? null : true), 5000);
  });
});
