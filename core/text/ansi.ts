/**
 * Removing terminal control sequences from console text. SeaBIOS and the kernel emit
 * ANSI/VT escapes (clear screen, cursor moves, `ESC c` reset); string matching must see the
 * text a person would read.
 */

// CSI (ESC [ params final), OSC (ESC ] ... BEL/ST), and two-character escapes (ESC c, ESC 7, ...).
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x1b[0-9=>c]/g;

/** Strips escape sequences and any lone control bytes other than tab and newline. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, "").replace(/[\x00-\x08\x0b-\x0c\x0e-\x1a\x1c-\x1f\x7f]/g, "");
}
