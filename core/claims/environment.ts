/**
 * Statements about the conditions of the runs a document uses, rendered from the records and
 * never typed: the accelerator (TCG or KVM), the host, its kernel, the QEMU version and the
 * guest kernel. A statement is always a whole clause that stays true when the runs differ
 * ("the runs mixed accelerators: TCG (runs A, B) and KVM (run C)"), so no sentence can say
 * "every run used TCG" over a KVM run. The dimensions are those of the comparability check
 * (records/comparability.ts), so the paper's mix warnings and these statements agree.
 */
import { dimensionValue, type Dimension } from "../records/comparability.ts";
import type { RunRecord } from "../records/schema.ts";
import { chooseBenchmarkRun, chooseAnalysisRecord, DirectiveError } from "./lookup.ts";
import type { ClaimContext } from "./context.ts";
import { chosenRuns } from "../records/select.ts";
import { spelledCount } from "../format/numbers.ts";

export const ASPECTS = ["accelerator", "host", "host-kernel", "qemu", "guest-kernel"] as const;
export type Aspect = (typeof ASPECTS)[number];

const DIMENSION: Record<Aspect, Dimension> = {
  accelerator: "accelerator",
  host: "host",
  "host-kernel": "host kernel",
  qemu: "QEMU",
  "guest-kernel": "guest kernel",
};

/**
 * The runs a statement is about: those its attributes name (`suite=`, `run=`, `analysis=`,
 * each its chosen run), else the runs the document uses, else every chosen run.
 */
export function scopeRuns(attrs: Record<string, string | undefined>, context: ClaimContext): RunRecord[] {
  const named: RunRecord[] = [];
  for (const suite of words(attrs.suite))
    named.push(chooseBenchmarkRun(context.records, { suite }, context.choice).record);
  for (const run of words(attrs.run)) named.push(chooseBenchmarkRun(context.records, { run }, context.choice).record);
  if (attrs.analysis !== undefined)
    named.push(chooseAnalysisRecord(context.records, attrs.analysis || undefined, attrs.kind, context.choice).record);
  if (named.length) return unique(named);
  const ids = context.documentRuns ?? [
    ...new Set([...chosenRuns(context.records, { choice: context.choice }).values()].map((c) => c.record.id)),
  ];
  return unique(context.records.filter((r) => ids.includes(r.id)));
}

function words(value: string | undefined): string[] {
  return value ? value.split(/[\s,]+/).filter(Boolean) : [];
}

function unique(runs: RunRecord[]): RunRecord[] {
  return [...new Map(runs.map((r) => [r.id, r])).values()];
}

/** Each value of an aspect among the runs, with the runs that have it (runs without one are left out). */
export function aspectValues(aspect: Aspect, runs: readonly RunRecord[]): { value: string; runs: string[] }[] {
  const values = new Map<string, string[]>();
  for (const run of runs) {
    const value = dimensionValue(run, DIMENSION[aspect]);
    if (value === null) continue;
    values.set(value, [...(values.get(value) ?? []), run.id]);
  }
  return [...values].map(([value, ids]) => ({ value, runs: ids }));
}

/** A value as prose says it: "TCG, QEMU's software emulator (no KVM)", "QEMU 7.2.22 (Debian …)". */
function said(aspect: Aspect, value: string): string {
  switch (aspect) {
    case "accelerator":
      return value === "tcg" ? "TCG, QEMU's software emulator (no KVM)" : value === "kvm" ? "KVM" : value;
    case "qemu": {
      const m = /version\s+(\S+)(.*)$/.exec(value);
      return m ? `QEMU ${m[1]}${m[2]}` : value;
    }
    case "guest-kernel":
      return `the guest kernel ${value}`;
    case "host-kernel":
      return `the host kernel ${value}`;
    case "host":
      return `one host, ${value}`;
  }
}

const VERB: Record<Aspect, string> = {
  accelerator: "used",
  host: "ran on",
  "host-kernel": "ran under",
  qemu: "used",
  "guest-kernel": "booted",
};

const MIXED: Record<Aspect, string> = {
  accelerator: "mixed accelerators",
  host: "come from different hosts",
  "host-kernel": "ran under different host kernels",
  qemu: "used different QEMU versions",
  "guest-kernel": "booted different guest kernels",
};

/** The statement itself: "all 4 runs used TCG, …", or the mix with the runs of each value. */
export function conditionsStatement(aspect: Aspect, runs: readonly RunRecord[]): string {
  const values = aspectValues(aspect, runs);
  if (values.length === 0) {
    if (aspect === "accelerator" || aspect === "qemu") return "no run booted QEMU";
    throw new DirectiveError(`no run in scope records its ${DIMENSION[aspect]}`, "name the runs with suite=… or run=…");
  }
  const counted = values.reduce((n, v) => n + v.runs.length, 0);
  if (values.length === 1) {
    const subject = counted === 1 ? "the run" : counted === 2 ? "both runs" : `all ${spelledCount(counted)} runs`;
    return `${subject} ${VERB[aspect]} ${said(aspect, values[0]!.value)}`;
  }
  const parts = values.map(
    (v) =>
      `${said(aspect, v.value).replace(/^one host, /, "")} (run${v.runs.length > 1 ? "s" : ""} ${v.runs.join(", ")})`,
  );
  return `the runs ${MIXED[aspect]}: ${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** Upper-cases the first letter when the text before it ends a sentence (or there is none). */
export function capitalizeAfter(before: string, text: string): string {
  return /(^|[.!?]["”’)]?)\s*$/.test(before) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
