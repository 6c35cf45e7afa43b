/**
 * Each chart is rendered at most once per build, and not at all when an earlier build already
 * rendered the same bytes. A render's key names everything its SVG depends on: the spec (which
 * carries the data it reads), the target (theme), the accessible title and description, and
 * rendererFingerprint() (renderer code, Vega/Vega-Lite/fontkit and their dependencies, fonts).
 * The SVG lives in the persistent cache (core/cache.ts, namespace "chart-svg" under .cache/),
 * which survives builds, is safe for concurrent builds (atomic writes) and drops damaged
 * entries (checksums; an entry that is not a whole SVG is re-rendered too). Within a process,
 * concurrent requests for one key share one render.
 *
 * Vega, Vega-Lite and the fonts load only when something must really be rendered: render.ts
 * is imported on the first miss. The spec builders measure label widths with fontkit; those
 * widths are kept in the same cache ("chart-text-widths"), so a warm build loads no fontkit.
 */
import type { TopLevelSpec } from "vega-lite";
import { cacheKey, contentCache, type ContentCache } from "../../core/cache.ts";
import { rendererFingerprint, textMetricsFingerprint } from "./fingerprint.ts";
import { seedTextWidths, takeTextWidths } from "./fonts.ts";
import type { RenderOptions } from "./render.ts";

export const SVG_NAMESPACE = "chart-svg";
export const WIDTHS_NAMESPACE = "chart-text-widths";
/** Bump when the meaning of an entry changes (not needed for code changes: the fingerprint sees those). */
const FORMAT = "chart-svg@1";

/** null: no persistent cache (renders are still shared within the process). */
export type RenderCache = ContentCache | null;

interface ProcessState {
  caches: Map<string, ContentCache>;
  /** Per cache (or "none"), the renders in flight or done in this process. */
  renders: WeakMap<object, Map<string, Promise<string>>>;
  count: number;
}
const NO_CACHE = {};
// Astro may load this module more than once in one build (its content layer and the pages);
// the state is shared through globalThis so "once per build" holds across copies.
const state: ProcessState = ((globalThis as Record<symbol, ProcessState>)[Symbol.for("boot-talk.chart-renders")] ??= {
  caches: new Map(),
  renders: new WeakMap(),
  count: 0,
});

/** The default cache of a namespace, under $BOOT_TALK_CACHE_DIR or .cache/ (one instance per folder). */
export function defaultCache(namespace: string = SVG_NAMESPACE): ContentCache {
  const cache = contentCache(namespace);
  const known = state.caches.get(cache.dir);
  if (known) return known;
  state.caches.set(cache.dir, cache);
  return cache;
}

/** How many charts this process has really rendered with Vega (cache hits excluded). */
export function renderCount(): number {
  return state.count;
}

function isWholeSvg(text: string): boolean {
  return text.startsWith("<svg") && text.trimEnd().endsWith("</svg>");
}

/** The SVG of spec rendered with the site theme: from the process, else the cache, else Vega. */
export function renderSvg(
  spec: TopLevelSpec,
  options: RenderOptions,
  cache: RenderCache = defaultCache(),
): Promise<string> {
  // Specs that read files (baseDir) depend on more than their text; render those every time.
  if (options.baseDir) return renderNow(spec, options);
  const key = cacheKey(FORMAT, rendererFingerprint(), options.target, options.title, options.description, spec);
  let inProcess = state.renders.get(cache ?? NO_CACHE);
  if (!inProcess) state.renders.set(cache ?? NO_CACHE, (inProcess = new Map()));
  let svg = inProcess.get(key);
  if (!svg) {
    svg = fromCacheOrRender(key, spec, options, cache);
    inProcess.set(key, svg);
    svg.catch(() => inProcess.delete(key)); // a failed render is not remembered
  }
  return svg;
}

async function fromCacheOrRender(
  key: string,
  spec: TopLevelSpec,
  options: RenderOptions,
  cache: RenderCache,
): Promise<string> {
  const hit = await cache?.get(key);
  if (hit && isWholeSvg(hit)) return hit;
  const svg = await renderNow(spec, options);
  await cache?.set(key, svg);
  return svg;
}

async function renderNow(spec: TopLevelSpec, options: RenderOptions): Promise<string> {
  const { renderSpec } = await import("./render.ts");
  state.count++;
  return renderSpec(spec, options);
}

let widthsLoaded: Promise<void> | undefined;

/** Seeds the text measurer with the widths earlier builds measured (once per process). */
export function loadTextWidths(cache: RenderCache = defaultCache(WIDTHS_NAMESPACE)): Promise<void> {
  widthsLoaded ??= (async () => {
    const text = await cache?.get(widthsKey());
    if (!text) return;
    try {
      const widths = JSON.parse(text) as unknown;
      if (widths && typeof widths === "object" && Object.values(widths).every((w) => typeof w === "number"))
        seedTextWidths(widths as Record<string, number>);
    } catch {
      // a damaged entry is ignored: every width is measured again
    }
  })();
  return widthsLoaded;
}

/** Stores the widths measured so far, when this process measured any new one. */
export async function saveTextWidths(cache: RenderCache = defaultCache(WIDTHS_NAMESPACE)): Promise<void> {
  const { widths, measured } = takeTextWidths();
  if (measured > 0) await cache?.set(widthsKey(), JSON.stringify(widths));
}

function widthsKey(): string {
  return cacheKey("chart-text-widths@1", textMetricsFingerprint());
}
