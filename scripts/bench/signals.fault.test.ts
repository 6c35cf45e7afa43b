/**
 * Fault injection (issue 15, "Data loss" 2–3): signals from a closed terminal, a container
 * stop or Ctrl-C in the warm-ups, sent to real processes, and exports aimed at existing files.
 * No QEMU needed: --exec commands stand in for boots (the bench and analyze code paths are the
 * same).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRecord } from "../../core/records/store.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const BENCH = join(ROOT, "scripts/bench.ts");
const ANALYZE = join(ROOT, "scripts/analyze.ts");

/** Runs argv, sends `signal` once stderr matches `when` (to `target`: the child or npm). */
function run(argv: string[], signal?: { name: NodeJS.Signals; when: RegExp }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], cwd: ROOT });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (signal && !sent && signal.when.test(stderr)) {
        sent = true;
        child.kill(signal.name);
      }
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

describe("signals keep what was measured", () => {
  it("SIGHUP (terminal closed) writes a partial record and exits 129", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fault-hup-"));
    const out = join(dir, "r.json");
    const result = await run(
      [process.execPath, BENCH, "--exec", "--runs", "20", "--warmup", "0", "--out", out, "sleep 0.2"],
      { name: "SIGHUP", when: /run 2\// },
    );
    expect(result.code).toBe(129);
    const record = parseRecord(await readFile(out, "utf8"), out);
    expect(record.status).toBe("partial");
  });

  it("SIGTERM to npm's own process reaches the bench (npm runs it with exec): record kept, no orphan", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fault-npm-"));
    const out = join(dir, "r.json");
    const marker = join(dir, "still-running");
    // The command outlives a missed signal by far: if the bench were orphaned it would go on.
    const command = `sh -c 'sleep 0.3; touch ${marker}.$$'`;
    const result = await run(
      ["npm", "run", "--silent", "bench", "--", "--exec", "--runs", "30", "--warmup", "0", "--out", out, command],
      {
        name: "SIGTERM",
        when: /run 2\//,
      },
    );
    expect(result.code).not.toBe(0);
    const record = parseRecord(await readFile(out, "utf8"), out);
    expect(record.status).toBe("partial");
    const before = (await readdir(dir)).length;
    await new Promise((r) => setTimeout(r, 1000));
    expect((await readdir(dir)).length).toBe(before);
  });

  it("Ctrl-C during the warm-ups writes no empty record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fault-warmup-"));
    const result = await run(
      [process.execPath, BENCH, "--exec", "--runs", "5", "--warmup", "5", "--out", dir, "sleep 0.2"],
      { name: "SIGINT", when: /warm-up 1\/5:/ },
    );
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("during the warm-ups: no timed run finished, nothing recorded");
    expect(await readdir(dir)).toEqual([]);
  });

  it("analyze finishes with the passes so far on SIGTERM and SIGHUP, as on Ctrl-C", async () => {
    const rulesDir = await mkdtemp(join(tmpdir(), "fault-rules-"));
    const rules = join(rulesDir, "run.json");
    await writeFile(
      rules,
      JSON.stringify({
        name: "run",
        description: "x",
        activities: [{ name: "run", stage: "other", kind: "long", begin: { event: "spawn" }, end: { event: "exit" } }],
      }),
    );
    for (const [name, code] of [
      ["SIGTERM", 143],
      ["SIGHUP", 129],
    ] as const) {
      const dir = await mkdtemp(join(tmpdir(), "fault-analyze-"));
      const result = await run(
        [
          process.execPath,
          ANALYZE,
          "--rules",
          rules,
          "--runs",
          "20",
          "--warmup",
          "0",
          "--out",
          dir,
          "--exec",
          "--",
          "sleep",
          "0.2",
        ],
        { name, when: /pass 1 \(/ },
      );
      expect(result.code, result.stderr).toBe(code);
      const files = await readdir(dir);
      const recordFile = files.find((f) => f.endsWith(".json") && !f.endsWith(".events.jsonl"))!;
      const record = parseRecord(await readFile(join(dir, recordFile), "utf8"), recordFile);
      expect(record.status).toBe("partial");
    }
  });
});

describe("exports never overwrite", () => {
  it("refuses an existing export file before running anything, and --force replaces it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fault-export-"));
    const precious = join(dir, "precious.json");
    await writeFile(precious, '{"a committed record": true}\n');
    // One quick --exec run that exports a CSV onto the committed file.
    const exportOnto = (...flags: string[]) =>
      run([
        process.execPath,
        BENCH,
        "--exec",
        "--runs",
        "1",
        "--warmup",
        "0",
        "--out",
        dir,
        "--export-csv",
        precious,
        ...flags,
        "true",
      ]);
    const refused = await exportOnto();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("already exists; an export never overwrites a file unless --force");
    expect(refused.stderr).not.toContain("Warming up");
    expect(await readFile(precious, "utf8")).toBe('{"a committed record": true}\n');
    const forced = await exportOnto("--force");
    expect(forced.code).toBe(0);
    expect(await readFile(precious, "utf8")).toMatch(/^variant,metric,/);
  });
});
