/**
 * The presenter view (/talk/presenter/): current slide at its current step, what the next
 * press shows, the notes, elapsed time, wall clock and pacing against the planned duration. It
 * moves with the deck and the deck with it (see sync.ts).
 *
 * The timer starts on the first slide change (or T), pauses and resumes with T, and resets with
 * R; its state is kept per deck in localStorage so a reload keeps it, but a timer last seen more
 * than STALE_MS ago (yesterday's rehearsal) is reset when the view opens.
 * The notes take the right-hand column: drag the divider (or focus it and use ← →) to resize,
 * + and − change their size, ↑ ↓ scroll them without changing slides.
 */
import { fitSlide } from "./fit.ts";
import { helpOverlay } from "./help.ts";
import { bindKeys, followLinksAndWindows, signalReady, slideFromHash, writeHash, type Position } from "./nav.ts";
import { showStep, stepsOf } from "./steps.ts";
import { createSync, type DeckState } from "./sync.ts";

const $ = (id: string) => document.getElementById(id)!;
const root = $("presenter");
const slides = [...$("current").querySelectorAll<HTMLElement>(".slide")];
const notes = [...$("notes").querySelectorAll<HTMLElement>(".slide-notes")];
const notesBox = $("notes");
const ids = slides.map((s) => s.id);
const nextStage = $("next");
const paceStart = (root.dataset.pace ?? "").split(",").map(Number);
const durationMs = Number(root.dataset.durationMinutes ?? 0) * 60_000;
const deckPath = new URL("..", location.href).pathname;
const sync = createSync(deckPath);
const state: DeckState = { n: -1, step: 0, black: false };

document.documentElement.classList.add("js");

const store = {
  get: (key: string) => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set: (key: string, value: string) => {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Storage disabled: settings last for this page only.
    }
  },
};

// ---- notes: size, scrolling, split --------------------------------------------------------
const scaleKey = "boot-talk:notes-scale";
const splitKey = "boot-talk:presenter-split";
let notesScale = 1;
/** + and - resize the notes (kept for next time); readable from a distance matters more than fit. */
function setNotesScale(scale: number): void {
  notesScale = Math.min(Math.max(Math.round(scale * 10) / 10, 0.6), 2.5);
  notesBox.style.fontSize = `${1.5 * notesScale}rem`;
  store.set(scaleKey, String(notesScale));
}
setNotesScale(Number(store.get(scaleKey)) || 1);

const divider = $("divider");
/** The share of the width given to the slides column, 25–75 %. */
function setSplit(percent: number): void {
  const p = Math.min(Math.max(percent, 25), 75);
  root.style.setProperty("--split", `${p}%`);
  divider.setAttribute("aria-valuenow", String(Math.round(p)));
  store.set(splitKey, String(p));
}
setSplit(Number(store.get(splitKey)) || 55);
divider.addEventListener("pointerdown", (e) => {
  divider.setPointerCapture(e.pointerId);
  const move = (ev: PointerEvent) => setSplit((ev.clientX / innerWidth) * 100);
  divider.addEventListener("pointermove", move);
  divider.addEventListener("pointerup", () => divider.removeEventListener("pointermove", move), { once: true });
});
divider.addEventListener("keydown", (e) => {
  if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
  const now = parseFloat(root.style.getPropertyValue("--split")) || 55;
  setSplit(now + (e.key === "ArrowLeft" ? -2 : 2));
  e.preventDefault(); // and so the slides stay where they are
});

