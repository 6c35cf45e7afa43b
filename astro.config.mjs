// The site: /talk/ (deck, presenter view, read view), /paper/, and an index.
// All Markdown processing is configured in src/plugins/index.ts so that the order of the
// remark/rehype plugins is visible in one place.
import { defineConfig } from "astro/config";
import { remarkPlugins, rehypePlugins } from "./src/plugins/index.ts";

export default defineConfig({
  // Relative asset URLs are not supported by Astro; pages avoid absolute links instead,
  // so the site works under any sub-path and from file:// (see src/lib/paths.ts).
  build: { format: "directory", inlineStylesheets: "always" },
  markdown: { remarkPlugins, rehypePlugins, syntaxHighlight: false },
  devToolbar: { enabled: false },
});
