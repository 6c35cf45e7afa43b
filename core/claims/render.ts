/**
 * Claims in plain text (the talk's notes, `> big:` values and captions, bullets): every
 * directive is replaced by what the data says, a `:when` chain by the label the data picks
 * (its own directives evaluated in turn), a ranking with nothing to rank by its label, an
 * assertion by nothing. Errors carry the offset of the directive, so the host can say
 * file:line.
 */
import { chainAt } from "./chains.ts";
import type { ClaimContext } from "./context.ts";
import { capitalizeAfter } from "./environment.ts";
import { chooseBranch, evaluateDirective, type Outcome } from "./evaluate.ts";
import { DirectiveError } from "./lookup.ts";
import { DirectiveSyntaxError, tokenize, type DirectiveSegment, type Segment } from "./tokens.ts";

/** An outcome and where its directive is in the text. */
export interface PlacedOutcome extends Outcome {
  offset: number;
  source: string;
}

/** A directive error at an offset of the rendered text. */
export class PlacedDirectiveError extends DirectiveError {
  readonly offset: number;
  readonly source: string;
  constructor(error: DirectiveError, offset: number, source: string) {
    super(error.message, error.hint);
    this.name = error.name;
    this.offset = offset;
    this.source = source;
  }
}

/** True when the text holds a directive (so the host only loads the records when needed). */
export function hasDirectives(text: string): boolean {
  return /(^|[^:\\]):{1,3}[A-Za-z][\w-]*[[{]/m.test(text);
}

/** The text with every directive replaced by what the data says; each outcome reported. */
export function renderClaims(
  text: string,
  context: ClaimContext,
  report: (o: PlacedOutcome) => void = () => {},
): string {
  let segments: Segment[];
  try {
    segments = tokenize(text);
  } catch (error) {
    if (error instanceof DirectiveSyntaxError)
      throw new PlacedDirectiveError(
        new DirectiveError(error.message, error.hint),
        error.offset,
        text.slice(error.offset, error.offset + 30),
      );
    throw error;
  }
  return tidy(renderSegments(segments, context, report, ""));
}

function unescape(text: string): string {
  return text.replace(/\\([:[\]])/g, "$1");
}

const nameOf = (s: Segment) => (s.kind === "directive" ? s.name : null);
const isBlank = (s: Segment) => s.kind === "text" && s.text.trim() === "";

function renderSegments(
  segments: readonly Segment[],
  context: ClaimContext,
  report: (o: PlacedOutcome) => void,
  before: string,
): string {
  let out = "";
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.kind === "text") {
      out += unescape(s.text);
      continue;
    }
    const at = <T>(d: DirectiveSegment, run: () => T): T => {
      try {
        return run();
      } catch (error) {
        if (error instanceof PlacedDirectiveError) throw error;
        if (error instanceof DirectiveError) throw new PlacedDirectiveError(error, d.start, d.source);
        throw error;
      }
    };
    if (s.name === "otherwise")
      throw new PlacedDirectiveError(
        new DirectiveError(
          ":otherwise without a :when before it",
          "put :otherwise[…] right after the :when[…]{…} directives it completes",
        ),
        s.start,
        s.source,
      );
    if (s.name === "when") {
      const { members, end } = chainAt(segments, i, nameOf, isBlank);
      const chain = members.map((m) => segments[m] as DirectiveSegment);
      const outcome = at(s, () => chooseBranch(chain.map(input), context));
      report({ ...outcome, offset: s.start, source: chain.map((c) => c.source).join(" ") });
      const chosen = chain[outcome.branch!]!;
      out += renderSegments(chosen.label ?? [], context, report, before + out);
      i = end - 1;
      continue;
    }
    const outcome = at(s, () => evaluateDirective(input(s), context));
    report({ ...outcome, offset: s.start, source: s.source });
    const said = outcome.text ?? renderSegments(s.label ?? [], context, report, before + out);
    out += outcome.kind === "conditions" ? capitalizeAfter(before + out, said) : said;
  }
  return out;
}

function input(d: DirectiveSegment) {
  return { name: d.name, attributes: d.attributes, label: d.labelSource };
}

/** Directives that say nothing (assertions, empty branches) leave no doubled or dangling spaces. */
function tidy(text: string): string {
  return text
    .replace(/ {2,}/g, " ")
    .replace(/ +([.,;:!?])/g, "$1")
    .trim();
}
