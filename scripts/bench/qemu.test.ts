/**
 * Integration: real appliance boots under QEMU through the CLI. Skipped (with a visible
 * reason) only when qemu-system-x86_64 is missing, and never skipped in CI.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRecord } from "../../core/records/store.ts";
import type { BenchmarkRecord } from "../../core/records/schema.ts";

const BENCH = resolve(import.meta.dirname, "../bench.ts");
const qemuMissing = spawnSync("qemu-system-x86_64", ["--version"]).status !== 0;
if (qemuMissing) {
  if (process.env.CI)
    throw new Error("qemu-system-x86_64 is missing but CI is set: install it with scripts/install-system-deps.sh");
  console.warn(
    "SKIPPING scripts/bench/qemu.test.ts: qemu-system-x86_64 not found (install the package qemu-system-x86)",
  );
}

/** Child processes of pid, from /proc (pid → command line). */
async function childrenOf(pid: number): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid)
      found.set(
        Number(entry),
        (await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " "),
      );
  }
  return found;
}

function bench(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [BENCH, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

async function load(path: string): Promise<BenchmarkRecord> {
  const record = parseRecord(await readFile(path, "utf8"), path);
  if (record.schema !== "boot-talk/benchmark@2") throw new Error("not a benchmark record");
  return record;
}

describe.skipIf(qemuMissing)("npm run bench with QEMU", () => {
  it("boots the appliance; --append, --memsize and --smp reach QEMU and the boot succeeds", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "bench-qemu-")), "r.json");
    const result = await bench([
      "--runs",
      "2",
      "--warmup",
      "1",
      "--append",
      "quiet tsc=reliable",
      "--memsize",
      "200",
      "--smp",
      "2",
      "--out",
      out,
    ]);
    expect(result.code, `signal ${result.signal}; stderr: ${result.stderr}`).toBe(0);
    const record = await load(out);
    const [variant] = record.variants;
    const argv = variant!.argv;
    expect(argv[argv.indexOf("-m") + 1]).toBe("200");
    expect(argv[argv.indexOf("-smp") + 1]).toBe("2");
    expect(argv[argv.indexOf("-append") + 1]).toMatch(/console=ttyS0 .*\bquiet tsc=reliable$/);
    expect(variant!.samples).toHaveLength(3);
    expect(variant!.samples.every((s) => s.ok && s.markerMs !== null && s.markerMs < s.wallMs)).toBe(true);
    expect(variant!.summary.marker!.n).toBe(2);
    expect(record.qemu!.version).toMatch(/QEMU emulator version/);
    expect(record.accelerator).toMatch(/^(kvm|tcg)$/);
    // Each variant says which accelerator it booted with and why (auto: the QEMU probe).
    expect(variant!.accelerator).toBe(record.accelerator);
    expect(variant!.acceleratorReason).toBeTruthy();
    expect(variant!.appliance!.kernel.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.tool.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(result.stdout).toContain("         smp: 2 ");
    expect(result.stdout).toContain("     memsize: 200 MiB ");
    expect(result.stdout).toMatch(/Result: \d+\.\dms ±\d+\.\dms/);
  });

  it("--accel kvm either boots with KVM or fails before any boot, naming QEMU's reason", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-qemu-"));
    const result = await bench(["--runs", "1", "--warmup", "0", "--accel", "kvm", "--append", "quiet", "--out", dir]);
    if (result.code === 0) {
      const [file] = await readdir(dir);
      expect((await load(join(dir, file!))).variants[0]!.accelerator).toBe("kvm");
      return;
    }
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: KVM was requested \(--accel kvm .*\) but is not usable: QEMU cannot use KVM here: /m,
    );
    expect(result.stderr).not.toContain("Warming up");
    expect(await readdir(dir)).toEqual([]);
  });

  it("SIGINT mid-run kills QEMU and leaves a partial record", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "bench-qemu-")), "partial.json");
    const qemuPids = new Set<number>();
    let signalled = false;
    const result = await bench(
      ["--runs", "10", "--warmup", "0", "--append", "quiet", "--out", out],
      (stderr, child) => {
        // After the first boot finished, wait until the second QEMU runs, then interrupt.
        if (signalled || !/run 1\/10/.test(stderr)) return;
        signalled = true;
        const poll = async () => {
          for (const [pid, cmd] of await childrenOf(child.pid!)) if (cmd.includes("qemu-system")) qemuPids.add(pid);
          if (qemuPids.size) child.kill("SIGINT");
          else setTimeout(poll, 50);
        };
        void poll();
      },
    );
    expect(result.code, `signal ${result.signal}; stderr: ${result.stderr}`).toBe(130);
    expect(qemuPids.size).toBeGreaterThan(0);
    for (const pid of qemuPids) expect(existsSync(`/proc/${pid}`), `QEMU ${pid} still running`).toBe(false);
    const record = await load(out);
    expect(record.status).toBe("partial");
    const samples = record.variants[0]!.samples;
    expect(samples.length).toBeGreaterThanOrEqual(1);
    expect(samples.length).toBeLessThan(10);
    expect(samples.every((s) => s.ok)).toBe(true);
  });
});
