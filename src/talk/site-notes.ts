/**
 * The front page's notes on the data: every note (stale, below the quality gate, mixed) on the
 * runs the site quotes, once each, saying where it applies: the front page's own headline, the
 * talk's slides (from the shared talk build, so nothing is evaluated twice) and the paper (the
 * runs its figures, tables, numbers and claims use, read from its source by the core).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { documentRuns } from "../../core/claims/usage.ts";
import type { RunChoice } from "../../core/records/choice.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { PAPER_FILE } from "../paper/loader.ts";
import { buildTalk, talkFile } from "./build.ts";
import { dataNotes, NOTE_LABELS, type DataNote } from "./data-notes.ts";

export interface SiteNote extends DataNote {
  label: string;
  /** Where it applies, e.g. "the numbers above, the talk (slides 5, 7) and the paper". */
  where: string;
}

export interface SiteNotesOptions {
  records: readonly RunRecord[];
  choice: RunChoice;
  /** The runs of the front page's headline numbers. */
  headline: readonly string[];
  /** Project root; default: the working folder of the build. */
  root?: string;
}

export async function siteNotes(options: SiteNotesOptions): Promise<SiteNote[]> {
  const root = options.root ?? process.cwd();
  const { records, choice } = options;
  const places = new Map<string, { note: DataNote; where: string[] }>();
  const add = (note: DataNote, where: string) => {
    // Merged by what they say: a mixed note names its document, so the talk's and the paper's stay apart.
    const entry = places.get(note.message) ?? { note, where: [] };
    if (!entry.where.includes(where)) entry.where.push(where);
    places.set(note.message, entry);
  };
  for (const note of dataNotes([{ what: "headline", runIds: options.headline }], records, {
    choice,
    document: "front page",
  }).notes)
    add(note, "the numbers above");
  const talk = await buildTalk({ root, file: talkFile(), assetPrefix: "" });
  for (const note of talk.dataNotes)
    add(note, `the talk (slide${note.slides.length > 1 ? "s" : ""} ${note.slides.join(", ")})`);
  const paperText = await readFile(resolve(root, PAPER_FILE), "utf8").catch(() => null);
  if (paperText !== null) {
    const runIds = documentRuns([{ file: PAPER_FILE, text: paperText, format: "paper" }], records, choice);
    for (const note of dataNotes([{ what: "paper", runIds }], records, { choice, document: "paper" }).notes)
      add(note, "the paper");
  }
  return [...places.values()].map(({ note, where }) => ({
    ...note,
    label: NOTE_LABELS[note.kind],
    where: where.length > 1 ? `${where.slice(0, -1).join(", ")} and ${where.at(-1)}` : where[0]!,
  }));
}
