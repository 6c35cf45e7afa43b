/**
 * Line assembly. A console line is everything up to its newline, however long the bytes took
 * to arrive: a stall in the middle of a line (a busy host, TCG) must not cut it in two. The
 * original boot-analysis (libguestfs utils/boot-analysis/boot-analysis.c) started a new line
 * when a partial line was older than 10 ms; boot-talk does not (see content/rules/README.md).
 * - each line is stamped with the host arrival time of its FIRST byte (LINE_TIMESTAMPS);
 * - trailing "\r" is stripped, ANSI/VT escapes are stripped from the finished text;
 * - stdout and stderr each keep their own partial line;
 * - two messages that reach the console with no newline between them are split by content
 *   (mergeSplits): a terminal reset (ESC c) or a printk timestamp after other text starts a
 *   new line, stamped with the arrival of its own first byte. Seen: SeaBIOS's sercon flushes
 *   "Probing EDD … o" without the rest when the kernel leaves real mode, and the kernel's
 *   first line follows it directly.
 * Synthetic spawn/exit events become lines of source "event". Pure.
 */
import { stripAnsi } from "../text/ansi.ts";
import type { PassEvent } from "./events.ts";

export type LineSource = "stdout" | "stderr" | "event";

/** What a line's `t` means; recorded in analysis records so readers know. */
export const LINE_TIMESTAMPS = "first-byte" as const;

/** One assembled line. `t` is host ms since spawn at which its first byte arrived. */
export interface Line {
  index: number;
  t: number;
  source: LineSource;
  text: string;
}

interface OpenLine {
  text: string;
  /** Where each chunk's bytes begin in `text`, and when that chunk arrived. */
  marks: Array<{ at: number; t: number }>;
}

export function assembleLines(events: readonly PassEvent[]): Line[] {
  const lines: Line[] = [];
  const partial: Partial<Record<"stdout" | "stderr", OpenLine>> = {};
  const pushEvent = (t: number, text: string) => lines.push({ index: lines.length, t, source: "event", text });
  const finish = (stream: "stdout" | "stderr") => {
    const open = partial[stream];
    delete partial[stream];
    if (!open) return;
    for (const piece of splitLine(open)) lines.push({ index: lines.length, source: stream, ...piece });
  };

  for (const event of events) {
    if (event.type === "spawn") {
      pushEvent(event.t, "spawn");
      continue;
    }
    if (event.type === "exit") {
      finish("stdout");
      finish("stderr");
      pushEvent(event.t, "exit");
      continue;
    }
    const { stream, t, text } = event;
    let from = 0;
    while (from < text.length) {
      const newline = text.indexOf("\n", from);
      const end = newline === -1 ? text.length : newline;
      const open = (partial[stream] ??= { text: "", marks: [] });
      open.marks.push({ at: open.text.length, t });
      open.text += text.slice(from, end);
      if (newline === -1) break;
      finish(stream);
      from = newline + 1;
    }
  }
  finish("stdout");
  finish("stderr");
  return lines;
}

/** A terminal reset (ESC c), raw or as libguestfs prints it escaped ("\x1bc"). */
const RESET = /\x1bc|\\x1bc/g;
/** Escape sequences as libguestfs prints them, escaped ("\x1b[2J"): not visible text either. */
const ESCAPED_ESCAPES = /\\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_]|[0-9=>c])/g;
/** A printk timestamp, "[    1.234567]". */
const PRINTK_STAMP = /\[\s*\d+\.\d{6}\]/g;

/**
 * Offsets in raw (unstripped) text where a second message begins: a reset or a printk
 * timestamp with visible text before it on the same line.
 */
export function mergeSplits(raw: string): number[] {
  const starts = new Set<number>();
  for (const re of [RESET, PRINTK_STAMP]) {
    re.lastIndex = 0;
    for (let m = re.exec(raw); m; m = re.exec(raw)) if (m.index > 0) starts.add(m.index);
  }
  return [...starts].sort((a, b) => a - b);
}

/** One raw line → its messages, each stamped with the arrival of its first byte. */
function splitLine(open: OpenLine): Array<{ t: number; text: string }> {
  const raw = open.text.replace(/\r+$/, "");
  const cuts = [0, ...mergeSplits(raw), raw.length];
  const pieces: Array<{ t: number; text: string }> = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const text = stripAnsi(raw.slice(cuts[i], cuts[i + 1]).replace(/\r+$/, ""));
    // A piece that is only escapes (the reset itself) is not a message of its own.
    if (cuts.length > 2 && text.replace(ESCAPED_ESCAPES, "").trim() === "") continue;
    pieces.push({ t: arrivalOf(open, cuts[i]!), text });
  }
  // An empty line stays a line.
  return pieces.length ? pieces : [{ t: open.marks[0]!.t, text: "" }];
}

/** Arrival time of the byte at `offset`: the chunk whose bytes begin at or before it. */
function arrivalOf(open: OpenLine, offset: number): number {
  let t = open.marks[0]!.t;
  for (const mark of open.marks) {
    if (mark.at > offset) break;
    t = mark.t;
  }
  return t;
}
