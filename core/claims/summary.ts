/**
 * The claims summary `npm run build` prints for each document: how many numbers are bound,
 * cited and unbound, how many verdicts, rankings, conditionals and condition statements, how
 * many assertions held, then every warning at file:line. Printed once per document and
 * build, however many pages render the document (core/build-log.ts).
 */
import type { ClaimCounts, Finding, FindingRule } from "./lint.ts";

export interface DocumentClaims {
  file: string;
  counts: ClaimCounts;
  findings: Finding[];
  /** Assertions evaluated, and the messages of those that failed (in draft mode). */
  assertions: { held: number; failed: string[] };
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

const HINTS: Record<FindingRule, string> = {
  unbound: 'bind it (:stat, :verdict), cite it in the same sentence ([@key]), or :given[…]{why="…"}',
  unsupported: "cite the source that states it, or add it to the entry's custom.supports",
  "no-interval": "quote it with :verdict or field=saving, or give its interval in the same paragraph",
};

/** The summary line and the warnings, as the build log shows them. */
export function summaryLines(doc: DocumentClaims): string[] {
  const c = doc.counts;
  const failed = doc.assertions.failed.length;
  const head =
    `[claims] ${doc.file}: ${c.bound} bound, ${plural(c.verdicts, "verdict")}, ${plural(c.rankings, "ranking")}, ` +
    `${plural(c.conditionals, "conditional")}, ${plural(c.conditions, "condition statement")}, ${c.given} given; ` +
    `${c.cited} cited, ${c.unbound} unbound; ${plural(c.assertions, "assertion")} (${doc.assertions.held} held` +
    `${failed ? `, ${failed} FAILED (draft mode)` : ""}); ${plural(doc.findings.length + failed, "warning")}`;
  const lines = [head];
  for (const f of doc.findings) lines.push(`  ${f.file}:${f.line}: ${f.rule}: ${f.message}`);
  for (const m of doc.assertions.failed) lines.push(`  ${m}`);
  const rules = [...new Set(doc.findings.map((f) => f.rule))];
  for (const rule of rules) lines.push(`  (${rule}: ${HINTS[rule]})`);
  return lines;
}
