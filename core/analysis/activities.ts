/**
 * Finding the activities of one pass: apply each rule's begin/end matchers to the pass's lines
 * (the original's FIND, FIND_OPTIONAL and FIND_MULTIPLE, boot-analysis-timeline.c), then the
 * initcalls. Pure: lines in, activity occurrences and problems out.
 */
import { alternatives, describeMatcher, type Matcher, type MatcherObject, type Rule, type RuleSet } from "./rules.ts";
import { findInitcalls } from "./initcalls.ts";
import { uniqueName } from "./names.ts";
import type { Line } from "./lines.ts";

export type ActivityKind = "required" | "optional" | "multiple" | "long" | "initcall";

/** One activity as seen in one pass. Times are host ms since spawn. */
export interface Occurrence {
  /** The pass it was seen in. */
  pass: number;
  name: string;
  stage: string;
  kind: ActivityKind;
  parent: string | null;
  startMs: number;
  endMs: number;
}

/** Something a rule expected and the pass did not show. */
export interface Problem {
  activity: string;
  pass: number;
  missing: "begin" | "end";
  expected: string;
  /** The lines nearest to what was expected, to help fix the rule or the target. */
  nearest: Line[];
}

export interface PassInput {
  pass: number;
  lines: Line[];
  /** Host ms at which the guest printk clock read 0 (clock alignment); null when not fitted. */
  clockOffsetMs: number | null;
}

export interface PassActivities {
  occurrences: Occurrence[];
  /** Problems with required rules: the analysis cannot be trusted. */
  errors: Problem[];
  /** Notes about optional things that were skipped in a noteworthy way. */
  notes: string[];
}

interface Point {
  t: number;
  /** Index of the line, for "end comes after begin"; clock points sit before the first later line. */
  index: number;
  groups: string[];
}

export function findActivities(rules: RuleSet, input: PassInput): PassActivities {
  const occurrences: Occurrence[] = [];
  const errors: Problem[] = [];
  const notes: string[] = [];
  for (const rule of rules.activities) {
    const mandatory = (rule.kind === "required" || rule.kind === "long" || rule.kind === "multiple") && !rule.optional;
    const result = rule.kind === "multiple" ? findMultiple(rule, input) : findSingle(rule, input);
    if ("missing" in result) {
      if (mandatory)
        errors.push({ activity: rule.name, pass: input.pass, ...result, nearest: nearestLines(input.lines, result) });
      continue;
    }
    occurrences.push(...result);
  }
  if (rules.initcalls) {
    const found = findInitcalls(input.lines, rules.initcalls.stage, input.pass);
    occurrences.push(...found.occurrences);
    if (found.unfinished.length)
      notes.push(
        `pass ${input.pass}: ${found.unfinished.length} initcall(s) never returned: ${found.unfinished.slice(0, 5).join(", ")}`,
      );
  }
  return { occurrences, errors, notes };
}

type Missing = { missing: "begin" | "end"; expected: string; after: number };

function findSingle(rule: Rule, input: PassInput): Occurrence[] | Missing {
  const begin = resolve(rule.begin, input, -1);
  if (!begin) return { missing: "begin", expected: describeMatcher(rule.begin), after: -1 };
  const end = resolve(rule.end, input, begin.index);
  if (!end) return { missing: "end", expected: describeMatcher(rule.end), after: begin.index };
  return [occurrence(input.pass, rule, rule.name, rule.kind, begin.t, end.t)];
}

/** FIND_MULTIPLE: each begin match closes the previous sub-activity and opens the next. */
function findMultiple(rule: Rule, input: PassInput): Occurrence[] | Missing {
  const first = resolve(rule.begin, input, -1);
  if (!first) return { missing: "begin", expected: describeMatcher(rule.begin), after: -1 };
  const end = resolve(rule.end, input, first.index);
  if (!end) return { missing: "end", expected: describeMatcher(rule.end), after: first.index };
  const found: Occurrence[] = [];
  const counts = new Map<string, number>();
  let open: Point | null = null;
  for (const line of input.lines) {
    if (line.index < first.index || line.index >= end.index) continue;
    const hit = matchLine(alternatives(rule.begin), line);
    if (!hit) continue;
    if (open) found.push(occurrence(input.pass, rule, subName(rule, open, counts), "multiple", open.t, line.t));
    open = { t: line.t, index: line.index, groups: hit };
  }
  if (open) found.push(occurrence(input.pass, rule, subName(rule, open, counts), "multiple", open.t, end.t));
  return found;
}

