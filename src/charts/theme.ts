/**
 * The one chart theme of the talk and the paper.
 *
 * Sizes: target "deck" is read from the back of a room, so its text is about twice the
 * paper's; "paper" sits in a ~42 rem text column.
 *
 * Colours: every colour is a named token with a light and a dark value. Vega is given the
 * light values; after rendering, svg-post.ts rewrites each of them to
 * `var(--bt-chart-TOKEN, LIGHT)`, and the style block embedded in every SVG sets the
 * variables for light, dark (prefers-color-scheme) and a forced `data-theme="dark|light"` on
 * any ancestor. One SVG therefore follows the page theme, and a lone .svg file opened in a
 * browser still follows the system theme. Backgrounds are transparent.
 */
import type { Config } from "vega-lite";
import { FONT_STACK } from "./fonts.ts";

export type Target = "paper" | "deck";
export const TARGETS: readonly Target[] = ["paper", "deck"];

/** Colour tokens: [light, dark]. Light values must be unique: they identify the token. */
export const COLOR_TOKENS = {
  fg: ["#1b1f24", "#e6edf3"],
  muted: ["#57606a", "#9aa5b1"],
  grid: ["#d8dee4", "#30363d"],
  faint: ["#eaeef2", "#21262d"],
  blue: ["#1f6feb", "#58a6ff"],
  orange: ["#bc4c00", "#f0883e"],
  green: ["#1a7f37", "#3fb950"],
  purple: ["#8250df", "#a371f7"],
  teal: ["#0e7c86", "#39c5cf"],
  brown: ["#9a6700", "#d29922"],
  pink: ["#bf3989", "#db61a2"],
  grey: ["#6e7781", "#8b949e"],
  warn: ["#cf222e", "#ff7b72"],
} as const satisfies Record<string, readonly [string, string]>;
export type ColorToken = keyof typeof COLOR_TOKENS;

/** The light value of a token, which is what specs use. */
export function color(token: ColorToken): string {
  return COLOR_TOKENS[token][0];
}

/** Categorical order for series (red is kept for warnings). */
export const CATEGORY: readonly ColorToken[] = ["blue", "orange", "green", "purple", "teal", "brown", "pink", "grey"];

/** Boot stages in boot order, with their colours (same everywhere a stage appears). */
export const STAGES = ["qemu", "firmware", "kernel", "initcalls", "userspace", "shutdown", "other"] as const;
export const STAGE_COLOR: Record<(typeof STAGES)[number], ColorToken> = {
  qemu: "purple",
  firmware: "brown",
  kernel: "blue",
  initcalls: "teal",
  userspace: "green",
  shutdown: "pink",
  other: "grey",
};

export interface Sizes {
  width: number;
  height: number;
  label: number;
  title: number;
  /** Chart title (top). */
  heading: number;
  point: number;
  stroke: number;
  /** Height of one Gantt row. */
  row: number;
}

export function sizes(target: Target): Sizes {
  return target === "deck"
    ? { width: 1000, height: 440, label: 20, title: 22, heading: 26, point: 90, stroke: 3, row: 34 }
    : { width: 560, height: 260, label: 11, title: 12, heading: 14, point: 24, stroke: 1.5, row: 16 };
}

/** Vega-Lite config for a target. Specs may still override per mark or axis. */
export function chartConfig(target: Target): Config {
  const s = sizes(target);
  const fg = color("fg");
  const muted = color("muted");
  const grid = color("grid");
  return {
    background: "transparent",
    font: FONT_STACK,
    padding: target === "deck" ? 8 : 4,
    view: {
      stroke: null,
      continuousWidth: s.width,
      continuousHeight: s.height,
      discreteWidth: { step: s.row * 1.25 },
      discreteHeight: { step: s.row * 1.25 },
    },
    title: {
      fontSize: s.heading,
      fontWeight: 600,
      color: fg,
      anchor: "start",
      subtitleColor: muted,
      subtitleFontSize: s.label,
      offset: s.label * 0.8,
    },
    axis: {
      labelFontSize: s.label,
      titleFontSize: s.title,
      titleFontWeight: 600,
      labelColor: muted,
      titleColor: fg,
      gridColor: grid,
      domainColor: muted,
      tickColor: muted,
      labelLimit: s.width,
      // Vega caps an axis's room for labels at maxExtent (default 200 px) and then sets the
      // axis title over long labels; let the measured labels decide instead.
      maxExtent: s.width,
      titlePadding: s.label * 0.6,
      labelPadding: s.label * 0.3,
      tickSize: s.label * 0.4,
    },
    legend: {
      labelFontSize: s.label,
      titleFontSize: s.title,
      titleFontWeight: 600,
      labelColor: fg,
      titleColor: fg,
      labelLimit: s.width,
      symbolSize: s.point,
      orient: "bottom",
      direction: "horizontal",
    },
    header: {
      labelFontSize: s.label,
      titleFontSize: s.title,
      labelColor: fg,
      titleColor: fg,
      titleFontWeight: 600,
      labelLimit: s.width,
    },
    range: { category: CATEGORY.map(color) },
    mark: { color: color("blue") },
    line: { strokeWidth: s.stroke },
    rule: { color: muted, strokeWidth: Math.max(1, s.stroke / 1.5) },
    point: { size: s.point, filled: true },
    circle: { size: s.point },
    text: { color: fg, fontSize: s.label },
    bar: { color: color("blue") },
    area: { color: color("blue"), opacity: 0.7 },
    tick: { color: color("blue") },
    boxplot: { size: s.row },
    axisQuantitative: { tickCount: target === "deck" ? 6 : 8 },
    style: { "guide-label": { fill: muted }, "guide-title": { fill: fg } },
  } as Config;
}
