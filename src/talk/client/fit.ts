/**
 * Content that does not fit its slide is scaled down, never clipped or drawn over the title:
 * the text of a slide's visual is sized in em from `--fit` (see slide.css), and this finds the
 * largest --fit at which the visual's content fits its box. It stops at a legibility floor: no
 * text smaller than 1.4% of the slide's width (2.5% of its height, 18 px on a 1280×720 slide).
 * A slide that still overflows there is marked data-overflow and reported with the place it is
 * written (data-source), and the browser tests fail on it. Slides are sized in container units,
 * so the result holds at any window size (the pages refit on resize and for print anyway).
 */
const FLOOR = 0.014;
const reported = new WeakSet<HTMLElement>();

const overflows = (box: HTMLElement) =>
  box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;

/** The smallest font size of any text in el, in px. */
function smallestText(el: HTMLElement): number {
  let min = Number.POSITIVE_INFINITY;
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode())
    if (node.textContent?.trim()) min = Math.min(min, parseFloat(getComputedStyle(node.parentElement!).fontSize));
  return min;
}

export function fitSlide(slide: HTMLElement): void {
  const visual = slide.querySelector<HTMLElement>(".visual");
  if (!visual || !slide.offsetWidth) return; // not laid out (a hidden presenter slide): fit it when shown
  const set = (fit: number) => visual.style.setProperty("--fit", String(fit));
  visual.style.removeProperty("--fit");
  delete slide.dataset.overflow;
  if (!overflows(visual)) return;
  let lo = Math.min((FLOOR * slide.offsetWidth) / smallestText(visual), 1);
  set(lo);
  if (overflows(visual)) {
    slide.dataset.overflow = "1";
    if (!reported.has(slide))
      console.warn(`${slide.dataset.source}: the slide's content does not fit even at the smallest legible size`);
    reported.add(slide);
    return;
  }
  let hi = 1;
  for (let i = 0; i < 7; i++) {
    const mid = (lo + hi) / 2;
    set(mid);
    if (overflows(visual)) hi = mid;
    else lo = mid;
  }
  set(Math.floor(lo * 1000) / 1000);
}

/** Calls `refit` whenever slides change size: the window is resized, or the page is printed. */
export function onLayoutChange(refit: () => void): void {
  let timer = 0;
  addEventListener("resize", () => {
    clearTimeout(timer);
    timer = window.setTimeout(refit, 150);
  });
  // Printing lays slides out at the page size; matchMedia also sees emulated print media.
  matchMedia("print").addEventListener("change", refit);
  addEventListener("beforeprint", refit);
}
