/**
 * The audience deck (/talk/). Without this script the page is the slides stacked one after
 * another; with it, one 16:9 slide fills the window (sizing is pure CSS, see Deck.astro).
 * Keys: → ← Space PageUp PageDown Home End, digits + Enter, Esc/O overview, P presenter view.
 */
import { bindKeys, bindSwipe, signalReady, slideFromHash, writeHash } from "./nav.ts";
import { createSync } from "./sync.ts";

const html = document.documentElement;
const deck = document.getElementById("deck")!;
const slides = [...deck.querySelectorAll<HTMLElement>(".slide")];
const ids = slides.map((s) => s.id);
const bar = document.getElementById("progress-bar")!;
const live = document.getElementById("live")!;
const sync = createSync(new URL(".", location.href).pathname);
let current = -1;

html.classList.add("js");

function go(n: number, fromOtherWindow = false): void {
  n = Math.min(Math.max(n, 0), slides.length - 1);
  if (n === current) return;
  const before = slides[current];
  if (before) {
    before.classList.remove("current");
    before.inert = !overview();
  }
  current = n;
  const slide = slides[n]!;
  slide.classList.add("current");
  slide.inert = false;
  bar.style.width = `${((n + 1) / slides.length) * 100}%`;
  live.textContent = `Slide ${n + 1} of ${slides.length}: ${slide.dataset.title ?? ""}`;
  writeHash(n);
  if (overview()) slide.scrollIntoView({ block: "nearest" });
  if (!fromOtherWindow) sync.send(n);
}

const overview = () => deck.classList.contains("overview");
function toggleOverview(on = !overview()): void {
  deck.classList.toggle("overview", on);
  for (const [i, s] of slides.entries()) s.inert = !on && i !== current;
  if (on) slides[current]?.scrollIntoView({ block: "center" });
}

function openPresenter(): void {
  // file:// has no directory index, so name the file there.
  const page = location.protocol === "file:" ? "presenter/index.html" : "presenter/";
  window.open(`${page}#/${current + 1}`, "boot-talk-presenter", "popup,width=1280,height=800");
}

const target = {
  count: slides.length,
  current: () => current,
  go: (n: number) => go(n),
  key(e: KeyboardEvent): boolean {
    const k = e.key.toLowerCase();
    if (k === "escape" || k === "o") toggleOverview();
    else if (k === "enter" && overview()) toggleOverview(false);
    else if (k === "p") openPresenter();
    else return false;
    return true;
  },
};

for (const s of slides) s.inert = true;
bindKeys(target);
bindSwipe(deck, target);
deck.addEventListener("click", (e) => {
  if ((e.target as HTMLElement).closest("a, button") || getSelection()?.toString()) return;
  const slide = (e.target as HTMLElement).closest<HTMLElement>(".slide");
  if (overview()) {
    if (slide) go(slides.indexOf(slide));
    toggleOverview(false);
  } else {
    // The left fifth of the window goes back, the rest forward.
    go(current + (e.clientX < innerWidth / 5 ? -1 : 1));
  }
});
addEventListener("hashchange", () => {
  const n = slideFromHash(location.hash, ids);
  if (n !== null) go(n);
});
sync.onGoto((n) => go(n, true));

go(slideFromHash(location.hash, ids) ?? 0);
requestAnimationFrame(() => performance.mark("boot-talk:first-slide"));
signalReady();
