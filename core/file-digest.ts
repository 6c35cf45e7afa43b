/**
 * SHA-256 of files, remembered between builds by what stat() says about them, as git's index
 * does: a build reads and hashes the 60 MB of content/runs/ (and the paper's inputs) only for
 * files that changed since the digest was taken, instead of every time.
 *
 * A remembered digest is used only while the file's size, inode, modification and change times
 * (nanoseconds) are exactly those it was taken at. A digest taken less than RACY_MS after the
 * file was last modified is not remembered (git's "racily clean" case: a write within the same
 * clock tick could leave every stat field unchanged). A value derived from the same bytes (e.g. a
 * record's key fields) can be kept alongside the digest. The memo is one JSON file under the cache
 * root; if it is missing, damaged or written by an older format, every file is simply hashed.
 * Two builds writing it at once each write a whole file (rename), and either is valid.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { cacheRoot } from "./cache.ts";
import { sha256 } from "./hash.ts";

const FORMAT = "file-digests@1";
/** A file modified this recently is hashed every time (see above). */
const RACY_MS = 2000;

interface Entry {
  /** size:ino:mtimeNs:ctimeNs */
  stat: string;
  sha256: string;
  /** Something computed from the same bytes, kept with the digest (JSON). */
  extra?: unknown;
}

interface Memo {
  path: string;
  entries: Map<string, Entry>;
  dirty: boolean;
}

const memos = new Map<string, Memo>();
let savingAtExit = false;

function memoFor(root: string): Memo {
  const path = join(root, "file-digests.json");
  let memo = memos.get(path);
  if (memo) return memo;
  memo = { path, entries: new Map(), dirty: false };
  try {
    const stored = JSON.parse(readFileSync(path, "utf8")) as { format?: string; entries?: Record<string, Entry> };
    if (stored.format === FORMAT && stored.entries) memo.entries = new Map(Object.entries(stored.entries));
  } catch {
    // absent or damaged: start empty
  }
  memos.set(path, memo);
  if (!savingAtExit) process.once("exit", saveAllDigests);
  savingAtExit = true;
  return memo;
}

/** The stat signature of a file, and whether it is old enough to be remembered; null if it is gone. */
function signature(file: string): { stat: string; settled: boolean } | null {
  try {
    const s = statSync(file, { bigint: true });
    const settled = Date.now() - Number(s.mtimeMs) > RACY_MS;
    return { stat: `${s.size}:${s.ino}:${s.mtimeNs}:${s.ctimeNs}`, settled };
  } catch {
    return null;
  }
}

export interface FileDigest {
  sha256: string;
  /** The file's bytes, when they had to be read to hash them (not on a remembered digest). */
  bytes: Buffer | null;
  /** What was kept with a remembered digest (see rememberExtra). */
  extra: unknown;
}

/** The SHA-256 of a file's bytes (null when it cannot be read). */
export async function fileDigest(file: string, root = cacheRoot()): Promise<FileDigest | null> {
  const memo = memoFor(root);
  const key = resolve(file);
  const sig = signature(key);
  if (!sig) return null;
  const known = memo.entries.get(key);
  if (known && known.stat === sig.stat) return { sha256: known.sha256, bytes: null, extra: known.extra };
  const bytes = await readFile(key).catch(() => null);
  if (bytes === null) return null;
  const digest = sha256(bytes);
  // The stat taken before reading must still hold after it, or the bytes may be a newer version.
  const after = signature(key);
  if (sig.settled && after?.stat === sig.stat) {
    memo.entries.set(key, { stat: sig.stat, sha256: digest });
    memo.dirty = true;
  } else if (known) {
    memo.entries.delete(key);
    memo.dirty = true;
  }
  return { sha256: digest, bytes, extra: undefined };
}

/** Keeps `extra` (JSON) with the remembered digest of file, if its digest is still `digest`. */
export function rememberExtra(file: string, digest: string, extra: unknown, root = cacheRoot()): void {
  const memo = memoFor(root);
  const entry = memo.entries.get(resolve(file));
  if (entry?.sha256 !== digest) return;
  entry.extra = extra;
  memo.dirty = true;
}

const saveAllDigests = () => {
  for (const memo of memos.values()) save(memo);
};

/** Writes the memo if it changed (also done at process exit). Failures are not fatal. */
export function saveDigests(root = cacheRoot()): void {
  const memo = memos.get(join(root, "file-digests.json"));
  if (memo) save(memo);
}

function save(memo: Memo): void {
  if (!memo.dirty) return;
  for (const file of memo.entries.keys()) if (!signature(file)) memo.entries.delete(file); // deleted files
  const temporary = `${memo.path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    mkdirSync(dirname(memo.path), { recursive: true });
    writeFileSync(temporary, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(memo.entries) }));
    renameSync(temporary, memo.path);
    memo.dirty = false;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}

/** Forgets the in-memory memos (tests: a new "process"). */
export function resetDigestMemos(): void {
  memos.clear();
}
