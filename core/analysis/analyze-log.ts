/**
 * The analysis core: an events log and a rule set in; activities, statistics, the clock
 * alignment and the cost of observing out. Pure (no file system, no console), so a saved log
 * always gives the same answer.
 */
import type { ActivityRecord } from "../records/schema.ts";
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
  observerCost: { analysisMs: number; quietMs: number; costMs: number } | null;
  warnings: string[];
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
    const exit = events.findLast((e) => e.type === "exit");
    const wallMs = exit?.t ?? events.at(-1)?.t ?? 0;
    const summary: PassSummary = {
      pass,
      events: events.length,
      lines: lines.length,
      wallMs,
      failure: exit?.type === "exit" ? exit.failure : "no-exit-event",
      exitCode: exit?.type === "exit" ? exit.exitCode : null,
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

  const walls = summaries.map((s) => s.wallMs);
  const run = { meanMs: mean(walls), sdMs: sampleSd(walls) };
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

  let observerCost: AnalysisResult["observerCost"] = null;
  if (log.observer && log.observer.quietWallMs.length) {
    // Quiet boot i ran right after pass i: compare like with like (same host load).
    const paired = walls.slice(0, log.observer.quietWallMs.length);
    const analysisMs = mean(paired);
    const quietMs = mean(log.observer.quietWallMs);
    observerCost = { analysisMs, quietMs, costMs: analysisMs - quietMs };
  }
  return { passes: summaries, run, activities, clockAlignment, observerCost, warnings };
}

function lastLines(lines: readonly Line[], count = 5): string {
  return lines
    .filter((l) => l.source !== "event")
    .slice(-count)
    .map((l) => `    ${l.t.toFixed(1).padStart(8)}ms [${l.source}] ${JSON.stringify(l.text.slice(0, 160))}`)
    .join("\n");
}
