import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { cacheKey, contentCache } from "../../core/cache.ts";
import { cachedTalk, isTalkCached, talkCache, talkKey, type CachedTalk } from "./talk-cache.ts";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "bt-talk-cache-"));
  made.push(dir);
  return dir;
}
function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A project with a talk, a slide file, a paper and some code. */
function project(): { root: string; script: string } {
  const root = scratch();
  write(root, "content/talk/talk.txt", "Slide: One\n> file: slides/one.md\nNotes.\n");
  write(root, "content/talk/slides/one.md", "- a point\n");
  write(root, "content/paper/paper.md", "# The paper\n");
  write(root, "src/talk/build.ts", "export {};\n");
  return { root, script: join(root, "content/talk/talk.txt") };
}

describe("the talk's cache key", () => {
  it("stays the same while nothing changes, and changes with a slide file or the code", async () => {
    const { root, script } = project();
    const key = await talkKey(root, script);
    expect(await talkKey(root, script)).toBe(key);
    write(root, "content/talk/slides/one.md", "- another point\n");
    const afterSlide = await talkKey(root, script);
    expect(afterSlide).not.toBe(key);
    write(root, "src/talk/build.ts", "export const changed = 1;\n");
    expect(await talkKey(root, script)).not.toBe(afterSlide);
  });

  it("does not change with the paper, which the talk never reads", async () => {
    const { root, script } = project();
    const key = await talkKey(root, script);
    write(root, "content/paper/paper.md", "# The paper, edited\n");
    expect(await talkKey(root, script)).toBe(key);
  });

  it("covers the folder of a script outside the project (BOOT_TALK_TALK)", async () => {
    const { root } = project();
    const elsewhere = scratch();
    write(elsewhere, "talk.txt", "Slide: One\n> file: one.md\n");
    write(elsewhere, "one.md", "- a point\n");
    const key = await talkKey(root, join(elsewhere, "talk.txt"));
    write(elsewhere, "one.md", "- another point\n");
    expect(await talkKey(root, join(elsewhere, "talk.txt"))).not.toBe(key);
  });
});

describe("a cached talk", () => {
  const entry: CachedTalk = {
    talk: {
      file: "content/talk/talk.txt",
      meta: {},
      slides: [],
      paceStart: [],
      dataNotes: [],
    } as unknown as CachedTalk["talk"],
    log: [{ key: "talk", lines: ["[claims] …"] }],
    inputs: ["/p/content/talk/talk.txt"],
  };

  it("is served as it was stored", async () => {
    const cache = contentCache("talk-built", scratch());
    await cache.set(cacheKey("k"), JSON.stringify(entry));
    expect(await cachedTalk(cache, cacheKey("k"))).toEqual(entry);
  });

  it("is ignored when damaged or not a talk, so it is built again", async () => {
    const cache = contentCache("talk-built", scratch());
    await cache.set(cacheKey("truncated"), JSON.stringify(entry).slice(0, 40));
    await cache.set(cacheKey("no-log"), JSON.stringify({ ...entry, log: "x" }));
    await cache.set(
      cacheKey("bad-slide"),
      JSON.stringify({ ...entry, talk: { ...entry.talk, slides: [{ html: 1 }] } }),
    );
    for (const key of ["truncated", "no-log", "bad-slide", "absent"])
      expect(await cachedTalk(cache, cacheKey(key)), key).toBe(null);
  });
});

describe("isTalkCached", () => {
  it("says whether the talk as it is now is in the cache (what npm run build checks before preparing it)", async () => {
    vi.stubEnv("BOOT_TALK_CACHE_DIR", scratch());
    const { root, script } = project();
    expect(await isTalkCached(root, script)).toBe(false);
    const entry = { talk: { file: "t", meta: {}, slides: [], paceStart: [], dataNotes: [] }, log: [], inputs: [] };
    await talkCache().set(await talkKey(root, script), JSON.stringify(entry));
    expect(await isTalkCached(root, script)).toBe(true);
    write(root, "content/talk/talk.txt", "Slide: One, edited\n");
    expect(await isTalkCached(root, script)).toBe(false);
    vi.unstubAllEnvs();
  });
});
