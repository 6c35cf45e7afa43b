/**
 * The site's chart registry: `renderChart({name, params}, {target})` draws one named figure
 * from the recorded runs in content/runs/ and returns the SVG with everything a page needs
 * around it (title, description, data table, sources, stale warnings). `chartNames()` lists
 * the names. See src/components/Chart.astro for the usual way to put one on a page.
 * A chart is rendered once per build and cached between builds (render-cache.ts).
 */
import type { RunRecord } from "../../core/records/schema.ts";
import { loadRuns, RUNS_DIR } from "../data/runs.ts";
import { definitionFiles, staleWarnings, type ApplianceIdentity } from "../data/stale.ts";
import { loadTextWidths, renderSvg, saveTextWidths, type RenderCache } from "./render-cache.ts";
import { bootTimeline } from "./specs/boot-timeline.ts";
import type { ChartBuild, ChartInput, ChartTable, Params } from "./specs/common.ts";
import { distribution } from "./specs/distribution.ts";
import { progress } from "./specs/progress.ts";
import { samples } from "./specs/samples.ts";
import { savings } from "./specs/savings.ts";
import { topInitcalls } from "./specs/top-initcalls.ts";
import { TARGETS, type Target } from "./theme.ts";

const CHARTS: Record<string, (input: ChartInput) => ChartBuild> = {
  "boot-timeline": bootTimeline,
  "top-initcalls": topInitcalls,
  distribution,
  savings,
  progress,
  samples,
};

export interface ChartRequest {
  name: string;
  params?: Params;
}

export interface ChartOptions {
  target: Target;
  /** Where the records are; default content/runs. */
  runsDir?: string;
  /** Records to draw from instead of reading runsDir. */
  records?: RunRecord[];
  /** The current appliance for stale checks; default: that of the newest recorded run. */
  appliance?: ApplianceIdentity | null;
  /** Where rendered SVGs persist between builds; default .cache/chart-svg/, null for none (see render-cache.ts). */
  cache?: RenderCache;
}

export interface ChartResult {
  svg: string;
  title: string;
  description: string;
  sources: { runs: string[]; definitions: string[] };
  table: ChartTable;
  staleWarnings: string[];
}

export function chartNames(): string[] {
  return Object.keys(CHARTS);
}

/** The parameters each chart reads, so callers can report any other as a mistake. */
const PARAMS: Record<string, readonly string[]> = {
  "boot-timeline": ["kind"],
  "top-initcalls": ["kind", "n"],
  distribution: ["run", "suite", "metric"],
  savings: ["suite", "kind", "metric"],
  progress: ["suite", "view", "metric"],
  samples: ["run", "suite", "metric"],
};

export function chartParams(name: string): readonly string[] | undefined {
  return Object.hasOwn(PARAMS, name) ? PARAMS[name] : undefined;
}

/** The mistake in giving `chart` these parameters, when `known` are the ones it takes (null: none). */
export function chartParamProblem(
  chart: string,
  given: readonly string[],
  known: readonly string[] | undefined,
): { message: string; hint: string } | null {
  const unknown = known ? given.filter((p) => !known.includes(p)) : [];
  if (!unknown.length) return null;
  return {
    message: `chart "${chart}" has no parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`,
    hint: known!.length ? `its parameters: ${known!.join(", ")}` : "this chart takes no parameters",
  };
}

export async function renderChart(request: ChartRequest, options: ChartOptions): Promise<ChartResult> {
  const build = CHARTS[request.name];
  if (!build || !Object.hasOwn(CHARTS, request.name)) {
    throw new Error(`unknown chart "${request.name}"; known charts: ${chartNames().join(", ")}`);
  }
  if (!TARGETS.includes(options.target))
    throw new Error(`unknown chart target "${options.target}"; use one of ${TARGETS.join(", ")}`);
  const runsDir = options.runsDir ?? RUNS_DIR;
  const records = options.records ?? (await loadRuns(runsDir));
  await loadTextWidths();
  const built = build({ records, target: options.target, params: request.params ?? {}, runsDir });
  const svg = await renderSvg(
    built.spec,
    { target: options.target, title: built.title, description: built.description },
    options.cache,
  );
  await saveTextWidths();
  return {
    svg,
    title: built.title,
    description: built.description,
    sources: {
      runs: built.used.map((r) => r.id),
      definitions: [...new Set(built.used.flatMap(definitionFiles))],
    },
    table: built.table,
    staleWarnings: staleWarnings(built.used, {
      all: records,
      ...(options.appliance !== undefined ? { appliance: options.appliance } : {}),
    }),
  };
}

export type { Target };
