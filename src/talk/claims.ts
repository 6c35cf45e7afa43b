/**
 * The talk's claims host. The speaker script uses the paper's directive vocabulary
 * (core/claims): `:stat{…}` numbers, `:verdict{…}`, `:rank[…]{…}`, `:when[…]{…}:otherwise[…]`,
 * `:assert{…}`, `:conditions{…}` and `:given[…]{why=…}`, in the notes, in `> big:` values and
 * captions and in bullets, plus `[@key]` citations from content/bibliography.json, said in
 * the notes as "(Jones 2016)". Every slide is evaluated once per build, before the pages
 * render it, so the claim linter's findings and the claims summary are printed once however
 * many pages (deck, presenter, read view) show the talk. Mistakes are TalkErrors at file:line.
 */
import { resolve } from "node:path";
import { assertionMode, type ClaimContext } from "../../core/claims/context.ts";
import { lintBlocks, type LintBlock } from "../../core/claims/lint.ts";
import { DirectiveError } from "../../core/claims/lookup.ts";
import { hasDirectives, PlacedDirectiveError, renderClaims, type PlacedOutcome } from "../../core/claims/render.ts";
import { sayOnce } from "../../core/build-log.ts";
import { summaryLines, type DocumentClaims } from "../../core/claims/summary.ts";
import { tokenize, type DirectiveSegment } from "../../core/claims/tokens.ts";
import { documentRuns } from "../../core/claims/usage.ts";
import { sha256 } from "../../core/hash.ts";
import { runsDir } from "../../core/paths.ts";
import { loadRunChoice } from "../../core/records/choice.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { loadRuns } from "../data/runs.ts";
import { loadBibliography, supportsOf, yearOf, type CslEntry } from "../paper/bibliography.ts";
import { TalkError, type Slide, type Talk } from "./parse.ts";

export interface TalkClaims {
  /** The slide with every claim and citation said; throws the slide's TalkError when it has one. */
  apply(slide: Slide): Slide;
  /** The runs a slide's numbers and claims were drawn from (not its statements about the conditions). */
  runsOf(index: number): string[];
  /** The linter's findings and the assertions' results, as data (for tests and tools). */
  report: DocumentClaims;
}

export interface TalkClaimsOptions {
  /** Project root (content/bibliography.json is read from it). */
  root: string;
  /** Records to evaluate against; default: the verified runs of the records folder, loaded only when the script has directives. */
  records?: readonly RunRecord[];
  /** The records folder; default: core's runsDir(). */
  runsDir?: string;
  /** Bibliography entries; default: <root>/content/bibliography.json, read only when the script cites. */
  bibliography?: readonly CslEntry[];
  /** Print the summary (default: once per build and script, on stderr). */
  print?: false;
}

const CITATION = /\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]/g;

/** Evaluates every claim of the talk; `apply` then hands each slide its said text. */
export async function talkClaims(source: string, talk: Talk, options: TalkClaimsOptions): Promise<TalkClaims> {
  const file = talk.file;
  const runs = options.runsDir ?? runsDir();
  const records = options.records ?? (hasDirectives(source) ? await loadRuns(runs) : []);
  const bibliography =
    options.bibliography ??
    (source.includes("[@") ? await loadBibliography(resolve(options.root, "content/bibliography.json")) : []);
  const choice = loadRunChoice();
  const context: ClaimContext = {
    records,
    choice,
    assertions: assertionMode(),
    documentRuns: documentRuns([{ file, text: source, format: "talk" }], records, choice),
  };
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const outcomes: PlacedOutcome[] = [];
  const results = new Map<number, Slide | TalkError>();
  const slideRuns = new Map<number, Set<string>>();
  for (const slide of talk.slides) {
    const used = new Set<string>();
    slideRuns.set(slide.index, used);
    try {
      results.set(
        slide.index,
        sayClaims(slide, context, bibliography, file, lines, (o) => {
          outcomes.push(o);
          if (!aboutConditions(o)) for (const id of o.runIds) used.add(id);
        }),
      );
    } catch (error) {
      if (!(error instanceof TalkError)) throw error;
      results.set(slide.index, error);
    }
  }
  const lint = lintBlocks(lintBlocksOf(talk, lines), supportsOf(bibliography));
  const assertions = outcomes.filter((o) => o.kind === "assertion");
  const report: DocumentClaims = {
    file,
    counts: lint.counts,
    findings: lint.findings,
    assertions: {
      held: assertions.filter((o) => o.held).length,
      failed: assertions.filter((o) => o.held === false).map((o) => o.message ?? "assertion failed"),
    },
  };
  if (options.print !== false)
    // A blank line first: the build prints the page names without ending their line.
    sayOnce(`talk\0${file}\0${runs}\0${sha256(source)}`, ["", ...summaryLines(report)]);
  return {
    report,
    runsOf: (index) => [...(slideRuns.get(index) ?? [])],
    apply(slide) {
      const result = results.get(slide.index);
      if (result instanceof TalkError) throw result;
      return result ?? slide;
    },
  };
}

