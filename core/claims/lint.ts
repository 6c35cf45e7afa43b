/**
 * The claim linter: what in the talk and the paper looks like a measurement but is not bound
 * to the data. It reads each block of prose (a paragraph, a caption, a table cell, a `> big:`
 * visual, a bullet) with its directives, and finds
 *  - a number with a unit or a spelled-out quantity (quantities.ts) that is neither inside a
 *    directive nor in a sentence with a citation `[@key]`: "unbound";
 *  - a cited number that the cited entries' support lists (`custom.supports` in
 *    content/bibliography.json) do not contain: "unsupported";
 *  - a comparison quoted without its interval (`:stat{field=saving-ms}`, `:verdict{form=short}`)
 *    in a block that does not also give the interval of that comparison: "no-interval".
 * It also counts the claims of each kind for the build's summary. Pure: blocks in, data out.
 */
import { chainAt } from "./chains.ts";
import { findQuantities, isSupported, type Quantity } from "./quantities.ts";
import { BARE_COMPARISON_FIELDS, INTERVAL_FIELDS } from "./stat.ts";
import { tokenize, type DirectiveSegment, type Segment } from "./tokens.ts";

export interface LintBlock {
  file: string;
  /** The block's source text, directives and citations included. */
  text: string;
  /** The line of offset 0. */
  line: number;
  /** The line of an offset, when the text is not the source's lines as they are (the talk joins a paragraph's lines). */
  lineAt?: (offset: number) => number;
  /** Markdown: inline code, link targets and HTML are not prose. */
  markdown?: boolean;
}

export type FindingRule = "unbound" | "unsupported" | "no-interval";

export interface Finding {
  file: string;
  line: number;
  rule: FindingRule;
  message: string;
  hint: string;
}

export interface ClaimCounts {
  /** :stat numbers. */
  bound: number;
  verdicts: number;
  rankings: number;
  /** :when chains. */
  conditionals: number;
  assertions: number;
  /** :conditions statements. */
  conditions: number;
  /** :given numbers (neither measured nor cited, with a reason). */
  given: number;
  /** Quantities in sentences with a citation. */
  cited: number;
  /** Quantities neither bound nor cited. */
  unbound: number;
}

export interface LintResult {
  findings: Finding[];
  counts: ClaimCounts;
}

/** What the bibliography says each entry supports (null: the entry lists nothing). */
export type Supports = ReadonlyMap<string, readonly string[] | null>;

export function emptyCounts(): ClaimCounts {
  return {
    bound: 0,
    verdicts: 0,
    rankings: 0,
    conditionals: 0,
    assertions: 0,
    conditions: 0,
    given: 0,
    cited: 0,
    unbound: 0,
  };
}

/**
 * Numbers that are not measurements although they have a unit: the confidence level of every
 * interval. Kept to this one idea on purpose; anything else is bound, cited or `:given`.
 */
const NOT_MEASUREMENTS = [
  /\b95\s?%(?=\s+(?:bootstrap\s+)?(?:CI|confidence))/giu,
  /\bninety-five\s+per\s?cent(?=\s+confidence)/giu,
];

const CITATION = /\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]/g;
const SENTENCE_END = /[.!?]["”’)\]]*\s+(?=[A-Z“"([@:])/g;

export function lintBlocks(blocks: readonly LintBlock[], supports: Supports): LintResult {
  const findings: Finding[] = [];
  const counts = emptyCounts();
  const parsed = new Map<string, Quantity[]>();
  const supportOf = (key: string) => {
    let q = parsed.get(key);
    if (!q) parsed.set(key, (q = (supports.get(key) ?? []).flatMap((s) => findQuantities(s))));
    return q;
  };
  for (const block of blocks) {
    let segments: Segment[];
    try {
      segments = tokenize(block.text);
    } catch {
      continue; // a directive that cannot be read fails the host's evaluation, at its line
    }
    const lineAt =
      block.lineAt ?? ((offset: number) => block.line + (block.text.slice(0, offset).match(/\n/g)?.length ?? 0));
    const at = (offset: number) => ({ file: block.file, line: lineAt(offset) });
    countClaims(segments, counts);
    const prose = block.text.split("");
    maskDirectives(segments, prose);
    const text = () => prose.join("");
    if (block.markdown) maskMarkdown(text(), prose);
    const citations: { start: number; keys: string[] }[] = [];
    for (const m of text().matchAll(CITATION)) {
      citations.push({ start: m.index, keys: m[1]!.split(";").map((k) => k.trim().replace(/^@/, "")) });
      mask(prose, m.index, m.index + m[0].length);
    }
    for (const re of NOT_MEASUREMENTS) for (const m of text().matchAll(re)) mask(prose, m.index, m.index + m[0].length);
    const sentences = sentenceStarts(text());
    const sentenceOf = (offset: number) => sentences.filter((s) => s <= offset).length - 1;
    for (const q of findQuantities(text())) {
      const keys = citations.filter((c) => sentenceOf(c.start) === sentenceOf(q.start)).flatMap((c) => c.keys);
      if (keys.length === 0) {
        counts.unbound++;
        findings.push({
          ...at(q.start),
          rule: "unbound",
          message: `"${q.text}" is neither bound to the runs nor cited`,
          hint: 'bind it (:stat{…}, :verdict{…}), cite its source in the same sentence ([@key]), or say why it is neither with :given[…]{why="…"}',
        });
        continue;
      }
      counts.cited++;
      if (keys.some((k) => isSupported(q, supportOf(k)))) continue;
      const listed = keys.map((k) => `${k}: ${supports.get(k)?.join(", ") || "nothing listed"}`).join("; ");
      findings.push({
        ...at(q.start),
        rule: "unsupported",
        message: `"${q.text}" is cited to ${keys.join(", ")}, which ${keys.length > 1 ? "do" : "does"} not support it (${listed})`,
        hint: "cite the source that states this number, or add it to that entry's custom.supports in content/bibliography.json",
      });
    }
    for (const bare of bareComparisons(segments))
      findings.push({
        ...at(bare.start),
        rule: "no-interval",
        message: `${bare.source} quotes a comparison without its interval`,
        hint: "use :verdict{…} or field=saving (both carry the 95% CI), or give that comparison's interval in the same paragraph or visual",
      });
  }
  return { findings, counts };
}

function mask(prose: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) if (prose[i] !== "\n") prose[i] = " ";
}