// ---- slides ------------------------------------------------------------------------------
function go(n: number, step = 0, remote = false): void {
  n = Math.min(Math.max(n, 0), slides.length - 1);
  step = Math.min(Math.max(step, 0), stepsOf(slides[n]));
  if (n === state.n && step === state.step) return;
  const changedSlide = n !== state.n;
  const first = state.n < 0;
  slides[state.n]?.classList.remove("current");
  notes[state.n]?.classList.remove("current");
  state.n = n;
  state.step = step;
  const slide = slides[n]!;
  slide.classList.add("current");
  notes[n]!.classList.add("current");
  showStep(slide, step);
  fitSlide(slide);
  if (changedSlide) notesBox.scrollTop = 0;
  showNext();
  const steps = stepsOf(slide);
  $("position").textContent = `${n + 1} / ${slides.length}`;
  $("step").textContent = steps ? `step ${step + 1} / ${steps + 1}` : "";
  writeHash(state);
  if (!remote) sync.send(state);
  if (!first && timer.state() === "idle") timer.start(); // the talk starts with the first move
  schedule();
}

/** The next press: the same slide one step on, or the next slide. */
function showNext(): void {
  const { n, step } = state;
  const sameSlide = step < stepsOf(slides[n]);
  const source = sameSlide ? slides[n] : slides[n + 1];
  if (!source) {
    nextStage.replaceChildren(endCard());
    return;
  }
  const clone = Object.assign(source.cloneNode(true) as HTMLElement, { id: "" });
  clone.classList.add("current");
  showStep(clone, sameSlide ? step + 1 : 0);
  nextStage.replaceChildren(clone);
  fitSlide(clone);
  $("next-label").textContent = sameSlide ? "Next step" : "Next slide";
}

function endCard(): HTMLElement {
  const p = document.createElement("p");
  p.className = "end-card";
  p.textContent = "End of the talk";
  $("next-label").textContent = "Next";
  return p;
}

function setBlack(on: boolean, remote = false): void {
  state.black = on;
  $("black").hidden = !on;
  if (!remote) sync.send(state);
}

// ---- timer -------------------------------------------------------------------------------
const timerKey = `boot-talk:timer:${deckPath}`;
const STALE_MS = 30 * 60 * 1000;
interface TimerState {
  /** Time counted before the current run (ms). */
  banked: number;
  /** Epoch ms when the current run began, or null when paused or not started. */
  since: number | null;
  /** Last time a presenter view showed this timer (epoch ms). */
  seen: number;
}
const timer = (() => {
  const read = (): TimerState | null => {
    try {
      const t = JSON.parse(store.get(timerKey) ?? "null") as TimerState | null;
      return t && typeof t.banked === "number" && typeof t.seen === "number" ? t : null;
    } catch {
      return null;
    }
  };
  let t: TimerState = read() ?? { banked: 0, since: null, seen: Date.now() };
  if (Date.now() - t.seen > STALE_MS) t = { banked: 0, since: null, seen: Date.now() };
  const save = () => store.set(timerKey, JSON.stringify({ ...t, seen: Date.now() }));
  save();
  return {
    elapsed: () => t.banked + (t.since === null ? 0 : Date.now() - t.since),
    state: (): "idle" | "running" | "paused" => (t.since !== null ? "running" : t.banked > 0 ? "paused" : "idle"),
    start() {
      t = { banked: this.elapsed(), since: Date.now(), seen: Date.now() };
      save();
    },
    pause() {
      t = { banked: this.elapsed(), since: null, seen: Date.now() };
      save();
    },
    reset() {
      t = { banked: 0, since: null, seen: Date.now() };
      save();
    },
    /** Keeps the timer fresh while a presenter view shows it. */
    touch: save,
  };
})();

function toggleTimer(): void {
  if (timer.state() === "running") timer.pause();
  else timer.start();
  schedule();
}
function resetTimer(): void {
  timer.reset();
  schedule();
}

/** Redraws now, and then on each whole second of the timer (so it ticks like a stopwatch). */
let pending = 0;
function schedule(): void {
  clearTimeout(pending);
  timer.touch();
  tick();
  const elapsed = timer.elapsed();
  const wait = timer.state() === "running" ? 1000 - (elapsed % 1000) : 1000;
  pending = window.setTimeout(schedule, wait);
}

