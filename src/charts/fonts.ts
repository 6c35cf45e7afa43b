/**
 * The one typeface of the site's charts: Inter (SIL Open Font License), self-hosted from
 * public/fonts/ (copied once from the @fontsource/inter package; see public/fonts/LICENSE-Inter.txt). The very same woff2 files are
 * served to the browser (src/styles/fonts.css) and read here to measure text, so the widths
 * Vega lays out with are the widths the page draws.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type * as Fontkit from "fontkit";
import { projectRoot } from "../../core/paths.ts";

/** The CSS family name, identical in the SVG and in the page's @font-face. */
export const FONT_FAMILY = "Inter";
/** What the SVG asks for: Inter, then a generic fallback when the page lacks the web font. */
export const FONT_STACK = `${FONT_FAMILY}, sans-serif`;

// projectRoot() also works when Astro has bundled this module into .astro/ or dist/.
export const FONTS_DIR = resolve(projectRoot(), "public/fonts");

/** The weights shipped. Anything from 550 up is drawn with the semibold file, as a browser would pick. */
export const FONT_FILES = {
  400: "inter-latin-400-normal.woff2",
  600: "inter-latin-600-normal.woff2",
} as const;
export type ShippedWeight = keyof typeof FONT_FILES;

const loaded = new Map<ShippedWeight, Fontkit.Font>();

// fontkit takes ~80 ms to load; pages that only need the constants above (or charts served
// from the render cache) should not pay for it, and measureText must stay synchronous for the
// spec builders, so it is required on first use (fontkit ships a CommonJS build for Node).
let fontkit: typeof Fontkit | undefined;
export function fontkitModule(): typeof Fontkit {
  fontkit ??= createRequire(import.meta.url)("fontkit") as typeof Fontkit;
  return fontkit;
}

/** The font file a CSS font-weight resolves to. */
export function shippedWeight(weight: string | number | undefined): ShippedWeight {
  if (weight === undefined || weight === null || weight === "" || weight === "normal") return 400;
  if (weight === "bold" || weight === "bolder") return 600;
  const numeric = Number(weight);
  return Number.isFinite(numeric) && numeric >= 550 ? 600 : 400;
}

export function loadFont(weight: ShippedWeight): Fontkit.Font {
  let font = loaded.get(weight);
  if (!font) {
    const file = resolve(FONTS_DIR, FONT_FILES[weight]);
    font = fontkitModule().create(readFileSync(file));
    if (!font.familyName.startsWith(FONT_FAMILY))
      throw new Error(`${file}: expected the ${FONT_FAMILY} font, found ${font.familyName}`);
    loaded.set(weight, font);
  }
  return font;
}

/** Width of "weight|text" at 1 px, as measured (or seeded from the persistent cache). */
const widthCache = new Map<string, number>();
let measuredSinceSeed = 0;

/** Adds widths measured by an earlier build (src/charts/render-cache.ts keeps them on disk). */
export function seedTextWidths(widths: Record<string, number>): void {
  for (const [key, width] of Object.entries(widths)) if (!widthCache.has(key)) widthCache.set(key, width);
}

/** Every width known in this process, and how many were measured here since the last call. */
export function takeTextWidths(): { widths: Record<string, number>; measured: number } {
  const measured = measuredSinceSeed;
  measuredSinceSeed = 0;
  return { widths: Object.fromEntries(widthCache), measured };
}

/**
 * Width in CSS pixels of text set in Inter at fontSize px: the sum of the glyph advances after
 * kerning (fontkit's layout applies the font's GPOS kern feature, as browsers do by default).
 */
export function measureText(text: string, fontSize: number, weight?: string | number): number {
  if (!text || !(fontSize > 0)) return 0;
  const w = shippedWeight(weight);
  const key = `${w}|${text}`;
  let unitWidth = widthCache.get(key);
  if (unitWidth === undefined) {
    const font = loadFont(w);
    unitWidth = font.layout(text).advanceWidth / font.unitsPerEm;
    widthCache.set(key, unitWidth);
    measuredSinceSeed++;
  }
  return unitWidth * fontSize;
}
