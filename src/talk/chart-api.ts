/**
 * The chart registry as the talk uses it: an object, so tests can pass a fake one.
 */
import { chartNames, renderChart } from "../charts/index.ts";

export type { ChartRequest, ChartResult as RenderedChart } from "../charts/index.ts";

export interface ChartApi {
  renderChart: typeof renderChart;
  chartNames: typeof chartNames;
}

/** The site's chart registry (src/charts/index.ts). */
export const chartApi: ChartApi = { renderChart, chartNames };
