/**
 * Where the deck opens, and showing it before the deck's script has run. A small script in
 * <head> (deck-start.ts) works out the slide to open on and adds a style rule that shows it.
 * For the opening slide, the one slide the page parses (later-slides.ts), that rule is what the
 * audience first sees; a later slide is inserted and shown by the deck's script (deck.ts),
 * which takes over with the same position and removes the rule.
 */
import { slideFromHash, type Position } from "./nav.ts";
import { lastState } from "./sync.ts";

/** The slugs of the deck's slides, from <meta name="boot-talk-slides"> (it precedes the slides). */
export function slideIds(): string[] {
  return (document.querySelector('meta[name="boot-talk-slides"]')?.getAttribute("content") ?? "").split(" ");
}

/** A hash names the slide; without one, join the talk where the other windows are; else the first. */
export function startPosition(ids: string[]): Position {
  return slideFromHash(location.hash, ids) ?? lastState(new URL(".", location.href).pathname) ?? { n: 0, step: 0 };
}

export const START_STYLE_ID = "boot-talk-start";

/** The performance mark taken when the opening slide's title is first on screen (deck-start.ts). */
export const FIRST_SLIDE_MARK = "boot-talk:first-slide";

/** Steps a slide may have at most for the early rule (more only show once deck.ts runs). */
const MAX_STEPS = 30;

/** The rule that shows slide n at `step` until the deck's script runs. */
export function startRule({ n, step }: Position): string {
  const slide = `.js .deck:not(.overview) > .slide:nth-child(${n + 1})`;
  const later = Array.from({ length: MAX_STEPS - step }, (_, i) => `[data-step="${step + i + 1}"]`).join(",");
  return (
    `${slide}{visibility:visible;opacity:1;content-visibility:visible;transition:none}` +
    (later ? `${slide} :is(${later}){visibility:hidden;opacity:0}` : "") +
    `${slide} .line[data-dim~="${step}"]{opacity:.35}`
  );
}
