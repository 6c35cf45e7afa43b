/**
 * Keyboard, touch and URL handling shared by the deck and the presenter view.
 * Slides are 0-based inside; URLs and the jump box are 1-based (#/3 is the third slide).
 */
export interface NavTarget {
  count: number;
  current(): number;
  go(n: number): void;
  /** Extra keys (e.g. "o" for the overview); return true when handled. */
  key?(e: KeyboardEvent): boolean;
}

/** Reads #/N or #slug; null when the hash names no slide. */
export function slideFromHash(hash: string, ids: string[]): number | null {
  const h = decodeURIComponent(hash.replace(/^#/, ""));
  const m = /^\/?(\d+)$/.exec(h);
  if (m) return Math.min(Math.max(Number(m[1]) - 1, 0), ids.length - 1);
  const i = ids.indexOf(h);
  return i >= 0 ? i : null;
}

/** Writes #/N without adding history entries (Back leaves the talk, not one slide). */
export function writeHash(n: number): void {
  history.replaceState(history.state, "", `#/${n + 1}`);
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
    const n = t.current();
    let handled = true;
    if (/^[0-9]$/.test(e.key)) setDigits(digits + e.key);
    else if (e.key === "Enter" && digits) {
      t.go(Number(digits) - 1);
      setDigits("");
    } else if (e.key === "Backspace" && digits) setDigits(digits.slice(0, -1));
    else if (e.key === "Escape" && digits) setDigits("");
    else if (e.key === "ArrowRight" || e.key === "PageDown" || e.key === "ArrowDown" || (e.key === " " && !e.shiftKey))
      t.go(n + 1);
    else if (e.key === "ArrowLeft" || e.key === "PageUp" || e.key === "ArrowUp" || (e.key === " " && e.shiftKey))
      t.go(n - 1);
    else if (e.key === "Home") t.go(0);
    else if (e.key === "End") t.go(t.count - 1);
    else handled = t.key?.(e) ?? false;
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
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) t.go(t.current() + (dx < 0 ? 1 : -1));
    },
    { passive: true },
  );
}

/** Sets data-ready="1" once fonts and images are in, the signal PDF export waits for. */
export function signalReady(): void {
  const images = [...document.images].map((img) => img.decode().catch(() => undefined));
  void Promise.all([document.fonts.ready, ...images]).then(() => {
    document.documentElement.dataset.ready = "1";
  });
}
