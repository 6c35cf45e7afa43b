/**
 * Rendering the paper: front matter validated by the collection schema, Markdown through the
 * project's remark/rehype pipeline (src/plugins/index.ts) with remark-paper configured, and the
 * headings collected for the table of contents. The author's raw HTML and links are checked and
 * sanitised (src/plugins/rehype-sanitize-content.ts). Errors come out as `file:line:column: message`.
 */
import type { Element, Root as HastRoot } from "hast";
import { toString as hastToString } from "hast-util-to-string";
import { load as loadYaml } from "js-yaml";
import rehypeStringify from "rehype-stringify";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified, type PluggableList } from "unified";
import { visit } from "unist-util-visit";
import { VFile } from "vfile";
import { rehypePlugins, remarkPlugins } from "../plugins/index.ts";
import { remarkStashTrusted, sanitizePlugins } from "../plugins/rehype-sanitize-content.ts";
import rehypeHeadingAnchors from "../plugins/rehype-heading-anchors.ts";
import remarkPaper, { type PaperFileData, type RemarkPaperOptions } from "../plugins/remark-paper.ts";
import { UserError } from "../../core/errors.ts";

export interface PaperHeading {
  depth: number;
  slug: string;
  text: string;
}

export interface RenderedPaper {
  frontmatter: Record<string, unknown>;
  html: string;
  headings: PaperHeading[];
  paper: PaperFileData;
  /** Build warnings (stale figures), already formatted as file:line: message. */
  warnings: string[];
}

/**
 * Splits YAML front matter from the body, replacing it with blank lines so that Markdown
 * positions (and thus error line numbers) stay those of the original file.
 */
export function splitFrontmatter(text: string, path: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { data: {}, body: text };
  let data: unknown;
  try {
    data = loadYaml(match[1] ?? "") ?? {};
  } catch (error) {
    throw new UserError(`${path}: the front matter is not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new UserError(`${path}: the front matter must be a YAML mapping (key: value lines)`);
  const blank = "\n".repeat(match[0].split("\n").length - 1);
  return { data: data as Record<string, unknown>, body: blank + text.slice(match[0].length) };
}

/** Collects h2/h3 headings (after rehype-slug gave them ids) for the table of contents. */
function collectHeadings(into: PaperHeading[]) {
  return () => (tree: HastRoot) => {
    visit(tree, "element", (node: Element) => {
      const depth = /^h([23])$/.exec(node.tagName)?.[1];
      if (!depth || typeof node.properties?.id !== "string") return;
      const text = hastToString({
        ...node,
        children: node.children.filter(
          (c) =>
            !(
              c.type === "element" &&
              c.tagName === "a" &&
              String(c.properties?.className ?? "").includes("heading-anchor")
            ),
        ),
      });
      into.push({ depth: Number(depth), slug: node.properties.id, text: text.trim() });
    });
  };
}

/** Formats a vfile message (or any error) as `file:line:column: reason`. */
export function formatPaperError(error: unknown, path: string): Error {
  const message = error as { reason?: string; line?: number; column?: number; message?: string };
  if (message && typeof message.reason === "string" && message.line) {
    return new UserError(`${path}:${message.line}:${message.column ?? 1}: ${message.reason}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Renders one paper file. `options` configures remark-paper (records, charts… for tests). */
export async function renderPaper(
  path: string,
  text: string,
  options: RemarkPaperOptions = {},
): Promise<RenderedPaper> {
  const { data, body } = splitFrontmatter(text, path);
  const headings: PaperHeading[] = [];
  const rehypeWithoutLast = rehypePlugins.slice(0, -1);
  const allcenterLast = rehypePlugins.slice(-1);
  const processor = unified()
    .use(remarkParse)
    .use(remarkPlugins.filter((p) => p !== remarkPaper) as PluggableList)
    .use(remarkPaper, { include: () => true, ...options })
    // The author's raw HTML is checked and sanitised; the charts remark-paper inserts are not.
    .use(remarkStashTrusted)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(sanitizePlugins)
    .use(rehypeWithoutLast as PluggableList)
    .use(rehypeHeadingAnchors)
    .use(collectHeadings(headings))
    .use(allcenterLast as PluggableList)
    .use(rehypeStringify);
  const file = new VFile({ path, value: body });
  try {
    const result = await processor.process(file);
    const warnings = result.messages.map((m) => `${path}:${m.line ?? 1}:${m.column ?? 1}: warning: ${m.reason}`);
    const paper = result.data.paper as PaperFileData;
    return { frontmatter: data, html: String(result), headings, paper, warnings };
  } catch (error) {
    throw formatPaperError(error, path);
  }
}
