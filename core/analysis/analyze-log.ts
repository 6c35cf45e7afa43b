/**
 * The analysis core: an events log and a rule set in; activities, statistics, the clock
 * alignment and the cost of observing out. Pure (no file system, no console), so a saved log
 * always gives the same answer.
 */
import type { ActivityRecord, ObserverPaired } from "../records/schema.ts";
import { comparePaired } from "../stats/paired.ts";
import { isLowConfidence, verdictOf } from "../stats/verdict.ts";
import { findActivities, formatProblems, type Occurrence, type Problem } from "./activities.ts";
import { fitClock, type ClockFit } from "./clock.ts";
import { describeDamage, findDamage } from "./damage.ts";
import { eventsByPass, type EventLog } from "./events.ts";
import { assembleLines, type Line } from "./lines.ts";
import type { RuleSet } from "./rules.ts";
import { mean, sampleSd, summarise } from "./stats.ts";

export interface PassSummary {
  pass: number;
  events: number;
  lines: number;
  wallMs: number;
  failure: string | null;
  exitCode: number | null;
  /** ok; failed (the process failed); damaged (console bytes lost: left out of the statistics). */
  status: "ok" | "failed" | "damaged";
  /** For a damaged pass: what was wrong, one entry per damaged line. */
  damage: string[];
}

export interface AnalysisResult {
  passes: PassSummary[];
  run: { meanMs: number; sdMs: number };
  activities: ActivityRecord[];
  clockAlignment: { offsetMs: number; lines: number; residualMs: number; kernelEntryMs: number } | null;
  observerCost: ObserverCost | null;
  warnings: string[];
}

/** Analysis mode against quiet boots: the plain means (as first recorded) and the paired figures. */
export interface ObserverCost {
  analysisMs: number;
  quietMs: number;
  costMs: number;
  paired?: ObserverPaired;
}

/** The analysis found what it needed nowhere in some pass; message is the full report. */
export class AnalysisFailure extends Error {
  override name = "AnalysisFailure";
  readonly problems: Problem[];
  constructor(problems: Problem[], context: string) {
    super(`${context}${formatProblems(problems)}`);
    this.problems = problems;
  }
}

export function analyzeLog(log: EventLog, rules: RuleSet): AnalysisResult {
  const byPass = eventsByPass(log.events);
  if (byPass.length === 0) throw new AnalysisFailure([], "the events log holds no passes\n");
  const warnings: string[] = [];
  const summaries: PassSummary[] = [];
  const passOccurrences: Occurrence[][] = [];
  const fits: ClockFit[] = [];
  const problems: Problem[] = [];
  const passContext: string[] = [];

  const ends = passEnds(log);
  const assembled = byPass.map((events) => assembleLines(events));
  const damaged = assembled.map((lines) => findDamage(lines));
  // Damaged passes are left out when an intact one exists; when none is intact they are all
  // analysed, and every report says so.
  const useDamaged = damaged.every((d) => d.length > 0);
  if (useDamaged)
    warnings.push(
      `every pass is damaged (console bytes were lost between the guest and the host), so the statistics come from damaged passes: times near the lost bytes may be wrong`,
    );
  byPass.forEach((events, pass) => {
    const lines = assembled[pass]!;
    const { wallMs, failure, exitCode } = ends[pass]!;
    const summary: PassSummary = {
      pass,
      events: events.length,
      lines: lines.length,
      wallMs,
      failure,
      exitCode,
      status: "ok",
      damage: [],
    };
    summaries.push(summary);
    const damage = damaged[pass]!;
    if (damage.length) {
      // Its times would come from text the guest never printed: report it, never silently.
      summary.status = "damaged";
      summary.damage = damage.map((d) => `${d.reason} at ${d.t.toFixed(1)} ms: ${JSON.stringify(d.text)}`);
      warnings.push(
        `pass ${pass} is damaged (console bytes were lost between the guest and the host)${useDamaged ? "" : " and is left out of the statistics"}: ${describeDamage(damage)}`,
      );
      if (!useDamaged) return;
    }
    if (summary.failure && !damage.length) summary.status = "failed";
    if (summary.failure) {
      const detail = `pass ${pass} ended with ${summary.failure}${summary.exitCode !== null ? ` (exit code ${summary.exitCode})` : ""} after ${wallMs.toFixed(0)} ms`;
      warnings.push(detail);
      passContext.push(`${detail}; last lines:\n${lastLines(lines)}`);
    }
    const fitted = fitClock(lines);
    const fit = fitted?.consistent ? fitted : null;
    if (fit) fits.push(fit);
    else if (fitted) {
      warnings.push(
        `pass ${pass}: the printk clock could not be aligned: it would start ${fitted.kernelEntryMs.toFixed(0)} ms after spawn, yet a timestamped kernel line arrived ${fitted.worstLeadMs.toFixed(0)} ms before the time that clock gives it; the early printk clock ran on late timer ticks (TCG on a busy host), so guest time 0 cannot be placed`,
      );
    }
    const found = findActivities(rules, { pass, lines, clockOffsetMs: fit?.kernelEntryMs ?? null });
    problems.push(...found.errors);
    warnings.push(...found.notes);
    passOccurrences.push(found.occurrences);
  });
  if (problems.length) {
    throw new AnalysisFailure(problems, passContext.length ? passContext.join("\n") + "\n" : "");
  }

  const run = runStatistics(ends);
  const { activities, notes } = summarise(passOccurrences, run.meanMs);
  warnings.push(...notes);

  let clockAlignment: AnalysisResult["clockAlignment"] = null;
  if (fits.length) {
    clockAlignment = {
      offsetMs: mean(fits.map((f) => f.offsetMs)),
      lines: fits.reduce((n, f) => n + f.lines, 0),
      residualMs: mean(fits.map((f) => f.residualMs)),
      kernelEntryMs: mean(fits.map((f) => f.kernelEntryMs)),
    };
    const drift = Math.max(...fits.map((f) => f.driftMs));
    if (drift > 20) {
      warnings.push(
        `the early guest printk clock lost up to ${drift.toFixed(0)} ms against the host (under TCG it runs on timer ticks, which come late, until sched_clock is marked stable); the alignment allows for it`,
      );
    }
  }

  const observerCost = observerCostOf(log);
  return { passes: summaries, run, activities, clockAlignment, observerCost, warnings };
}

