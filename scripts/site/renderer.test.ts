/**
 * The site renderer's cache (scripts/site/renderer.ts): what its key covers, where pages are
 * written, and which renderers are kept. Compiling and running one is tested end to end in
 * scripts/build.test.ts and tests/build-cache.test.ts.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { buildRenderer, findRenderer, pageFile, pruneRenderers, rendererKey, renderersDir } from "./renderer.ts";

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "bt-renderer-"));
  vi.stubEnv("BOOT_TALK_CACHE_DIR", join(scratch, "cache"));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(scratch, { recursive: true, force: true });
});

function project(): string {
  const root = join(scratch, "project");
  for (const [file, text] of Object.entries({
    "src/pages/index.astro": "<p>home</p>",
    "core/x.ts": "export const x = 1;",
    "content/paper/paper.md": "# Paper",
    "astro.config.mjs": "export default {};",
    "package-lock.json": "{}",
  })) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe("rendererKey", () => {
  it("changes with the code and the config, not with content/", async () => {
    const root = project();
    const key = await rendererKey(root);
    expect(await rendererKey(root)).toBe(key);
    writeFileSync(join(root, "content/paper/paper.md"), "# Paper, edited");
    mkdirSync(join(root, "content/runs"));
    writeFileSync(join(root, "content/runs/new.json"), "{}");
    expect(await rendererKey(root), "content is read when pages render").toBe(key);
    writeFileSync(join(root, "src/pages/index.astro"), "<p>front</p>");
    const edited = await rendererKey(root);
    expect(edited).not.toBe(key);
    writeFileSync(join(root, "astro.config.mjs"), "export default { trailingSlash: 'always' };");
    const configured = await rendererKey(root);
    expect(configured).not.toBe(edited);
    expect(await rendererKey(root, ["--site", "https://example.org"]), "astro build's flags").not.toBe(configured);
    vi.stubEnv("PUBLIC_TITLE", "x");
    expect(await rendererKey(root), "a variable Vite inlines").not.toBe(configured);
  });
});

describe("pageFile", () => {
  it("writes pages where Astro's static build (directory format) puts them", () => {
    expect(pageFile("/")).toBe("index.html");
    expect(pageFile("/talk/")).toBe("talk/index.html");
    expect(pageFile("/talk/presenter")).toBe("talk/presenter/index.html");
    expect(pageFile("/404")).toBe("404.html");
  });
});

describe("findRenderer and pruneRenderers", () => {
  const make = (name: string, marker: string | null, ageSeconds = 0) => {
    const dir = join(renderersDir(), name);
    mkdirSync(join(dir, "server"), { recursive: true });
    writeFileSync(join(dir, "server/entry.mjs"), "");
    if (marker !== null) {
      writeFileSync(join(dir, "renderer.json"), marker);
      const at = new Date(Date.now() - ageSeconds * 1000);
      utimesSync(join(dir, "renderer.json"), at, at);
    }
    return dir;
  };
  const key = (n: number) => String(n).repeat(64);

  it("uses a renderer only with a marker naming its key and format", async () => {
    make(key(1), JSON.stringify({ format: "site-renderer@1", key: key(1) }));
    make(key(2), "{");
    make(key(3), JSON.stringify({ format: "site-renderer@0", key: key(3) }));
    make(key(4), null);
    expect(await findRenderer(key(1), project())).toBe(join(renderersDir(), key(1)));
    for (const n of [2, 3, 4, 5]) expect(await findRenderer(key(n), project()), `renderer ${n}`).toBeNull();
  });

  it("keeps the most recently used ones and the current one, and removes those of dead builds", async () => {
    for (const n of [1, 2, 3, 4]) make(key(n), JSON.stringify({ format: "site-renderer@1", key: key(n) }), n * 60);
    const current = make(key(5), JSON.stringify({ format: "site-renderer@1", key: key(5) }), 3600);
    mkdirSync(join(renderersDir(), "building-999999-abcdef")); // no such process
    mkdirSync(join(renderersDir(), `building-${process.pid}-abcdef`)); // still compiling
    await pruneRenderers(2, current);
    expect(readdirSync(renderersDir()).sort()).toEqual(
      [key(1), key(2), key(5), `building-${process.pid}-abcdef`].sort(),
    );
  });
});

describe("buildRenderer", () => {
  const compileWriting = (text: string) => async (outDir: string) => {
    mkdirSync(join(outDir, "server"), { recursive: true });
    writeFileSync(join(outDir, "server/entry.mjs"), text);
  };
  const key = "a".repeat(64);

  it("puts the compiled renderer in place whole, with its marker and the packages reachable", async () => {
    const root = project();
    mkdirSync(join(root, "node_modules"));
    const dir = await buildRenderer(root, key, compileWriting("first"));
    expect(await findRenderer(key, root)).toBe(dir);
    expect(existsSync(join(dir, "node_modules"))).toBe(true);
    expect(readdirSync(renderersDir())).toEqual([key]); // no temporary folder left
    // The project moved: the link to its packages is made again from where it is now.
    const moved = join(scratch, "moved");
    renameSync(root, moved);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(await findRenderer(key, moved)).toBe(dir);
    expect(realpathSync(join(dir, "node_modules"))).toBe(realpathSync(join(moved, "node_modules")));
  });

  it("keeps a complete renderer compiled meanwhile, and replaces an incomplete one", async () => {
    const root = project();
    mkdirSync(join(root, "node_modules"));
    const dir = await buildRenderer(root, key, compileWriting("first"));
    await buildRenderer(root, key, compileWriting("second"));
    expect(readFileSync(join(dir, "server/entry.mjs"), "utf8"), "another build may be rendering with it").toBe("first");
    rmSync(join(dir, "renderer.json"));
    await buildRenderer(root, key, compileWriting("third"));
    expect(readFileSync(join(dir, "server/entry.mjs"), "utf8")).toBe("third");
    expect(readdirSync(renderersDir())).toEqual([key]);
  });

  it("leaves nothing behind when Astro fails", async () => {
    const root = project();
    const failing = async () => {
      throw new Error("astro build failed");
    };
    await expect(buildRenderer(root, key, failing)).rejects.toThrow("astro build failed");
    expect(readdirSync(renderersDir())).toEqual([]);
  });
});
