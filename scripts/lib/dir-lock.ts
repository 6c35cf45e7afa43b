/**
 * An exclusive lock between processes on one machine: a directory that holds its owner's pid
 * and process start time. Used by `npm run build` and `npm run pdf`, so that two of them never
 * write dist/ at once.
 *
 * The lock directory appears whole (it is written under a temporary name and renamed into
 * place), so a reader never sees a lock without an owner. A lock whose owner process is gone
 * (or whose pid now belongs to a newer process: the start times differ) is stale and is taken
 * over at once. Written here rather than with proper-lockfile: that library judges staleness
 * by a heartbeat mtime, which a build busy for seconds in synchronous work can miss, letting a
 * second build in; one machine's pid table answers exactly and immediately.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "../../core/errors.ts";
import { isProcessRunning } from "../../core/process.ts";

export interface LockOwner {
  pid: number;
  host: string;
  /** Start time of the owner process (Linux: clock ticks since boot, /proc/PID/stat field 22); null elsewhere. */
  processStart: string | null;
  /** What holds the lock, for messages ("npm run build"). */
  purpose: string;
  since: string;
}

export interface LockOptions {
  /** What the holder is doing, shown to whoever waits. */
  purpose: string;
  /** Wait for a live owner to finish (default); false: refuse at once. */
  wait?: boolean;
  /** Called once when the lock is busy and we start waiting. */
  onWait?: (owner: LockOwner) => void;
  /** Poll interval while waiting (ms). */
  pollMs?: number;
}

export interface HeldLock {
  readonly path: string;
  release(): void;
}

/** The start time of a process, or null when it does not exist (or this is not Linux). */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (the command) is in parentheses and may contain spaces: count from its end.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // another machine's process: cannot tell, assume it runs
  if (!isProcessRunning(owner.pid)) return false;
  const start = processStart(owner.pid);
  if (existsSync("/proc/self/stat"))
    return start !== null && (owner.processStart === null || start === owner.processStart);
  return true;
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(join(path, "owner.json"), "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

const sameOwner = (a: LockOwner | null, b: LockOwner | null) =>
  !!a && !!b && a.pid === b.pid && a.host === b.host && a.processStart === b.processStart && a.since === b.since;

/** Creates the lock directory with its owner file in one step; false when it already exists. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  mkdirSync(temporary, { recursive: true });
  writeFileSync(join(temporary, "owner.json"), JSON.stringify(owner) + "\n");
  try {
    renameSync(temporary, path);
    return true;
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST") return false;
    throw error;
  }
}

/** Moves a stale lock aside, but only if it is still the one judged stale (else puts it back). */
function removeStale(path: string, stale: LockOwner | null): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else removed it first
  }
  if (stale === null || sameOwner(readOwner(aside), stale)) {
    rmSync(aside, { recursive: true, force: true });
    return;
  }
  try {
    renameSync(aside, path); // a live owner took it meanwhile: give it back
  } catch {
    rmSync(aside, { recursive: true, force: true });
  }
}

export function describeOwner(owner: LockOwner): string {
  return `${owner.purpose} (pid ${owner.pid}${owner.host === hostname() ? "" : ` on ${owner.host}`}, since ${owner.since})`;
}

/** Takes the lock at path, waiting (or refusing) while a live process holds it. */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  mkdirSync(dirname(path), { recursive: true });
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    processStart: processStart(process.pid),
    purpose: options.purpose,
    since: new Date().toISOString(),
  };
  let told = false;
  for (;;) {
    if (tryCreate(path, me)) break;
    const owner = readOwner(path);
    if (owner === null || !isAlive(owner)) {
      // No owner file: a lock from an older layout or a damaged one; a dead owner: stale.
      removeStale(path, owner);
      continue;
    }
    if (options.wait === false)
      throw new UserError(
        `${path} is held by ${describeOwner(owner)}; wait for it to finish (or run without --no-wait to wait)`,
        { exitCode: 1 },
      );
    if (!told) {
      options.onWait?.(owner);
      told = true;
    }
    await sleep(options.pollMs ?? 200);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    if (sameOwner(readOwner(path), me)) rmSync(path, { recursive: true, force: true });
  };
  process.on("exit", release); // however the process ends normally, the lock goes with it
  return { path, release };
}
