/**
 * Vega-Lite → static SVG in Node, with the site theme and real text metrics.
 * Pipeline: vega-lite compile (theme config merged under the spec's own config) → vega.parse
 * → View({renderer: "none"}) → toSVG() → svg-post.ts. Deterministic: Vega's random source is
 * reseeded before every render, ids are renumbered per chart, number and time formats use
 * Vega's built-in en-US locale, and registry specs use UTC time scales; callers that render
 * arbitrary specs with local time (scripts/chart.ts) pin TZ=UTC.
 */
import { pathToFileURL } from "node:url";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { sha256 } from "../../core/hash.ts";
import { unknownMarks } from "./spec-check.ts";
import { postProcessSvg } from "./svg-post.ts";
import { installTextMetrics } from "./text-metrics.ts";
import { chartConfig, type Target } from "./theme.ts";

/** vega re-exports vega-util's setRandom/randomLCG and vega-statistics' at run time; its typings omit them. */
const vegaRandom = vega as unknown as { setRandom(r: () => number): void; randomLCG(seed: number): () => number };
function seedVega(seed: number): void {
  vegaRandom.setRandom(vegaRandom.randomLCG(seed));
}

export const RANDOM_SEED = 20160317; // the day `quiet` saved 40% (original-system §7)

export interface RenderOptions {
  target: Target;
  /** Accessible name; default: the spec's title, else "Chart". */
  title?: string;
  /** Accessible description; default: the spec's description, else the title. */
  description?: string;
  /** Folder that relative data URLs resolve against (file mode). Default: no file access. */
  baseDir?: string;
}

/** Thrown when Vega-Lite or Vega rejects a spec; message carries their own words. */
export class SpecError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SpecError";
  }
}

function specText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.join(" ");
  if (value && typeof value === "object" && "text" in value) return specText((value as { text: unknown }).text);
  return undefined;
}

/** Compiles a Vega-Lite spec with the theme; Vega-Lite's own errors surface as SpecError. */
export function compileSpec(spec: TopLevelSpec, target: Target): vega.Spec {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...m: unknown[]) => {
      throw new SpecError(m.map(String).join(" "));
    },
    warn: (...m: unknown[]) => {
      warnings.push(m.map(String).join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  try {
    return vegaLite.compile(spec, { config: chartConfig(target), logger: logger as never }).spec;
  } catch (error) {
    if (error instanceof SpecError) throw error;
    // Vega-Lite often warns about the real problem before failing; an unknown mark it does not
    // even warn about, so name it ourselves.
    const notes = [...unknownMarks(spec), ...warnings.map((w) => `Vega-Lite warned: ${w}`)];
    const context = notes.length ? ` (${notes.join("; ")})` : "";
    throw new SpecError(`${(error as Error).message}${context}`, { cause: error });
  }
}

export async function renderSpec(spec: TopLevelSpec, options: RenderOptions): Promise<string> {
  installTextMetrics();
  const compiled = compileSpec(spec, options.target);
  let runtime: vega.Runtime;
  try {
    runtime = vega.parse(compiled);
  } catch (error) {
    throw new SpecError(`Vega could not parse the compiled spec: ${(error as Error).message}`, { cause: error });
  }
  const loader = options.baseDir
    ? vega.loader({ mode: "file", baseURL: pathToFileURL(options.baseDir + "/").pathname })
    : vega.loader({ mode: "file", baseURL: "/nonexistent-boot-talk-base/" });
  seedVega(RANDOM_SEED);
  // Vega logs dataflow errors (a missing data file, a bad expression) and carries on; collect
  // them so a broken figure fails the build instead of rendering half-empty.
  const errors: string[] = [];
  const logger = vega.logger(vega.Error); // warnings (e.g. an empty filtered layer) are not failures
  const text = (m: readonly unknown[]) => m.map((x) => (x instanceof Error ? x.message : String(x))).join(" ");
  logger.error = (...m: readonly unknown[]) => {
    errors.push(text(m));
    return logger;
  };
  // A data file that cannot be read is only a warning to Vega, but it leaves the figure empty.
  logger.warn = (...m: readonly unknown[]) => {
    if (String(m[0]).startsWith("Loading failed")) errors.push(text(m));
    return logger;
  };
  const view = new vega.View(runtime, { renderer: "none", loader, logger });
  let svg: string;
  try {
    svg = await view.toSVG();
  } catch (error) {
    throw new SpecError(`Vega failed to render: ${[...errors, (error as Error).message].join("; ")}`, { cause: error });
  } finally {
    view.finalize();
  }
  if (errors.length) throw new SpecError(`Vega failed to render: ${errors.join("; ")}`);
  const s = spec as { title?: unknown; description?: unknown };
  const title = options.title ?? specText(s.title) ?? "Chart";
  const description = options.description ?? specText(s.description) ?? title;
  const idPrefix = `bt${sha256(JSON.stringify(spec) + options.target).slice(0, 8)}`;
  // A projected slide has no pointer to hover with: its marks carry no hover text.
  return postProcessSvg(svg, { title, description, idPrefix, hoverText: options.target !== "deck" });
}
