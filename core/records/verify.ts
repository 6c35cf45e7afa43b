/**
 * Can the build trust a record? Every record the site uses is checked when it is loaded
 * (load.ts): its stored summaries, comparisons and warnings against what its raw samples give,
 * an analysis against its events file (re-analysed with the rules it names while they are
 * unchanged), its physical sanity (finite, non-negative times within the timeout; dates; ok
 * boots without failures), the round structure that pairing relies on, and its provenance (no
 * "kvm" record that says KVM was unusable or whose QEMU command line asked for TCG).
 * Each problem names the field, what is wrong and the fix; the loader adds the file.
 */
import { isDeepStrictEqual } from "node:util";
import { analyzeLog, observerCostOf, passEnds, runStatistics } from "../analysis/analyze-log.ts";
import { mean, sampleSd } from "../analysis/stats.ts";
import type { EventLog } from "../analysis/events.ts";
import type { RuleSet } from "../analysis/rules.ts";
import { fieldPath } from "../errors.ts";
import { deriveBenchmark, isCumulative } from "./derive.ts";
import { legacyComparisons } from "./legacy.ts";
import { metricsFor } from "./metrics.ts";
import type { AnalysisRecord, BenchmarkRecord, LegacyBenchmarkRecord, SampleRecord } from "./schema.ts";

export interface Problem {
  /** Where in the record, e.g. `variants[0].samples[3].wallMs`. */
  field: string;
  /** What is wrong, with the values involved. */
  message: string;
  /** What to do about it. */
  fix: string;
}

/** Records are data, written by the tools: the fix for a damaged one is always the same. */
export const RESTORE =
  "records are written by npm run bench / npm run analyze and never edited by hand: restore the file with git checkout, or record the run again";

/** A killed boot (timeout) is reaped within the kill delay (2 s, scripts/capture) plus slack. */
export const TIMEOUT_GRACE_MS = 5_000;
/** Output can arrive just after the exit event (pipes drain after exit): slack for marker ≤ wall. */
export const MARKER_AFTER_EXIT_SLACK_MS = 1_000;
const FAILURES = new Set(["timeout", "kernel-panic", "exit-code", "no-marker", "aborted", "spawn-error"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value));

/** Path and values of the first difference between two JSON-like values, or null when equal. */
export function firstDifference(
  stored: unknown,
  expected: unknown,
  path: PropertyKey[] = [],
): { path: PropertyKey[]; stored: unknown; expected: unknown } | null {
  if (isDeepStrictEqual(stored, expected)) return null;
  if (Array.isArray(stored) && Array.isArray(expected)) {
    for (let i = 0; i < Math.max(stored.length, expected.length); i++) {
      const d = firstDifference(stored[i], expected[i], [...path, i]);
      if (d) return d;
    }
  } else if (stored && expected && typeof stored === "object" && typeof expected === "object") {
    const keys = new Set([...Object.keys(stored), ...Object.keys(expected)]);
    for (const key of keys) {
      const d = firstDifference((stored as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], [
        ...path,
        key,
      ]);
      if (d) return d;
    }
  }
  return { path, stored, expected };
}

function mismatch(prefix: PropertyKey[], stored: unknown, expected: unknown, source: string): Problem | null {
  const d = firstDifference(stored, expected, prefix);
  if (!d) return null;
  return {
    field: fieldPath(d.path),
    message: `stored ${d.stored === undefined ? "nothing" : show(d.stored)}, but ${source} ${d.expected === undefined ? "nothing" : show(d.expected)}`,
    fix: RESTORE,
  };
}

/** A finite, non-negative number of milliseconds. */
function badTime(value: number): string | null {
  if (!Number.isFinite(value)) return `${value} is not a finite time`;
  if (value < 0) return `${value} ms is negative`;
  return null;
}

function checkDate(createdAt: string, problems: Problem[]): void {
  if (!ISO_DATE.test(createdAt) || Number.isNaN(Date.parse(createdAt)))
    problems.push({
      field: "createdAt",
      message: `${show(createdAt)} is not an ISO 8601 UTC date (e.g. 2026-11-25T19:56:17.743Z)`,
      fix: RESTORE,
    });
}

/** The accelerators a QEMU command line asks for (`-machine …,accel=tcg`, `-accel kvm`, `-enable-kvm`). */
export function requestedAccelerators(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((arg, i) => {
    for (const m of arg.matchAll(/(?:^|,)accel=([a-z:]+)/g)) out.push(...m[1]!.split(":"));
    if (arg === "-accel" && argv[i + 1]) out.push(argv[i + 1]!.split(",")[0]!);
    if (arg === "-enable-kvm") out.push("kvm");
  });
  return [...new Set(out)];
}

