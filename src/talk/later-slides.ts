/**
 * The deck page parses only its opening slide. The others travel as the text of a <noscript>,
 * which a browser running scripts reads as raw text (no elements, no styles, no layout: a
 * fraction of the cost of the same markup), and client/later-slides.ts turns that text into
 * slides once the first one is painted. A browser without scripts renders the <noscript> as
 * the markup it is: every slide, stacked, as the no-JS deck always was.
 */
import { UserError } from "../../core/errors.ts";
import type { BuiltSlide } from "./build.ts";

/** Raw text ends at the first "</noscript", so no later slide may contain one. */
export function checkLaterSlides(slides: BuiltSlide[]): void {
  for (const slide of slides)
    if (/<\/noscript/i.test(slide.html))
      throw new UserError(
        `${slide.source}: the slide's markup contains "</noscript", which would cut the deck page short` +
          `\n  hint: remove it from the file the slide inlines (an SVG or HTML file), or write it as &lt;/noscript`,
      );
}
