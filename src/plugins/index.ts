/**
 * The Markdown pipeline for the paper (and any Markdown in the talk), in the order data flows:
 * remark (Markdown syntax tree) plugins first, then rehype (HTML tree) plugins.
 * rehype-allcenter runs last so it also sees images and charts that earlier plugins insert.
 */
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import rehypeSlug from "rehype-slug";
import rehypeAllcenter from "./rehype-allcenter.ts";

export const remarkPlugins = [remarkGfm, remarkDirective];
export const rehypePlugins = [rehypeSlug, rehypeAllcenter];
