/**
 * Chart.astro in a real Astro build: a throwaway one-page site (inside .cache/, so Astro treats
 * the component as project source) that uses the component with the chart fixtures.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SITE = join(ROOT, ".cache", `chart-site-${process.pid}`);
const OUT = join(SITE, "dist");

describe("Chart.astro", () => {
  afterAll(() => rmSync(SITE, { recursive: true, force: true }));

  it("renders a figure: SVG inside div.allcenter, caption, stale note, data table", async () => {
    mkdirSync(join(SITE, "src/pages"), { recursive: true });
    writeFileSync(
      join(SITE, "src/pages/index.astro"),
      `---
import Chart from "../../../../src/components/Chart.astro";
const runsDir = ${JSON.stringify(join(ROOT, "src/charts/fixtures/runs"))};
---
<html lang="en"><head><title>t</title></head><body>
<Chart name="savings" params={{ suite: "fixture-story" }} target="deck" runsDir={runsDir} caption="Savings caption" />
<Chart name="samples" runsDir={runsDir}><em>slot caption</em></Chart>
</body></html>
`,
    );
    const build = await execa("npx", ["astro", "build", "--root", SITE, "--outDir", OUT], { cwd: ROOT, reject: false });
    expect(build.exitCode, build.stdout + build.stderr).toBe(0);
    const html = readFileSync(join(OUT, "index.html"), "utf8");
    const figures = html.match(/<figure class="chart chart-(deck|paper)"[^>]*>/g) ?? [];
    expect(figures).toHaveLength(2);
    expect(html.match(/<div class="allcenter"[^>]*><svg [^>]*class="bt-chart" role="img"/g)).toHaveLength(2);
    expect(html).toMatch(/<figcaption[^>]*>Savings caption<\/figcaption>/);
    expect(html).toMatch(/<figcaption[^>]*><em>slot caption<\/em><\/figcaption>/);
    expect(html).toMatch(/<details class="chart-data"[^>]*>\s*<summary[^>]*>Data for “What each change saves/);
    expect(html).toMatch(/<th scope="col"[^>]*>saving \(ms\)<\/th>/);
    expect(html).toContain("2026-01-24T120000Z-fixture-story-000002");
    // The font comes through a page-relative URL (this page is the site root: "./").
    expect(html).toContain(
      `@font-face{font-family:"Inter";font-style:normal;font-weight:400;font-display:swap;src:url("./fonts/inter-latin-400-normal.woff2")`,
    );
    expect(html).not.toContain(`<p class="chart-stale"`);
  });
});
