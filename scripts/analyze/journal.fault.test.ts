/**
 * Fault injection (issue 15, "Data loss" 1, for analyze): the harness killed mid-capture, and
 * the record's name taken while the passes run. Every finished pass survives in the journal,
 * which is itself an events log that --log re-analyses. Real processes (--exec commands).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { loadRecords } from "../../core/records/store.ts";

const CLI = resolve(import.meta.dirname, "../analyze.ts");

async function rulesFile(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "journal-rules-")), "run.json");
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

function analyze(args: string[], onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
      onStderr?.(stderr, (s) => child.kill(s));
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("the analysis journal", () => {
  it("keeps the finished passes of a SIGKILLed capture, re-analysable with --log", async () => {
    const rules = await rulesFile();
    const dir = await mkdtemp(join(tmpdir(), "journal-analyze-"));
    const out = join(dir, "a.json");
    await analyze(
      ["--rules", rules, "--runs", "30", "--warmup", "0", "--out", out, "--exec", "--", "sleep", "0.1"],
      (stderr, kill) => {
        if (/pass 2 \(/.test(stderr)) kill("SIGKILL");
      },
    );
    const journal = join(dir, "a.events.jsonl.partial");
    expect(await readdir(dir)).toEqual(["a.events.jsonl.partial"]);
    const again = join(dir, "again");
    const result = await execa(process.execPath, [CLI, "--log", journal, "--rules", rules, "--out", again], {
      reject: false,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const [record] = await loadRecords(again);
    if (record?.schema !== "boot-talk/analysis@1") throw new Error("expected an analysis record");
    expect(record.passResults.length).toBeGreaterThanOrEqual(2);
  });

  it("says where the passes are when the record cannot be written", async () => {
    const rules = await rulesFile();
    const dir = await mkdtemp(join(tmpdir(), "journal-claim-"));
    const out = join(dir, "a.json");
    let claimed = false;
    const result = await analyze(
      ["--rules", rules, "--runs", "3", "--warmup", "0", "--out", out, "--exec", "--", "sleep", "0.2"],
      (stderr) => {
        if (!claimed && /pass 0 \(/.test(stderr)) {
          claimed = true;
          void writeFile(out, "{}\n");
        }
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`every pass is kept in ${out.replace(/\.json$/, ".events.jsonl.partial")}`);
  });
});
