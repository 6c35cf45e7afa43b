/**
 * The Markdown pipeline for the paper (and any Markdown in the talk), in the order data flows:
 * remark (Markdown syntax tree) plugins first, then rehype (HTML tree) plugins.
 * remark-paper only acts on files under content/paper/ (figures, stats, citations…).
 * rehype-allcenter runs last so it also sees images and charts that earlier plugins insert.
 */
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import rehypeSlug from "rehype-slug";
import rehypeAllcenter from "./rehype-allcenter.ts";
import rehypeHeadingAnchors from "./rehype-heading-anchors.ts";
import remarkPaper from "./remark-paper.ts";

export const remarkPlugins = [remarkGfm, remarkDirective, remarkPaper];
export const rehypePlugins = [rehypeSlug, rehypeHeadingAnchors, rehypeAllcenter];
