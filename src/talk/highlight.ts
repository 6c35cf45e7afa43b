/**
 * Code on slides is highlighted at build time with Shiki (the highlighter Astro itself ships),
 * so the deck needs no client-side highlighter: each token arrives as a coloured <span>.
 * Every line is a `span.line`; with per-step line highlighting, a line carries `data-dim` with
 * the steps at which it is dimmed (the deck's script applies them).
 */
import type { Element, Root } from "hast";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cacheKey, contentCache, type ContentCache } from "../../core/cache.ts";
import { toString as hastToString } from "hast-util-to-string";
import {
  hastToHtml,
  bundledLanguages,
  bundledLanguagesAlias,
  bundledThemes,
  createHighlighter,
  type BundledLanguage,
  type BundledTheme,
  type HighlighterGeneric,
  type ShikiTransformer,
} from "shiki";
import { visit } from "unist-util-visit";

type Highlighter = HighlighterGeneric<BundledLanguage, BundledTheme>;
let highlighter: Promise<Highlighter> | undefined;

const PLAIN = new Set(["", "text", "txt", "plain", "plaintext"]);

/** True when Shiki knows the language (or it is plain text). */
export function isKnownLanguage(lang: string): boolean {
  return PLAIN.has(lang) || Object.hasOwn(bundledLanguages, lang) || Object.hasOwn(bundledLanguagesAlias, lang);
}

export function isKnownCodeTheme(theme: string): theme is BundledTheme {
  return Object.hasOwn(bundledThemes, theme);
}

/** A few language names for error hints. */
export const LANGUAGE_EXAMPLES = "sh, console, ts, js, json, c, python, rust, yaml, diff, text";

async function ready(lang: string, theme: BundledTheme): Promise<Highlighter> {
  highlighter ??= createHighlighter({ themes: [], langs: [] });
  const h = await highlighter;
  if (!h.getLoadedThemes().includes(theme)) await h.loadTheme(theme);
  if (!PLAIN.has(lang) && !h.getLoadedLanguages().includes(lang)) await h.loadLanguage(lang as BundledLanguage);
  return h;
}

/** Bump when the shape of a cached block changes (this file's transformer, say). */
const FORMAT = "code-hast@1";
let shikiVersion: string | undefined;
let cache: ContentCache | undefined;

/**
 * The `pre` element for one code block; `dim[i]` lists the steps at which line i+1 is dimmed.
 * Blocks are kept in the persistent cache (namespace "code-hast") under their code, language,
 * theme, steps and Shiki's version: a rebuild loads no grammar, theme or regex engine (about a
 * tenth of a second of the talk's build) unless a block changed.
 */
export async function highlightToHast(
  code: string,
  lang: string,
  theme: BundledTheme,
  dim: string[] = [],
): Promise<Element> {
  shikiVersion ??= (
    JSON.parse(readFileSync(createRequire(import.meta.url).resolve("shiki/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  cache ??= contentCache("code-hast");
  const key = cacheKey(FORMAT, shikiVersion, code, lang, theme, dim);
  const hit = await cache.get(key);
  if (hit !== null) return JSON.parse(hit) as Element;
  const element = await highlightNow(code, lang, theme, dim);
  await cache.set(key, JSON.stringify(element));
  return element;
}

async function highlightNow(code: string, lang: string, theme: BundledTheme, dim: string[]): Promise<Element> {
  const h = await ready(lang, theme);
  const transformer: ShikiTransformer = {
    pre(node) {
      delete node.properties.tabindex; // slides do not scroll, so the block needs no tab stop
    },
    line(node, line) {
      const steps = dim[line - 1];
      if (steps) node.properties["data-dim"] = steps;
    },
  };
  const root = h.codeToHast(code, { lang: PLAIN.has(lang) ? "text" : lang, theme, transformers: [transformer] });
  return root.children.find((c): c is Element => c.type === "element")!;
}

/** The same, as HTML. */
export async function highlightCode(
  code: string,
  lang: string,
  theme: BundledTheme,
  dim: string[] = [],
): Promise<string> {
  return hastToHtml(await highlightToHast(code, lang, theme, dim));
}

/**
 * Per line, the steps at which it is dimmed, from the highlight groups of `{1|2-3|all}`:
 * at step s, the lines of group s are highlighted and the others dimmed (an empty group: none).
 */
export function dimmedSteps(groups: number[][] | null, lineCount: number): string[] {
  if (!groups) return [];
  return Array.from({ length: lineCount }, (_, i) =>
    groups.flatMap((group, step) => (group.length && !group.includes(i + 1) ? [String(step)] : [])).join(" "),
  );
}

/**
 * Rehype plugin for Markdown slides: every fenced block (`pre > code.language-x`) is highlighted.
 * An unknown language fails at the fence's line, like every other authoring mistake.
 */
export function rehypeHighlight(options: { theme: BundledTheme }) {
  return async (tree: Root, file: { fail(reason: string, place?: unknown): never }) => {
    const blocks: Array<{ pre: Element; lang: string }> = [];
    visit(tree, "element", (node: Element) => {
      if (node.tagName !== "pre") return;
      const code = node.children.find((c): c is Element => c.type === "element" && c.tagName === "code");
      if (!code) return;
      const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
      const lang = classes.find((c) => c.startsWith("language-"))?.slice("language-".length) ?? "";
      if (!isKnownLanguage(lang))
        file.fail(
          `unknown code language "${lang}"\n  hint: use a language Shiki knows, e.g. ${LANGUAGE_EXAMPLES}`,
          node,
        );
      blocks.push({ pre: node, lang });
    });
    for (const { pre, lang } of blocks) {
      const text = hastToString(pre).replace(/\n$/, "");
      const highlighted = await highlightToHast(text, lang, options.theme);
      Object.assign(pre, { properties: highlighted.properties, children: highlighted.children });
    }
  };
}
