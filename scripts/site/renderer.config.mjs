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
  vite: {
    ...site.vite,
    cacheDir: "node_modules/.vite/site-renderer",
    // The packages bundled in, not loaded one by one from node_modules at every build: the
    // Markdown pipeline and Vega are ~150 small packages, and resolving and loading them took
    // ~240 ms of a build that renders the paper (A/B, 5–6 alternating builds each: a new run
    // 2.17 → 1.88 s, a prose edit 1.24 → 1.00 s, no change 0.67 → 0.55 s). Left out: what
    // loads files beside its own code (Shiki's grammars and WASM, fontkit, esbuild's binary,
    // subset-font's HarfBuzz WASM).
    ssr: { noExternal: true, external: ["shiki", "esbuild", "fontkit", "subset-font"] },
  },
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
