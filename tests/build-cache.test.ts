/**
 * Issue 16: the site is byte-identical with and without a warm cache. The whole site (deck,
 * presenter and read views, paper, front page) is built twice with one scratch cache folder
 * (BOOT_TALK_CACHE_DIR: chart SVGs, text widths, derived records, the paper's HTML, the built
 * talk): first with that folder empty, so everything is derived, rendered and stored, then with
 * it full, so everything is served from it. Every file of the two outputs must be the same
 * bytes, and the cached build's log says what the rendering said (the claims summaries).
 * Then the way npm run build runs it: the documents prepared by another process while Astro
 * starts (src/data/prepared.ts), the pages waiting for them; the same bytes again, the
 * preparing process silent, and the log saying each summary once.
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

    // Prepared ahead: Astro starts with an empty cache and waits while another process fills it.
    const ahead = scratch("bt-site-cache-");
    const folder = scratch("bt-prepared-");
    const prepared = scratch("bt-site-prepared-");
    const env = { BOOT_TALK_CACHE_DIR: ahead, BOOT_TALK_PREPARED: `${process.pid} ${folder}` };
    const [preparing, built] = await Promise.all([
      execa(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const { prepareDocuments } = await import("./scripts/build.ts"); await prepareDocuments(process.cwd(), ${JSON.stringify(folder)});`,
        ],
        { cwd: projectPath(), env: { BOOT_TALK_CACHE_DIR: ahead }, reject: false, all: true },
      ),
      build(prepared, ahead, env),
    ]);
    expect(preparing.exitCode, preparing.all).toBe(0);
    expect(preparing.all, "the preparing process prints nothing").toBe("");
    expect(readdirSync(folder).sort()).toEqual(["paper", "talk"]);
    for (const summary of SUMMARIES) expect(count(built, summary), summary).toBe(1);
    expectSameBytes(a, files(prepared));
  });
});
