// The site's Astro config (astro.config.mjs) built as the site renderer of npm run build
// (scripts/site/renderer.ts): the same pages, compiled for on-demand rendering, with
// render-entry.ts as the entry point the build script imports.
import { fileURLToPath } from "node:url";
import site from "../../astro.config.mjs";

const name = "boot-talk-site-renderer";

export default {
  ...site,
  output: "server",
  adapter: {
    name,
    hooks: {
      "astro:config:done": ({ setAdapter }) =>
        setAdapter({
          name,
          entrypointResolution: "auto",
          serverEntrypoint: fileURLToPath(new URL("./render-entry.ts", import.meta.url)),
          supportedAstroFeatures: { staticOutput: "stable", serverOutput: "stable", sharpImageService: "unsupported" },
        }),
    },
  },
};
