// The site's Astro config (astro.config.mjs) built as the site renderer of npm run build
// (scripts/site/renderer.ts): the same pages, compiled for on-demand rendering, with
// render-entry.ts as the entry point the build script imports.
import { fileURLToPath } from "node:url";
import site from "../../astro.config.mjs";

const name = "boot-talk-site-renderer";

export default {
  ...site,
  output: "server",
  // Its own dependency cache, so compiling a renderer and `astro dev` do not invalidate each other's.
  vite: { ...site.vite, cacheDir: "node_modules/.vite/site-renderer" },
  adapter: {
    name,
    hooks: {
      "astro:config:done": ({ setAdapter }) =>
        setAdapter({
          name,
          entrypointResolution: "auto",
          serverEntrypoint: fileURLToPath(new URL("./render-entry.ts", import.meta.url)),
          supportedAstroFeatures: {
            staticOutput: "stable",
            serverOutput: "stable",
            // The site has no astro:assets images: charts are inline SVG, slide images inline data: URLs.
            sharpImageService: { support: "unsupported", message: "no image service", suppress: "all" },
          },
        }),
    },
  },
};
