/**
 * Terminal "screenshots" as SVG: the original paper showed its tools' output as screen
 * captures; here the same text is drawn at build time as monospace lines in a window frame,
 * so it stays sharp in print, is searchable, and always matches the recorded run.
 */
import { stripAnsi } from "../../core/text/ansi.ts";

export interface TerminalOptions {
  /** Accessible name (<title>), e.g. "npm run bench output". */
  title: string;
  /** Longer description (<desc>); defaults to the text itself, which screen readers can read. */
  description?: string;
  /** Shown in the window's title bar, e.g. "$ npm run bench". */
  command?: string;
  /** Lines longer than this wrap (with a ↪ marker), so the image keeps a printable width. */
  maxColumns?: number;
}

const FONT_SIZE = 13;
/** Advance width of DejaVu Sans Mono / most monospace faces is 0.6 em. */
const CHAR_WIDTH = FONT_SIZE * 0.6;
const LINE_HEIGHT = Math.round(FONT_SIZE * 1.45);
const PAD = 16;
const BAR = 28;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Splits text into display lines: tabs expanded, ANSI removed, long lines wrapped. */
export function terminalLines(text: string, maxColumns: number): string[] {
  const lines: string[] = [];
  for (const raw of stripAnsi(text).replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n")) {
    const line = raw.replace(/\t/g, "        ");
    if (line.length <= maxColumns) {
      lines.push(line);
      continue;
    }
    lines.push(line.slice(0, maxColumns));
    for (let i = maxColumns; i < line.length; i += maxColumns - 2) lines.push(`↪ ${line.slice(i, i + maxColumns - 2)}`);
  }
  return lines;
}

/** Renders text as a standalone SVG string with role="img", <title> and <desc>. */
export function renderTerminalSvg(text: string, options: TerminalOptions): string {
  const maxColumns = options.maxColumns ?? 100;
  const lines = terminalLines(text, maxColumns);
  const columns = Math.max(40, ...lines.map((l) => [...l].length), (options.command ?? "").length + 12);
  const width = Math.ceil(columns * CHAR_WIDTH + 2 * PAD);
  const height = BAR + PAD + lines.length * LINE_HEIGHT + PAD - (LINE_HEIGHT - FONT_SIZE);
  const id = `term-${hashId(text + options.title)}`;
  const body = lines
    .map(
      (line, i) =>
        `<text x="${PAD}" y="${BAR + PAD + FONT_SIZE + i * LINE_HEIGHT - 2}" xml:space="preserve">${escapeXml(line)}</text>`,
    )
    .join("\n");
  const description = options.description ?? lines.join("\n");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="terminal" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    `<rect width="${width}" height="${height}" rx="8" fill="#1e2228"/>`,
    `<rect width="${width}" height="${BAR}" rx="8" fill="#2d333b"/><rect y="${BAR - 8}" width="${width}" height="8" fill="#2d333b"/>`,
    `<circle cx="16" cy="14" r="5" fill="#ff5f57"/><circle cx="32" cy="14" r="5" fill="#febc2e"/><circle cx="48" cy="14" r="5" fill="#28c840"/>`,
    options.command
      ? `<text x="${width / 2}" y="18" text-anchor="middle" fill="#adbac7" font-family="ui-monospace, 'DejaVu Sans Mono', monospace" font-size="12">${escapeXml(options.command)}</text>`
      : "",
    `<g fill="#d6dde6" font-family="ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace" font-size="${FONT_SIZE}">`,
    body,
    `</g>`,
    `</svg>`,
  ].join("\n");
}

/** A short stable id so several terminals on one page do not share title ids. */
function hashId(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
