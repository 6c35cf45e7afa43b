/**
 * The presenter view (/talk/presenter/): current and next slide, notes, elapsed time, wall
 * clock and pacing against the planned duration. It moves with the deck and the deck with it
 * (see sync.ts). The timer's start is kept in localStorage so a reload does not reset it;
 * T restarts it.
 */
import { bindKeys, signalReady, slideFromHash, writeHash } from "./nav.ts";
import { createSync } from "./sync.ts";

const $ = (id: string) => document.getElementById(id)!;
const root = $("presenter");
const slides = [...$("current").querySelectorAll<HTMLElement>(".slide")];
const notes = [...$("notes").querySelectorAll<HTMLElement>(".slide-notes")];
const ids = slides.map((s) => s.id);
const nextStage = $("next");
const paceStart = (root.dataset.pace ?? "").split(",").map(Number);
const durationMs = Number(root.dataset.durationMinutes ?? 0) * 60_000;
const deckPath = new URL("..", location.href).pathname;
const sync = createSync(deckPath);
const timerKey = `boot-talk:timer:${deckPath}`;
const scaleKey = "boot-talk:notes-scale";
let notesScale = 1;

/** + and - resize the notes (kept for next time); readable from a distance matters more than fit. */
function setNotesScale(scale: number): void {
  notesScale = Math.min(Math.max(Math.round(scale * 10) / 10, 0.6), 2.5);
  $("notes").style.fontSize = `${1.6 * notesScale}rem`;
  localStorage.setItem(scaleKey, String(notesScale));
}
setNotesScale(Number(localStorage.getItem(scaleKey)) || 1);
let current = -1;

document.documentElement.classList.add("js");

function go(n: number, fromOtherWindow = false): void {
  n = Math.min(Math.max(n, 0), slides.length - 1);
  if (n === current) return;
  slides[current]?.classList.remove("current");
  notes[current]?.classList.remove("current");
  current = n;
  slides[n]!.classList.add("current");
  notes[n]!.classList.add("current");
  $("notes").scrollTop = 0;
  const next = slides[n + 1];
  nextStage.replaceChildren(next ? Object.assign(next.cloneNode(true) as HTMLElement, { id: "" }) : endCard());
  nextStage.querySelector(".slide")?.classList.add("current");
  $("position").textContent = `${n + 1} / ${slides.length}`;
  writeHash(n);
  if (!fromOtherWindow) sync.send(n);
  tick();
}

function endCard(): HTMLElement {
  const p = document.createElement("p");
  p.className = "end-card";
  p.textContent = "End of the talk";
  return p;
}

function timerStart(): number {
  const stored = Number(localStorage.getItem(timerKey));
  if (stored > 0) return stored;
  const now = Date.now();
  localStorage.setItem(timerKey, String(now));
  return now;
}

const clock = (ms: number) => {
  const s = Math.round(Math.abs(ms) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/** Ahead/behind: elapsed time against the planned window [start, end) of the current slide. */
function pacing(elapsed: number): { text: string; state: string } {
  if (!durationMs) return { text: "no duration planned", state: "none" };
  const start = (paceStart[current] ?? 0) * durationMs;
  const end = (paceStart[current + 1] ?? 1) * durationMs;
  if (elapsed < start) return { text: `${clock(start - elapsed)} ahead`, state: "ahead" };
  if (elapsed > end) return { text: `${clock(elapsed - end)} behind`, state: "behind" };
  return { text: "on time", state: "on-time" };
}

function tick(): void {
  const elapsed = Date.now() - timerStart();
  $("elapsed").textContent = clock(elapsed);
  $("remaining").textContent = durationMs
    ? `${elapsed > durationMs ? "over by " : ""}${clock(durationMs - elapsed)}${elapsed > durationMs ? "" : " left"}`
    : "";
  $("clock").textContent = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const pace = pacing(elapsed);
  $("pace").textContent = pace.text;
  $("pace").dataset.state = pace.state;
  // The bar shows how much of the talk should be over when this slide ends; the line, the time used.
  const planEnd = paceStart[current + 1] ?? 1;
  $("timeline-plan").style.width = `${planEnd * 100}%`;
  $("timeline-now").style.left = durationMs ? `${Math.min(elapsed / durationMs, 1) * 100}%` : "0";
  $("timeline-now").hidden = !durationMs;
  $("slide-plan").textContent = durationMs
    ? `This slide: planned ${clock((planEnd - (paceStart[current] ?? 0)) * durationMs)}, from ${clock((paceStart[current] ?? 0) * durationMs)} to ${clock(planEnd * durationMs)}`
    : "Add duration: MINUTES to the talk's front matter for pacing.";
}

bindKeys({
  count: slides.length,
  current: () => current,
  go: (n) => go(n),
  key(e) {
    if (e.key === "+" || e.key === "=" || e.key === "-") {
      setNotesScale(notesScale + (e.key === "-" ? -0.1 : 0.1));
      return true;
    }
    if (e.key.toLowerCase() !== "t") return false;
    localStorage.setItem(timerKey, String(Date.now()));
    tick();
    return true;
  },
});
$("restart").addEventListener("click", () => {
  localStorage.setItem(timerKey, String(Date.now()));
  tick();
});
nextStage.addEventListener("click", () => go(current + 1));
addEventListener("hashchange", () => {
  const n = slideFromHash(location.hash, ids);
  if (n !== null) go(n);
});
sync.onGoto((n) => go(n, true));

go(slideFromHash(location.hash, ids) ?? sync.last() ?? 0);
setInterval(tick, 1000);
signalReady();