const clock = (ms: number) => {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** Ahead/behind: elapsed time against the planned window [start, end) of the current slide. */
function pacing(elapsed: number): { text: string; state: string } {
  if (!durationMs) return { text: "no duration planned", state: "none" };
  if (timer.state() === "idle") return { text: "starts with the first slide change", state: "none" };
  const start = (paceStart[state.n] ?? 0) * durationMs;
  const end = (paceStart[state.n + 1] ?? 1) * durationMs;
  if (elapsed < start) return { text: `${clock(start - elapsed)} ahead`, state: "ahead" };
  if (elapsed > end) return { text: `${clock(elapsed - end)} behind`, state: "behind" };
  return { text: "on time", state: "on-time" };
}

function tick(): void {
  const elapsed = timer.elapsed();
  const running = timer.state();
  $("elapsed").textContent = clock(elapsed);
  $("timer").dataset.state = running;
  $("timer-toggle").textContent = running === "running" ? "Pause" : running === "paused" ? "Resume" : "Start";
  $("remaining").textContent = durationMs
    ? `${elapsed > durationMs ? "over by " : ""}${clock(durationMs - elapsed)}${elapsed > durationMs ? "" : " left"}`
    : "";
  $("clock").textContent = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const pace = pacing(elapsed);
  $("pace").textContent = pace.text;
  $("pace").dataset.state = pace.state;
  // The bar shows how much of the talk should be over when this slide ends; the line, the time used.
  const planStart = paceStart[state.n] ?? 0;
  const planEnd = paceStart[state.n + 1] ?? 1;
  $("timeline-plan").style.width = `${planEnd * 100}%`;
  $("timeline-now").style.left = durationMs ? `${Math.min(elapsed / durationMs, 1) * 100}%` : "0";
  $("timeline-now").hidden = !durationMs;
  $("slide-plan").textContent = durationMs
    ? `This slide: planned ${clock((planEnd - planStart) * durationMs)}, from ${clock(planStart * durationMs)} to ${clock(planEnd * durationMs)}`
    : "Add duration: MINUTES to the talk's front matter for pacing.";
}

// ---- keys --------------------------------------------------------------------------------
const help = helpOverlay("Presenter keys", [
  ["→ Space PageDown", "next step or slide"],
  ["← PageUp", "previous"],
  ["↑ ↓", "scroll the notes"],
  ["+ −", "notes size"],
  ["T", "start, pause, resume the timer"],
  ["R", "reset the timer"],
  ["B .", "black out the audience screen"],
  ["number Enter", "go to that slide"],
  ["?", "this help"],
]);

function next(): void {
  if (state.step < stepsOf(slides[state.n])) go(state.n, state.step + 1);
  else go(state.n + 1);
}
function prev(): void {
  if (state.step > 0) go(state.n, state.step - 1);
  else go(state.n - 1, stepsOf(slides[state.n - 1]));
}

bindKeys({
  count: slides.length,
  go: (n) => go(n),
  next,
  prev,
  key(e) {
    const k = e.key.toLowerCase();
    if (k === "+" || k === "=" || k === "-") setNotesScale(notesScale + (k === "-" ? -0.1 : 0.1));
    else if (k === "arrowup" || k === "arrowdown")
      notesBox.scrollBy({ top: (k === "arrowup" ? -1 : 1) * notesBox.clientHeight * 0.3, behavior: "smooth" });
    else if (k === "t") toggleTimer();
    else if (k === "r") resetTimer();
    else if (k === "b" || k === ".") setBlack(!state.black);
    else if (k === "?") help.toggle();
    else return false;
    return true;
  },
});
$("timer-toggle").addEventListener("click", toggleTimer);
$("timer-reset").addEventListener("click", resetTimer);
nextStage.addEventListener("click", next);
followLinksAndWindows(ids, sync, { go, setBlack });

const last = sync.last();
const start: Position = slideFromHash(location.hash, ids) ?? last ?? { n: 0, step: 0 };
go(start.n, start.step, true);
if (last) setBlack(last.black, true);
signalReady(() => {
  fitSlide(slides[state.n]!);
  const clone = nextStage.querySelector<HTMLElement>(".slide");
  if (clone) fitSlide(clone);
});
