/**
 * The deck's web fonts, carried in the page itself and cut down to the characters it shows.
 *
 * Why: a font loaded from a URL arrives after the first layout, so the opening slide is first
 * laid out (and, with font-display: swap, painted) in a system fallback font, then again in the
 * web font: the title visibly jumps, the fit is computed twice, and on Linux every fallback size
 * costs Chromium a round trip to the browser process for its font settings (30–55 ms of a traced
 * cold load on a busy 2-core host; see `npm run perf:deck`). A font given to the page as bytes
 * (a FontFace built from an ArrayBuffer, src/talk/client/fonts.ts) is ready at once, so the first
 * layout is the last one. Subsetting keeps the bytes small: the deck's two Inter weights drop from
 * 48 KB to about 26 KB with every character the deck shows, plus all of printable ASCII.
 *
 * The subsets are cached (.cache/font-subset/), keyed by the font file and the characters.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { decodeHTML } from "entities";
import { cacheKey, contentCache } from "../../core/cache.ts";
import { sha256 } from "../../core/hash.ts";
import { FONT_FAMILY, FONT_FILES, FONTS_DIR } from "../charts/fonts.ts";
import { FONT_DATA_ID, type EmbeddedFace } from "./client/fonts.ts";

export type { EmbeddedFace };

/** One face to embed: its CSS descriptors and the font file (woff2, woff, ttf or otf). */
export interface FontFile {
  family: string;
  weight: number;
  style: "normal" | "italic";
  path: string;
}

/** The site's own typeface, as every page loads it (src/layouts/Base.astro). */
export const SITE_FONTS: FontFile[] = Object.entries(FONT_FILES).map(([weight, file]) => ({
  family: FONT_FAMILY,
  weight: Number(weight),
  style: "normal",
  path: resolve(FONTS_DIR, file),
}));

const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const SUBSET_FONT_VERSION = (createRequire(import.meta.url)("subset-font/package.json") as { version: string }).version;

/**
 * Every character a page can show, from its markup and scripts (tags and entities are read as
 * text too: a superset costs a few glyphs, a missing character would fall back to a system font),
 * plus printable ASCII.
 */
export function charactersOf(...sources: string[]): string {
  const chars = new Set(PRINTABLE_ASCII);
  for (const source of sources) for (const c of decodeHTML(source)) if (c >= " ") chars.add(c);
  return [...chars].sort().join("");
}

/** The faces subset to `characters`, ready for the page's font data block. */
export async function embedFonts(faces: FontFile[], characters: string): Promise<EmbeddedFace[]> {
  const cache = contentCache("font-subset");
  return Promise.all(
    faces.map(async (face) => {
      const bytes = readFileSync(face.path);
      const key = cacheKey(sha256(bytes), characters, SUBSET_FONT_VERSION);
      const woff2 = await cache.through(key, async () => {
        // Loaded on a cache miss only: HarfBuzz's WASM is not free to start.
        const { default: subsetFont } = await import("subset-font");
        return Buffer.from(await subsetFont(bytes, characters, { targetFormat: "woff2" })).toString("base64");
      });
      return { family: face.family, weight: face.weight, style: face.style, woff2 };
    }),
  );
}

/** The page's font data block: JSON, so no character of it can end the <script> early. */
export function fontDataBlock(faces: EmbeddedFace[]): string {
  return `<script type="application/json" id="${FONT_DATA_ID}">${JSON.stringify(faces)}</script>`;
}
