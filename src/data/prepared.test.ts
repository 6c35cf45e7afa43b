import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sayOnce } from "../../core/build-log.ts";
import { prepare, preparedBy, preparedEnv } from "./prepared.ts";

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "bt-prepared-"));
  folders.push(dir);
  return dir;
}

/** The state of a promise without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}

describe("documents prepared ahead of Astro", () => {
  it("does not wait where no build prepares anything (astro dev, a bare astro build)", async () => {
    expect(await settled(preparedBy("paper", {}))).toBe(true);
  });

  it("waits for the document's mark, not another document's", async () => {
    const dir = folder();
    const env = preparedEnv(dir);
    const waiting = preparedBy("talk", env);
    writeFileSync(join(dir, "paper"), "");
    await new Promise((r) => setTimeout(r, 50));
    expect(await settled(waiting)).toBe(false);
    writeFileSync(join(dir, "talk"), "");
    await waiting;
  });

  it("stops waiting when the preparing process is gone", async () => {
    const exited = spawnSync(process.execPath, ["-e", "0"]).pid!;
    await preparedBy("paper", preparedEnv(folder(), exited));
  });

  it("prepares quietly and marks the document done, also when the rendering fails", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const dir = folder();
    await prepare(dir, "paper", async () => sayOnce(`prepared\0${Math.random()}`, ["said while preparing"]));
    await prepare(dir, "talk", async () => {
      throw new Error("a claim no longer holds");
    });
    expect([existsSync(join(dir, "paper")), existsSync(join(dir, "talk"))]).toEqual([true, true]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
