import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_CHOICE } from "../../core/records/choice.ts";
import type { RunRecord } from "../../core/records/schema.ts";
import { benchmarkRecord } from "../paper/fixtures/records.ts";
import { dataNotes, shortNotes } from "./data-notes.ts";

const twelve = (base: number) => Array.from({ length: 12 }, (_, i) => base + (i % 3) * 10);
const run = (id: string, over: Partial<RunRecord> = {}, boots = twelve(3000)) =>
  ({ ...benchmarkRecord({ baseline: boots, quiet: boots.map((b) => b - 100) }, { id }), ...over }) as RunRecord;

const A = "2026-11-25T120000Z-story-aaaaaa";
const B = "2026-11-25T130000Z-story-bbbbbb";
const C = "2026-11-25T140000Z-story-cccccc";
const fresh = () => [];
const options = { choice: DEFAULT_RUN_CHOICE, document: "talk", stale: fresh };

describe("notes on the data", () => {
  it("says nothing about fresh, good, comparable runs", () => {
    const notes = dataNotes(
      [
        { what: "1", runIds: [A] },
        { what: "2", runIds: [B] },
      ],
      [run(A), run(B)],
      options,
    );
    expect(notes.notes).toEqual([]);
    expect(notes.of("1")).toEqual([]);
  });

  it("notes a stale run once, on every place that uses it", () => {
    const stale = (used: RunRecord[]) =>
      used.filter((r) => r.id === A).map((r) => `run ${r.id}: benchmark definition x.json changed since the run`);
    const notes = dataNotes(
      [
        { what: "3", runIds: [A] },
        { what: "4", runIds: [B] },
        { what: "5", runIds: [A, B] },
      ],
      [run(A), run(B)],
      { ...options, stale },
    );
    expect(notes.notes).toEqual([
      expect.objectContaining({ kind: "stale", runId: A, short: "out of date", uses: ["3", "5"] }),
    ]);
    expect(notes.of("4")).toEqual([]);
    expect(notes.of("5").map((n) => n.message)).toEqual([
      `run ${A}: benchmark definition x.json changed since the run`,
    ]);
  });

  it("notes a run below the quality gate (three timed boots)", () => {
    const notes = dataNotes([{ what: "7", runIds: [A, B] }], [run(A), run(B, {}, [3000, 3010, 3020])], options);
    expect(notes.of("7")).toEqual([
      expect.objectContaining({ kind: "quality", runId: B, short: "few boots", key: `quality:few-timed-boots:${B}` }),
    ]);
    expect(notes.of("7")[0]!.message).toMatch(/only 3 successful timed boots in some variant \(minimum 10\)/);
  });

  it("flags the KVM run among TCG runs, not the TCG runs", () => {
    const records = [run(A), run(B), run(C, { accelerator: "kvm" })];
    const notes = dataNotes(
      [
        { what: "2", runIds: [A] },
        { what: "3", runIds: [B] },
        { what: "9", runIds: [C] },
      ],
      records,
      options,
    );
    expect(notes.of("2")).toEqual([]);
    expect(notes.of("3")).toEqual([]);
    expect(notes.notes).toHaveLength(1);
    expect(notes.notes[0]).toMatchObject({ kind: "mixed", runId: C, short: "mixed accelerators", uses: ["9"] });
    expect(notes.notes[0]!.message).toBe(
      `run ${C} used KVM, while the talk's other runs used TCG (runs ${A}, ${B}): do not compare their numbers without saying so`,
    );
  });

  it("flags every run when no value is the most common", () => {
    const notes = dataNotes([{ what: "1", runIds: [A, C] }], [run(A), run(C, { accelerator: "kvm" })], options);
    expect(notes.of("1").map((n) => n.runId)).toEqual([A, C]);
    expect(shortNotes(notes.of("1"))).toBe("mixed accelerators");
  });

  it("says each short reason once for the audience's marker", () => {
    const stale = (used: RunRecord[]) => used.map((r) => `run ${r.id}: its definition no longer exists`);
    const notes = dataNotes([{ what: "1", runIds: [A, B] }], [run(A), run(B, {}, [1, 2, 3])], { ...options, stale });
    expect(shortNotes(notes.of("1"))).toBe("out of date · few boots");
  });
});