function subName(rule: Rule, point: Point, counts: Map<string, number>): string {
  const base = rule.name.replace(/\{(\d)\}/g, (_, n: string) => point.groups[Number(n)] ?? "");
  return uniqueName(base, counts);
}

function occurrence(
  pass: number,
  rule: Rule,
  name: string,
  kind: ActivityKind,
  startMs: number,
  endMs: number,
): Occurrence {
  return { pass, name, stage: rule.stage, kind, parent: rule.parent, startMs, endMs };
}

/** First alternative, in order, that finds a point after line index `after`. */
function resolve(matcher: Matcher, input: PassInput, after: number): Point | null {
  for (const alt of alternatives(matcher)) {
    if (alt.guestClockMs !== undefined) {
      if (input.clockOffsetMs === null) continue;
      const t = input.clockOffsetMs + alt.guestClockMs;
      const next = input.lines.find((l) => l.t >= t);
      const index = next ? next.index - 0.5 : input.lines.length;
      if (index <= after) continue;
      return { t, index, groups: [] };
    }
    for (const line of input.lines) {
      if (line.index <= after) continue;
      const groups = matchLine([alt], line);
      if (groups) return { t: line.t, index: line.index, groups };
    }
  }
  return null;
}

/** Regex groups (or [text]) when one of the matchers matches the line; null otherwise. */
function matchLine(matchers: readonly MatcherObject[], line: Line): string[] | null {
  for (const m of matchers) {
    if (m.event !== undefined) {
      if (line.source === "event" && line.text === m.event) return [line.text];
      continue;
    }
    if (m.guestClockMs !== undefined || line.source === "event") continue;
    if (m.source && m.source !== "output" && m.source !== line.source) continue;
    if (m.any) return [line.text];
    if (m.contains !== undefined && line.text.includes(m.contains)) return [line.text];
    if (m.regex !== undefined) {
      const match = compiled(m.regex).exec(line.text);
      if (match) return match.map((g) => g ?? "");
    }
  }
  return null;
}

const regexCache = new Map<string, RegExp>();
function compiled(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) regexCache.set(source, (re = new RegExp(source)));
  return re;
}

/**
 * Lines to show when something is missing: the begin line and its successors (for a missing
 * end), the lines that look most like what was expected (longest shared run of characters),
 * and the last lines of the pass (where it stopped).
 */
function nearestLines(lines: readonly Line[], missing: Missing): Line[] {
  const literal =
    missing.expected
      .match(/"([^"]+)"|\/(.+)\//)
      ?.slice(1)
      .find(Boolean) ?? "";
  const candidates = lines.filter((l) => l.source !== "event" && l.index > missing.after);
  const scored = literal
    ? candidates
        .map((line) => ({ line, score: sharedRun(line.text, literal) }))
        .filter((s) => s.score >= Math.min(4, literal.length))
        .sort((a, b) => b.score - a.score || a.line.index - b.line.index)
        .slice(0, 3)
        .map((s) => s.line)
    : [];
  // For a missing end: where the activity began and what followed it.
  const afterBegin =
    missing.after >= 0 ? lines.filter((l) => l.source !== "event" && l.index >= missing.after).slice(0, 3) : [];
  const tail = lines.filter((l) => l.source !== "event").slice(-3);
  const chosen = new Map<number, Line>();
  for (const line of [...afterBegin, ...scored, ...tail]) chosen.set(line.index, line);
  return [...chosen.values()].sort((a, b) => a.index - b.index);
}

/** Length of the longest common substring (small strings; quadratic is fine). */
function sharedRun(text: string, literal: string): number {
  let best = 0;
  const lower = text.toLowerCase();
  const wanted = literal.toLowerCase();
  for (let i = 0; i < wanted.length; i++) {
    for (let j = i + best + 1; j <= wanted.length; j++) {
      if (lower.includes(wanted.slice(i, j))) best = j - i;
      else break;
    }
  }
  return best;
}

/** Formats problems as the report a person reads when the analysis cannot go on. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => {
      const head = `could not find activity "${p.activity}" in pass ${p.pass}: no ${p.missing} (${p.expected})`;
      const near = p.nearest.map(
        (l) => `    ${l.t.toFixed(1).padStart(8)}ms [${l.source}] ${JSON.stringify(l.text.slice(0, 160))}`,
      );
      return [head, near.length ? "  nearest lines:" : "  (the pass printed nothing)", ...near].join("\n");
    })
    .join("\n");
}
