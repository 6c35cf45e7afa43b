import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cachedJson, cacheKey, contentCache } from "./cache.ts";

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
