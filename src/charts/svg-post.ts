/**
 * Turns Vega's SVG into the site's chart SVG: theme colours become CSS variables with the light
 * value as fallback (`fill:var(--bt-chart-fg,#1b1f24)`), so a chart is light unless the surface
 * it sits on sets the variables (chart-colours.css: .bt-chart-surface-dark); the SVG itself
 * never follows the OS colour scheme, since a slide stays light in a dark-mode browser. Element ids
 * get a per-chart prefix (several charts share one HTML page, and Vega numbers its clip paths
 * with a process-wide counter), and the root gets its accessible name, <title> and <desc>.
 * Pure string work on Vega's own, regular output: every attribute value is double-quoted and
 * XML-escaped there.
 */
import { COLOR_TOKENS, type ColorToken } from "./theme.ts";

const TOKEN_BY_LIGHT = new Map<string, ColorToken>(
  Object.entries(COLOR_TOKENS).map(([token, [light]]) => [light.toLowerCase(), token as ColorToken]),
);
const PAINT_ATTRIBUTES = new Set(["fill", "stroke", "stop-color"]);

export function cssVar(token: ColorToken): string {
  return `--bt-chart-${token}`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Moves themed paint attributes into a style attribute that reads the CSS variables. */
function themeTag(tag: string): string {
  const styles: string[] = [];
  const rewritten = tag.replace(/\s([a-z-]+)="(#[0-9a-fA-F]{6})"/g, (whole, name: string, value: string) => {
    const token = TOKEN_BY_LIGHT.get(value.toLowerCase());
    if (!token || !PAINT_ATTRIBUTES.has(name)) return whole;
    styles.push(`${name}:var(${cssVar(token)},${value.toLowerCase()})`);
    return whole; // the attribute stays as the fallback for renderers without CSS
  });
  if (!styles.length) return rewritten;
  if (/\sstyle="/.test(rewritten))
    return rewritten.replace(
      /\sstyle="([^"]*)"/,
      (_w, s: string) => ` style="${s.replace(/;?$/, ";")}${styles.join(";")}"`,
    );
  return rewritten.replace(/(\/?>)$/, ` style="${styles.join(";")}"$1`);
}

const GEOMETRY_ATTRIBUTES = /\s(d|transform|x|y|x1|x2|y1|y2|dx|dy|width|height|viewBox)="([^"]*)"/g;

/** Vega writes coordinates with ~15 decimals; 1/100 px is far below what a screen can show. */
function roundGeometry(svg: string): string {
  return svg.replace(
    GEOMETRY_ATTRIBUTES,
    (_w, name: string, value: string) =>
      ` ${name}="${value.replace(/-?\d*\.\d{3,}(?:e-?\d+)?/g, (n) => {
        const r = Number(Number(n).toFixed(2));
        return String(Object.is(r, -0) ? 0 : r);
      })}"`,
  );
}

export interface PostOptions {
  title: string;
  description: string;
  /** Prefix for element ids; derive it from the content so it is stable. */
  idPrefix: string;
  /**
   * Hover text on each data mark (a <title> from its aria-label). Without it the marks also lose
   * their ARIA attributes: under the root's role="img" they are presentational anyway, and the
   * chart's title and description carry its content. Default true.
   */
  hoverText?: boolean;
}

export function postProcessSvg(svg: string, options: PostOptions): string {
  let out = roundGeometry(svg);
  // Drop any background rectangle Vega paints; the page's background shows through.
  out = out.replace(
    /^(<svg[^>]*>)<rect width="\d+(?:\.\d+)?" height="\d+(?:\.\d+)?" fill="(?:transparent|none)"\/>/,
    "$1",
  );

  // Stable, page-unique ids, numbered in order of appearance.
  const ids = new Map<string, string>();
  out = out.replace(/\sid="([^"]+)"/g, (_w, id: string) => {
    const renamed = `${options.idPrefix}-${ids.size + 1}`;
    ids.set(id, renamed);
    return ` id="${renamed}"`;
  });
  out = out.replace(/url\(#([^)]+)\)/g, (w, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : w));
  out = out.replace(/href="#([^"]+)"/g, (w, id: string) => (ids.has(id) ? `href="#${ids.get(id)}"` : w));

  out = out.replace(/<[a-zA-Z][^>]*>/g, (tag) => (tag.startsWith("<svg") ? tag : themeTag(tag)));

  if (options.hoverText === false) {
    // No hover text: the marks' ARIA attributes go too (a slide's charts are a third of its bytes with them).
    out = out.replace(/<[a-zA-Z][^>]*>/g, (tag) =>
      tag.startsWith("<svg") ? tag : tag.replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, ""),
    );
  } else {
    // Hover text: a <title> child on each data mark, from its aria-label (our description
    // encoding, e.g. "kernel: 2,412 ± 119 ms", or Vega's field summary). Browsers show it on hover.
    out = out.replace(
      /<(path|rect|line|text|circle)(\s[^>]*?role="graphics-symbol"[^>]*?)\/>/g,
      (whole, tag: string, attrs: string) => {
        const label = /\saria-label="([^"]*)"/.exec(attrs)?.[1];
        return label ? `<${tag}${attrs}><title>${label}</title></${tag}>` : whole;
      },
    );
  }

  const titleId = `${options.idPrefix}-title`;
  const descId = `${options.idPrefix}-desc`;
  out = out.replace(/^<svg([^>]*)>/, (_w, attrs: string) => {
    const kept = attrs
      .replace(/\sclass="[^"]*"/, "")
      .replace(/\srole="[^"]*"/, "")
      .replace(/\saria-[a-z]+="[^"]*"/g, "");
    return (
      `<svg${kept} class="bt-chart" role="img" aria-label="${escapeXml(options.title)}" aria-labelledby="${titleId}" aria-describedby="${descId}">` +
      `<title id="${titleId}">${escapeXml(options.title)}</title>` +
      `<desc id="${descId}">${escapeXml(options.description)}</desc>`
    );
  });
  return out;
}
