// The site: /talk/ (deck, presenter view, read view), /paper/, and an index.
// Markdown is not rendered by Astro's own pipeline: the paper has its own content loader
// (src/paper/loader.ts) and the talk its own builder (src/talk/build.ts), both running the
// remark/rehype plugins listed in src/plugins/index.ts.
import { defineConfig } from "astro/config";
import { talkDevReload } from "./src/talk/dev-reload.ts";

export default defineConfig({
  // Pages link to each other and to assets with relative URLs only, so the built site works
  // under any sub-path and from file://; stylesheets are inlined for the same reason.
  build: { format: "directory", inlineStylesheets: "always" },
  devToolbar: { enabled: false },
  // npm run dev reloads the pages when the talk, the paper or a run record changes.
  vite: { plugins: [talkDevReload()] },
});
