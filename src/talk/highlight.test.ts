import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The persistent cache of highlighted blocks goes to a scratch folder, read on first use.
const cacheDir = mkdtempSync(join(tmpdir(), "bt-code-hast-"));
process.env.BOOT_TALK_CACHE_DIR = cacheDir;
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const { highlightCode } = await import("./highlight.ts");

describe("highlighted code is cached", () => {
  const code = 'qemu-system-x86_64 -M microvm \\\n  -append "quiet"';

  it("serves a block from the cache exactly as Shiki rendered it, per steps", async () => {
    const first = await highlightCode(code, "sh", "github-light", ["", "1"]);
    expect(first).toContain('data-dim="1"');
    const entries = readdirSync(join(cacheDir, "code-hast"));
    expect(entries).toHaveLength(1);
    expect(await highlightCode(code, "sh", "github-light", ["", "1"])).toBe(first);
    // Other steps are another block.
    expect(await highlightCode(code, "sh", "github-light")).not.toContain("data-dim");
    expect(readdirSync(join(cacheDir, "code-hast"))).toHaveLength(2);
  });

  it("re-highlights a damaged entry instead of publishing it", async () => {
    const fresh = await highlightCode("echo hi", "sh", "github-light");
    const dir = join(cacheDir, "code-hast");
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      writeFileSync(path, readFileSync(path, "utf8").replace("echo", "rm -rf"));
    }
    expect(await highlightCode("echo hi", "sh", "github-light")).toBe(fresh);
  });
});
