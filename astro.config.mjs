// The site: /talk/ (deck, presenter view, read view), /paper/, and an index.
// Markdown is not rendered by Astro's own pipeline: the paper is rendered by src/paper/loader.ts
// and the talk by src/talk/build.ts, both running the remark/rehype plugins listed in
// src/plugins/index.ts. There is no content collection (see src/paper/loader.ts for why).
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";

const CONTENT = fileURLToPath(new URL("./content/", import.meta.url));

/**
 * In `astro dev`, an edit under content/ (the talk, a slide file, the paper, the bibliography,
 * a new run record) reloads the open pages. Those files are read at build time, not imported,
 * so Vite would not notice them; invalidating the server's modules also drops what they keep
 * in memory (loaded records), so the reload shows the edit.
 */
function reloadOnContentEdits() {
  return {
    name: "boot-talk:reload-on-content-edits",
    configureServer(server) {
      server.watcher.add(CONTENT);
      const onEdit = (file) => {
        if (!file.startsWith(CONTENT)) return;
        for (const environment of Object.values(server.environments)) environment.moduleGraph.invalidateAll();
        server.ws.send({ type: "full-reload", path: "*" });
      };
      for (const event of ["add", "change", "unlink"]) server.watcher.on(event, onEdit);
    },
  };
}

export default defineConfig({
  // Pages link to each other and to assets with relative URLs only, so the built site works
  // under any sub-path and from file://; stylesheets are inlined for the same reason.
  build: { format: "directory", inlineStylesheets: "always" },
  devToolbar: { enabled: false },
  vite: { plugins: [reloadOnContentEdits()] },
});
