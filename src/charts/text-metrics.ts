/**
 * Real text metrics for Vega in Node. Without a canvas, vega-scenegraph estimates a string's
 * width as 0.8 × characters × font size, which misplaces axis titles and truncates labels
 * (vega/vega#2940). Vega lets a caller replace textMetrics.width (vl-convert does the same);
 * we replace it with the glyph advances of the font the page serves (fonts.ts).
 *
 * The replacement returns the untruncated width: Vega's own truncate() calls it on prefixes
 * of a label to find where to cut, so it must measure exactly the string it is given.
 */
import * as vega from "vega";
import { measureText } from "./fonts.ts";

/** The parts of a Vega text item that change its width. */
export interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
}

/** Width in px of one line of a Vega text item, as Inter draws it. */
export function itemTextWidth(item: TextItem, line: unknown): number {
  const text = line == null ? "" : String(line).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11; // 11 px is Vega's default
  return measureText(text, size, item.fontWeight);
}

let installed = false;

/** Makes every Vega layout in this process measure text with the site font. Idempotent. */
export function installTextMetrics(): void {
  if (installed) return;
  // vega re-exports vega-scenegraph's textMetrics object at run time; its typings omit it.
  const metrics = (vega as unknown as { textMetrics?: { width: unknown } }).textMetrics;
  if (!metrics)
    throw new Error(
      "vega no longer exports textMetrics; chart text cannot be measured (see src/charts/text-metrics.ts)",
    );
  metrics.width = itemTextWidth;
  installed = true;
}
