/**
 * Line assembly, the way the original boot-analysis did it (libguestfs
 * utils/boot-analysis/boot-analysis.c, appliance event callback):
 * - split each chunk on "\n" and strip trailing "\r";
 * - a chunk that ends without "\n" leaves an incomplete line; the next chunk's text up to its
 *   first "\n" is appended to it and the line keeps its ORIGINAL timestamp;
 * - unless ≥ 10 ms have passed since that incomplete line was stamped: then the next chunk
 *   starts a new line (so a long silence is not hidden inside one line's timestamp).
 * Added here: ANSI/VT escapes are stripped from each finished line, and stdout and stderr keep
 * separate incomplete lines. Synthetic spawn/exit events become lines of source "event".
 * Pure.
 */
import { stripAnsi } from "../text/ansi.ts";
import type { PassEvent } from "./events.ts";

export type LineSource = "stdout" | "stderr" | "event";

/** One assembled line. `t` is host ms since spawn of its first byte. */
export interface Line {
  index: number;
  t: number;
  source: LineSource;
  text: string;
}

/** A partial line older than this starts afresh instead of being joined (original: 10 ms). */
export const JOIN_WINDOW_MS = 10;

/** Assembles the lines of one pass; a rule set may widen the join window (see rules.ts). */
export function assembleLines(events: readonly PassEvent[], joinWindowMs = JOIN_WINDOW_MS): Line[] {
  const lines: Line[] = [];
  const partial: Partial<Record<"stdout" | "stderr", { t: number; text: string }>> = {};
  const push = (t: number, source: LineSource, raw: string) => {
    lines.push({ index: lines.length, t, source, text: source === "event" ? raw : stripAnsi(raw.replace(/\r+$/, "")) });
  };
  const flush = (stream: "stdout" | "stderr") => {
    const open = partial[stream];
    if (open) push(open.t, stream, open.text);
    delete partial[stream];
  };

  for (const event of events) {
    if (event.type === "spawn") {
      push(event.t, "event", "spawn");
      continue;
    }
    if (event.type === "exit") {
      flush("stdout");
      flush("stderr");
      push(event.t, "event", "exit");
      continue;
    }
    const { stream, t } = event;
    const pieces = event.text.split("\n");
    const open = partial[stream];
    if (open && t - open.t >= joinWindowMs) flush(stream);
    pieces.forEach((piece, i) => {
      const last = i === pieces.length - 1;
      const current = partial[stream];
      if (current) {
        current.text += piece;
      } else if (!last || piece !== "") {
        partial[stream] = { t, text: piece };
      }
      if (!last) flush(stream);
    });
  }
  flush("stdout");
  flush("stderr");
  return lines;
}
