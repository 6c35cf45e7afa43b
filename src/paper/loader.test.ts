/**
 * The paper for its page: rendered once, then served from the cache while nothing it depends on
 * changes (the same bytes), rendered again when any input changes, never served from a damaged entry.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contentCache, type ContentCache } from "../../core/cache.ts";
import { projectRoot } from "../../core/paths.ts";
import { loadPaper } from "./loader.ts";
import { cachedPaper, PAPER_NAMESPACE, paperKey } from "./paper-cache.ts";

/** Terminal "screenshots" are figures too, but not charts. */
const terminals = (html: string) => (html.match(/<svg [^>]*class="terminal/g) ?? []).length;

/** A cache that counts what it served. */
function countingCache(): ContentCache & { hits: number; writes: number } {
  const inner = contentCache(PAPER_NAMESPACE, mkdtempSync(join(tmpdir(), "bt-paper-cache-")));
  const counted = {
    ...inner,
    hits: 0,
    writes: 0,
    async get(key: string) {
      const value = await inner.get(key);
      if (value !== null) counted.hits++;
      return value;
    },
    async set(key: string, value: string) {
      counted.writes++;
      await inner.set(key, value);
    },
  };
  return counted;
}

describe("loadPaper", () => {
  it("serves the same paper from the cache when nothing changed", async () => {
    const cache = countingCache();
    const fresh = await loadPaper({ root: projectRoot(), cache });
    const again = await loadPaper({ root: projectRoot(), cache });
    expect(cache.writes).toBe(1);
    expect(cache.hits).toBe(1);
    expect(again).toEqual(fresh);
    // Every chart is set into its figure after the Markdown pipeline, none is left as a placeholder.
    expect(again.html).not.toMatch(/btchartslot/);
    const charts = again.html.match(/<div class="allcenter"><svg [^>]*class="bt-chart"/g) ?? [];
    expect(charts.length).toBe(again.paper.figures.filter((f) => f.kind === "figure").length - terminals(again.html));
    expect(again.data.date).toBeInstanceOf(Date);
    const uncached = await loadPaper({ root: projectRoot(), cache: null });
    expect(uncached.html).toBe(fresh.html);
  });

  it("ignores a damaged or foreign entry", async () => {
    const cache = contentCache(PAPER_NAMESPACE, mkdtempSync(join(tmpdir(), "bt-paper-cache-")));
    const key = "a".repeat(64);
    await cache.set(key, "{not json");
    expect(await cachedPaper(cache, key)).toBeNull();
    await cache.set(key, JSON.stringify({ html: 1 }));
    expect(await cachedPaper(cache, key)).toBeNull();
  });
});

describe("paperKey", () => {
  it("changes with the paper, the runs, the code and the packages, but not with the talk", async () => {
    const root = mkdtempSync(join(tmpdir(), "bt-paper-key-"));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write("content/paper/paper.md", "# Paper");
    write("content/runs/a.json", "{}");
    write("content/talk/talk.txt", "SLIDE: One");
    write("src/plugins/x.ts", "export {}");
    write("package-lock.json", "{}");
    const key = () => paperKey(root, "content/paper/paper.md", "# Paper");
    const keys = [await key()];
    write("content/talk/talk.txt", "SLIDE: One\n\nMore notes.");
    expect(await key()).toBe(keys[0]);
    for (const [path, text] of [
      ["content/runs/b.json", "{}"],
      ["content/bibliography.json", "[]"],
      ["src/plugins/x.ts", "export const x = 1;"],
      ["core/stats/y.ts", "export {}"],
      ["package-lock.json", '{"v":2}'],
    ]) {
      write(path!, text!);
      keys.push(await key());
      expect(new Set(keys).size, path).toBe(keys.length);
    }
    expect(await paperKey(root, "content/paper/paper.md", "# Paper, edited")).not.toBe(keys.at(-1));
  });
});
