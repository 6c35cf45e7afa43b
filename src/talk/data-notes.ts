/**
 * Notes on the data behind what a document shows: for each place (a slide, the front page's
 * headline) the runs its figures, numbers and claims were drawn from, and what a careful
 * speaker must know about them:
 *
 *   stale    the run's benchmark definition or analysis rules changed since it ran, or it
 *            booted an older appliance (src/data/stale.ts, the charts' own check);
 *   quality  the run is below the core's quality gate: partial, too few timed boots or
 *            passes, a busy host (core/records/select.ts qualityNotes);
 *   mixed    the run's host, host kernel, accelerator, QEMU or guest kernel differs from the
 *            other runs the document uses (core/records/comparability.ts). The odd ones out
 *            are flagged (the KVM run among TCG runs), or every run when no value is the most
 *            common, so a slide whose runs agree with the rest stays quiet.
 *
 * One note per run and reason, each with every place that uses it, so the build log says it
 * once and every view can show it where it applies.
 */
import type { RunChoice } from "../../core/records/choice.ts";
import { comparability, type Dimension } from "../../core/records/comparability.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { qualityNotes, type QualityCode } from "../../core/records/select.ts";
import { staleWarnings } from "../data/stale.ts";

export type DataNoteKind = "stale" | "quality" | "mixed";

export interface DataNote {
  /** One per run and reason, e.g. "quality:few-timed-boots:RUN". */
  key: string;
  kind: DataNoteKind;
  runId: string;
  /** A few words for the audience's marker: "out of date", "few boots", "mixed accelerators". */
  short: string;
  /** The whole sentence, for the speaker and the reader (no final stop). */
  message: string;
}

/** A note with every place that uses its run, in the order the places were given. */
export interface PlacedDataNote extends DataNote {
  uses: string[];
}

/** A place and the runs it was drawn from. */
export interface DataUse {
  what: string;
  runIds: readonly string[];
}

export interface DataNotes {
  /** Every note, once, in the order of the first place that uses it. */
  notes: PlacedDataNote[];
  /** The notes of one place. */
  of(what: string): DataNote[];
}

/** How views label each kind of note. */
export const NOTE_LABELS: Record<DataNoteKind, string> = {
  stale: "Out of date",
  quality: "Below the quality gate",
  mixed: "Mixed conditions",
};

const QUALITY_SHORT: Record<QualityCode, string> = {
  partial: "partial run",
  "few-timed-boots": "few boots",
  "few-passes": "few passes",
  "busy-host": "busy host",
};

const MIXED_SHORT: Record<Dimension, string> = {
  host: "mixed hosts",
  "host kernel": "mixed host kernels",
  accelerator: "mixed accelerators",
  QEMU: "mixed QEMU versions",
  "guest kernel": "mixed guest kernels",
};

/** What a run did on a dimension, as a clause: "used KVM", "ran on host vm (…)". */
function did(dimension: Dimension, value: string): string {
  switch (dimension) {
    case "accelerator":
      return `used ${value.toUpperCase()}`;
    case "QEMU": {
      const m = /version\s+(\S+)(.*)$/.exec(value);
      return `used ${m ? `QEMU ${m[1]}${m[2]}` : value}`;
    }
    case "host":
      return `ran on host ${value}`;
    case "host kernel":
      return `ran under host kernel ${value}`;
    case "guest kernel":
      return `booted guest kernel ${value}`;
  }
}

/** Which of src/data/stale.ts's reasons a warning gives (a run has at most one of each). */
function staleReason(message: string): string {
  return /appliance/.test(message) ? "appliance" : /no longer exists/.test(message) ? "definition-gone" : "definition";
}

const runs = (ids: readonly string[]) => `run${ids.length === 1 ? "" : "s"} ${ids.join(", ")}`;

export interface DataNotesOptions {
  choice: RunChoice;
  /** The document, as the mixed note names it: "talk", "paper", "front page". */
  document: string;
  /** Why runs are stale; default: src/data/stale.ts. */
  stale?: (used: RunRecord[], all: RunRecord[]) => string[];
}

export function dataNotes(
  uses: readonly DataUse[],
  records: readonly RunRecord[],
  options: DataNotesOptions,
): DataNotes {
  const all = [...records];
  const byId = new Map(records.map((r) => [r.id, r]));
  const stale = options.stale ?? ((used: RunRecord[], every: RunRecord[]) => staleWarnings(used, { all: every }));
  const ofRun = new Map<string, DataNote[]>();
  const add = (note: DataNote) => {
    const list = ofRun.get(note.runId) ?? [];
    if (!list.some((n) => n.key === note.key)) list.push(note);
    ofRun.set(note.runId, list);
  };
  const used = [...new Set(uses.flatMap((u) => u.runIds))].flatMap((id) => byId.get(id) ?? []);
  for (const record of used) {
    for (const message of stale([record], all))
      add({
        key: `stale:${staleReason(message)}:${record.id}`,
        kind: "stale",
        runId: record.id,
        short: "out of date",
        message,
      });
    for (const q of qualityNotes(record, options.choice))
      add({
        key: `quality:${q.code}:${record.id}`,
        kind: "quality",
        runId: record.id,
        short: QUALITY_SHORT[q.code],
        message: q.message,
      });
  }
  const runUses = uses.flatMap((u) => u.runIds.map((runId) => ({ what: u.what, runId })));
  for (const mix of comparability(runUses, records)) {
    const most = Math.max(...mix.values.map((v) => v.runs.length));
    const common = mix.values.filter((v) => v.runs.length === most);
    const odd = common.length === 1 ? mix.values.filter((v) => v !== common[0]) : mix.values;
    for (const value of odd) {
      const others = mix.values.filter((o) => o !== value);
      for (const runId of value.runs)
        add({
          key: `mixed:${mix.dimension}:${runId}`,
          kind: "mixed",
          runId,
          short: MIXED_SHORT[mix.dimension],
          message:
            `run ${runId} ${did(mix.dimension, value.value)}, while the ${options.document}'s other runs ` +
            others.map((o) => `${did(mix.dimension, o.value)} (${runs(o.runs)})`).join(" or ") +
            ": do not compare their numbers without saying so",
        });
    }
  }
  const placed = new Map<string, PlacedDataNote>();
  const byUse = new Map<string, DataNote[]>();
  for (const use of uses) {
    const notes = byUse.get(use.what) ?? [];
    for (const id of use.runIds)
      for (const note of ofRun.get(id) ?? []) {
        if (!notes.some((n) => n.key === note.key)) notes.push(note);
        const entry = placed.get(note.key) ?? { ...note, uses: [] };
        if (!entry.uses.includes(use.what)) entry.uses.push(use.what);
        placed.set(note.key, entry);
      }
    byUse.set(use.what, notes);
  }
  return { notes: [...placed.values()], of: (what) => byUse.get(what) ?? [] };
}

/** The audience's marker text: "out of date · few boots". */
export function shortNotes(notes: readonly DataNote[]): string {
  return [...new Set(notes.map((n) => n.short))].join(" · ");
}