/** Provenance that contradicts itself: an accelerator the reason or the command line denies. */
function checkAccelerator(
  accelerator: "kvm" | "tcg" | "mixed" | null,
  reason: string | null,
  /** Each variant's command line, and its own accelerator when it records one (mixed suites). */
  argvs: ReadonlyArray<{ field: PropertyKey[]; argv: readonly string[]; accelerator?: "kvm" | "tcg" | null }>,
  problems: Problem[],
): void {
  if (accelerator === "kvm" && reason && /not usable|unusable|unavailable|no vmx|ENOENT|EACCES|EPERM/i.test(reason))
    problems.push({
      field: "accelerator",
      message: `says "kvm", but acceleratorReason says ${show(reason)} (KVM was not usable)`,
      fix: RESTORE,
    });
  if (!accelerator) return;
  const wrong = argvs.flatMap(({ field, argv, accelerator: own }) => {
    const expected = own ?? accelerator;
    const asked = requestedAccelerators(argv);
    return expected !== "mixed" && asked.length && !asked.includes(expected) ? [{ field, asked }] : [];
  });
  if (wrong.length)
    problems.push({
      field: fieldPath(wrong[0]!.field),
      message:
        `QEMU was started with accel=${wrong[0]!.asked.join(":")}, but the record's accelerator is "${accelerator}"` +
        (wrong.length > 1 ? ` (and so were ${wrong.length - 1} more variants)` : ""),
      fix: RESTORE,
    });
}

function checkSample(s: SampleRecord, at: PropertyKey[], timeoutMs: number, boots: boolean, problems: Problem[]): void {
  const add = (field: string, message: string) =>
    problems.push({ field: fieldPath([...at, field]), message, fix: RESTORE });
  const wall = badTime(s.wallMs);
  if (wall) add("wallMs", wall);
  else if (s.wallMs > timeoutMs + TIMEOUT_GRACE_MS)
    add(
      "wallMs",
      `${s.wallMs} ms is longer than the run's timeout (${timeoutMs} ms) allows: a boot is killed at the timeout`,
    );
  if (s.markerMs !== null) {
    const marker = badTime(s.markerMs);
    if (marker) add("markerMs", marker);
    else if (s.markerMs > timeoutMs + TIMEOUT_GRACE_MS)
      add(
        "markerMs",
        `${s.markerMs} ms is longer than the run's timeout (${timeoutMs} ms) allows: a boot is killed at the timeout`,
      );
    else if (!wall && s.markerMs > s.wallMs + MARKER_AFTER_EXIT_SLACK_MS)
      add("markerMs", `the ready marker (${s.markerMs} ms) comes after the process exited (${s.wallMs} ms)`);
  }
  if (!Number.isFinite(s.startedAt) || s.startedAt < 0) add("startedAt", `${s.startedAt} is not an epoch time`);
  if (s.ok && s.failure !== null)
    add("failure", `a successful boot (ok: true) cannot have failed (${show(s.failure)})`);
  if (!s.ok && s.failure === null) add("failure", "a failed boot (ok: false) must say why it failed");
  if (s.failure !== null && !FAILURES.has(s.failure))
    add("failure", `${show(s.failure)} is not a failure the harness reports (${[...FAILURES].join(", ")})`);
  if (s.ok && s.exitCode !== 0) add("exitCode", `a successful boot exited with ${s.exitCode}, not 0`);
  if (s.ok && boots && s.markerMs === null) add("markerMs", "a successful boot must have seen the ready marker");
}

/**
 * The round structure pairing relies on (scripts/bench/schedule.ts): sequence numbers 0…N−1
 * in execution order; warm-up rounds first; round k holds sequences k·V … k·V + V − 1 (V
 * variants) and boots every variant once, so a variant's k-th warm-up or timed boot is in round k.
 */
