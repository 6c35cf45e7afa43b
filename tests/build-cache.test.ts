/**
 * Issue 16: the site is byte-identical with and without a warm cache. The whole site (deck,
 * presenter and read views, paper, front page) is built twice with one scratch cache folder
 * (BOOT_TALK_CACHE_DIR: chart SVGs, text widths, derived records, the paper's HTML, the built
 * talk): first with that folder empty, so everything is derived, rendered and stored, then with
 * it full, so everything is served from it. Every file of the two outputs must be the same
 * bytes, and the cached build's log says what the rendering said (the claims summaries).
 * Then the way npm run build makes it (scripts/site/renderer.ts): with an empty cache, Astro
 * compiles the site renderer while the build renders the documents quietly, then the renderer
 * writes the pages; again with that cache, Astro does not run at all. The same bytes as
 * Astro's own static build each time, and each claims summary said once.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { projectPath } from "../core/paths.ts";

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Every file under dir by relative path, with its bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

function entries(cache: string, namespace: string): number {
  try {
    return readdirSync(join(cache, namespace)).length;
  } catch {
    return 0;
  }
}

/** Builds the site into outDir with Astro's CLI; resolves with its log. */
async function build(outDir: string, cache: string, env: Record<string, string> = {}): Promise<string> {
  const astro = projectPath("node_modules/astro/bin/astro.mjs");
  const result = await execa(process.execPath, [astro, "build", "--outDir", outDir], {
    cwd: projectPath(),
    env: { BOOT_TALK_CACHE_DIR: cache, ASTRO_TELEMETRY_DISABLED: "1", ...env },
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`astro build failed:\n${result.all}`);
  return result.all;
}

/** Builds the site as npm run build does (scripts/build.ts), into dist; resolves with its log and files. */
async function npmRunBuild(dist: string, cache: string): Promise<{ log: string; files: Map<string, Buffer> }> {
  const script = `const { buildSite } = await import("./scripts/build.ts"); await buildSite({ root: process.cwd(), dist: ${JSON.stringify(dist)} });`;
  const result = await execa(process.execPath, ["--input-type=module", "-e", script], {
    cwd: projectPath(),
    env: { BOOT_TALK_CACHE_DIR: cache, ASTRO_TELEMETRY_DISABLED: "1" },
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`npm run build failed:\n${result.all}`);
  return { log: result.all, files: files(dist) };
}

const SUMMARIES = ["[claims] content/paper/paper.md:", "[claims] content/talk/talk.txt:"];
const count = (log: string, text: string) => log.split(text).length - 1;

function expectSameBytes(a: Map<string, Buffer>, b: Map<string, Buffer>) {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [file, bytes] of a) expect(b.get(file)?.equals(bytes), file).toBe(true);
}

describe("the built site", () => {
  it("is the same bytes built from an empty cache and from the cache that build filled", async () => {
    const cache = scratch("bt-site-cache-");
    const cold = scratch("bt-site-cold-");
    const warm = scratch("bt-site-warm-");
    await build(cold, cache);
    // The first build stored what the second one is served.
    for (const namespace of ["chart-svg", "derived-records", "paper-html", "talk-built"])
      expect(entries(cache, namespace), namespace).toBeGreaterThan(0);
    const log = await build(warm, cache);
    for (const summary of SUMMARIES) expect(count(log, summary), summary).toBe(1);
    const a = files(cold);
    expect([...a.keys()].some((f) => f.startsWith("talk/")) && a.has("paper/index.html")).toBe(true);
    expectSameBytes(a, files(warm));

    // npm run build: a renderer compiled once by Astro, then reused for the next build.
    const own = scratch("bt-site-cache-");
    const first = await npmRunBuild(scratch("bt-site-renderer-"), own);
    expect(first.log).toContain("compiling the site renderer");
    for (const summary of SUMMARIES) expect(count(first.log, summary), summary).toBe(1);
    expectSameBytes(a, first.files);
    expect(entries(own, "site-renderer"), "one renderer kept").toBe(1);
    const again = await npmRunBuild(scratch("bt-site-renderer-"), own);
    expect(again.log).not.toContain("compiling the site renderer");
    expect(again.log).not.toMatch(/\[build\]|\[vite\]/); // Astro did not start
    for (const summary of SUMMARIES) expect(count(again.log, summary), summary).toBe(1);
    expectSameBytes(a, again.files);
  });
});
