/**
 * The read view shows every slide in its final state (no steps). Its script only fits each
 * slide's content to the slide (see fit.ts) and tells PDF export when fonts and images are in.
 */
import { fitAllAndKeepFitting } from "./fit.ts";
import { signalReady } from "./nav.ts";

const fitAll = fitAllAndKeepFitting([...document.querySelectorAll<HTMLElement>(".slide")]);
fitAll();
signalReady(fitAll);
