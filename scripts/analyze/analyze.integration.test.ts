/**
 * End to end: the analyze CLI on a real appliance boot (QEMU), on a real command (--exec), and
 * on bad rules. Re-analysing the saved events must print exactly what the capture printed.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { applianceSkipReason } from "../../tests/support/system.ts";
import { loadRecords } from "../../core/records/store.ts";

const CLI = resolve(import.meta.dirname, "../analyze.ts");
const analyze = (args: string[]) =>
  execa(process.execPath, [CLI, ...args], { reject: false, env: { FORCE_COLOR: "0" } });
const skip = await applianceSkipReason();

describe("npm run analyze", () => {
  it("fails before running anything when a rule is malformed, naming the rule and the field", async () => {
    const dir = await mkdtemp(join(tmpdir(), "boot-talk-rules-"));
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({
        name: "bad",
        description: "x",
        activities: [
          { name: "kernel", stage: "kernel", kind: "required", begin: { contain: "Linux" }, end: { contains: "x" } },
        ],
      }),
    );
    const started = Date.now();
    const result = await analyze(["--rules", file, "--passes", "1", "--warmup", "0"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/bad\.json: rule "kernel", field begin/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("captures any command with --exec and re-analyses its log byte for byte", async () => {
    const dir = await mkdtemp(join(tmpdir(), "boot-talk-exec-"));
    const rules = join(await mkdtemp(join(tmpdir(), "boot-talk-rules-")), "exec.json");
    await writeFile(
      rules,
      JSON.stringify({
        name: "exec",
        description: "a shell script with two phases",
        activities: [
          { name: "run", stage: "other", kind: "long", begin: { event: "spawn" }, end: { event: "exit" } },
          {
            name: "phase {1}",
            stage: "userspace",
            kind: "multiple",
            begin: { regex: "phase (\\w+)" },
            end: { contains: "done" },
          },
          {
            name: "stderr-note",
            stage: "userspace",
            kind: "required",
            begin: { contains: "note", source: "stderr" },
            end: { contains: "done" },
          },
        ],
      }),
    );
    const script = "echo 'phase one'; sleep 0.05; echo note >&2; echo 'phase two'; sleep 0.03; echo done";
    const first = await analyze([
      "--rules",
      rules,
      "--passes",
      "2",
      "--warmup",
      "1",
      "--out",
      dir,
      "--exec",
      "--",
      "sh",
      "-c",
      script,
    ]);
    expect(first.stderr).toContain("record written:");
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain("phase one");
    expect(first.stdout).toContain("phase two");
    expect(first.stdout).toContain("stderr-note");
    const [record] = await loadRecords(dir);
    expect(record?.schema).toBe("boot-talk/analysis@1");
    if (record?.schema !== "boot-talk/analysis@1") return;
    const one = record.activities.find((a) => a.name === "phase one")!;
    expect(one.durationMs).toBeGreaterThanOrEqual(45);
    expect(record.target.kind).toBe("exec");
    const events = join(dir, record.eventsFile);
    const again = await analyze(["--log", events, "--rules", rules]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });

  it("Ctrl-C keeps the passes already recorded and marks the record partial", async () => {
    const dir = await mkdtemp(join(tmpdir(), "boot-talk-sigint-"));
    const rules = join(await mkdtemp(join(tmpdir(), "boot-talk-rules-")), "run.json");
    await writeFile(
      rules,
      JSON.stringify({
        name: "run",
        description: "x",
        activities: [{ name: "run", stage: "other", kind: "long", begin: { event: "spawn" }, end: { event: "exit" } }],
      }),
    );
    const child = execa(
      process.execPath,
      [CLI, "--rules", rules, "--passes", "20", "--warmup", "0", "--out", dir, "--exec", "--", "sleep", "0.3"],
      { reject: false },
    );
    child.stderr?.on("data", (data: Buffer) => {
      if (data.toString().includes("pass 1 (")) child.kill("SIGINT");
    });
    const result = await child;
    expect(result.stderr).toContain("interrupted");
    const [record] = await loadRecords(dir);
    expect(record?.status).toBe("partial");
    if (record?.schema !== "boot-talk/analysis@1") throw new Error("expected an analysis record");
    expect(record.passes).toBeGreaterThanOrEqual(2);
    expect(record.passes).toBeLessThan(20);
  });

  it.skipIf(skip)("analyses a real appliance boot and re-analyses its log byte for byte", async () => {
    const dir = await mkdtemp(join(tmpdir(), "boot-talk-analysis-"));
    const first = await analyze(["--passes", "1", "--warmup", "0", "--observer-boots", "1", "--out", dir]);
    expect(first.stderr).toContain("record written:");
    expect(first.exitCode).toBe(0);
    for (const name of [
      "qemu:startup",
      "seabios",
      "kernel",
      "initcall kernel.",
      "kernel:to-userspace",
      "/init:mount-special",
      "shutdown",
      "qemu:teardown",
      "Longest activities:",
      "Cost of observing",
    ]) {
      expect(first.stdout).toContain(name);
    }
    const [record] = await loadRecords(dir);
    if (record?.schema !== "boot-talk/analysis@1") throw new Error("expected an analysis record");
    expect(record.passes).toBe(1);
    // The clock is aligned, or the report says why not (a busy host can make the early
    // printk clock run on late ticks); either way it is never silently wrong.
    if (record.clockAlignment) {
      expect(first.stdout).toContain("Clock alignment");
      expect(record.clockAlignment.lines).toBeGreaterThan(100);
    } else {
      expect(first.stdout).toContain("the printk clock could not be aligned");
    }
    expect(record.observerCost?.quietMs).toBeGreaterThan(0);
    const files = await readdir(dir);
    expect(files).toContain(record.eventsFile);
    const again = await analyze(["--log", join(dir, record.eventsFile)]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    // Re-analysis writes nothing unless asked.
    expect((await readdir(dir)).length).toBe(files.length);
    expect(JSON.parse(await readFile(join(dir, `${record.id}.json`), "utf8")).id).toBe(record.id);
  });
});
