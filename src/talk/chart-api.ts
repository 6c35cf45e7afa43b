/**
 * The chart registry as the talk uses it: an object, so tests can pass a fake one (or null to
 * check the message a chart slide gives when no registry is available).
 */
import { chartNames, renderChart } from "../charts/index.ts";

export type { ChartRequest, ChartResult as RenderedChart } from "../charts/index.ts";

export interface ChartApi {
  renderChart: typeof renderChart;
  chartNames: typeof chartNames;
}

/** The site's chart registry (src/charts/index.ts). */
export async function loadChartApi(): Promise<ChartApi> {
  return { renderChart, chartNames };
}
