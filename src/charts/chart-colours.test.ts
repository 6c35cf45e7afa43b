/**
 * The chart colour contract: chart SVGs never follow the OS colour scheme (no <style>, no
 * prefers-color-scheme), chart-colours.css is what theme.ts generates, and the paper's
 * stylesheet carries the same tokens for its own light/dark theme.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHART_COLOURS_CSS, chartColoursCss, paperChartColours } from "./chart-colours.ts";
import { FIXTURE_CHARTS } from "./fixtures/charts.ts";
import { FIXTURE_RUNS_DIR } from "./fixtures/generate.ts";
import { renderChart } from "./index.ts";
import { COLOR_TOKENS } from "./theme.ts";
import { TARGETS } from "./theme.ts";

describe("chart colours", () => {
  it("chart SVGs carry light fallbacks only, never a colour scheme of their own", async () => {
    for (const target of TARGETS)
      for (const [name, params] of FIXTURE_CHARTS) {
        const { svg } = await renderChart({ name, params }, { target, runsDir: FIXTURE_RUNS_DIR });
        expect(svg, `${name} ${target}`).not.toMatch(/prefers-color-scheme|<style|data-theme/);
        for (const [, dark] of Object.values(COLOR_TOKENS)) expect(svg, `${name} ${target}`).not.toContain(dark);
        expect(svg).toMatch(/fill:var\(--bt-chart-[a-z]+,#[0-9a-f]{6}\)/);
      }
  });

  it("chart-colours.css is generated from the theme (npx node src/charts/chart-colours.ts)", () => {
    expect(readFileSync(CHART_COLOURS_CSS, "utf8")).toBe(chartColoursCss());
    for (const [token, [, dark]] of Object.entries(COLOR_TOKENS))
      expect(chartColoursCss()).toContain(`--bt-chart-${token}: ${dark};`);
  });

  it("the paper sets every chart token for its light and dark themes", () => {
    const css = readFileSync(join(import.meta.dirname, "../paper/paper.css"), "utf8");
    const block = /body\.paper \{\n((?:\s+--bt-chart-[^\n]+\n)+)\}/.exec(css)?.[1];
    expect(block, "src/paper/paper.css: the body.paper block of chart colours").toBeDefined();
    expect(block!.trim().split(/\n\s*/)).toEqual(paperChartColours());
  });
});
