import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { contentCache } from "../../core/cache.ts";
import { RunRecord } from "../../core/records/schema.ts";
import { clearRunsCache } from "../data/runs.ts";
import { loadFont, measureText } from "./fonts.ts";
import { FIXTURE_CHARTS } from "./fixtures/charts.ts";
import { FIXTURE_RUNS_DIR, FIXTURE_SUITE, fixtureRecords } from "./fixtures/generate.ts";
import { chartNames, renderChart } from "./index.ts";
import { renderSpec } from "./render.ts";
import { SVG_NAMESPACE } from "./render-cache.ts";
import { dodge } from "./specs/distribution.ts";
import { packRows } from "./specs/boot-timeline.ts";

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'"),
  );
}

describe("fixtures", () => {
  it("the committed fixture records are what the generator makes", () => {
    // Parsed through the schema first, so fields the schema adds later (with defaults) do not
    // make old fixture files differ.
    for (const record of fixtureRecords()) {
      const committed = RunRecord.parse(JSON.parse(readFileSync(join(FIXTURE_RUNS_DIR, `${record.id}.json`), "utf8")));
      expect(committed, `regenerate with: npx node src/charts/fixtures/generate.ts`).toEqual(record);
    }
  });
});

describe("hover text", () => {
  it("paper charts carry a hover title on each data mark; slides, with no pointer, carry none", async () => {
    const request = { name: "distribution", params: { suite: FIXTURE_SUITE } };
    const paper = await renderChart(request, { target: "paper", runsDir: FIXTURE_RUNS_DIR });
    const deck = await renderChart(request, { target: "deck", runsDir: FIXTURE_RUNS_DIR });
    expect(paper.svg).toMatch(/role="graphics-symbol"[^>]*><title>[^<]+<\/title>/);
    // The slide keeps the chart's own title and description, and nothing per mark.
    expect(deck.svg.match(/<title/g)).toHaveLength(1);
    expect(deck.svg).toMatch(/^<svg[^>]*role="img"[^>]*><title id="[^"]+">[^<]+<\/title><desc id="[^"]+">/);
    expect(deck.svg.replace(/^<svg[^>]*>/, "")).not.toMatch(/\s(?:role|aria-[a-z]+)="/);
  });
});

describe("registry", () => {
  it("lists the six charts of the contract", () => {
    expect(chartNames().sort()).toEqual([
      "boot-timeline",
      "distribution",
      "progress",
      "samples",
      "savings",
      "top-initcalls",
    ]);
  });

  it("rejects an unknown name and lists the known ones", async () => {
    await expect(renderChart({ name: "pie" }, { target: "paper", runsDir: FIXTURE_RUNS_DIR })).rejects.toThrow(
      /unknown chart "pie".*boot-timeline, top-initcalls, distribution, savings, progress, samples/,
    );
    await expect(renderChart({ name: "toString" }, { target: "paper", runsDir: FIXTURE_RUNS_DIR })).rejects.toThrow(
      /unknown chart/,
    );
  });

  for (const target of ["paper", "deck"] as const) {
    for (const [name, params] of FIXTURE_CHARTS) {
      it(`renders ${name} ${JSON.stringify(params)} for the ${target} from fixtures, accessibly`, async () => {
        const chart = await renderChart({ name, params }, { target, runsDir: FIXTURE_RUNS_DIR });
        expect(chart.svg).toMatch(/^<svg[^>]* class="bt-chart" role="img" aria-label="[^"]+"/);
        expect(chart.svg).toContain(`<title id=`);
        expect(chart.svg).toContain(`<desc id=`);
        expect(chart.title.length).toBeGreaterThan(5);
        expect(chart.description.length).toBeGreaterThan(chart.title.length);
        expect(chart.table.rows.length).toBeGreaterThan(0);
        for (const row of chart.table.rows) expect(row).toHaveLength(chart.table.columns.length);
        expect(chart.sources.runs.length).toBeGreaterThan(0);
        expect(chart.sources.definitions.every((d) => d.startsWith("src/charts/fixtures/"))).toBe(true);
        expect(chart.staleWarnings).toEqual([]);
        // Transparent: no background rectangle, and theme colours read the CSS variables.
        expect(chart.svg).not.toMatch(/fill="(white|#fff|#ffffff)"/);
        expect(chart.svg).toMatch(/var\(--bt-chart-fg,#1b1f24\)/);
        // Nothing drawn was cut short, and every drawn character exists in the served font.
        const drawn = texts(chart.svg);
        expect(drawn.length).toBeGreaterThan(3);
        expect(drawn.filter((t) => t.includes("\u2026"))).toEqual([]);
        const missing = [...new Set(drawn.join(""))].filter(
          (c) => c.trim() && !loadFont(400).hasGlyphForCodePoint(c.codePointAt(0)!),
        );
        expect(missing).toEqual([]);
      });
    }
  }

  it("gives identical bytes for the same data (twice in one process, and after other charts)", async () => {
    // Each render gets an empty cache of its own, so both really render (no shared result).
    const cache = () => contentCache(SVG_NAMESPACE, mkdtempSync(join(tmpdir(), "bt-chart-twice-")));
    for (const [name, params] of FIXTURE_CHARTS) {
      const a = await renderChart({ name, params }, { target: "paper", runsDir: FIXTURE_RUNS_DIR, cache: cache() });
      await renderChart({ name: "samples" }, { target: "deck", runsDir: FIXTURE_RUNS_DIR, cache: cache() });
      const b = await renderChart({ name, params }, { target: "paper", runsDir: FIXTURE_RUNS_DIR, cache: cache() });
      expect(b.svg).toBe(a.svg);
    }
  });

  it("gives identical bytes in another process with another time zone and locale", async () => {
    if (Number(process.versions.node.split(".")[0]) < 24) return; // the child needs Node 24 to run .ts
    const script = `import { renderChart } from ${JSON.stringify(join(import.meta.dirname, "index.ts"))};
      const out = [];
      for (const [name, params] of ${JSON.stringify(FIXTURE_CHARTS)}) out.push((await renderChart({ name, params }, { target: "deck", runsDir: ${JSON.stringify(FIXTURE_RUNS_DIR)} })).svg);
      process.stdout.write(JSON.stringify(out));`;
    const child = await execa(process.execPath, ["--input-type=module", "-e", script], {
      env: {
        TZ: "America/New_York",
        LANG: "de_DE.UTF-8",
        LC_ALL: "de_DE.UTF-8",
        // an empty render cache: the child renders every chart itself
        BOOT_TALK_CACHE_DIR: mkdtempSync(join(tmpdir(), "bt-chart-child-")),
      },
    });
    const theirs = JSON.parse(child.stdout) as string[];
    for (const [i, [name, params]] of FIXTURE_CHARTS.entries()) {
      expect(theirs[i], name).toBe(
        (await renderChart({ name, params }, { target: "deck", runsDir: FIXTURE_RUNS_DIR, cache: null })).svg,
      );
    }
  });

  it("says what to run when there is no analysis or suite run", async () => {
    await expect(
      renderChart({ name: "boot-timeline" }, { target: "paper", records: [], runsDir: "/x/runs" }),
    ).rejects.toThrow(/no appliance analysis record in \/x\/runs: run `npm run analyze`/);
    await expect(
      renderChart({ name: "savings", params: { suite: "nope" } }, { target: "paper", runsDir: FIXTURE_RUNS_DIR }),
    ).rejects.toThrow(
      /no benchmark run of suite "nope".*npm run bench -- --suite nope.*suites with runs: fixture-story/,
    );
    await expect(renderChart({ name: "distribution" }, { target: "paper", runsDir: FIXTURE_RUNS_DIR })).rejects.toThrow(
      /needs the parameter suite/,
    );
    await expect(
      renderChart({ name: "samples", params: { run: "no-such-id" } }, { target: "paper", runsDir: FIXTURE_RUNS_DIR }),
    ).rejects.toThrow(/no benchmark record with id "no-such-id"/);
  });

  it("warns when a figure's run used a changed definition or an older appliance", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bt-stale-"));
    cpSync(FIXTURE_RUNS_DIR, dir, { recursive: true });
    const file = join(dir, "2026-01-24T120000Z-fixture-story-000002.json");
    const record = JSON.parse(readFileSync(file, "utf8"));
    record.suite.sha256 = "0".repeat(64);
    writeFileSync(file, JSON.stringify(record));
    clearRunsCache();
    const chart = await renderChart(
      { name: "savings", params: { suite: FIXTURE_SUITE } },
      { target: "paper", runsDir: dir },
    );
    expect(chart.staleWarnings).toHaveLength(1);
    expect(chart.staleWarnings[0]).toMatch(
      /run 2026-01-24T120000Z-fixture-story-000002: benchmark definition src\/charts\/fixtures\/benchmarks\/fixture-story.json changed since the run/,
    );

    const newer = { kernelSha256: "a".repeat(64), busyboxSha256: "d".repeat(64) };
    const old = await renderChart(
      { name: "boot-timeline" },
      { target: "paper", runsDir: FIXTURE_RUNS_DIR, appliance: newer },
    );
    expect(old.staleWarnings.join("\n")).toMatch(
      /fixture-analysis-000001: booted an older appliance \(kernel ffffffffffff…\) than the current one \(kernel aaaaaaaaaaaa…\)/,
    );
  });
});

describe("renderer", () => {
  it("measures text with Inter's real advances, not 0.8 × chars × size", () => {
    // Inter: "iiii" is far narrower than "WWWW"; the estimate would make them equal.
    expect(measureText("WWWW", 20)).toBeGreaterThan(3 * measureText("iiii", 20));
    expect(measureText("boot", 10) * 2).toBeCloseTo(measureText("boot", 20), 6);
    expect(measureText("bold", 16, 600)).toBeGreaterThan(measureText("bold", 16, 400));
    // Kerning applies, as in browsers: "AV" is narrower than "A" + "V".
    expect(measureText("AV", 100)).toBeLessThan(measureText("A", 100) + measureText("V", 100));
  });

  it("lays out axis labels with the measured width", async () => {
    const spec = (label: string) => ({
      data: { values: [{ k: label, v: 1 }] },
      mark: "bar" as const,
      encoding: { y: { field: "k", type: "nominal" as const }, x: { field: "v", type: "quantitative" as const } },
    });
    const width = (svg: string) => Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const narrow = await renderSpec(spec("iiiiiiiiiiiiiiiiiiii"), { target: "paper" });
    const wide = await renderSpec(spec("WWWWWWWWWWWWWWWWWWWW"), { target: "paper" });
    const diff = width(wide) - width(narrow);
    const expected = measureText("WWWWWWWWWWWWWWWWWWWW", 11) - measureText("iiiiiiiiiiiiiiiiiiii", 11);
    expect(Math.abs(diff - expected)).toBeLessThan(2);
  });

  it("seeds Vega's random source, so random() specs render the same twice", async () => {
    const spec = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures/specs/histogram-random.vl.json"), "utf8"));
    expect(await renderSpec(spec, { target: "paper" })).toBe(await renderSpec(spec, { target: "paper" }));
  });
});

describe("layout helpers", () => {
  it("packs overlapping spans into rows", () => {
    expect(
      packRows(
        [
          { from: 0, to: 10 },
          { from: 5, to: 8 },
          { from: 11, to: 20 },
          { from: 9, to: 12 },
        ],
        0,
      ),
    ).toEqual([0, 1, 0, 1]);
  });
  it("dodges beeswarm points so no two circles overlap", () => {
    const xs = [10, 10, 10, 11, 12, 30, 10.5];
    const ys = dodge(xs, 3);
    for (let i = 0; i < xs.length; i++)
      for (let j = i + 1; j < xs.length; j++) {
        expect(Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!)).toBeGreaterThanOrEqual(6 - 1e-6);
      }
    expect(ys[5]).toBe(0);
  });
});
