/**
 * Issue 16: the site is byte-identical with and without a warm cache. The whole site (deck,
 * presenter and read views, paper, front page) is built twice with one scratch cache folder
 * (BOOT_TALK_CACHE_DIR: chart SVGs, text widths, derived records, the paper's HTML): first with
 * that folder empty, so everything is derived, rendered and stored, then with it full, so
 * everything is served from it. Every file of the two outputs must be the same bytes.
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

async function build(outDir: string, cache: string): Promise<void> {
  const astro = projectPath("node_modules/astro/bin/astro.mjs");
  const result = await execa(process.execPath, [astro, "build", "--outDir", outDir], {
    cwd: projectPath(),
    env: { BOOT_TALK_CACHE_DIR: cache, ASTRO_TELEMETRY_DISABLED: "1" },
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`astro build failed:\n${result.all}`);
}

describe("the built site", () => {
  it("is the same bytes built from an empty cache and from the cache that build filled", async () => {
    const cache = scratch("bt-site-cache-");
    const cold = scratch("bt-site-cold-");
    const warm = scratch("bt-site-warm-");
    await build(cold, cache);
    // The first build stored what the second one is served.
    for (const namespace of ["chart-svg", "derived-records", "paper-html"])
      expect(entries(cache, namespace), namespace).toBeGreaterThan(0);
    await build(warm, cache);
    const a = files(cold);
    const b = files(warm);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...a.keys()].some((f) => f.startsWith("talk/")) && a.has("paper/index.html")).toBe(true);
    for (const [file, bytes] of a) expect(b.get(file)?.equals(bytes), file).toBe(true);
  });
});
