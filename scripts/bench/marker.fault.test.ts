/**
 * Fault injection (issue 15, "False results" 6): the ready marker typed into the kernel
 * command line. The kernel echoes its command line early in the boot ("Command line: …
 * boot-talk: ready"); only the whole line /init prints may end the boot time. Real QEMU
 * boot; skipped with a printed reason only where QEMU is missing, never in CI.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { applianceSkipReason } from "../../tests/support/system.ts";
import { parseRecord } from "../../core/records/store.ts";

const skip = await applianceSkipReason();

describe.skipIf(skip)("the ready marker", () => {
  it("is not forged by --append 'boot-talk: ready'", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "marker-")), "r.json");
    const bench = resolve(import.meta.dirname, "../bench.ts");
    const result = await execa(
      process.execPath,
      [bench, "--runs", "1", "--warmup", "0", "--append", "boot-talk: ready", "--out", out],
      { reject: false },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const record = parseRecord(await readFile(out, "utf8"), out);
    if (record.schema !== "boot-talk/benchmark@2") throw new Error("not a benchmark record");
    const [sample] = record.variants[0]!.samples;
    expect(record.variants[0]!.argv.at(record.variants[0]!.argv.indexOf("-append") + 1)).toContain("boot-talk: ready");
    // The real marker comes after userspace started, just before the power-off: the rest of
    // the run (shutdown) is a small part of it. The echo came a third of the way in.
    expect(sample!.wallMs - sample!.markerMs!).toBeLessThan(0.25 * sample!.wallMs);
  });
});