/** Directives are bound; the labels of :when, :otherwise and :rank are the author's prose and stay. */
function maskDirectives(segments: readonly Segment[], prose: string[]): void {
  for (const s of segments) {
    if (s.kind !== "directive") continue;
    if (s.label && (s.name === "when" || s.name === "otherwise" || s.name === "rank")) {
      const labelStart = s.start + s.source.indexOf("[") + 1;
      const labelEnd = labelStart + s.labelSource!.length;
      mask(prose, s.start, labelStart);
      mask(prose, labelEnd, s.end);
      maskDirectives(s.label, prose);
    } else mask(prose, s.start, s.end);
  }
}

/** Inline code, link and image targets, autolinks and HTML tags are not prose. */
function maskMarkdown(text: string, prose: string[]): void {
  for (const re of [/`[^`]*`/g, /\]\([^)]*\)/g, /<[^>\n]+>/g])
    for (const m of text.matchAll(re)) mask(prose, m.index, m.index + m[0].length);
}

function sentenceStarts(text: string): number[] {
  return [0, ...[...text.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length)];
}

function* allDirectives(segments: readonly Segment[]): Generator<DirectiveSegment> {
  for (const s of segments)
    if (s.kind === "directive") {
      yield s;
      if (s.label) yield* allDirectives(s.label);
    }
}

function countClaims(segments: readonly Segment[], counts: ClaimCounts): void {
  const nameOf = (s: Segment) => (s.kind === "directive" ? s.name : null);
  const isBlank = (s: Segment) => s.kind === "text" && s.text.trim() === "";
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.kind !== "directive") continue;
    if (s.name === "when") {
      counts.conditionals++;
      const { members, end } = chainAt(segments, i, nameOf, isBlank);
      for (const m of members) countClaims((segments[m] as DirectiveSegment).label ?? [], counts);
      i = end - 1;
      continue;
    }
    if (s.name === "stat") counts.bound++;
    else if (s.name === "verdict") counts.verdicts++;
    else if (s.name === "rank") counts.rankings++;
    else if (s.name === "assert") counts.assertions++;
    else if (s.name === "conditions") counts.conditions++;
    else if (s.name === "given") counts.given++;
    if (s.label && s.name !== "given" && s.name !== "assert") countClaims(s.label, counts);
  }
}

/** Which comparison a directive quotes, as a key, and whether it gives the interval. */
function comparisonQuote(d: DirectiveSegment): { key: string; interval: boolean } | null {
  const a = d.attributes;
  const key = (...parts: (string | undefined)[]) => parts.map((p) => p ?? "").join("|");
  if (d.name === "verdict") return { key: key(a.run, a.suite, a.variant, a.baseline), interval: a.form !== "short" };
  if (d.name !== "stat" || !a.field) return null;
  const which =
    a.analysis !== undefined ? key("analysis", a.analysis, a.kind) : key(a.run, a.suite, a.variant, a.baseline);
  if (INTERVAL_FIELDS.includes(a.field) || a.field === "observer-cost-ci") return { key: which, interval: true };
  if (BARE_COMPARISON_FIELDS.includes(a.field)) return { key: which, interval: false };
  return null;
}

function bareComparisons(segments: readonly Segment[]): DirectiveSegment[] {
  const quotes = [...allDirectives(segments)].flatMap((d) => {
    const q = comparisonQuote(d);
    return q ? [{ d, ...q }] : [];
  });
  const withInterval = new Set(quotes.filter((q) => q.interval).map((q) => q.key));
  return quotes.filter((q) => !q.interval && !withInterval.has(q.key)).map((q) => q.d);
}
