import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cachedJson, cacheKey, contentCache, pruneCache } from "./cache.ts";

describe("contentCache", () => {
  it("returns what was stored, and null for a missing key", async () => {
    const cache = contentCache("test", await mkdtemp(join(tmpdir(), "bt-cache-")));
    const key = cacheKey("chart", { a: 1 });
    expect(await cache.get(key)).toBeNull();
    await cache.set(key, "<svg/>");
    expect(await cache.get(key)).toBe("<svg/>");
  });

  it("ignores a damaged entry and recomputes it through()", async () => {
    const root = await mkdtemp(join(tmpdir(), "bt-cache-"));
    const cache = contentCache("test", root);
    const key = cacheKey("x");
    await cache.set(key, "good");
    const file = join(root, "test", key);
    await writeFile(file, (await readFile(file, "utf8")).replace("good", "evil"));
    expect(await cache.get(key)).toBeNull();
    expect(await cache.through(key, async () => "rebuilt")).toBe("rebuilt");
    expect(await cache.get(key)).toBe("rebuilt");
  });

  it("leaves whole entries and no temporary files under concurrent writers", async () => {
    const root = await mkdtemp(join(tmpdir(), "bt-cache-"));
    const cache = contentCache("test", root);
    const key = cacheKey("same");
    const values = Array.from({ length: 20 }, (_, i) => `value-${i}-`.repeat(2000));
    await Promise.all(values.map((v) => cache.set(key, v)));
    expect(values).toContain(await cache.get(key));
    expect(await readdir(join(root, "test"))).toEqual([key]);
  });

  it("rejects keys that are not digests and bad namespaces", () => {
    expect(() => contentCache("Bad Name")).toThrow(/kebab-case/);
    const cache = contentCache("test", tmpdir());
    return expect(cache.get("../etc/passwd")).rejects.toThrow(/hex digest/);
  });
});

describe("cachedJson", () => {
  const isPoint = (v: unknown): v is { x: number } => typeof (v as { x?: unknown } | null)?.x === "number";

  it("serves a stored value that passes its check, and null for anything else", async () => {
    const cache = contentCache("test", await mkdtemp(join(tmpdir(), "bt-cache-")));
    const [good, notJson, wrongShape] = ["good", "not-json", "wrong-shape"].map((k) => cacheKey(k));
    await cache.set(good!, JSON.stringify({ x: 1 }));
    await cache.set(notJson!, "{ truncated");
    await cache.set(wrongShape!, JSON.stringify({ y: 1 }));
    expect(await cachedJson(cache, good!, isPoint)).toEqual({ x: 1 });
    for (const key of [notJson!, wrongShape!, cacheKey("absent")])
      expect(await cachedJson(cache, key, isPoint)).toBeNull();
  });
});

describe("pruneCache", () => {
  it("keeps the most recently used entries, a hit counting as a use, and removes dead writers' files", async () => {
    const root = mkdtempSync(join(tmpdir(), "bt-prune-"));
    try {
      const cache = contentCache("things", root);
      const keys = [1, 2, 3, 4].map((n) => cacheKey(n));
      for (const [i, key] of keys.entries()) {
        await cache.set(key, `value ${i}`);
        const at = new Date(Date.now() - (10 - i) * 60_000); // 1 oldest … 4 newest
        utimesSync(join(cache.dir, key), at, at);
      }
      expect(await cache.get(keys[0]!)).toBe("value 0"); // used now: the newest
      writeFileSync(join(cache.dir, `${keys[1]}.tmp-999999-abcd`), "half"); // a writer that died
      writeFileSync(join(cache.dir, `${keys[1]}.tmp-${process.pid}-abcd`), "half"); // still writing
      writeFileSync(join(cache.dir, "README"), "not an entry");
      expect(await pruneCache("things", 2, root)).toBe(3);
      expect(readdirSync(cache.dir).sort()).toEqual(
        [keys[0], keys[3], `${keys[1]}.tmp-${process.pid}-abcd`, "README"].sort(),
      );
      expect(await pruneCache("absent", 2, root)).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
