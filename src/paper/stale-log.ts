/**
 * The paper's build log says each stale run once, like the talk's: one line per run and reason
 * with the lines of the paper it reaches, instead of one line per number, claim and figure drawn
 * from that run (a stale story run reaches dozens of places). Other warnings pass unchanged.
 */

/** A per-place warning as the paper renderer writes it: `file:line:col: warning: WHAT may be stale: REASONS`. */
const STALE = /^(.*?):(\d+):\d+: warning: (.*?) may be stale: (.*)$/;
/** Reasons are joined with "; ", and a reason may contain "; " itself ("…; re-run it"): each starts with "run ID:". */
const REASON_START = /; (?=run \d{4}-\d{2}-\d{2}T\d{6}Z-)/;

export function groupStaleWarnings(warnings: readonly string[]): string[] {
  const out: string[] = [];
  const byReason = new Map<string, { file: string; lines: number[]; index: number }>();
  for (const warning of warnings) {
    const m = STALE.exec(warning);
    if (!m) {
      out.push(warning);
      continue;
    }
    const [, file, line] = m;
    for (const reason of m[4]!.split(REASON_START)) {
      const key = `${file}\u0000${reason}`;
      let entry = byReason.get(key);
      if (!entry) {
        entry = { file: file!, lines: [], index: out.length };
        byReason.set(key, entry);
        out.push(""); // its line, filled in below once every place is known
      }
      if (!entry.lines.includes(Number(line))) entry.lines.push(Number(line));
    }
  }
  for (const [key, { file, lines, index }] of byReason) {
    const reason = key.slice(key.indexOf("\u0000") + 1);
    const sorted = [...lines].sort((a, b) => a - b);
    out[index] =
      `${file}:${sorted[0]}: warning: may be stale: ${reason} ` +
      `(${sorted.length === 1 ? "line" : `${sorted.length} places, lines`} ${sorted.join(", ")})`;
  }
  return out;
}
