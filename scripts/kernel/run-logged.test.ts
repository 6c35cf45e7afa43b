import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runLogged, tail } from "./run-logged.ts";

const dir = await mkdtemp(join(tmpdir(), "boot-talk-run-logged-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("runLogged", () => {
  it("streams output to the log and names step, log, last lines and fix on failure", async () => {
    const log = join(dir, "build.log");
    await writeFile(log, "");
    const step = { name: "make bzImage", cwd: dir, log, fix: "read the compiler error" };
    await runLogged({ ...step, command: process.execPath, args: ["-e", "console.log('compiled fine')"] });
    const failing = runLogged({
      ...step,
      command: process.execPath,
      args: ["-e", "console.error('error: boom'); process.exit(3)"],
    });
    await expect(failing).rejects.toThrow(/kernel build step "make bzImage" failed \(exit 3\)/);
    await expect(failing).rejects.toThrow(new RegExp(`${log}[^]*error: boom[^]*fix: read the compiler error`));
    const text = await readFile(log, "utf8");
    expect(text).toContain("=== make bzImage:");
    expect(text.indexOf("compiled fine")).toBeLessThan(text.indexOf("error: boom"));
  });
  it("tail reads only the last lines", async () => {
    const file = join(dir, "long.log");
    await writeFile(file, Array.from({ length: 5000 }, (_, i) => `line ${i}`).join("\n") + "\n");
    expect(await tail(file, 2)).toEqual(["line 4998", "line 4999"]);
  });
});
