/**
 * Rankings the data makes, never the author: "the largest resolved saving is …", "the slowest
 * stage is …". Over comparisons a ranking counts only resolved ones by default (a step whose
 * verdict is "no measurable difference" cannot be the largest saving: its order among the
 * others is noise), and when nothing qualifies it says what the author wrote for that case
 * (the directive's label), e.g. "none of the steps is resolved".
 *
 *   :rank[none of the steps is resolved]{suite=story among=steps by=saving pick=largest}
 *   :rank{analysis=latest among=stages by=duration pick=largest}
 */
import { effectWithInterval } from "../format/comparison.ts";
import { formatMs, formatPercent } from "../format/numbers.ts";
import type { ActivityRecord, ComparisonRecord } from "../records/schema.ts";
import { comparisonName, familyOf } from "./conditions.ts";
import type { ClaimContext } from "./context.ts";
import { DirectiveError, selectAnalysis, selectBenchmark } from "./lookup.ts";
import { stageExtents } from "./stages.ts";

/** A ranking's answer: what to say, or null when nothing qualifies (the host says the label). */
export interface Ranked {
  text: string | null;
  runIds: string[];
  /** What was ranked and the order found, for messages and the summary. */
  order: string[];
}

const COMPARISON_AMONG = ["steps", "variants"];
const ANALYSIS_AMONG = ["stages", "activities", "initcalls"];

function oneOf(value: string | undefined, allowed: readonly string[], key: string, fallback: string): string {
  const v = value ?? fallback;
  if (!allowed.includes(v))
    throw new DirectiveError(`${key}=${v} is not one of ${allowed.join(", ")}`, `write ${key}=${allowed.join("|")}`);
  return v;
}

/** The nth (1-based) after sorting, largest first unless pick=smallest. */
function nth<T>(
  items: T[],
  value: (t: T) => number,
  attrs: Record<string, string | undefined>,
): { chosen: T | null; sorted: T[] } {
  const pick = oneOf(attrs.pick, ["largest", "smallest"], "pick", "largest");
  const n = Number(attrs.nth ?? "1");
  if (!Number.isInteger(n) || n < 1)
    throw new DirectiveError(
      `nth=${attrs.nth} is not a positive whole number`,
      "write nth=1 for the first, nth=2 for the second…",
    );
  const sorted = [...items].sort((a, b) => (pick === "largest" ? value(b) - value(a) : value(a) - value(b)));
  return { chosen: sorted[n - 1] ?? null, sorted };
}

export function evaluateRank(attrs: Record<string, string | undefined>, context: ClaimContext): Ranked {
  if (attrs.analysis !== undefined) return rankAnalysis(attrs, context);
  const among = oneOf(attrs.among, COMPARISON_AMONG, "among", "steps");
  const record = selectBenchmark(context.records, { run: attrs.run, suite: attrs.suite }, context.choice);
  const by = oneOf(attrs.by, ["saving", "cost", "median"], "by", "saving");
  const show = oneOf(attrs.show, ["name", "description", "verdict", "both"], "show", "name");
  if (by === "median") {
    // The variants themselves, by their median boot time: "the slowest variant".
    const metric = attrs.metric ?? record.primaryMetric;
    const variants = record.variants.filter((v) => v.summary[metric]);
    const { chosen, sorted } = nth(variants, (v) => v.summary[metric]!.median, attrs);
    const named = (v: (typeof variants)[number]) => (show === "description" && v.description ? v.description : v.name);
    return {
      text: chosen
        ? show === "name" || show === "description"
          ? named(chosen)
          : `${named(chosen)} (median ${formatMs(chosen.summary[metric]!.median)})`
        : null,
      runIds: [record.id],
      order: sorted.map((v) => `${v.name} ${formatMs(v.summary[metric]!.median)}`),
    };
  }
  const family = familyOf(record, among as "steps" | "variants", attrs.metric);
  if (family.length === 0)
    throw new DirectiveError(
      `run ${record.id} has no ${among === "steps" ? "steps (its suite is not cumulative)" : "comparisons with its baseline"} to rank`,
      among === "steps" ? "write among=variants" : "check the run",
    );
  const resolved = oneOf(attrs.resolved, ["true", "false"], "resolved", "true") === "true";
  const direction = by === "cost" ? "costs" : "saves";
  const candidates = resolved ? family.filter((c) => c.verdict === direction) : family;
  const value = (c: ComparisonRecord) => (by === "cost" ? -c.savingMs : c.savingMs);
  const { chosen } = nth(candidates, value, attrs);
  const { sorted } = nth(family, value, { ...attrs, nth: "1" }); // the whole family, for messages
  const description = (c: ComparisonRecord) =>
    record.variants.find((v) => v.name === c.variant)?.description || c.variant;
  const verdict = (c: ComparisonRecord) => effectWithInterval(c, { family: { size: family.length, kind: c.kind } });
  const text = !chosen
    ? null
    : show === "name"
      ? chosen.variant
      : show === "description"
        ? description(chosen)
        : show === "verdict"
          ? verdict(chosen)
          : `${chosen.variant}, which ${verdict(chosen)}`;
  return {
    text,
    runIds: [record.id],
    order: sorted.map((c) => `${comparisonName(c)} ${formatMs(c.savingMs)} (${c.verdict.replaceAll("-", " ")})`),
  };
}

function rankAnalysis(attrs: Record<string, string | undefined>, context: ClaimContext): Ranked {
  const record = selectAnalysis(context.records, attrs.analysis || undefined, attrs.kind, context.choice);
  const among = oneOf(attrs.among, ANALYSIS_AMONG, "among", "stages");
  const by = oneOf(attrs.by, ["duration", "percent", "start"], "by", "duration");
  const show = oneOf(attrs.show, ["name", "duration", "percent", "both"], "show", "name");
  type Item = { name: string; durationMs: number; percent: number; startMs: number };
  const items: Item[] =
    among === "stages"
      ? stageExtents(record).map((s) => ({
          name: s.stage,
          durationMs: s.durationMs,
          percent: s.percent,
          startMs: s.startMs,
        }))
      : record.activities
          .filter((a: ActivityRecord) =>
            among === "initcalls" ? a.kind === "initcall" : a.kind !== "initcall" && a.stage !== "other",
          )
          .map((a) => ({ name: a.name, durationMs: a.durationMs, percent: a.percent, startMs: a.startMs }));
  const key = by === "duration" ? "durationMs" : by === "percent" ? "percent" : "startMs";
  const { chosen, sorted } = nth(items, (i) => i[key], attrs);
  const text = !chosen
    ? null
    : show === "name"
      ? chosen.name
      : show === "duration"
        ? formatMs(chosen.durationMs)
        : show === "percent"
          ? formatPercent(chosen.percent)
          : `${chosen.name} (${formatMs(chosen.durationMs)}, ${formatPercent(chosen.percent)} of the run)`;
  return { text, runIds: [record.id], order: sorted.slice(0, 8).map((i) => `${i.name} ${formatMs(i.durationMs)}`) };
}
