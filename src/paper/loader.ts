/**
 * The content-collection loader for content/paper/: it renders each paper with the project's
 * pipeline (src/paper/render.ts) on every build instead of caching by the Markdown's digest,
 * because a paper's output also depends on the recorded runs, the bibliography and the charts:
 * a cache keyed by the source text alone is exactly how computed figures go stale.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Loader } from "astro/loaders";
import { renderPaper } from "./render.ts";

export function paperLoader(options: { dir?: string } = {}): Loader {
  return {
    name: "boot-talk-paper",
    load: async ({ store, parseData, generateDigest, logger, config }) => {
      const root = resolve(new URL(".", config.root).pathname);
      const dir = resolve(root, options.dir ?? "content/paper");
      // README.md documents the directives; it is not a paper.
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".md") && n !== "README.md").sort();
      store.clear();
      for (const name of names) {
        const path = join(dir, name);
        const filePath = relative(root, path);
        const text = await readFile(path, "utf8");
        const rendered = await renderPaper(filePath, text, { root });
        for (const warning of rendered.warnings) logger.warn(warning);
        const id = name.replace(/\.md$/, "");
        const data = await parseData({ id, data: rendered.frontmatter, filePath });
        store.set({
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
    },
  };
}
