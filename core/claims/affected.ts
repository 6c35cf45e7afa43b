/**
 * Which figures, numbers and claims of the talk and the paper a new record changes on the next
 * build, told by `npm run bench` and `npm run analyze` when they finish. No build is needed:
 * the documents' sources are read with the claims tokenizer (usage.ts), every figure is mapped
 * to the run the core's choice gives it with and without the new record, and every claim is
 * evaluated both ways with the evaluator the build uses, so a number, verdict, ranking or
 * chosen sentence that would read differently is listed with its old and new text, and an
 * assertion that would stop the build is named.
 */
import type { RunChoice } from "../records/choice.ts";
import type { RunRecord } from "../records/schema.ts";
import type { ClaimContext } from "./context.ts";
import { DirectiveError } from "./lookup.ts";
import { renderClaims } from "./render.ts";
import { documentRuns, referencesIn, resolveSource, type Reference, type SourceDocument } from "./usage.ts";

export interface Change {
  file: string;
  line: number;
  what: string;
  kind: "figure" | "claim";
  before: string;
  after: string;
}

export interface AffectedInput {
  /** The records the last build saw (without the new one). */
  before: readonly RunRecord[];
  /** The records the next build will see. */
  after: readonly RunRecord[];
  documents: readonly SourceDocument[];
  choice: RunChoice;
}

/** Every figure and claim whose run or text differs between the two sets of records. */
export function affectedBy(input: AffectedInput): Change[] {
  const changes: Change[] = [];
  const contexts = (records: readonly RunRecord[]): ClaimContext => ({
    records,
    choice: input.choice,
    assertions: "warn",
    documentRuns: documentRuns(input.documents, records, input.choice),
  });
  const before = contexts(input.before);
  const after = contexts(input.after);
  for (const ref of input.documents.flatMap(referencesIn)) {
    const was = said(ref, before);
    const will = said(ref, after);
    if (was !== will)
      changes.push({ file: ref.file, line: ref.line, what: ref.what, kind: ref.kind, before: was, after: will });
  }
  return changes;
}

/** What a reference comes to under a context: its runs (figures) or its text (claims). */
function said(ref: Reference, context: ClaimContext): string {
  if (ref.kind === "figure") {
    const runs = ref.sources.map((s) => resolveSource(s, context.records, context.choice) ?? "no run");
    return `run ${[...new Set(runs)].join(", ")}`;
  }
  const failed: string[] = [];
  let held = 0;
  try {
    const text = renderClaims(ref.claim!, context, (o) => {
      if (o.held === false) failed.push(o.message ?? "assertion failed");
      if (o.held) held++;
    });
    if (failed.length) return `the build stops: ${failed.join("; ")}`;
    return text || (held ? "the assertion holds" : "(nothing said)");
  } catch (error) {
    if (error instanceof DirectiveError) return `the build fails: ${error.message}`;
    throw error;
  }
}

/** The report as the bench prints it. */
export function formatChanges(changes: readonly Change[], newRunId: string): string {
  if (changes.length === 0)
    return `Run ${newRunId} changes no figure, number or claim of the talk or the paper on the next build.\n`;
  const lines = [
    `On the next build, run ${newRunId} changes ${changes.length} place${changes.length === 1 ? "" : "s"} in the talk and the paper:`,
  ];
  for (const c of changes) {
    lines.push(`  ${c.file}:${c.line}: ${c.what}`);
    lines.push(`      was: ${c.before}`);
    lines.push(`      now: ${c.after}`);
  }
  return `${lines.join("\n")}\n`;
}
