/**
 * The read view shows every slide in its final state (no steps). Its script only fits each
 * slide's content to the slide (see fit.ts) and tells PDF export when fonts and images are in.
 */
import { fitSlide, onLayoutChange } from "./fit.ts";
import { signalReady } from "./nav.ts";

const fitAll = () => {
  for (const slide of document.querySelectorAll<HTMLElement>(".slide")) fitSlide(slide);
};
fitAll();
onLayoutChange(fitAll);
signalReady(fitAll);
