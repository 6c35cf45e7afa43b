/**
 * The audience deck (/talk/). Without this script the page is its opening slide and a link to
 * the read view; with it, every slide, one 16:9 slide filling the window (sizing is pure CSS,
 * see Deck.astro).
 * Keys: → ← Space PageUp PageDown (steps, then slides), Home End, digits + Enter, Esc/O overview
 * (Tab and Enter pick a slide there), P presenter view, B or . blackout, F fullscreen, ? help.
 */
import { fitSlide, onLayoutChange } from "./fit.ts";
import { helpOverlay } from "./help.ts";
import { afterFirstSlideShown, loadLaterSlides } from "./later-slides.ts";
import { bindKeys, bindSwipe, followLinksAndWindows, signalReady, writeHash } from "./nav.ts";
import { FIRST_SLIDE_MARK, slideIds, START_STYLE_ID, startPosition } from "./start.ts";
import { showStep, stepsOf } from "./steps.ts";
import { createSync, type DeckState } from "./sync.ts";

/** Takes over the page: every slide is in it by now. */
function startDeck(): void {
  const html = document.documentElement;
  const deck = document.getElementById("deck")!;
  const slides = [...deck.querySelectorAll<HTMLElement>(".slide")];
  const ids = slides.map((s) => s.id);
  const bar = document.getElementById("progress-bar")!;
  const live = document.getElementById("live")!;
  const sync = createSync(new URL(".", location.href).pathname);
  const state: DeckState = { n: -1, step: 0, black: false };
  /** Slides fitted at the current size; the others are fitted when they are shown. */
  const fitted = new Set<number>();

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
    // Slides not shown are visibility:hidden (deck.css): out of the tab order and the
    // accessibility tree without any per-slide bookkeeping here.
    const before = slides[state.n];
    if (before && n !== state.n) {
      before.classList.remove("current");
      showStep(before, stepsOf(before)); // complete again, as the overview shows it
    }
    state.n = n;
    state.step = step;
    const slide = slides[n]!;
    showStep(slide, step);
    slide.classList.add("current");
    fit(n);
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
    html.classList.toggle("overview-open", on);
    // In the overview every slide is a stop for Tab; Enter opens the focused one.
    for (const s of slides) {
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

  bindKeys(target);
  bindSwipe(deck, target);

  // Clicking the audience window to give it focus (e.g. after using the presenter window) must
  // not also advance the talk: a press while the window is unfocused, or right after it regained
  // focus from another window, only focuses.
  let blurred = !document.hasFocus();
  let focusedAt = Number.NEGATIVE_INFINITY;
  let focusClick = false;
  addEventListener("blur", () => (blurred = true));
  addEventListener("focus", () => {
    if (blurred) focusedAt = performance.now();
    blurred = false;
  });
  deck.addEventListener("pointerdown", () => {
    focusClick = blurred || !document.hasFocus() || performance.now() - focusedAt < 300;
    if (focusClick) [blurred, focusedAt] = [false, Number.NEGATIVE_INFINITY]; // focused now: the next press counts
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
  followLinksAndWindows(ids, sync, { go, setBlack });

  // Slides not shown are not laid out (content-visibility, deck.css), so each is fitted as it is
  // shown; a new size (window, fonts, print) refits the current one and, in print, all.
  function fit(n: number, again = false): void {
    if (fitted.has(n) && !again) return;
    fitSlide(slides[n]!);
    fitted.add(n);
  }
  onLayoutChange(() => {
    fitted.clear();
    if (overview()) return;
    if (matchMedia("print").matches) slides.forEach((_, i) => fit(i));
    else fit(state.n);
  });

  // The same position the <head> script showed (start.ts); a new tab without a hash joins the
  // talk where the other windows are rather than pulling them to slide 1. It is never sent.
  const start = startPosition(ids);
  deck.classList.add("instant"); // the first slide appears at once; later changes fade
  go(start.n, start.step, true);
  document.getElementById(START_STYLE_ID)?.remove();
  requestAnimationFrame(() => {
    if (!PerformanceObserver.supportedEntryTypes?.includes("element")) performance.mark(FIRST_SLIDE_MARK);
    requestAnimationFrame(() => deck.classList.remove("instant"));
  });
  signalReady(() => {
    fitted.clear(); // the web font is in: text has its final size
    fit(state.n);
  });
}

/** Says, on the slide area, what kept the deck from having all its slides. */
function showProblem(text: string): void {
  const note = document.createElement("p");
  note.className = "deck-problem";
  note.setAttribute("role", "alert");
  note.textContent = text;
  document.body.append(note);
}

// The page holds only its opening slide; the others come from a script beside it
// (later-slides.ts). On the first slide, they are loaded and the deck starts once that slide is
// on screen: on a 2-core machine, starting right after the paint (about 50 ms of work) held
// back the frame's presentation. Opening on a later slide, it needs the others at once.
const begin = () =>
  loadLaterSlides((problem) => {
    startDeck();
    if (problem) showProblem(problem);
  });
if (startPosition(slideIds()).n === 0) {
  // Fitted before the first paint, so an overfull opening slide is never seen clipped.
  const first = document.querySelector<HTMLElement>("#deck > .slide");
  if (first) fitSlide(first);
  afterFirstSlideShown(begin);
} else begin();
