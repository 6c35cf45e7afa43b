/**
 * Loads the deck's later slides, a script beside the page (src/talk/later-slides.ts), and puts
 * them after the opening slide. The audience deck does it once its opening slide is painted,
 * or at once when the deck opens on a later slide.
 *
 * A classic script rather than fetch(): it loads from file:// as well as from any server.
 */
import { FIRST_SLIDE_MARK } from "./start.ts";

/** The <noscript> that stands where the later slides go: data-src, data-version; its text is for pages without JS. */
export const LATER_SLIDES_ID = "deck-later";
/** The global function the later slides' script calls, with its version and the slides' markup. */
export const LATER_SLIDES_CALLBACK = "bootTalkLaterSlides";

type Callback = (version: string, markup: string) => void;

/**
 * Loads and inserts the later slides, then calls `done` with nothing, or with what went wrong
 * (the deck then runs with the slides it has, and says so).
 */
export function loadLaterSlides(done: (problem?: string) => void): void {
  const anchor = document.getElementById(LATER_SLIDES_ID);
  const src = anchor?.dataset.src;
  if (!anchor || !src) return done();
  const file = src.replace(/\?.*/, "");
  const slot = window as unknown as Record<string, Callback | undefined>;
  let problem: string | undefined = `The other slides did not load (${file} beside this page).`;
  slot[LATER_SLIDES_CALLBACK] = (version, markup) => {
    if (version !== anchor.dataset.version) {
      problem = `${file} belongs to another build of this deck, so only the first slide is shown: reload, or build the site again.`;
      return;
    }
    anchor.insertAdjacentHTML("afterend", markup);
    problem = undefined;
  };
  const script = document.createElement("script");
  const finish = () => {
    delete slot[LATER_SLIDES_CALLBACK];
    script.remove();
    anchor.remove();
    done(problem);
  };
  // A classic script runs before its load event, so the callback has been called by then.
  script.onload = finish;
  script.onerror = finish;
  script.src = src;
  document.head.append(script);
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
