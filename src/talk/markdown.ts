/**
 * Renders a slide visual kept in its own Markdown file (`> file: x.md`).
 *
 * - The author's raw HTML and links are checked and sanitised like the paper's
 *   (src/plugins/rehype-sanitize-content.ts): a `javascript:` link fails the build at md:line.
 * - Images resolve relative to the Markdown file (a site-absolute `/x.png` means public/x.png),
 *   must exist inside the project, and get a page-relative URL (public/) or are embedded, so
 *   they work under any sub-path and from file://.
 * - Fenced code is highlighted at build time (Shiki), images are wrapped in div.allcenter.
 * - List items written with `+` appear one step at a time, as `> + item` bullets do; inside a
 *   `:::steps` block every block (and every table row) does.
 */
import { readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { Element, Root as HastRoot } from "hast";
import type { Data, Root as MdastRoot } from "mdast";
import type {} from "mdast-util-directive";
import rehypeStringify from "rehype-stringify";
import { remark } from "remark";
import remarkRehype from "remark-rehype";
import type { BundledTheme } from "shiki";
import type { PluggableList } from "unified";
import { SKIP, visit } from "unist-util-visit";
import { VFile } from "vfile";
import { remarkPlugins } from "../plugins/index.ts";
import rehypeAllcenter from "../plugins/rehype-allcenter.ts";
import { remarkStashTrusted, sanitizePlugins } from "../plugins/rehype-sanitize-content.ts";
import { contentPath, imageType } from "./content-path.ts";
import { rehypeHighlight } from "./highlight.ts";
import { TalkError } from "./parse.ts";

export interface MarkdownOptions {
  root: string;
  assetPrefix: string;
  codeTheme: BundledTheme;
}

export interface RenderedMarkdown {
  html: string;
  /** Steps beyond the first view (from `+` list items). */
  steps: number;
}

/** `path` is the real, confined path of the Markdown file. */
export async function renderMarkdownFile(path: string, options: MarkdownOptions): Promise<RenderedMarkdown> {
  const shown = relative(process.cwd(), path) || path;
  const file = new VFile({ path: shown, value: readFileSync(path, "utf8") });
  const processor = remark()
    .use(remarkPlugins as PluggableList)
    .use(remarkSteps)
    .use(remarkStashTrusted)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(sanitizePlugins)
    .use(rehypeSlideImages, { ...options, base: dirname(path) })
    .use(rehypeHighlight, { theme: options.codeTheme })
    // No rehype-slug here: heading ids inside slides would clash with the slides' own ids.
    .use(rehypeAllcenter)
    .use(rehypeStringify);
  try {
    const out = await processor.process(file);
    return { html: `<div class="markdown">${String(out)}</div>`, steps: (out.data as { steps?: number }).steps ?? 0 };
  } catch (error) {
    if (error instanceof TalkError) throw error;
    const message = error as { reason?: string; line?: number };
    if (typeof message.reason === "string") {
      const [problem, hint] = message.reason.split("\n  hint: ");
      throw new TalkError(shown, message.line ?? 1, problem!, hint);
    }
    throw error;
  }
}

/**
 * Steps in a Markdown slide, in document order:
 * - a list item written with `+` starts a new step; `-` and `*` items join the step before;
 * - inside a `:::steps` block, each block (a paragraph, an image, a list item, a table's body
 *   row) is one step, so a table can be revealed row by row.
 */
function remarkSteps() {
  return (tree: MdastRoot, file: VFile) => {
    const source = String(file.value);
    let step = 0;
    const mark = (node: { data?: Data }, at: number) => {
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, dataStep: at } };
    };
    visit(tree, (node, _index, parent) => {
      if (node.type === "containerDirective" && node.name === "steps") {
        node.data = { hName: "div", hProperties: { className: ["steps"] } };
        return;
      }
      const inSteps = parent?.type === "containerDirective" && parent.name === "steps";
      if (inSteps && node.type === "table") {
        for (const row of node.children.slice(1)) mark(row, ++step);
        return SKIP;
      }
      if (inSteps && node.type === "list") {
        for (const item of node.children) mark(item, ++step);
        return SKIP;
      }
      if (inSteps) {
        mark(node, ++step);
        return SKIP;
      }
      if (node.type === "listItem" && node.position) {
        if (source[node.position.start.offset ?? -1] === "+") step++;
        if (step > 0) mark(node, step);
      }
      return undefined;
    });
    (file.data as { steps?: number }).steps = step;
  };
}

/** Resolves, confines and checks every image, and gives it a URL that works anywhere. */
function rehypeSlideImages(options: MarkdownOptions & { base: string }) {
  return (tree: HastRoot, file: VFile) => {
    visit(tree, "element", (node: Element) => {
      if (node.tagName !== "img") return;
      const src = String(node.properties.src ?? "");
      if (!src) file.fail("an image without a source", node);
      if (/^https?:/i.test(src)) return;
      const line = node.position?.start.line ?? 1;
      const place = {
        file: String(file.path),
        line,
        what: "image",
        hint: "paths are relative to the Markdown file; /x.png means public/x.png",
      };
      const decoded = decodeURI(src.replace(/[?#].*$/, ""));
      const found = decoded.startsWith("/")
        ? contentPath(options.root, options.root, `public${decoded}`, place)
        : contentPath(options.root, options.base, decoded, place);
      const type = imageType(found.real, place);
      node.properties.src = found.fromRoot.startsWith("public/")
        ? options.assetPrefix + encodeURI(found.fromRoot.slice("public/".length))
        : `data:${type};base64,${readFileSync(found.real).toString("base64")}`;
    });
  };
}
