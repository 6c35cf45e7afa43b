/**
 * The chart render cache: one render per chart per process, none when an earlier build rendered
 * the same bytes, identical output with and without a warm cache, damaged entries re-rendered
 * (never served), and a new run re-rendering only the charts that read it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { contentCache } from "../../core/cache.ts";
import { sha256 } from "../../core/hash.ts";
import type { BenchmarkRecord, RunRecord } from "../../core/records/schema.ts";
import { loadRuns } from "../data/runs.ts";
import { FIXTURE_CHARTS } from "./fixtures/charts.ts";
import { FIXTURE_RUNS_DIR } from "./fixtures/generate.ts";
import { packageClosure } from "./fingerprint.ts";
import { renderChart } from "./index.ts";
import { renderCount, SVG_NAMESPACE } from "./render-cache.ts";
import { TARGETS } from "./theme.ts";

const freshDir = () => mkdtempSync(join(tmpdir(), "bt-chart-cache-"));
/** A cache in a new folder; each instance also has its own in-process renders. */
const cacheIn = (dir: string) => contentCache(SVG_NAMESPACE, dir);

async function renderAll(cache: ReturnType<typeof cacheIn> | null, records?: RunRecord[]): Promise<string[]> {
  const out: string[] = [];
  for (const target of TARGETS)
    for (const [name, params] of FIXTURE_CHARTS)
      out.push(
        (await renderChart({ name, params }, { target, runsDir: FIXTURE_RUNS_DIR, cache, ...(records && { records }) }))
          .svg,
      );
  return out;
}

describe("chart render cache", () => {
  it("serves byte-identical SVGs from a warm cache, rendering nothing", async () => {
    const dir = freshDir();
    const uncached = await renderAll(null);
    const before = renderCount();
    const cold = await renderAll(cacheIn(dir));
    expect(renderCount() - before).toBe(uncached.length);
    const warmBefore = renderCount();
    const warm = await renderAll(cacheIn(dir)); // a new instance: nothing in process, all on disk
    expect(renderCount()).toBe(warmBefore);
    expect(cold).toEqual(uncached);
    expect(warm).toEqual(uncached);
  });

  it("renders a chart once however many pages ask for it at once", async () => {
    const cache = cacheIn(freshDir());
    const before = renderCount();
    const request = { name: "savings", params: { suite: "fixture-story" } };
    const pages = await Promise.all(
      [1, 2, 3].map(() => renderChart(request, { target: "deck", runsDir: FIXTURE_RUNS_DIR, cache })),
    );
    expect(renderCount() - before).toBe(1);
    expect(new Set(pages.map((p) => p.svg)).size).toBe(1);
  });

  it("ignores damaged entries, renders them again and repairs them", async () => {
    const dir = freshDir();
    const good = await renderAll(cacheIn(dir));
    const files = readdirSync(join(dir, SVG_NAMESPACE)).filter((f) => !f.includes(".tmp-"));
    expect(files.length).toBeGreaterThan(0);
    files.forEach((file, i) => {
      const path = join(dir, SVG_NAMESPACE, file);
      const text = readFileSync(path, "utf8");
      // Three kinds of damage: truncated, bit-flipped, and a checksummed entry that is no SVG.
      if (i % 3 === 0) writeFileSync(path, text.slice(0, text.length >> 1));
      else if (i % 3 === 1) writeFileSync(path, text.replace("<svg", "<svG"));
      else writeFileSync(path, `${sha256("<p>not a chart</p>")}\n<p>not a chart</p>`);
    });
    const before = renderCount();
    expect(await renderAll(cacheIn(dir))).toEqual(good);
    expect(renderCount() - before).toBe(files.length);
    const after = renderCount();
    expect(await renderAll(cacheIn(dir))).toEqual(good); // repaired: served from the cache again
    expect(renderCount()).toBe(after);
  });

  it("after a new run, re-renders only the charts that read it", async () => {
    const dir = freshDir();
    const records = await loadRuns(FIXTURE_RUNS_DIR);
    const first = await renderAll(cacheIn(dir), records);
    // A new run of another suite: the newest benchmark (samples run=latest reads it), nothing else.
    const base = records.find((r): r is BenchmarkRecord => r.id === "2026-01-24T120000Z-fixture-story-000002")!;
    const newRun: BenchmarkRecord = {
      ...base,
      id: "2026-02-01T120000Z-other-000003",
      createdAt: "2026-02-01T12:00:00.000Z",
      suite: base.suite && { ...base.suite, name: "other" },
    };
    const before = renderCount();
    const second = await renderAll(cacheIn(dir), [...records, newRun]);
    const changed = FIXTURE_CHARTS.filter(([name, params]) => name === "samples" && !params.run).length;
    expect(renderCount() - before).toBe(changed * TARGETS.length);
    const differs = second.map((svg, i) => svg !== first[i]);
    expect(differs.filter(Boolean).length).toBeLessThanOrEqual(changed * TARGETS.length);
  });

  it("gives another process the same bytes from the cache without loading fontkit or Vega", async () => {
    if (Number(process.versions.node.split(".")[0]) < 24) return; // the child needs Node 24 to run .ts
    const dir = freshDir();
    const script = `import { createRequire } from "node:module";
      import { renderChart } from ${JSON.stringify(join(import.meta.dirname, "index.ts"))};
      import { renderCount } from ${JSON.stringify(join(import.meta.dirname, "render-cache.ts"))};
      const out = [];
      for (const target of ["paper", "deck"])
        for (const [name, params] of ${JSON.stringify(FIXTURE_CHARTS)})
          out.push((await renderChart({ name, params }, { target, runsDir: ${JSON.stringify(FIXTURE_RUNS_DIR)} })).svg);
      const fontkit = Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes("/fontkit/"));
      process.stdout.write(JSON.stringify({ out, renders: renderCount(), fontkit }));`;
    const run = async () =>
      JSON.parse(
        (await execa(process.execPath, ["--input-type=module", "-e", script], { env: { BOOT_TALK_CACHE_DIR: dir } }))
          .stdout,
      ) as { out: string[]; renders: number; fontkit: boolean };
    const cold = await run();
    const warm = await run();
    expect(cold.renders).toBe(cold.out.length);
    expect(cold.fontkit).toBe(true);
    expect(warm).toEqual({ out: cold.out, renders: 0, fontkit: false });
    expect(cold.out).toEqual(await renderAll(null));
  });
});

describe("renderer fingerprint", () => {
  it("follows every dependency of the renderer packages, nested ones first", () => {
    const lock = {
      "": {},
      "node_modules/vega": { version: "6.0.0", dependencies: { "vega-util": "~2", d3: "^7" } },
      "node_modules/vega-util": { version: "2.1.0" },
      "node_modules/vega/node_modules/d3": { version: "7.9.0", dependencies: { "vega-util": "*" } },
      "node_modules/d3": { version: "6.0.0" },
      "node_modules/unrelated": { version: "1.0.0" },
    };
    expect(packageClosure(["vega"], lock)).toEqual([
      "node_modules/vega vega@6.0.0",
      "node_modules/vega-util vega-util@2.1.0",
      "node_modules/vega/node_modules/d3 d3@7.9.0",
    ]);
    expect(() => packageClosure(["fontkit"], lock)).toThrow(/fontkit is not installed.*npm install/);
  });
});
