/**
 * Test support: WCAG contrast of the text a page shows, measured in the page. The inspector is
 * one self-contained function so it can be sent to the browser as source (page.evaluate cannot
 * take closures); call it through textContrasts().
 */
import type { Page } from "playwright-core";

export interface TextContrast {
  /** The text, shortened, and the element that shows it ("a.present: Present the slides"). */
  text: string;
  /** Rendered font size in CSS pixels (SVG text: after the chart's scaling). */
  px: number;
  /** Contrast ratio of the text's colour against the first opaque background behind it. */
  contrast: number;
  /** WCAG "large text" (≥ 24 px, or ≥ 18.66 px bold): 3:1 is enough for AA. */
  large: boolean;
}

/**
 * In the page: every visible element matching selector (default: every element with text of
 * its own), with its contrast. Hidden elements (not rendered, visibility:hidden, faded to
 * almost nothing, or clipped to a pixel like screen-reader-only text) are left out, and so is
 * SVG text outside charts: a drawing such as the paper's terminal figures paints its own
 * background, which CSS does not see (chart SVGs are transparent, so their surface is the page's).
 */
function inspect(root: Element, selector: string | null): TextContrast[] {
  const rgba = (css: string) => {
    const v = (css.match(/[\d.]+/g) ?? []).map(Number);
    return v.length >= 3 ? [v[0]!, v[1]!, v[2]!, v.length > 3 ? v[3]! : 1] : null;
  };
  const luminance = ([r, g, b]: number[]) => {
    const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
  };
  const backgroundOf = (el: Element): number[] => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3]! > 0.5) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const shown = (el: Element) => {
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false;
    if (getComputedStyle(el).visibility !== "visible") return false;
    let opacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    return opacity > 0.5;
  };
  const ownText = (el: Element) =>
    [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? "")
      .join("")
      .trim();
  const candidates = selector
    ? [...root.querySelectorAll(selector)]
    : [...root.querySelectorAll("*")].filter((el) => !["SCRIPT", "STYLE", "NOSCRIPT", "TITLE"].includes(el.tagName));
  return candidates
    .filter((el) => !(el instanceof SVGElement) || el.closest("svg.bt-chart"))
    .filter((el) => (selector ? (el.textContent ?? "").trim() : ownText(el)) && shown(el))
    .map((el) => {
      const style = getComputedStyle(el);
      const isSvg = el instanceof SVGElement;
      const bg = backgroundOf(isSvg ? el.closest("svg")! : el);
      const fg = rgba(isSvg ? style.fill : style.color) ?? [0, 0, 0, 1];
      // A translucent colour is seen blended over the background.
      const seen = [0, 1, 2].map((i) => fg[i]! * fg[3]! + bg[i]! * (1 - fg[3]!));
      const [a, b] = [luminance(seen), luminance(bg)];
      const ctm = isSvg ? (el as SVGGraphicsElement).getScreenCTM() : null;
      const px = parseFloat(style.fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
      const bold = Number(style.fontWeight) >= 700;
      const name = el.tagName.toLowerCase() + (el.classList.length ? "." + [...el.classList].join(".") : "");
      const text = (selector ? el.textContent! : ownText(el)).trim().replace(/\s+/g, " ").slice(0, 60);
      return {
        text: `${name}: ${text}`,
        px,
        contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
        large: px >= 24 || (bold && px >= 18.66),
      };
    });
}

/** The contrast of every visible text inside root (a CSS selector; default the body). */
export function textContrasts(page: Page, options: { root?: string; selector?: string } = {}): Promise<TextContrast[]> {
  return page.evaluate(
    ({ source, root, selector }) => {
      const run = new Function(`return (${source})`)() as typeof inspect;
      const element = document.querySelector(root);
      if (!element) throw new Error(`no element matches ${root}`);
      return run(element, selector);
    },
    { source: inspect.toString(), root: options.root ?? "body", selector: options.selector ?? null },
  );
}

/** The texts below WCAG AA (4.5:1, or 3:1 for large text), as readable lines. */
export function belowAA(texts: TextContrast[]): string[] {
  return texts
    .filter((t) => t.contrast < (t.large ? 3 : 4.5))
    .map((t) => `${t.text} (${t.contrast.toFixed(2)}:1 at ${t.px.toFixed(0)} px)`);
}
