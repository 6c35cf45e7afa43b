import { describe, expect, it } from "vitest";
import { findActivities, formatProblems } from "./activities.ts";
import { makeLines } from "./fixtures/make-lines.ts";
import { RuleSet } from "./rules.ts";

const rules = (activities: unknown[], initcalls: unknown = null) =>
  RuleSet.parse({ name: "t", description: "t", initcalls, activities });
const find = (set: RuleSet, rows: Array<[number, string]>, clockOffsetMs: number | null = null) =>
  findActivities(set, { pass: 2, lines: makeLines(rows), clockOffsetMs });
const brief = (o: { name: string; startMs: number; endMs: number }) => [o.name, o.startMs, o.endMs];

describe("findActivities", () => {
  const boot: Array<[number, string]> = [
    [10, "SeaBIOS (version 1.16)"],
    [30, "Booting from ROM..."],
    [50, "Linux version 6.1"],
    [80, "Run /init as init process"],
    [90, "boot-talk: step mount"],
    [95, "boot-talk: step tmpfs"],
    [99, "boot-talk: step mount"],
    [120, "boot-talk: ready"],
  ];

  it("required: begins at the first begin match and ends at the first later end match", () => {
    const set = rules([
      {
        name: "kernel",
        stage: "kernel",
        kind: "required",
        begin: { contains: "Linux version" },
        end: { contains: "Run /init" },
      },
    ]);
    const found = find(set, boot);
    expect(found.errors).toEqual([]);
    expect(found.occurrences.map(brief)).toEqual([["kernel", 50, 80]]);
  });

  it("required: a missing end is an error naming the activity, the pass and the nearest lines", () => {
    const set = rules([
      {
        name: "shutdown",
        stage: "shutdown",
        kind: "required",
        begin: { contains: "ready" },
        end: { contains: "reboot: Power down" },
      },
    ]);
    const found = find(set, boot);
    expect(found.occurrences).toEqual([]);
    expect(found.errors).toHaveLength(1);
    const report = formatProblems(found.errors);
    expect(report).toContain(
      'could not find activity "shutdown" in pass 2: no end (a line containing "reboot: Power down")',
    );
    expect(report).toContain("boot-talk: ready");
  });

  it("optional: a missing activity is skipped without error", () => {
    const set = rules([
      { name: "ipxe", stage: "firmware", kind: "optional", begin: { contains: "iPXE" }, end: { contains: "Booting" } },
    ]);
    expect(find(set, boot)).toEqual({ occurrences: [], errors: [], notes: [] });
  });

  it("long: behaves as required and carries its kind (never warned about later)", () => {
    const set = rules([
      { name: "run", stage: "other", kind: "long", begin: { event: "spawn" }, end: { event: "exit" } },
    ]);
    const found = find(set, boot);
    expect(found.occurrences.map((o) => [o.name, o.kind, o.startMs, o.endMs])).toEqual([["run", "long", 0, 121]]);
    const missing = rules([
      { name: "gone", stage: "other", kind: "long", begin: { contains: "nope" }, end: { event: "exit" } },
    ]);
    expect(find(missing, boot).errors.map((e) => [e.activity, e.missing])).toEqual([["gone", "begin"]]);
  });

  it("multiple: each begin match opens a sub-activity named from the regex group, de-duplicated", () => {
    const set = rules([
      {
        name: "/init:{1}",
        stage: "userspace",
        kind: "multiple",
        parent: "/init",
        begin: { regex: "boot-talk: step (\\S+)" },
        end: { contains: "ready" },
      },
    ]);
    const found = find(set, boot);
    expect(found.occurrences.map(brief)).toEqual([
      ["/init:mount", 90, 95],
      ["/init:tmpfs", 95, 99],
      ["/init:mount:1", 99, 120],
    ]);
    expect(found.occurrences.every((o) => o.parent === "/init" && o.kind === "multiple")).toBe(true);
  });

  it("alternatives: the first alternative that matches is used", () => {
    const set = rules([
      {
        name: "entry",
        stage: "kernel",
        kind: "required",
        begin: [{ contains: "Probing EDD" }, { contains: "Booting from ROM" }],
        end: { contains: "Linux version" },
      },
    ]);
    expect(find(set, boot).occurrences.map(brief)).toEqual([["entry", 30, 50]]);
  });

  it("source and any: the end is the first later line of that stream", () => {
    const set = rules([
      {
        name: "qemu:startup",
        stage: "qemu",
        kind: "required",
        begin: { event: "spawn" },
        end: { any: true, source: "stdout" },
      },
    ]);
    expect(find(set, boot).occurrences.map(brief)).toEqual([["qemu:startup", 0, 10]]);
  });

  it("guestClockMs: places a moment by the aligned printk clock, and is skipped without one", () => {
    const set = rules([
      {
        name: "decompress",
        stage: "kernel",
        kind: "optional",
        begin: { contains: "Booting from ROM" },
        end: { guestClockMs: 0 },
      },
    ]);
    expect(find(set, boot, 42).occurrences.map(brief)).toEqual([["decompress", 30, 42]]);
    expect(find(set, boot, null).occurrences).toEqual([]);
    // A clock moment before the begin line cannot end the activity.
    expect(find(set, boot, 20).occurrences).toEqual([]);
  });
});
