/**
 * The audience deck (/talk/). Without this script the page is the slides stacked one after
 * another; with it, one 16:9 slide fills the window (sizing is pure CSS, see Deck.astro).
 * Keys: → ← Space PageUp PageDown (steps, then slides), Home End, digits + Enter, Esc/O overview
 * (Tab and Enter pick a slide there), P presenter view, B or . blackout, F fullscreen, ? help.
 */
import { fitAllAndKeepFitting, fitSlide } from "./fit.ts";
import { helpOverlay } from "./help.ts";
import { bindKeys, bindSwipe, signalReady, slideFromHash, writeHash, type Position } from "./nav.ts";
import { showStep, stepsOf } from "./steps.ts";
import { createSync, type DeckState } from "./sync.ts";

const html = document.documentElement;
const deck = document.getElementById("deck")!;
const slides = [...deck.querySelectorAll<HTMLElement>(".slide")];
const ids = slides.map((s) => s.id);
const bar = document.getElementById("progress-bar")!;
const live = document.getElementById("live")!;
const sync = createSync(new URL(".", location.href).pathname);
const state: DeckState = { n: -1, step: 0, black: false };

html.classList.add("js");

const help = helpOverlay("Keys", [
  ["→ Space PageDown", "next step or slide"],
  ["← PageUp", "previous"],
  ["Home End", "first, last slide"],
  ["number Enter", "go to that slide"],
  ["Esc O", "overview (Tab, Enter pick a slide)"],
  ["B .", "black screen, and back"],
  ["F", "full screen"],
  ["P", "presenter view"],
  ["?", "this help"],
]);

/** Shows slide n at step `step` (clamped); `remote`: the change came from another window. */
function go(n: number, step = 0, remote = false): void {
  n = Math.min(Math.max(n, 0), slides.length - 1);
  step = Math.min(Math.max(step, 0), stepsOf(slides[n]));
  if (n === state.n && step === state.step) return;
  const before = slides[state.n];
  if (before && n !== state.n) {
    before.classList.remove("current");
    before.inert = !overview();
  }
  state.n = n;
  state.step = step;
  const slide = slides[n]!;
  showStep(slide, step);
  slide.classList.add("current");
  slide.inert = false;
  bar.style.width = `${((n + 1) / slides.length) * 100}%`;
  live.textContent = `Slide ${n + 1} of ${slides.length}: ${slide.dataset.title ?? ""}`;
  writeHash(state);
  if (overview()) slide.scrollIntoView({ block: "nearest" });
  if (!remote) sync.send(state);
}

function setBlack(on: boolean, remote = false): void {
  if (on === state.black) return;
  state.black = on;
  html.classList.toggle("blackout", on);
  if (!remote) sync.send(state);
}

/** A clicker's next/previous while the screen is black only brings the slide back. */
function next(): void {
  if (state.black) return setBlack(false);
  if (state.step < stepsOf(slides[state.n])) go(state.n, state.step + 1);
  else go(state.n + 1);
}
function prev(): void {
  if (state.black) return setBlack(false);
  if (state.step > 0) go(state.n, state.step - 1);
  else go(state.n - 1, stepsOf(slides[state.n - 1]));
}

const overview = () => deck.classList.contains("overview");
function toggleOverview(on = !overview()): void {
  deck.classList.toggle("overview", on);
  for (const [i, s] of slides.entries()) {
    s.inert = !on && i !== state.n;
    // In the overview every slide is a stop for Tab; Enter opens the focused one.
    if (on) s.tabIndex = 0;
    else s.removeAttribute("tabindex");
  }
  if (on) {
    slides[state.n]?.scrollIntoView({ block: "center" });
    slides[state.n]?.focus({ preventScroll: true });
  }
}

function openPresenter(): void {
  // file:// has no directory index, so name the file there.
  const page = location.protocol === "file:" ? "presenter/index.html" : "presenter/";
  window.open(`${page}#/${state.n + 1}`, "boot-talk-presenter", "popup,width=1280,height=800");
}

function toggleFullscreen(): void {
  const done = document.fullscreenElement ? document.exitFullscreen() : html.requestFullscreen();
  done.catch(() => undefined); // refused (e.g. not allowed in a frame): nothing to do
}

const target = {
  count: slides.length,
  go: (n: number) => go(n),
  next,
  prev,
  key(e: KeyboardEvent): boolean {
    const k = e.key.toLowerCase();
    if (k === "?") help.toggle();
    else if (k === "b" || k === ".") setBlack(!state.black);
    else if (k === "f") toggleFullscreen();
    else if (k === "enter" && overview()) {
      const focused = slides.indexOf(document.activeElement as HTMLElement);
      if (focused >= 0) go(focused);
      toggleOverview(false);
    } else if (k === "escape" || k === "o") toggleOverview();
    else if (k === "p") openPresenter();
    else return false;
    return true;
  },
};

for (const s of slides) s.inert = true;
bindKeys(target);
bindSwipe(deck, target);

// Clicking the audience window to give it focus (e.g. after using the presenter window) must
// not also advance the talk: a press that arrives while the window is unfocused, or right as it
// gains focus, only focuses.
let focusedAt = 0;
let focusClick = false;
addEventListener("focus", () => (focusedAt = performance.now()));
addEventListener("blur", () => (focusedAt = Number.POSITIVE_INFINITY));
deck.addEventListener("pointerdown", () => {
  focusClick = !document.hasFocus() || performance.now() - focusedAt < 400;
  if (focusClick) focusedAt = Number.NEGATIVE_INFINITY; // focused now: the next press counts
});
deck.addEventListener("click", (e) => {
  if (focusClick) return void (focusClick = false);
  if ((e.target as HTMLElement).closest("a, button") || getSelection()?.toString()) return;
  const slide = (e.target as HTMLElement).closest<HTMLElement>(".slide");
  if (overview()) {
    if (slide) go(slides.indexOf(slide));
    toggleOverview(false);
  } else if (e.clientX < innerWidth / 5)
    prev(); // the left fifth of the window goes back
  else next();
});
addEventListener("hashchange", () => {
  const p = slideFromHash(location.hash, ids);
  if (p) go(p.n, p.step);
});
sync.onState((s) => {
  go(s.n, s.step, true);
  setBlack(s.black, true);
});

// Refit every slide when the fonts are in, the window changes size, and for print.
const fitAll = fitAllAndKeepFitting(slides, overview);

// A hash names the slide; without one, join the talk where the other windows are (a new tab
// must not pull the presenter back to slide 1). The first position is never sent.
const start: Position = slideFromHash(location.hash, ids) ?? sync.last() ?? { n: 0, step: 0 };
fitSlide(slides[Math.min(start.n, slides.length - 1)]!);
go(start.n, start.step, true);
requestAnimationFrame(() => performance.mark("boot-talk:first-slide"));
signalReady(fitAll);
