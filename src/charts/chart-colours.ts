/**
 * The CSS side of the chart colour contract. Chart SVGs read every colour from a custom
 * property `--bt-chart-TOKEN` with the light value as fallback (svg-post.ts), so:
 *
 * - on a light surface nothing is needed;
 * - a dark surface (a dark slide, a dark page) gets the class `bt-chart-surface-dark`, defined
 *   in chart-colours.css, which this module writes from the tokens in theme.ts;
 * - a page whose theme follows the OS and a reader's toggle (the paper) sets the variables with
 *   `light-dark()` (paperChartColours), so they follow the page's own `color-scheme`.
 *
 * Regenerate the CSS file after changing a token: `npx node src/charts/chart-colours.ts`
 * (src/charts/chart-colours.test.ts fails while it is out of date).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cssVar } from "./svg-post.ts";
import { COLOR_TOKENS, type ColorToken } from "./theme.ts";

export const CHART_COLOURS_CSS = join(import.meta.dirname, "chart-colours.css");

const tokens = () => Object.entries(COLOR_TOKENS) as Array<[ColorToken, readonly [string, string]]>;

/** The content of chart-colours.css. */
export function chartColoursCss(): string {
  return (
    `/* Chart colours for a dark surface: put class="bt-chart-surface-dark" on the element the charts sit on.\n` +
    `   Generated from src/charts/theme.ts by \`npx node src/charts/chart-colours.ts\`; do not edit. Chart SVGs\n` +
    `   fall back to the light values by themselves and never follow prefers-color-scheme. */\n` +
    `.bt-chart-surface-dark {\n${tokens()
      .map(([token, [, dark]]) => `  ${cssVar(token)}: ${dark};\n`)
      .join("")}}\n`
  );
}

/** Declarations that make charts follow an element's color-scheme (light or dark), for the paper. */
export function paperChartColours(): string[] {
  return tokens().map(([token, [light, dark]]) => `${cssVar(token)}: light-dark(${light}, ${dark});`);
}

if (import.meta.main) {
  writeFileSync(CHART_COLOURS_CSS, chartColoursCss());
  console.log(`wrote ${CHART_COLOURS_CSS}`);
}