function checkRounds(record: BenchmarkRecord | LegacyBenchmarkRecord, problems: Problem[]): void {
  const v = record.variants.length;
  const warmupSlots = record.options.warmup * v;
  const all = record.variants.flatMap((variant, i) => variant.samples.map((s, j) => ({ s, i, j })));
  const seen = new Map<number, string>();
  for (const { s, i, j } of all) {
    const field = fieldPath(["variants", i, "samples", j, "sequence"]);
    if (seen.has(s.sequence))
      problems.push({
        field,
        message: `boot ${s.sequence} appears twice (also ${seen.get(s.sequence)})`,
        fix: RESTORE,
      });
    seen.set(s.sequence, field);
  }
  for (let q = 0; q < all.length; q++)
    if (!seen.has(q)) {
      problems.push({
        field: "variants[].samples[].sequence",
        message: `the ${all.length} boots are not numbered 0…${all.length - 1}: boot ${q} is missing`,
        fix: RESTORE,
      });
      break;
    }
  record.variants.forEach((variant, i) => {
    const counters = { warmup: 0, timed: 0 };
    variant.samples.forEach((s, j) => {
      const kind = s.warmup ? "warmup" : "timed";
      const round = counters[kind]++;
      const first = (s.warmup ? 0 : warmupSlots) + round * v;
      if (s.sequence < first || s.sequence >= first + v)
        problems.push({
          field: fieldPath(["variants", i, "samples", j, "sequence"]),
          message: `${variant.name}'s ${s.warmup ? "warm-up" : "timed"} boot ${round + 1} is boot ${s.sequence}, outside its round (boots ${first}–${first + v - 1}), so it cannot be paired by round`,
          fix: RESTORE,
        });
    });
    if (record.status === "complete") {
      for (const [kind, expected] of [
        ["warmup", record.options.warmup],
        ["timed", record.options.runs],
      ] as const)
        if (counters[kind] !== expected)
          problems.push({
            field: fieldPath(["variants", i, "samples"]),
            message: `${variant.name} has ${counters[kind]} ${kind === "warmup" ? "warm-up" : "timed"} boots, but the complete run was set to ${expected} (options.${kind === "warmup" ? "warmup" : "runs"})`,
            fix: RESTORE,
          });
    }
  });
}

/** Warnings equal, except that @1 wrote some numbers with fewer decimals (e.g. "CV 25%"). */
function sameWarning(stored: string, recomputed: string, legacy: boolean): boolean {
  if (stored === recomputed) return true;
  if (!legacy) return false;
  const number = /\d+(?:\.\d+)?/g;
  if (stored.replace(number, "#") !== recomputed.replace(number, "#")) return false;
  const a = stored.match(number) ?? [];
  const b = recomputed.match(number) ?? [];
  return a.every((x, k) => {
    const decimals = x.split(".")[1]?.length ?? 0;
    return Number(x) === Number(Number(b[k]).toFixed(decimals));
  });
}

function checkWarnings(stored: readonly string[], recomputed: readonly string[], legacy: boolean, problems: Problem[]) {
  const left = [...recomputed];
  stored.forEach((w, k) => {
    const match = left.findIndex((r) => sameWarning(w, r, legacy));
    if (match >= 0) left.splice(match, 1);
    else
      problems.push({
        field: fieldPath(["warnings", k]),
        message: `${show(w)} is not a warning the raw samples and provenance give`,
        fix: RESTORE,
      });
  });
  for (const w of left)
    problems.push({ field: "warnings", message: `the warning ${show(w)} is missing`, fix: RESTORE });
}

export interface BenchmarkCheck {
  problems: Problem[];
  /** The current-version view derived from the samples (what the site reads). */
  derived: BenchmarkRecord;
}

