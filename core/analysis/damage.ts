/**
 * Is a pass's console text intact? Bytes can be lost between the guest and the host: QEMU's
 * 16550 model gives a byte up after MAX_XMIT_RETRY (4) failed writes to a chardev that is not
 * writable (hw/char/serial.c), which happens when the host reader falls behind; SeaBIOS's
 * serial console drops what it had not flushed when the kernel leaves real mode. Ordinary text
 * cannot be checked, but kernel lines can: every printk line starts with a complete
 * "[    1.234567]" stamp and initcall_debug lines have a fixed shape. (Stamps may go back:
 * the printk clock steps when sched_clock moves from jiffies to the TSC.)
 * A pass whose kernel lines break these rules is damaged: its times would be analysed from
 * text that is not what the guest printed. Pure.
 */
import type { Line } from "./lines.ts";

const STAMP_AT_START = /^\[\s*\d+\.\d{6}\]/;
/** Begins like a printk stamp ("[    1.2] ", "[  12] "); not a whole one unless STAMP_AT_START. */
const STAMP_LIKE = /^\[\s*\d+\.?\d*\]?(?:\s|$)/;
/** The tail of a stamp ("1.234567]") without its opening bracket: a lost line start. */
const STAMP_TAIL = /\d+\.\d{6}\]/g;
const WHOLE_STAMP = /\[\s*\d+\.\d{6}\]/g;
const CALLING = /calling {2}[_A-Za-z0-9.]+\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[[_A-Za-z0-9]+\])? @ \d+$/;
const RETURNED =
  /initcall [_A-Za-z0-9.]+\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[[_A-Za-z0-9]+\])? returned -?\d+ after \d+ usecs$/;

export interface Damage {
  /** Index of the damaged line in the pass. */
  index: number;
  t: number;
  reason: string;
  text: string;
}

/** Every damaged kernel line of one pass, in order. */
export function findDamage(lines: readonly Line[]): Damage[] {
  const found: Damage[] = [];
  const add = (line: Line, reason: string) =>
    found.push({ index: line.index, t: line.t, reason, text: line.text.slice(0, 160) });
  for (const line of lines) {
    if (line.source === "event") continue;
    const text = line.text.trimEnd();
    const wholeStamps = text.match(WHOLE_STAMP)?.length ?? 0;
    if (!STAMP_AT_START.test(text)) {
      if (STAMP_LIKE.test(text)) add(line, "a printk timestamp with bytes missing");
      else if ((text.match(STAMP_TAIL)?.length ?? 0) > wholeStamps)
        add(line, "the end of a printk timestamp without its start");
      continue;
    }
    if ((text.match(STAMP_TAIL)?.length ?? 0) > wholeStamps) {
      add(line, "the end of a printk timestamp without its start");
      continue;
    }
    const stamp = STAMP_AT_START.exec(text)![0];
    if (text.length > stamp.length && text[stamp.length] !== " ") {
      add(line, "a printk line with bytes missing after its timestamp");
      continue;
    }
    const body = text.slice(stamp.length + 1);
    if (/(^|: )calling {2}/.test(body) && !CALLING.test(body)) add(line, "an initcall_debug 'calling' line cut short");
    else if (/^initcall \S+\+/.test(body) && !RETURNED.test(body))
      add(line, "an initcall_debug 'returned' line cut short");
  }
  return found;
}

/** One line per damaged line, at most `max`, for reports. */
export function describeDamage(damage: readonly Damage[], max = 3): string {
  const shown = damage
    .slice(0, max)
    .map((d) => `${d.reason} at ${d.t.toFixed(1)} ms: ${JSON.stringify(d.text)}`)
    .join("; ");
  return damage.length > max ? `${shown}; and ${damage.length - max} more` : shown;
}
