/**
 * The one chart theme of the talk and the paper.
 *
 * Sizes: target "deck" is read from the back of a room, so its text is about twice the
 * paper's; "paper" sits in a ~42 rem text column.
 *
 * Colours: every colour is a named token with a light and a dark value. Vega is given the
 * light values; after rendering, svg-post.ts rewrites each of them to
 * `var(--bt-chart-TOKEN, LIGHT)`. A chart is therefore light by itself (also as a lone .svg
 * file), and dark where its surface says so: chart-colours.css (generated from these tokens
 * by chart-colours.ts) sets the dark values on `.bt-chart-surface-dark`, and the paper sets
 * them for its own dark theme (src/paper/paper.css). A chart follows the surface it sits on,
 * never the OS. Backgrounds are transparent.
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

/**
 * Deck charts are drawn for the slide's visual area, about 1126 × 495 CSS px on a 1280 × 720
 * slide (src/components/deck/slide.css): a spec aims at a whole chart (labels included) of
 * about `width` × (`height` + title and axes), so the slide shows it at roughly 1:1 and 22 px
 * text stays above 18 px, 2.5% of the slide height, the least that reads from the back of a
 * room (src/charts/charts.browser.test.ts measures it). Paper charts sit in a ~42 rem column.
 */
export function sizes(target: Target): Sizes {
  return target === "deck"
    ? { width: 1060, height: 290, label: 22, title: 24, heading: 28, point: 110, stroke: 3, row: 36 }
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
      // Vega's default gap fits paper sizes; slide-sized lines need their own
      ...(target === "deck" ? { subtitlePadding: s.label * 0.4 } : {}),
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
