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
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import type { ContentCache } from "../../core/cache.ts";
import { UserError } from "../../core/errors.ts";
import { PaperFrontmatter } from "./frontmatter.ts";
import { cachedPaper, paperCache, paperKey } from "./paper-cache.ts";
import type { RenderedPaper } from "./render.ts";

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
  if (!rendered) {
    const { renderPaper } = await import("./render.ts"); // the whole Markdown pipeline: only when needed
    rendered = await renderPaper(filePath, text, { root });
    if (cache && key) await cache.set(key, JSON.stringify(rendered));
  }
  for (const warning of rendered.warnings) console.warn(warning);
  const parsed = PaperFrontmatter.safeParse(rendered.frontmatter);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(front matter)"}: ${i.message}`);
    throw new UserError(`${filePath}: the front matter is not valid:\n${problems.join("\n")}`);
  }
  return { ...rendered, data: parsed.data, filePath };
}
