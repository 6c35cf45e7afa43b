/**
 * Fault injection (issue 15, "Data loss" 1): the record cannot be written after the runs, the
 * harness is killed mid-run, the disk is full or the folder is missing. Every finished sample
 * survives in the journal and recover.ts turns it into the record. Real processes; the full
 * disk is a 64 KiB tmpfs (mounting needs root, which CI has; elsewhere that case says why it
 * does not run).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parseRecord } from "../../core/records/store.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const BENCH = join(ROOT, "scripts/bench.ts");
const RECOVER = join(ROOT, "scripts/bench/recover.ts");

function bench(args: string[], onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, [BENCH, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
      onStderr?.(stderr, (s) => child.kill(s));
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

const benchmarkSamples = async (path: string) => {
  const record = parseRecord(await readFile(path, "utf8"), path);
  if (record.schema !== "boot-talk/benchmark@2") throw new Error("not a benchmark record");
  return record;
};

describe("the bench journal", () => {
  it("keeps every sample when the record cannot be written at the end, and recover.ts writes it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "journal-"));
    const out = join(dir, "r.json");
    let claimed = false;
    const result = await bench(["--exec", "--runs", "4", "--warmup", "0", "--out", out, "sleep 0.2"], (stderr) => {
      // Someone else takes the record's name while the runs go on.
      if (!claimed && /run 1\//.test(stderr)) {
        claimed = true;
        void writeFile(out, "{}\n");
      }
    });
    expect(result.code).toBe(1);
    const journal = join(dir, "r.journal.jsonl");
    expect(result.stderr).toContain(`every sample is kept in ${journal}`);
    expect(result.stderr).toContain(`npx node scripts/bench/recover.ts ${journal}`);
    const recovered = await execa(process.execPath, [RECOVER, journal, "--out", join(dir, "recovered.json")], {
      reject: false,
    });
    expect(recovered.exitCode, recovered.stderr).toBe(0);
    const record = await benchmarkSamples(join(dir, "recovered.json"));
    expect(record.variants[0]!.samples.filter((s) => !s.warmup && s.ok)).toHaveLength(4);
    expect(record.variants[0]!.summary.wall!.n).toBe(4);
    expect(await readdir(dir)).not.toContain("r.journal.jsonl");
  });

  it("keeps the samples of a harness killed with SIGKILL", async () => {
    const dir = await mkdtemp(join(tmpdir(), "journal-kill-"));
    const out = join(dir, "r.json");
    await bench(["--exec", "--runs", "20", "--warmup", "0", "--out", out, "sleep 0.1"], (stderr, kill) => {
      if (/run 3\//.test(stderr)) kill("SIGKILL");
    });
    const journal = join(dir, "r.journal.jsonl");
    const recovered = await execa(process.execPath, [RECOVER, journal], { reject: false });
    expect(recovered.exitCode, recovered.stderr).toBe(0);
    const record = await benchmarkSamples(out);
    expect(record.status).toBe("partial");
    expect(record.variants[0]!.samples.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a missing folder, and a second run claiming the same record, before running anything", async () => {
    const dir = await mkdtemp(join(tmpdir(), "journal-claim-"));
    const missing = await bench(["--exec", "--runs", "1", "--out", join(dir, "no/such/dir/r.json"), "true"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot write records into .*no\/such\/dir \(ENOENT\)/);
    await writeFile(join(dir, "r.journal.jsonl"), "");
    const second = await bench(["--exec", "--runs", "1", "--out", join(dir, "r.json"), "true"]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/r\.journal\.jsonl exists: another run is writing this record/);
    expect(second.stderr).not.toContain("Warming up");
  });

  it("refuses a nearly full disk before the first run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "journal-full-"));
    const small = join(dir, "small");
    await mkdir(small);
    const mounted = await execa("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", small], { reject: false });
    if (mounted.exitCode !== 0) {
      if (process.env.CI) throw new Error(`CI must run this case, but mount failed: ${mounted.stderr}`);
      console.warn(`SKIPPING the full-disk case: cannot mount a tmpfs here (${mounted.stderr.trim()})`);
      return;
    }
    try {
      const result = await bench(["--exec", "--runs", "1", "--out", small, "true"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/has only \d+ KiB free/);
      expect(result.stderr).not.toContain("Warming up");
    } finally {
      await execa("umount", [small], { reject: false });
    }
  });
});
