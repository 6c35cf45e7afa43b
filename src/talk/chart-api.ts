/// <reference types="vite/client" />
/**
 * Finds the site's chart registry (src/charts/index.ts) without making the talk depend on it
 * at bundle time: a talk with no chart slides builds even where the registry is absent, and a
 * chart slide fails with a clear message instead. import.meta.glob resolves at build time
 * (Astro/Vite and Vitest) and yields nothing when the file does not exist.
 */

export interface ChartRequest { name: string; params: Record<string, string> }
export interface RenderedChart {
  svg: string;
  title: string;
  description: string;
  sources: { runs: string[]; definitions: string[] };
  table: { columns: string[]; rows: (string | number)[][] };
  staleWarnings: string[];
}
export interface ChartApi {
  renderChart(request: ChartRequest, options: { target: "paper" | "deck"; runsDir?: string }): Promise<RenderedChart>;
  chartNames(): string[];
}

const registry = import.meta.glob<ChartApi>("../charts/index.ts");

/** The chart registry, or null when this checkout has none. */
export async function loadChartApi(): Promise<ChartApi | null> {
  const load = Object.values(registry)[0];
  return load ? await load() : null;
}
