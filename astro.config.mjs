// The site: /talk/ (deck, presenter view, read view), /paper/, and an index.
// All Markdown processing is configured in src/plugins/index.ts so that the order of the
// remark/rehype plugins is visible in one place.
import { defineConfig } from "astro/config";
import { unified } from "@astrojs/markdown-remark";
import { remarkPlugins, rehypePlugins } from "./src/plugins/index.ts";

export default defineConfig({
  // Pages link to each other and to assets with relative URLs only, so the built site works
  // under any sub-path and from file://; stylesheets are inlined for the same reason.
  build: { format: "directory", inlineStylesheets: "always" },
  markdown: {
    // gfm: false because remark-gfm is already in our list (the talk and the paper renderer
    // run the same list outside Astro).
    processor: unified({ remarkPlugins, rehypePlugins, gfm: false }),
    syntaxHighlight: false,
  },
  devToolbar: { enabled: false },
});
