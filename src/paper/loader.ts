/**
 * The content-collection loader for content/paper/: it renders each paper with the project's
 * pipeline (src/paper/render.ts) on every build instead of caching by the Markdown's digest,
 * because a paper's output also depends on the recorded runs, the bibliography and the charts:
 * a cache keyed by the source text alone is exactly how computed figures go stale.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Loader, LoaderContext } from "astro/loaders";
import { renderPaper } from "./render.ts";

export function paperLoader(options: { dir?: string } = {}): Loader {
  return {
    name: "boot-talk-paper",
    load: async (context) => {
      const root = resolve(new URL(".", context.config.root).pathname);
      const dir = resolve(root, options.dir ?? "content/paper");
      await loadAll(context, root, dir);
      // In `astro dev`, a new run, an edited bibliography or an edited paper re-renders it.
      const { watcher, logger } = context;
      if (!watcher) return;
      const inputs = [dir, resolve(root, "content/runs"), resolve(root, "content/bibliography.json")];
      watcher.add(inputs);
      watcher.on("all", (_event, changed) => {
        if (!inputs.some((input) => changed.startsWith(input))) return;
        loadAll(context, root, dir).catch((error: unknown) => logger.error((error as Error).message));
      });
    },
  };
}

/** Renders every paper in dir into the store (README.md documents the directives; it is not a paper). */
async function loadAll(
  { store, parseData, generateDigest, logger }: LoaderContext,
  root: string,
  dir: string,
): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".md") && n !== "README.md")
    .sort();
  const entries = [];
  for (const name of names) {
    const path = join(dir, name);
    const filePath = relative(root, path);
    const text = await readFile(path, "utf8");
    const rendered = await renderPaper(filePath, text, { root });
    for (const warning of rendered.warnings) logger.warn(warning);
    const id = name.replace(/\.md$/, "");
    const data = await parseData({ id, data: rendered.frontmatter, filePath });
    entries.push({
      id,
      data,
      body: text,
      filePath,
      digest: generateDigest(rendered.html),
      rendered: {
        html: rendered.html,
        metadata: {
          headings: rendered.headings,
          frontmatter: rendered.frontmatter,
          paper: rendered.paper,
          warnings: rendered.warnings,
        },
      },
    });
  }
  // Replace the store only once every paper rendered, so a failed re-render in dev keeps the last good one.
  store.clear();
  for (const entry of entries) store.set(entry);
}
