/**
 * Build-time cost of each chart: how long renderChart takes (records already loaded),
 * median of N renders after one warm-up, per chart and target. The first render in the process
 * (which also loads the font and compiles Vega's code paths) is reported separately as "cold".
 * Every render here really renders (each gets an empty render cache of its own); the "hit"
 * column is the same request answered from a warm cache (src/charts/render-cache.ts).
 *
 *   npx node scripts/perf/chart-cost.ts [--n 15] [--runs DIR] [--suite NAME] [--json]
 *
 * Each chart is drawn from the recorded runs in --runs (default content/runs) when they hold
 * its data, else from the chart test fixtures; the "data" column says which.
 */
import { parseArgs } from "node:util";
import { runMain, UserError } from "../../core/errors.ts";
import { FIXTURE_RUNS_DIR, FIXTURE_SUITE } from "../../src/charts/fixtures/generate.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { contentCache, type ContentCache } from "../../core/cache.ts";
import { renderChart } from "../../src/charts/index.ts";
import { SVG_NAMESPACE } from "../../src/charts/render-cache.ts";
import { loadRuns, MissingDataError, RUNS_DIR } from "../../src/data/runs.ts";
import { medianOf } from "../../core/stats/resample.ts";

const CHARTS: Array<[string, (suite: string) => Record<string, string>]> = [
  ["boot-timeline", () => ({})],
  ["top-initcalls", () => ({})],
  ["distribution", (suite) => ({ suite })],
  ["savings", (suite) => ({ suite })],
  ["progress", (suite) => ({ suite })],
  ["samples", () => ({})],
];

/** A render cache in a new empty folder (so a render is a real one, with nothing shared in memory). */
function emptyCache(): ContentCache {
  return contentCache(SVG_NAMESPACE, mkdtempSync(join(tmpdir(), "bt-chart-cost-")));
}
const warmRoot = (cache: ContentCache) => dirname(cache.dir);

interface Row {
  chart: string;
  target: string;
  data: string;
  coldMs: number | null;
  medianMs: number;
  minMs: number;
  maxMs: number;
  n: number;
  /** Median time of the same request answered from a warm on-disk cache. */
  hitMs: number;
  svgBytes: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "15" },
      runs: { type: "string", default: RUNS_DIR },
      suite: { type: "string", default: "story" },
      json: { type: "boolean" },
    },
  });
  const n = Number(values.n);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--n must be a positive integer, got ${values.n}`);
  const sources = [
    { label: "recorded", dir: values.runs!, suite: values.suite!, records: await loadRuns(values.runs!) },
    { label: "fixtures", dir: FIXTURE_RUNS_DIR, suite: FIXTURE_SUITE, records: await loadRuns(FIXTURE_RUNS_DIR) },
  ];
  const rows: Row[] = [];
  let cold = true;
  for (const target of ["paper", "deck"] as const) {
    for (const [chart, params] of CHARTS) {
      for (const source of sources) {
        const request = { name: chart, params: params(source.suite) };
        const base = { target, runsDir: source.dir, records: source.records };
        const warm = emptyCache();
        const options = () => ({ ...base, cache: emptyCache() });
        let t0 = performance.now();
        let first;
        try {
          first = await renderChart(request, { ...base, cache: warm });
        } catch (error) {
          if (error instanceof MissingDataError) continue; // no such data here: try the next source
          throw error;
        }
        const coldMs = cold ? performance.now() - t0 : null;
        cold = false;
        const times: number[] = [];
        for (let i = 0; i < n; i++) {
          const fresh = options();
          t0 = performance.now();
          await renderChart(request, fresh);
          times.push(performance.now() - t0);
        }
        const hits: number[] = [];
        for (let i = 0; i < n; i++) {
          const again = { ...base, cache: contentCache(SVG_NAMESPACE, warmRoot(warm)) }; // on disk, not in memory
          t0 = performance.now();
          await renderChart(request, again);
          hits.push(performance.now() - t0);
        }
        rows.push({
          chart,
          target,
          data: source.label,
          coldMs,
          medianMs: medianOf(times),
          minMs: Math.min(...times),
          maxMs: Math.max(...times),
          n,
          hitMs: medianOf(hits),
          svgBytes: Buffer.byteLength(first.svg),
        });
        break;
      }
    }
  }
  if (values.json) {
    process.stdout.write(JSON.stringify({ node: process.version, rows }, null, 2) + "\n");
    return;
  }
  const f = (x: number) => x.toFixed(1).padStart(7);
  process.stdout.write(`chart cost: median of ${n} renders after a warm-up (Node ${process.version})\n`);
  process.stdout.write(
    `${"chart".padEnd(15)}${"target".padEnd(7)}${"data".padEnd(10)}${"median".padStart(7)}${"min".padStart(7)}${"max".padStart(7)}${"hit".padStart(7)} ms  ${"SVG".padStart(8)}\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.chart.padEnd(15)}${r.target.padEnd(7)}${r.data.padEnd(10)}${f(r.medianMs)}${f(r.minMs)}${f(r.maxMs)}${f(r.hitMs)}     ${String(Math.round(r.svgBytes / 1024)).padStart(5)} KB${r.coldMs !== null ? `  (cold first render ${r.coldMs.toFixed(0)} ms)` : ""}\n`,
    );
  }
  const total = rows.reduce((s, r) => s + r.medianMs, 0);
  const hitTotal = rows.reduce((s, r) => s + r.hitMs, 0);
  process.stdout.write(
    `all ${rows.length} figures: ${total.toFixed(0)} ms of build time when rendered (warm process), ${hitTotal.toFixed(0)} ms from the render cache\n`,
  );
}

await runMain(main);