/** Verifies a benchmark record of either version and derives its current view. */
export function verifyBenchmark(record: BenchmarkRecord | LegacyBenchmarkRecord): BenchmarkCheck {
  const problems: Problem[] = [];
  checkDate(record.createdAt, problems);
  const o = record.options;
  if (!(o.timeoutMs > 0) || !Number.isFinite(o.timeoutMs))
    problems.push({ field: "options.timeoutMs", message: `${o.timeoutMs} is not a positive time`, fix: RESTORE });
  if (o.runs < 0 || o.warmup < 0 || o.resamples < 1)
    problems.push({
      field: "options",
      message: `runs ${o.runs}, warmup ${o.warmup} and resamples ${o.resamples} must be ≥ 0, ≥ 0 and ≥ 1`,
      fix: RESTORE,
    });
  for (const [when, load] of Object.entries(record.hostLoad ?? {}))
    load.forEach((x, k) => {
      if (!Number.isFinite(x) || x < 0)
        problems.push({ field: `hostLoad.${when}[${k}]`, message: `${x} is not a load average`, fix: RESTORE });
    });
  if (record.variants.length === 0)
    problems.push({ field: "variants", message: "a run has no variants", fix: RESTORE });
  const names = record.variants.map((v) => v.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i)
      problems.push({ field: `variants[${i}].name`, message: `two variants are called ${show(name)}`, fix: RESTORE });
  });
  const exec = o.exec !== null;
  const primary = metricsFor(record)[0]!;
  if (record.primaryMetric !== primary)
    problems.push({
      field: "primaryMetric",
      message: `is "${record.primaryMetric}", but a run ${primary === "wall" ? "with commands" : "of boots"} compares on "${primary}"`,
      fix: RESTORE,
    });
  if (exec && (record.accelerator !== null || record.qemu !== null))
    problems.push({
      field: "accelerator",
      message: "an --exec run boots no QEMU, so it has no accelerator",
      fix: RESTORE,
    });
  checkAccelerator(
    record.accelerator,
    record.acceleratorReason,
    record.variants.map((v, i) => ({ field: ["variants", i, "argv"], argv: v.argv, accelerator: v.accelerator })),
    problems,
  );
  // A suite's command variants (no appliance) only exit: they have no ready marker to see.
  record.variants.forEach((v, i) => {
    const boots = !exec && v.appliance !== null;
    v.samples.forEach((s, j) => checkSample(s, ["variants", i, "samples", j], o.timeoutMs, boots, problems));
  });
  checkRounds(record, problems);

  const derived = deriveBenchmark(record);
  record.variants.forEach((v, i) => {
    const p = mismatch(["variants", i, "summary"], v.summary, derived.variants[i]!.summary, "the raw samples give");
    if (p) problems.push(p);
  });
  const legacy = record.schema === "boot-talk/benchmark@1";
  const expected = legacy
    ? legacyComparisons(derived.variants, record.primaryMetric, isCumulative(record), o.seed, o.resamples, [
        ...derived.comparisons,
        ...derived.stepComparisons,
      ])
    : { comparisons: derived.comparisons, stepComparisons: derived.stepComparisons };
  for (const key of ["comparisons", "stepComparisons"] as const) {
    const p = mismatch([key], record[key], expected[key], "the raw samples give");
    if (p) problems.push(p);
  }
  checkWarnings(record.warnings, derived.warnings, legacy, problems);
  return { problems, derived };
}

export interface AnalysisInputs {
  /** The parsed events file beside the record (null when it is missing or unreadable). */
  events: EventLog | null;
  /** Why the events file could not be read, when events is null. */
  eventsError?: string;
  /** The rule set the record names, when its file still has the recorded sha256; else null. */
  rules: RuleSet | null;
}

export interface AnalysisCheck {
  problems: Problem[];
  derived: AnalysisRecord;
}

/** Equal up to float noise (per-pass values are stored rounded to nothing, but summed in another order). */
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The activity statistics an analysis record must agree with, recomputed from its per-pass values. */
function checkActivities(record: AnalysisRecord, problems: Problem[]): void {
  // One problem per kind of check (the first activity it fails, and how many more), not hundreds.
  const found = new Map<string, { first: Problem; more: number }>();
  const add = (check: string, problem: Problem) => {
    const seen = found.get(check);
    if (seen) seen.more++;
    else found.set(check, { first: problem, more: 0 });
  };
  const runValid = Number.isFinite(record.run.meanMs) && record.run.meanMs >= 0;
  record.activities.forEach((a, i) => {
    const at = (field: string) => fieldPath(["activities", i, field]);
    for (const field of ["startMs", "durationMs", "sdMs", "percent"] as const) {
      const bad = badTime(a[field]);
      if (bad) add(`time ${field}`, { field: at(field), message: bad, fix: RESTORE });
    }
    a.passes.forEach((p, k) => {
      for (const field of ["startMs", "durationMs"] as const) {
        const bad = badTime(p[field]);
        if (bad)
          add(`pass ${field}`, {
            field: fieldPath(["activities", i, "passes", k, field]),
            message: bad,
            fix: RESTORE,
          });
      }
    });
    if (a.passes.length === 0 || a.passes.length > record.passes) {
      add("passes", {
        field: at("passes"),
        message: `${a.passes.length} passes recorded, for an analysis of ${record.passes}`,
        fix: RESTORE,
      });
      return;
    }
    const durations = a.passes.map((p) => p.durationMs);
    const duration = mean(durations);
    const checks: Array<[string, number, number]> = [
      ["durationMs", a.durationMs, duration],
      ["startMs", a.startMs, mean(a.passes.map((p) => p.startMs))],
      ["sdMs", a.sdMs, sampleSd(durations)],
    ];
    // The share of the run only means something while the run's mean does (checked above).
    if (runValid)
      checks.push(["percent", a.percent, record.run.meanMs > 0 ? (100 * a.durationMs) / record.run.meanMs : 0]);
    for (const [field, stored, recomputed] of checks)
      if (!near(stored, recomputed))
        add(field, { field: at(field), message: `stored ${stored}, but its passes give ${recomputed}`, fix: RESTORE });
  });
  for (const { first, more } of found.values())
    problems.push(more ? { ...first, message: `${first.message} (and ${more} more activities)` } : first);
}

