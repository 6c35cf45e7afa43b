/**
 * The Markdown pipeline for the paper (and any Markdown in the talk), in the order data flows:
 * remark (Markdown syntax tree) plugins first, then rehype (HTML tree) plugins.
 * remark-paper only acts on files under content/paper/ (figures, stats, citations…); the paper's
 * own renderer (src/paper/render.ts) adds rehype-heading-anchors, which slides do not want.
 * rehype-allcenter runs last so it also sees images and charts that earlier plugins insert.
 */
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import rehypeSlug from "rehype-slug";
import rehypeAllcenter from "./rehype-allcenter.ts";
import remarkPaper from "./remark-paper.ts";

export const remarkPlugins = [remarkGfm, remarkDirective, remarkPaper];
export const rehypePlugins = [rehypeSlug, rehypeAllcenter];
