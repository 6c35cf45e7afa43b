/**
 * A persistent, content-addressed cache for work that is expensive and deterministic (chart
 * renders, statistics derived from a record). The caller names everything that determines
 * the value in the key; the cache never has to decide whether an entry is out of date.
 *
 * Entries live under .cache/<namespace>/ (or $BOOT_TALK_CACHE_DIR/<namespace>/), one file per
 * key. Each file starts with the SHA-256 of its payload, so a truncated or edited entry is
 * detected, ignored and rebuilt, never returned. Writes go to a temporary file that is renamed
 * into place, so concurrent writers of the same key (two builds at once) each leave a whole
 * entry and readers never see half of one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256 } from "./hash.ts";
import { projectPath } from "./paths.ts";
import { isProcessRunning } from "./process.ts";

export interface ContentCache {
  /** The cached text for key, or null when absent or damaged. */
  get(key: string): Promise<string | null>;
  /** Stores text under key (atomically). Failures to write are not fatal: the cache is an optimisation. */
  set(key: string, value: string): Promise<void>;
  /** The value under key, computing and storing it when missing. */
  through(key: string, compute: () => Promise<string>): Promise<string>;
  readonly dir: string;
}

/** The folder every cache namespace lives under. */
export function cacheRoot(): string {
  return process.env.BOOT_TALK_CACHE_DIR ?? projectPath(".cache");
}

/** A key from the parts that determine a value: a hash of their canonical JSON. */
export function cacheKey(...parts: unknown[]): string {
  return sha256(JSON.stringify(parts));
}

/** The JSON value under key when it parses and passes isValid, else null (absent, damaged, an older format). */
export async function cachedJson<T>(
  cache: ContentCache,
  key: string,
  isValid: (value: unknown) => value is T,
): Promise<T | null> {
  const text = await cache.get(key);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

export function contentCache(namespace: string, root = cacheRoot()): ContentCache {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(namespace)) throw new Error(`cache namespace must be kebab-case: ${namespace}`);
  const dir = join(root, namespace);
  const fileOf = (key: string) => {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`cache key must be a hex digest (use cacheKey()): ${key}`);
    return join(dir, key);
  };
  const cache: ContentCache = {
    dir,
    async get(key) {
      const text = await readFile(fileOf(key), "utf8").catch(() => null);
      if (text === null) return null;
      const newline = text.indexOf("\n");
      if (newline !== 64) return null;
      const payload = text.slice(newline + 1);
      if (sha256(payload) !== text.slice(0, newline)) return null;
      const now = new Date();
      await utimes(fileOf(key), now, now).catch(() => {}); // recently used: kept by pruneCache
      return payload;
    },
    async set(key, value) {
      const path = fileOf(key);
      const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(temporary, `${sha256(value)}\n${value}`);
        await rename(temporary, path);
      } catch {
        await unlink(temporary).catch(() => {});
      }
    },
    async through(key, compute) {
      const hit = await cache.get(key);
      if (hit !== null) return hit;
      const value = await compute();
      await cache.set(key, value);
      return value;
    },
  };
  return cache;
}

/**
 * Deletes all but the `keep` most recently used entries of a namespace (a hit counts as a use),
 * and the temporary files of writers that died. Returns how many files it deleted. Safe beside
 * readers: an entry deleted under one is a miss, computed again.
 */
export async function pruneCache(namespace: string, keep: number, root = cacheRoot()): Promise<number> {
  const dir = join(root, namespace);
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: Array<{ path: string; at: number }> = [];
  const doomed: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const writer = /\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
    if (writer) {
      if (!isProcessRunning(Number(writer[1]))) doomed.push(path);
    } else if (/^[0-9a-f]{16,128}$/.test(name)) {
      const info = await stat(path).catch(() => null);
      if (info) entries.push({ path, at: info.mtimeMs });
    }
  }
  entries.sort((a, b) => b.at - a.at);
  doomed.push(...entries.slice(keep).map((e) => e.path));
  const results = await Promise.allSettled(doomed.map((path) => unlink(path)));
  return results.filter((r) => r.status === "fulfilled").length;
}
