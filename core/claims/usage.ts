/**
 * What a document's figures, tables and claims refer to, read from its source with the
 * directive tokenizer, and which run each one uses under the core's one run choice. Used for
 * statements about "the runs this document uses" (:conditions) and by the "figures affected"
 * report after a new run, which must work without a build.
 *
 * A reference uses: `run=ID` that run; else `suite=NAME` that suite's chosen run; else, for an
 * analysis figure (charts boot-timeline and top-initcalls, table longest-activities, terminal
 * timeline) or `analysis=…`, the chosen analysis of its kind; else the chosen benchmark run
 * among all (e.g. `chart=samples run=latest`). This mirrors how src/charts and src/paper choose.
 */
import type { RunChoice } from "../records/choice.ts";
import type { RunRecord } from "../records/schema.ts";
import { chooseAnalysis, chooseBenchmark, SelectionError } from "../records/select.ts";
import { chainAt } from "./chains.ts";
import { isClaimDirective } from "./evaluate.ts";
import { tokenize, type DirectiveSegment, type Segment } from "./tokens.ts";

export type DocumentFormat = "talk" | "paper";

export interface SourceDocument {
  file: string;
  text: string;
  format: DocumentFormat;
}

/** Where a run comes from for one reference. */
export type RunSource =
  | { kind: "run"; id: string }
  | { kind: "suite"; suite: string }
  | { kind: "analysis"; id?: string; targetKind: string }
  | { kind: "latest-benchmark" };

/** A figure, table, terminal or claim of a document. */
export interface Reference {
  file: string;
  line: number;
  /** How the source writes it, e.g. "> chart: savings suite=story" or ":verdict{…}". */
  what: string;
  /** figure: drawn from runs (chart, table, terminal); claim: a top-level claim directive or :when chain. */
  kind: "figure" | "claim";
  sources: RunSource[];
  /** Claims: the source text to evaluate (the directive, or the whole :when chain). */
  claim?: string;
}

export const ANALYSIS_FIGURES = {
  chart: ["boot-timeline", "top-initcalls"],
  table: ["longest-activities"],
  terminal: ["timeline"],
};

/** The runs a directive's attributes select (claims and figures alike). */
export function sourcesOf(name: string, attrs: Record<string, string | undefined>): RunSource[] {
  if (attrs.run && attrs.run !== "latest") return [{ kind: "run", id: attrs.run }];
  const analysisFigure =
    (name === "figure" && ANALYSIS_FIGURES.chart.includes(attrs.chart ?? "")) ||
    (name === "chart" && ANALYSIS_FIGURES.chart.includes(attrs.chart ?? "")) ||
    (name === "table" && ANALYSIS_FIGURES.table.includes(attrs.data ?? "")) ||
    (name === "terminal" && ANALYSIS_FIGURES.terminal.includes(attrs.of ?? ""));
  if (attrs.analysis !== undefined || analysisFigure) {
    const id = attrs.analysis && attrs.analysis !== "latest" ? attrs.analysis : undefined;
    return [id ? { kind: "run", id } : { kind: "analysis", targetKind: attrs.kind ?? "appliance" }];
  }
  if (attrs.suite)
    return attrs.suite
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((suite) => ({ kind: "suite", suite }));
  if (name === "conditions" || name === "given" || (name === "figure" && attrs.src)) return [];
  return [{ kind: "latest-benchmark" }];
}

/** The run id a source resolves to under the choice; null when there is none. */
export function resolveSource(source: RunSource, records: readonly RunRecord[], choice: RunChoice): string | null {
  try {
    switch (source.kind) {
      case "run":
        return records.some((r) => r.id === source.id) ? source.id : null;
      case "suite":
        return chooseBenchmark(records, { suite: source.suite }, { choice }).record.id;
      case "analysis":
        return chooseAnalysis(records, { id: source.id, kind: source.targetKind }, { choice }).record.id;
      case "latest-benchmark":
        return chooseBenchmark(records, {}, { choice }).record.id;
    }
  } catch (error) {
    if (error instanceof SelectionError) return null;
    throw error;
  }
}

/** Fenced code blocks are not prose: blank them (keeping offsets and lines). */
function withoutFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (m) => m.replace(/[^\n]/g, " "));
}

const lineOf = (text: string, offset: number) => (text.slice(0, offset).match(/\n/g)?.length ?? 0) + 1;

/** Every figure and top-level claim of a document, in source order. */
export function referencesIn(doc: SourceDocument): Reference[] {
  const refs: Reference[] = [];
  let text = doc.format === "paper" ? withoutFences(doc.text) : doc.text;
  if (doc.format === "talk") {
    // `> chart:` visuals are figures; `> code:` blocks are verbatim, never directives.
    const lines = text.split("\n");
    let inCode = false;
    lines.forEach((line, i) => {
      const visual = /^\s*>\s?(.*)$/.exec(line);
      if (!visual) {
        inCode = false;
        return;
      }
      const body = visual[1]!.trim();
      const chart = /^chart:\s*(\S+)(.*)$/.exec(body);
      if (/^[a-z]+:/.test(body)) inCode = body.startsWith("code:");
      else if (inCode) lines[i] = line.replace(/[^\n]/g, " ");
      if (chart) {
        const params: Record<string, string> = { chart: chart[1]! };
        for (const pair of chart[2]!.trim().split(/\s+/).filter(Boolean)) {
          const eq = pair.indexOf("=");
          if (eq > 0) params[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
        refs.push({
          file: doc.file,
          line: i + 1,
          what: `> ${body}`,
          kind: "figure",
          sources: sourcesOf("chart", params),
        });
      }
    });
    text = lines.join("\n");
  }
  let segments: Segment[];
  try {
    segments = tokenize(text);
  } catch {
    return refs; // the build reports the syntax error at its line
  }
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.kind !== "directive") continue;
    const line = lineOf(text, s.start);
    if (["figure", "table", "terminal"].includes(s.name)) {
      refs.push({ file: doc.file, line, what: s.source, kind: "figure", sources: sourcesOf(s.name, s.attributes) });
      continue;
    }
    if (!isClaimDirective(s.name)) continue;
    const end =
      s.name === "when"
        ? chainAt(
            segments,
            i,
            (x) => (x.kind === "directive" ? x.name : null),
            (x) => x.kind === "text" && x.text.trim() === "",
          ).end - 1
        : i;
    const last = segments[end]!;
    const claim = text.slice(s.start, last.end);
    const sources = [...nested(segments.slice(i, end + 1))].flatMap((d) => sourcesOf(d.name, d.attributes));
    refs.push({
      file: doc.file,
      line,
      what: claim.length > 90 ? `${claim.slice(0, 87)}…` : claim,
      kind: "claim",
      sources,
      claim,
    });
    i = end;
  }
  return refs;
}

function* nested(segments: readonly Segment[]): Generator<DirectiveSegment> {
  for (const s of segments)
    if (s.kind === "directive") {
      yield s;
      if (s.label) yield* nested(s.label);
    }
}

/** The runs a document uses: every run its figures and claims resolve to. */
export function documentRuns(
  docs: readonly SourceDocument[],
  records: readonly RunRecord[],
  choice: RunChoice,
): string[] {
  const ids = new Set<string>();
  for (const ref of docs.flatMap(referencesIn))
    for (const source of ref.sources) {
      const id = resolveSource(source, records, choice);
      if (id) ids.add(id);
    }
  return [...ids];
}
