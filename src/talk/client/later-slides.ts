/**
 * Turns the deck's later slides, sent as the text of a <noscript> (src/talk/later-slides.ts),
 * into slides. The audience deck does it once its opening slide is painted, or at once when
 * the deck opens on a later slide.
 */
import { FIRST_SLIDE_MARK } from "./start.ts";

export const LATER_SLIDES_ID = "deck-later";

export function insertLaterSlides(): void {
  const later = document.getElementById(LATER_SLIDES_ID);
  if (!later) return;
  later.insertAdjacentHTML("afterend", later.textContent ?? "");
  later.remove();
}

/**
 * Runs `then` once the opening slide is on screen: when its first-paint mark is taken
 * (deck-start.ts; Element Timing reports a paint once it is presented), or just after the next
 * frame where the browser has no Element Timing, and after 250 ms at most (a hidden tab paints
 * nothing).
 */
export function afterFirstSlideShown(then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  const shown = () => performance.getEntriesByName(FIRST_SLIDE_MARK).length > 0;
  if (shown()) return once();
  if (PerformanceObserver.supportedEntryTypes?.includes("element"))
    new PerformanceObserver((_, observer) => {
      if (!shown()) return;
      observer.disconnect();
      setTimeout(once);
    }).observe({ type: "mark" });
  else requestAnimationFrame(() => setTimeout(once));
  setTimeout(once, 250);
}
