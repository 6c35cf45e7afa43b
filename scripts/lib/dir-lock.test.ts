/**
 * The lock that keeps two writers of dist/ apart: held, refused, waited for, and taken over
 * from a dead owner or from a pid that now belongs to another process.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../core/errors.ts";
import { acquireLock, processStart, type LockOwner } from "./dir-lock.ts";

const lockPath = () => join(mkdtempSync(join(tmpdir(), "bt-lock-")), "lock");
function plant(path: string, owner: Partial<LockOwner>) {
  mkdirSync(path, { recursive: true });
  const full = { pid: 1, host: hostname(), processStart: null, purpose: "npm run build", since: "then", ...owner };
  writeFileSync(join(path, "owner.json"), JSON.stringify(full));
}

describe("acquireLock", () => {
  it("holds the lock with its owner, and frees it on release", async () => {
    const path = lockPath();
    const lock = await acquireLock(path, { purpose: "test" });
    const owner = JSON.parse(readFileSync(join(path, "owner.json"), "utf8")) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), purpose: "test" });
    expect(owner.processStart).toBe(processStart(process.pid));
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it("refuses with --no-wait, naming the owner, and waits otherwise", async () => {
    const path = lockPath();
    const first = await acquireLock(path, { purpose: "npm run build" });
    const refused = acquireLock(path, { purpose: "second", wait: false });
    await expect(refused).rejects.toThrow(UserError);
    await expect(refused).rejects.toThrow(/held by npm run build \(pid \d+, since /);
    let waited = false;
    const second = acquireLock(path, { purpose: "second", pollMs: 10, onWait: () => (waited = true) });
    await new Promise((r) => setTimeout(r, 50));
    expect(waited).toBe(true);
    first.release();
    (await second).release();
  });

  it("takes over a lock whose owner is gone, or whose pid now runs another process", async () => {
    const dead = lockPath();
    plant(dead, { pid: 2 ** 22 + 12345 }); // above pid_max: no such process
    (await acquireLock(dead, { purpose: "test", wait: false })).release();

    const reused = lockPath();
    plant(reused, { pid: process.pid, processStart: "0" }); // our pid, but started at another time
    (await acquireLock(reused, { purpose: "test", wait: false })).release();

    const ownerless = lockPath();
    mkdirSync(ownerless, { recursive: true }); // a damaged lock without owner.json
    (await acquireLock(ownerless, { purpose: "test", wait: false })).release();
  });

  it("does not take over a live owner's lock", async () => {
    const path = lockPath();
    plant(path, { pid: process.pid, processStart: processStart(process.pid) });
    await expect(acquireLock(path, { purpose: "test", wait: false })).rejects.toThrow(/held by/);
    expect(existsSync(join(path, "owner.json"))).toBe(true);
  });
});
