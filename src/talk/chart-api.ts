/**
 * The chart registry as the talk uses it: an object, so tests can pass a fake one.
 */
import { chartNames, chartParams, renderChart } from "../charts/index.ts";

export type { ChartRequest, ChartResult as RenderedChart } from "../charts/index.ts";

export interface ChartApi {
  renderChart: typeof renderChart;
  chartNames: typeof chartNames;
  /** The parameters a chart reads; the talk reports any other as a mistake. */
  chartParams?: (name: string) => readonly string[] | undefined;
}

/** The site's chart registry (src/charts/index.ts). */
export const chartApi: ChartApi = { renderChart, chartNames, chartParams };
