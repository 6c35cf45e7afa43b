/**
 * Runs in the deck's <head>, before the slides are parsed: marks the page as scripted (so it is
 * never laid out as the no-JS page), gives the browser the fonts the page carries (fonts.ts),
 * shows the opening slide as soon as it arrives (start.ts), and records when that slide's title is first painted as the "boot-talk:first-slide" mark
 * (Element Timing; where the browser lacks it, deck.ts marks the first frame instead).
 */
import { addEmbeddedFonts } from "./fonts.ts";
import { FIRST_SLIDE_MARK, slideIds, startPosition, startRule, START_STYLE_ID } from "./start.ts";

document.documentElement.classList.add("js");
addEmbeddedFonts();
const start = startPosition(slideIds());
const style = document.createElement("style");
style.id = START_STYLE_ID;
style.textContent = startRule(start);
document.head.append(style);

if (PerformanceObserver.supportedEntryTypes?.includes("element")) {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { identifier: string; renderTime: number }>) {
      if (entry.identifier !== `slide-${start.n + 1}` || performance.getEntriesByName(FIRST_SLIDE_MARK).length)
        continue;
      performance.mark(FIRST_SLIDE_MARK, { startTime: entry.renderTime || entry.startTime });
      observer.disconnect();
    }
  });
  observer.observe({ type: "element", buffered: true });
}
