/**
 * One slide face as HTML: a 16:9 box whose contents are sized in container units (cqw), so the
 * same markup scales to the full window, an overview thumbnail, the presenter's preview, a
 * figure in the read view and a PDF page. A function rather than a component because the deck's
 * later slides are sent as a script (later-slides.ts), outside any page.
 *
 * `slide.html` comes from build.ts (images and charts are already wrapped in div.allcenter
 * there). `data-steps` counts its incremental-reveal steps; `data-source` says where it is
 * written, for overflow reports. A slide whose data has notes (data-notes.ts) carries a small,
 * quiet marker in its corner (not in the PDF deck).
 */
import type { BuiltSlide, BuiltTalk } from "./build.ts";
import { NOTE_LABELS, shortNotes } from "./data-notes.ts";
import { escapeHtml } from "./html.ts";

export interface SlideMarkupOptions {
  /** Give the slide its slug as id (the deck and presenter, so #slug links work without JS). */
  withId?: boolean;
}

export function slideMarkup(
  slide: BuiltSlide,
  total: number,
  look: BuiltTalk["look"],
  { withId = false }: SlideMarkupOptions = {},
): string {
  const attributes: Array<[string, string | number | undefined]> = [
    ["class", `slide kind-${slide.kind} ${look.slideClass}`],
    ["id", withId ? slide.slug : undefined],
    ["data-title", slide.title],
    ["data-steps", slide.steps || undefined],
    ["data-source", slide.source],
    ["aria-label", `Slide ${slide.number} of ${total}: ${slide.title}`],
  ];
  const open = attributes
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join("");
  return (
    `<section${open}>` +
    slide.html +
    (look.chrome ? `<div class="slide-chrome">${look.chrome}</div>` : "") +
    dataMarker(slide) +
    `<span class="slide-number" aria-hidden="true">${slide.number}</span>` +
    `</section>`
  );
}

/** The audience sees a few words in a corner; the full note is the title (and the speaker's views). */
function dataMarker(slide: BuiltSlide): string {
  if (!slide.dataNotes.length) return "";
  const title = slide.dataNotes.map((n) => `${NOTE_LABELS[n.kind]}: ${n.message}.`).join("\n");
  return (
    `<p class="data-marker" role="note" title="${escapeHtml(title)}">` +
    `<span class="sr-only">Note on this slide's data: </span>` +
    `<span aria-hidden="true">†</span> data: ${escapeHtml(shortNotes(slide.dataNotes))}</p>`
  );
}