/** Verifies an analysis record against itself and its events file, and derives its current view. */
export function verifyAnalysis(record: AnalysisRecord, inputs: AnalysisInputs): AnalysisCheck {
  const problems: Problem[] = [];
  checkDate(record.createdAt, problems);
  for (const field of ["meanMs", "sdMs"] as const) {
    const bad = badTime(record.run[field]);
    if (bad) problems.push({ field: `run.${field}`, message: bad, fix: RESTORE });
  }
  if (record.passes < 1) problems.push({ field: "passes", message: `${record.passes} passes`, fix: RESTORE });
  if (record.target.kind === "exec" && record.target.appliance !== null)
    problems.push({ field: "target.appliance", message: "an --exec target boots no appliance", fix: RESTORE });
  checkAccelerator(record.accelerator, null, [{ field: ["target", "argv"], argv: record.target.argv }], problems);
  if (record.observerCost)
    for (const [field, value] of Object.entries(record.observerCost))
      if (typeof value === "number" && !Number.isFinite(value))
        problems.push({ field: `observerCost.${field}`, message: `${value} is not finite`, fix: RESTORE });
  checkActivities(record, problems);

  const { events } = inputs;
  if (!events) {
    problems.push({
      field: "eventsFile",
      message: `the events file ${show(record.eventsFile)} cannot be read${inputs.eventsError ? ` (${inputs.eventsError})` : ""}; without it the analysis cannot be checked`,
      fix: "keep the events file next to its record (restore it with git checkout), or analyse again with npm run analyze",
    });
    return { problems, derived: record };
  }
  const h = events.header;
  const headerChecks: Array<[string, unknown, unknown]> = [
    ["createdAt", record.createdAt, h.createdAt],
    ["warmup", record.warmup, h.warmup],
    ["accelerator", record.accelerator, h.accelerator],
    ["target.kind", record.target.kind, h.target.kind],
    ["target.argv", record.target.argv, h.target.argv],
  ];
  for (const [field, stored, fromEvents] of headerChecks)
    if (!isDeepStrictEqual(stored, fromEvents))
      problems.push({
        field,
        message: `stored ${show(stored)}, but the events file says ${show(fromEvents)}`,
        fix: RESTORE,
      });
  const ends = passEnds(events);
  if (ends.length !== record.passes)
    problems.push({
      field: "passes",
      message: `stored ${record.passes}, but the events file holds ${ends.length}`,
      fix: RESTORE,
    });
  const run = mismatch(["run"], record.run, runStatistics(ends), "the events file's pass times give");
  if (run) problems.push(run);
  const observer = observerCostOf(events);
  // Records made before the paired figures hold only the means: those are what is checked.
  const expectedCost =
    record.observerCost && !record.observerCost.paired && observer ? withoutPaired(observer) : observer;
  const cost = mismatch(["observerCost"], record.observerCost, expectedCost, "the events file's boot times give");
  if (cost) problems.push(cost);

  if (inputs.rules) {
    try {
      const again = analyzeLog(events, inputs.rules);
      for (const key of ["activities", "clockAlignment", "warnings"] as const) {
        const p = mismatch(
          [key],
          record[key],
          again[key],
          "re-analysing the events file with the recorded rules gives",
        );
        if (p) problems.push(p);
      }
    } catch (error) {
      problems.push({
        field: "activities",
        message: `re-analysing the events file with the recorded rules fails: ${(error as Error).message.split("\n")[0]}`,
        fix: RESTORE,
      });
    }
  }
  return { problems, derived: { ...record, observerCost: observer } };
}

function withoutPaired<T extends { paired?: unknown }>(cost: T): Omit<T, "paired"> {
  const { paired: _paired, ...rest } = cost;
  return rest;
}
