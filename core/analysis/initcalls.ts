/**
 * Initcalls (kernel booted with initcall_debug): each `calling  fn+0x…/0x… @ pid` line opens an
 * activity named "initcall <module|kernel>.<fn>" that ends at the first later line containing
 * `initcall fn+` (the original's construct_initcall_timeline; the regexes match its two PCREs,
 * with the pid added). Names repeat, so later ones get ":1", ":2", … within the pass. Initcalls
 * nest (an initcall may load a module whose initcalls run inside it): the parent is the
 * innermost initcall of the same pid still running when this one starts. PCI fixups print the
 * same "calling  fn+… @ pid" after a device name and end with "fn+… took N usecs"; they become
 * "pci-fixup <fn>" activities (the original matched them as initcalls that never return). Pure.
 */
import type { Occurrence } from "./activities.ts";
import { uniqueName } from "./names.ts";
import type { Line } from "./lines.ts";

const CALLING_WITH_MODULE = /calling {2}([_A-Za-z0-9]+)\+\S*\s+\[([_A-Za-z0-9]+)\](?:\s+@\s+(\d+))?/;
const CALLING_BUILTIN = /calling {2}([_A-Za-z0-9]+)\+\S*(?:\s+@\s+(\d+))?/;
/** "pci 0000:00:01.3: calling  acpi_pm_check_blacklist+0x0/0x30 @ 1" */
const DEVICE_FIXUP = /\S+ [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]: calling {2}/;

interface Open {
  name: string;
  fn: string;
  pid: string | null;
  line: Line;
  endLine: Line | null;
  fixup: boolean;
}

export function findInitcalls(
  lines: readonly Line[],
  stage: string,
  pass = 0,
): { occurrences: Occurrence[]; unfinished: string[] } {
  const counts = new Map<string, number>();
  const calls: Open[] = [];
  for (const line of lines) {
    if (line.source === "event") continue;
    const withModule = CALLING_WITH_MODULE.exec(line.text);
    const builtin = withModule ? null : CALLING_BUILTIN.exec(line.text);
    const fn = withModule?.[1] ?? builtin?.[1];
    if (!fn) continue;
    const module = withModule?.[2] ?? "kernel";
    const pid = withModule?.[3] ?? builtin?.[2] ?? null;
    const fixup = DEVICE_FIXUP.test(line.text);
    const base = fixup ? `pci-fixup ${fn}` : `initcall ${module}.${fn}`;
    calls.push({ name: uniqueName(base, counts), fn, pid, line, endLine: null, fixup });
  }
  // The end: the first later line containing "initcall fn+" (the "+" keeps foo from matching
  // foo_bar), or for a fixup "fn+… took".
  for (const call of calls) {
    const ends = call.fixup
      ? (text: string) => text.includes(` ${call.fn}+`) && text.includes(" took ")
      : (text: string) => text.includes(`initcall ${call.fn}+`);
    call.endLine = lines.find((l) => l.index > call.line.index && l.source !== "event" && ends(l.text)) ?? null;
  }
  const finished = calls.filter((c): c is Open & { endLine: Line } => c.endLine !== null);
  const occurrences = finished.map((call) => ({
    pass,
    name: call.name,
    stage,
    kind: "initcall" as const,
    parent: parentOf(call, finished),
    startMs: call.line.t,
    endMs: call.endLine.t,
  }));
  return { occurrences, unfinished: calls.filter((c) => c.endLine === null).map((c) => c.name) };
}

/** Innermost initcall of the same pid (any pid when unknown) that is running at call's start. */
function parentOf(call: Open & { endLine: Line }, all: ReadonlyArray<Open & { endLine: Line }>): string | null {
  let parent: (Open & { endLine: Line }) | null = null;
  for (const other of all) {
    if (other === call) continue;
    const samePid = call.pid === null || other.pid === null || other.pid === call.pid;
    const encloses = other.line.index < call.line.index && other.endLine.index > call.endLine.index;
    if (samePid && encloses && (!parent || other.line.index > parent.line.index)) parent = other;
  }
  return parent?.name ?? null;
}