/** How each pass ended, from the events alone (no rules needed): wall time, failure, exit code. */
export function passEnds(log: EventLog): Array<Pick<PassSummary, "wallMs" | "failure" | "exitCode">> {
  return eventsByPass(log.events).map((events) => {
    const exit = events.findLast((e) => e.type === "exit");
    return {
      wallMs: exit?.t ?? events.at(-1)?.t ?? 0,
      failure: exit?.type === "exit" ? exit.failure : "no-exit-event",
      exitCode: exit?.type === "exit" ? exit.exitCode : null,
    };
  });
}

/** Mean and sample sd of the passes' wall times (spawn → exit). */
export function runStatistics(ends: ReadonlyArray<{ wallMs: number }>): { meanMs: number; sdMs: number } {
  const walls = ends.map((e) => e.wallMs);
  return { meanMs: mean(walls), sdMs: sampleSd(walls) };
}

/** The seed of the observer cost's bootstrap (an analysis has no seed of its own; fixed so it reproduces). */
export const OBSERVER_SEED = 1;

/**
 * The cost of observing, from the events alone. Quiet boot i ran right after analysis pass i
 * (scripts/analyze.ts), so they are paired: like is compared with like (the same host load).
 * The means over all quiet boots and the first passes are kept as first recorded; the paired
 * figures (median of pass − quiet, bootstrap CI over pairs, exact sign-flip p, verdict) are
 * what the site quotes. A pair is dropped when its analysis pass failed. The events file holds
 * only the quiet boots that succeeded, so after a failed quiet boot the pairing would shift;
 * analyze records none (it warns), and this assumes so.
 */
export function observerCostOf(log: EventLog): ObserverCost | null {
  const quiet = log.observer?.quietWallMs ?? [];
  if (quiet.length === 0) return null;
  const ends = passEnds(log);
  const analysisMs = mean(ends.slice(0, quiet.length).map((e) => e.wallMs));
  const quietMs = mean(quiet);
  const cost: ObserverCost = { analysisMs, quietMs, costMs: analysisMs - quietMs };
  const differences = quiet.flatMap((q, i) => {
    const end = ends[i];
    return end && end.failure === null ? [end.wallMs - q] : [];
  });
  if (differences.length === 0) return cost;
  const paired = comparePaired(differences, { seed: OBSERVER_SEED });
  // A cost is a negative saving: the verdict of the analysis mode against the quiet boot.
  const verdict = verdictOf([-paired.ci95[1], -paired.ci95[0]], paired.pValue);
  return {
    ...cost,
    paired: {
      pairs: paired.n,
      costMs: paired.median,
      ci95: paired.ci95,
      pValue: paired.pValue,
      pMethod: paired.pMethod,
      verdict,
      lowConfidence: isLowConfidence(paired.n),
    },
  };
}

function lastLines(lines: readonly Line[], count = 5): string {
  return lines
    .filter((l) => l.source !== "event")
    .slice(-count)
    .map((l) => `    ${l.t.toFixed(1).padStart(8)}ms [${l.source}] ${JSON.stringify(l.text.slice(0, 160))}`)
    .join("\n");
}
