/**
 * The paper for its page: content/paper/paper.md rendered with the project's pipeline
 * (src/paper/render.ts) on every build, its front matter validated (src/paper/frontmatter.ts).
 *
 * A plain module, not an Astro content collection: the site has one paper, read at build time,
 * and the content layer cost ~1 s of every build for nothing the page uses (it loads the
 * loader's whole module graph through Vite's dev-server module runner before the build starts,
 * renders the paper there, stores the HTML in a data store and generates collection types and
 * JSON schemas). Nothing is cached by the Markdown's digest alone: the output also depends on
 * the recorded runs, the bibliography, the charts and the code, so the rendering is cached under
 * a key of all of those (paper-cache.ts); on a hit the Markdown pipeline is not even loaded.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { recordingLog, replay, sayOnce } from "../../core/build-log.ts";
import type { ContentCache } from "../../core/cache.ts";
import { UserError } from "../../core/errors.ts";
import { sha256 } from "../../core/hash.ts";
import { PaperFrontmatter } from "./frontmatter.ts";
import { cachedPaper, paperCache, paperKey } from "./paper-cache.ts";
import type { RenderedPaper } from "./render.ts";
import type { ChartRenderer } from "../plugins/remark-paper.ts";
import { groupStaleWarnings } from "./stale-log.ts";

export const PAPER_FILE = "content/paper/paper.md";

export interface LoadedPaper extends RenderedPaper {
  /** The validated front matter. */
  data: PaperFrontmatter;
  /** The file, relative to the project root. */
  filePath: string;
}

export interface LoadPaperOptions {
  /** Project root; default: the working directory of the build. */
  root?: string;
  /** The paper, relative to root; default content/paper/paper.md. */
  file?: string;
  /** Where renderings persist between builds; default .cache/paper-html/, null for none. */
  cache?: ContentCache | null;
}

/** Renders the paper; build warnings (stale figures) go to the build log. */
export async function loadPaper(options: LoadPaperOptions = {}): Promise<LoadedPaper> {
  const root = resolve(options.root ?? process.cwd());
  const path = resolve(root, options.file ?? PAPER_FILE);
  const filePath = relative(root, path);
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      error.code === "ENOENT"
        ? `${filePath}: the paper does not exist (the /paper/ page renders it; see content/paper/README.md)`
        : `${filePath}: cannot read the paper (${error.message})`,
    );
  });
  const cache = options.cache === undefined ? paperCache() : options.cache;
  const key = cache ? await paperKey(root, filePath, text) : null;
  let rendered = cache && key ? await cachedPaper(cache, key) : null;
  if (rendered)
    replay(rendered.log); // the build log says what the rendering said
  else {
    const { value, log } = await recordingLog(() => renderWithCharts(filePath, text, root));
    rendered = { ...value, log };
    if (cache && key) await cache.set(key, JSON.stringify(rendered));
  }
  for (const warning of groupStaleWarnings(rendered.warnings))
    sayOnce(`paper-stale\0${key ?? sha256(text)}\0${warning}`, [warning]);
  const parsed = PaperFrontmatter.safeParse(rendered.frontmatter);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(front matter)"}: ${i.message}`);
    throw new UserError(`${filePath}: the front matter is not valid:\n${problems.join("\n")}`);
  }
  const { log: _log, ...paper } = rendered; // the log stays with the cache entry
  return { ...paper, data: parsed.data, filePath };
}

/**
 * Renders the paper with its charts set in afterwards: the Markdown pipeline sees a short
 * placeholder where each chart goes, and the chart's SVG (trusted build output, escaped by
 * src/charts/svg-post.ts) replaces it in the finished HTML. Parsing and re-serialising a few
 * hundred KB of SVG through rehype was a third of the paper's render time. A placeholder that
 * does not come out exactly once fails the build rather than publish a paper without its figure.
 */
async function renderWithCharts(filePath: string, text: string, root: string): Promise<RenderedPaper> {
  // The whole Markdown pipeline and the chart registry load only when the paper is rendered.
  const [{ renderPaper }, { renderChart }] = await Promise.all([import("./render.ts"), import("../charts/index.ts")]);
  const nonce = randomBytes(8).toString("hex");
  const svgs: string[] = [];
  const placeholder = (i: number) => `btchartslot${nonce}n${i}end`;
  const slotted: ChartRenderer = async (request, options) => {
    const chart = await renderChart(request, options);
    svgs.push(chart.svg);
    return { ...chart, svg: placeholder(svgs.length - 1) };
  };
  const rendered = await renderPaper(filePath, text, { root, renderChart: slotted });
  let html = rendered.html;
  svgs.forEach((svg, i) => {
    const parts = html.split(placeholder(i));
    if (parts.length !== 2)
      throw new Error(
        `${filePath}: chart ${i + 1} came out of the Markdown pipeline ${parts.length - 1} times instead of once; a rehype plugin dropped or copied it (src/paper/loader.ts)`,
      );
    html = parts.join(svg);
  });
  return { ...rendered, html };
}
