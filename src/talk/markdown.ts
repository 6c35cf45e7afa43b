/**
 * Renders a slide visual kept in its own Markdown file (`> file: x.md`) with the site's own
 * remark/rehype plugins, so images in it are wrapped in div.allcenter like everywhere else.
 */
import { readFile } from "node:fs/promises";
import rehypeStringify from "rehype-stringify";
import { remark } from "remark";
import remarkRehype from "remark-rehype";
import { rehypePlugins, remarkPlugins } from "../plugins/index.ts";

export async function renderMarkdownFile(path: string): Promise<string> {
  const file = await remark()
    .use(remarkPlugins)
    .use(remarkRehype)
    .use(rehypePlugins)
    .use(rehypeStringify)
    .process(await readFile(path, "utf8"));
  return `<div class="markdown">${String(file)}</div>`;
}