/**
 * A statement about the conditions (`:conditions{…}`, or a `:when` chain that only asks which
 * accelerator the runs used) names every run of the talk and is true of them by construction:
 * it is not drawn from them the way a number is, so it does not carry their notes.
 */
function aboutConditions(outcome: PlacedOutcome): boolean {
  if (outcome.kind === "conditions") return true;
  if (outcome.kind !== "conditional") return false;
  const whens = tokenize(outcome.source).filter(
    (s): s is DirectiveSegment => s.kind === "directive" && s.name === "when",
  );
  return whens.length > 0 && whens.every((w) => Object.keys(w.attributes).every((key) => key === "accelerator"));
}

/** Where each joined line of a paragraph starts (the parser joins trimmed lines with one space). */
function paragraphLineAt(lines: readonly string[], first: number): (offset: number) => number {
  const starts: number[] = [];
  let at = 0;
  for (let i = first - 1; i < lines.length && lines[i]!.trim() !== ""; i++) {
    starts.push(at);
    at += lines[i]!.trim().length + 1;
  }
  return (offset) => first + Math.max(0, starts.filter((s) => s <= offset).length - 1);
}

function sayClaims(
  slide: Slide,
  context: ClaimContext,
  bibliography: readonly CslEntry[],
  file: string,
  lines: readonly string[],
  report: (o: PlacedOutcome) => void,
): Slide {
  const say = (text: string, lineAt: (offset: number) => number) =>
    cite(renderAt(text, context, file, lineAt, report), bibliography, file, lineAt(0));
  const notes = slide.notes.map((b) =>
    b.kind === "para" ? { ...b, text: say(b.text, paragraphLineAt(lines, b.line)) } : b,
  );
  let visual = slide.visual;
  if (visual?.kind === "big") {
    const line = visual.line;
    visual = { ...visual, value: say(visual.value, () => line), caption: say(visual.caption, () => line) };
  } else if (visual?.kind === "bullets") {
    visual = { ...visual, items: visual.items.map((item) => ({ ...item, text: say(item.text, () => item.line) })) };
  }
  return { ...slide, notes, visual };
}

function renderAt(
  text: string,
  context: ClaimContext,
  file: string,
  lineAt: (offset: number) => number,
  report: (o: PlacedOutcome) => void,
): string {
  if (!hasDirectives(text)) return text;
  try {
    return renderClaims(text, context, (o) => {
      report(o);
      if (o.held === false) {
        const line = `${file}:${lineAt(o.offset)}: warning: ${o.message}`;
        sayOnce(`talk-warning\0${line}`, [line]);
      }
    });
  } catch (error) {
    if (error instanceof PlacedDirectiveError)
      throw new TalkError(file, lineAt(error.offset), `${error.source}: ${error.message}`, error.hint);
    if (error instanceof DirectiveError) throw new TalkError(file, lineAt(0), error.message, error.hint);
    throw error;
  }
}

/** "(Jones 2016)", "(Jones 2016; Agache et al. 2020)": a citation as the notes say it. */
export function shortCite(entry: CslEntry): string {
  const names = entry.author.map((a) => ("literal" in a ? a.literal : a.family));
  const who =
    names.length === 0
      ? (entry.publisher ?? entry.title)
      : names.length > 2
        ? `${names[0]} et al.`
        : names.join(" and ");
  const year = yearOf(entry);
  return year === "n.d." ? who : `${who} ${year}`;
}

function cite(text: string, bibliography: readonly CslEntry[], file: string, line: number): string {
  return text.replace(CITATION, (_m, list: string) => {
    const keys = list.split(";").map((k) => k.trim().replace(/^@/, ""));
    const entries = keys.map((key) => {
      const entry = bibliography.find((e) => e.id === key);
      if (!entry)
        throw new TalkError(
          file,
          line,
          `no bibliography entry "${key}"`,
          `add it to content/bibliography.json (known: ${bibliography.map((e) => e.id).join(", ")})`,
        );
      return entry;
    });
    return `(${entries.map(shortCite).join("; ")})`;
  });
}

/** The prose of the talk for the linter: notes, slide titles, big values with their captions, bullets, image alt texts. */
function lintBlocksOf(talk: Talk, lines: readonly string[]): LintBlock[] {
  const blocks: LintBlock[] = [];
  for (const slide of talk.slides) {
    if (slide.line > 0) blocks.push({ file: talk.file, text: slide.title, line: slide.line });
    const v = slide.visual;
    if (v?.kind === "big") blocks.push({ file: talk.file, text: `${v.value} | ${v.caption}`, line: v.line });
    if (v?.kind === "bullets")
      for (const item of v.items) blocks.push({ file: talk.file, text: item.text, line: item.line });
    if (v?.kind === "image") blocks.push({ file: talk.file, text: v.alt, line: v.line });
    for (const b of slide.notes)
      if (b.kind === "para")
        blocks.push({ file: talk.file, text: b.text, line: b.line, lineAt: paragraphLineAt(lines, b.line) });
  }
  return blocks;
}
