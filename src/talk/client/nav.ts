/**
 * Keyboard, touch and URL handling shared by the deck and the presenter view.
 * Slides and steps are 0-based inside; URLs and the jump box are 1-based (#/3 is the third
 * slide, #/3/2 its second step).
 */
import type { Sync } from "./sync.ts";

export interface Position {
  n: number;
  step: number;
}

export interface NavTarget {
  count: number;
  go(n: number): void;
  next(): void;
  prev(): void;
  /** Keys of the page itself (overview, timer…), tried before navigation; true when handled. */
  key?(e: KeyboardEvent): boolean;
}

/** Reads #/N, #/N/S or #slug; null when the hash names no slide (or is not valid percent-encoding). */
export function slideFromHash(hash: string, ids: string[]): Position | null {
  let h = hash.replace(/^#/, "");
  try {
    h = decodeURIComponent(h);
  } catch {
    // "#%" and friends: not an encoded slug, so read it as written.
  }
  const m = /^\/?(\d+)(?:\/(\d+))?$/.exec(h);
  if (m)
    return { n: Math.min(Math.max(Number(m[1]) - 1, 0), ids.length - 1), step: Math.max(Number(m[2] ?? 1) - 1, 0) };
  const i = ids.indexOf(h);
  return i >= 0 ? { n: i, step: 0 } : null;
}

/** Writes #/N (or #/N/S past the first step) without adding history entries (Back leaves the talk). */
export function writeHash({ n, step }: Position): void {
  history.replaceState(history.state, "", `#/${n + 1}${step ? `/${step + 1}` : ""}`);
}

/** The box that shows digits typed before Enter. */
function jumpBox(): HTMLElement {
  const box = document.createElement("div");
  box.className = "jump";
  box.hidden = true;
  box.setAttribute("aria-live", "polite");
  document.body.append(box);
  return box;
}

const NEXT = new Set(["ArrowRight", "PageDown", "ArrowDown"]);
const PREV = new Set(["ArrowLeft", "PageUp", "ArrowUp"]);

export function bindKeys(t: NavTarget): void {
  let digits = "";
  const box = jumpBox();
  const setDigits = (d: string) => {
    digits = d;
    box.hidden = !d;
    box.textContent = d ? `Go to slide ${d}` : "";
  };
  addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
    const target = e.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable]")) return;
    let handled = true;
    if (/^[0-9]$/.test(e.key)) setDigits(digits + e.key);
    else if (e.key === "Enter" && digits) {
      t.go(Number(digits) - 1);
      setDigits("");
    } else if (e.key === "Backspace" && digits) setDigits(digits.slice(0, -1));
    else if (e.key === "Escape" && digits) setDigits("");
    else if (t.key?.(e)) handled = true;
    else if (NEXT.has(e.key) || (e.key === " " && !e.shiftKey)) t.next();
    else if (PREV.has(e.key) || (e.key === " " && e.shiftKey)) t.prev();
    else if (e.key === "Home") t.go(0);
    else if (e.key === "End") t.go(t.count - 1);
    else handled = false;
    if (handled) e.preventDefault();
  });
}

/** Horizontal swipes: left = next, right = previous. */
export function bindSwipe(el: HTMLElement, t: NavTarget): void {
  let x = 0;
  let y = 0;
  el.addEventListener(
    "touchstart",
    (e) => {
      x = e.changedTouches[0]!.clientX;
      y = e.changedTouches[0]!.clientY;
    },
    { passive: true },
  );
  el.addEventListener(
    "touchend",
    (e) => {
      const dx = e.changedTouches[0]!.clientX - x;
      const dy = e.changedTouches[0]!.clientY - y;
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) {
        if (dx < 0) t.next();
        else t.prev();
      }
    },
    { passive: true },
  );
}

/**
 * Sets data-ready="1" once fonts and images are in and `settle` (e.g. fitting the slides to
 * the loaded fonts) has run: the signal PDF export and the tests wait for.
 */
export function signalReady(settle: () => void = () => undefined): void {
  const images = [...document.images].map((img) => img.decode().catch(() => undefined));
  void Promise.all([document.fonts.ready, ...images]).then(() => {
    settle();
    document.documentElement.dataset.ready = "1";
  });
}

/**
 * Moves a talk view when the URL's hash changes (a typed or shared link) and when another
 * window of the talk moves (sync.ts); `remote` marks the latter, which is not sent back.
 */
export function followLinksAndWindows(
  ids: string[],
  sync: Sync,
  view: { go(n: number, step: number, remote?: boolean): void; setBlack(on: boolean, remote?: boolean): void },
): void {
  addEventListener("hashchange", () => {
    const p = slideFromHash(location.hash, ids);
    if (p) view.go(p.n, p.step);
  });
  sync.onState((s) => {
    view.go(s.n, s.step, true);
    view.setBlack(s.black, true);
  });
}
