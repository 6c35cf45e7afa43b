/**
 * Conditions on the data, for `:when` (the data picks the sentence) and `:assert` (the build
 * fails when the prose's premise no longer holds). One condition per directive, written in
 * attributes like every other directive:
 *
 *   verdict   a comparison (suite/run, variant, baseline, metric) and `verdict=saves|costs|none|resolved|unresolved`,
 *             optionally `low-confidence=true|false`
 *   statistic any :stat selector and field with one of `gt= ge= lt= le= eq= ne=`: a number in
 *             the field's unit (ms, %, p), or another statistic in quotes, e.g.
 *             `le="analysis=latest stage=firmware field=duration"`
 *   family    `among=steps|variants` of a suite with `any=|all=|no=` a verdict word
 *   condition `accelerator=tcg|kvm|mixed` over the runs in scope (see environment.ts)
 *
 * Evaluating one returns whether it holds and the facts, in words with the run and the
 * numbers, that a failed assertion reports.
 */
import { comparisonSentence } from "../format/comparison.ts";
import type { ComparisonRecord } from "../records/schema.ts";
import type { ClaimContext } from "./context.ts";
import { aspectValues, scopeRuns } from "./environment.ts";
import { DirectiveError, findComparison, selectBenchmark, type ComparisonSelector } from "./lookup.ts";
import { resolveStat, type StatAttributes } from "./stat.ts";
import { parseAttributes } from "./tokens.ts";

export const VERDICT_WORDS = ["saves", "costs", "none", "resolved", "unresolved"] as const;
export type VerdictWord = (typeof VERDICT_WORDS)[number];
export const COMPARATORS = { gt: ">", ge: "≥", lt: "<", le: "≤", eq: "=", ne: "≠" } as const;
export type Comparator = keyof typeof COMPARATORS;
const QUANTIFIERS = ["any", "all", "no"] as const;
type Quantifier = (typeof QUANTIFIERS)[number];

export type Condition =
  | { kind: "verdict"; selector: ComparisonSelector; want: VerdictWord; lowConfidence?: boolean }
  | { kind: "statistic"; stat: StatAttributes; comparator: Comparator; right: number | StatAttributes }
  | {
      kind: "family";
      selector: { run?: string; suite?: string; metric?: string };
      among: "steps" | "variants";
      quantifier: Quantifier;
      want: VerdictWord;
    }
  | { kind: "accelerator"; want: "tcg" | "kvm" | "mixed"; scope: Record<string, string | undefined> };

export interface Evaluation {
  holds: boolean;
  /** What the data says, with run ids and numbers: the body of a failed assertion's message. */
  facts: string;
  runIds: string[];
}

const FORMS =
  "verdict=saves|costs|none|resolved|unresolved with suite= variant= [baseline=]; field=… with gt=|ge=|lt=|le=|eq=|ne=; among=steps|variants with any=|all=|no=; accelerator=tcg|kvm|mixed";

/** Reads a condition from a directive's attributes; a wrong combination names the forms. */
export function parseCondition(attrs: Record<string, string | undefined>, directive: string): Condition {
  const comparators = (Object.keys(COMPARATORS) as Comparator[]).filter((c) => attrs[c] !== undefined);
  const quantifiers = QUANTIFIERS.filter((q) => attrs[q] !== undefined);
  const forms = [
    attrs.verdict !== undefined,
    comparators.length > 0,
    attrs.among !== undefined,
    attrs.accelerator !== undefined,
  ].filter(Boolean).length;
  if (forms !== 1)
    throw new DirectiveError(
      forms === 0 ? `${directive} states no condition` : `${directive} states more than one condition`,
      `write exactly one of: ${FORMS} (nest :when directives to combine)`,
    );
  if (attrs.verdict !== undefined) {
    const want = verdictWord(attrs.verdict, "verdict");
    const low = attrs["low-confidence"];
    if (low !== undefined && low !== "true" && low !== "false")
      throw new DirectiveError(
        `low-confidence=${low} is not true or false`,
        "write low-confidence=true or low-confidence=false",
      );
    return {
      kind: "verdict",
      selector: pick(attrs, ["run", "suite", "variant", "baseline", "metric"]),
      want,
      ...(low === undefined ? {} : { lowConfidence: low === "true" }),
    };
  }
  if (comparators.length) {
    if (comparators.length > 1)
      throw new DirectiveError(
        `${directive} has ${comparators.join(" and ")}: one comparison per directive`,
        "nest :when directives to combine conditions",
      );
    const comparator = comparators[0]!;
    if (!attrs.field)
      throw new DirectiveError(
        `${comparator}= compares a statistic, but ${directive} names no field`,
        "add field=… (any :stat field)",
      );
    const stat: StatAttributes = { ...attrs };
    delete stat[comparator];
    return { kind: "statistic", stat, comparator, right: rightSide(attrs[comparator]!, comparator) };
  }
  if (attrs.among !== undefined) {
    if (attrs.among !== "steps" && attrs.among !== "variants")
      throw new DirectiveError(
        `among=${attrs.among} is not a family of comparisons`,
        "write among=steps (a cumulative suite's steps) or among=variants (each against the baseline)",
      );
    if (quantifiers.length !== 1)
      throw new DirectiveError(
        `${directive} with among= needs one of any=, all=, no=`,
        "e.g. among=steps no=resolved (no step is resolved)",
      );
    const quantifier = quantifiers[0]!;
    return {
      kind: "family",
      selector: pick(attrs, ["run", "suite", "metric"]),
      among: attrs.among,
      quantifier,
      want: verdictWord(attrs[quantifier]!, quantifier),
    };
  }
  const want = attrs.accelerator;
  if (want !== "tcg" && want !== "kvm" && want !== "mixed")
    throw new DirectiveError(
      `accelerator=${want} is not tcg, kvm or mixed`,
      "write accelerator=tcg, accelerator=kvm or accelerator=mixed",
    );
  return { kind: "accelerator", want, scope: pick(attrs, ["suite", "run", "analysis", "kind"]) };
}

function pick<K extends string>(
  attrs: Record<string, string | undefined>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) if (attrs[k] !== undefined) out[k] = attrs[k];
  return out;
}

function verdictWord(value: string, key: string): VerdictWord {
  const word = value === "no-measurable-difference" ? "none" : value;
  if (!(VERDICT_WORDS as readonly string[]).includes(word))
    throw new DirectiveError(
      `${key}=${value} is not a verdict`,
      `write ${key}=${VERDICT_WORDS.join("|")} (none = no measurable difference)`,
    );
  return word as VerdictWord;
}

/** The right side of a comparison: a number ("80", "80%", "200ms") or a quoted statistic. */
function rightSide(value: string, comparator: Comparator): number | StatAttributes {
  if (value.includes("=")) return parseAttributes(value);
  const number = Number(value.replace(/\s*(ms|%)$/, ""));
  if (!Number.isFinite(number))
    throw new DirectiveError(
      `${comparator}=${value} is neither a number nor a statistic`,
      `write a number in the field's unit (${comparator}=80) or a statistic in quotes (${comparator}="analysis=latest stage=firmware field=duration")`,
    );
  return number;
}

/** Whether a verdict matches a verdict word. */
export function matches(c: Pick<ComparisonRecord, "verdict">, want: VerdictWord): boolean {
  switch (want) {
    case "saves":
    case "costs":
      return c.verdict === want;
    case "none":
    case "unresolved":
      return c.verdict === "no-measurable-difference";
    case "resolved":
      return c.verdict !== "no-measurable-difference";
  }
}

/** "kernel-args (after no-nic)" / "quiet against baseline": a comparison named briefly. */
export function comparisonName(c: ComparisonRecord): string {
  return `${c.variant} ${c.kind === "step" ? "after" : "against"} ${c.baseline}`;
}

/** A statistic named for a message: "saving-ms of qboot (baseline previous) in run X". */
function statName(stat: StatAttributes): string {
  const of = [stat.variant, stat.activity, stat.stage && `stage ${stat.stage}`].filter(Boolean).join(" ");
  const against = stat.baseline ? ` (baseline ${stat.baseline})` : "";
  return `${stat.field}${of ? ` of ${of}` : ""}${against}`;
}

export function evaluateCondition(condition: Condition, context: ClaimContext): Evaluation {
  const { records, choice } = context;
  switch (condition.kind) {
    case "verdict": {
      const { record, comparison: c } = findComparison(records, condition.selector, choice);
      const confidence = condition.lowConfidence === undefined ? true : c.lowConfidence === condition.lowConfidence;
      return {
        holds: matches(c, condition.want) && confidence,
        facts: `run ${record.id}: ${comparisonSentence(c)}`,
        runIds: [record.id],
      };
    }
    case "statistic": {
      const left = resolveStat(records, condition.stat, { choice });
      const right = typeof condition.right === "number" ? null : resolveStat(records, condition.right, { choice });
      const a = numeric(left.value, condition.stat);
      const b = right ? numeric(right.value, condition.right as StatAttributes) : (condition.right as number);
      const holds = compare(a, condition.comparator, b);
      const rightText = right
        ? `${statName(condition.right as StatAttributes)} ${right.text} (run ${right.runIds.join(", ")})`
        : String(b);
      return {
        holds,
        facts: `${statName(condition.stat)} is ${left.text} (run ${left.runIds.join(", ")}), ${holds ? "" : "not "}${COMPARATORS[condition.comparator]} ${rightText}`,
        runIds: [...left.runIds, ...(right?.runIds ?? [])],
      };
    }
    case "family": {
      const record = selectBenchmark(records, condition.selector, choice);
      const family = familyOf(record, condition.among, condition.selector.metric);
      if (family.length === 0)
        throw new DirectiveError(
          `run ${record.id} has no ${condition.among === "steps" ? "step comparisons (its suite is not cumulative)" : "comparisons"}`,
          condition.among === "steps" ? "write among=variants for a suite that is not cumulative" : "check the run",
        );
      const hits = family.filter((c) => matches(c, condition.want));
      const holds =
        condition.quantifier === "any"
          ? hits.length > 0
          : condition.quantifier === "all"
            ? hits.length === family.length
            : hits.length === 0;
      const list = family.map((c) => `${comparisonName(c)}: ${c.verdict.replaceAll("-", " ")}`).join("; ");
      return { holds, facts: `run ${record.id}, ${condition.among}: ${list}`, runIds: [record.id] };
    }
    case "accelerator": {
      const runs = scopeRuns(condition.scope, context);
      const values = aspectValues("accelerator", runs);
      const only = values.length === 1 ? values[0]!.value : null;
      const holds = condition.want === "mixed" ? values.length > 1 : only === condition.want;
      const facts =
        values.map((v) => `${v.value} (runs ${v.runs.join(", ")})`).join("; ") || "no run records an accelerator";
      return { holds, facts: `accelerators: ${facts}`, runIds: runs.map((r) => r.id) };
    }
  }
}

/** A cumulative suite's steps, or every variant against the baseline, on the run's (or the given) metric. */
export function familyOf(
  record: { primaryMetric: string; comparisons: ComparisonRecord[]; stepComparisons: ComparisonRecord[] },
  among: "steps" | "variants",
  metric?: string,
): ComparisonRecord[] {
  const m = metric ?? record.primaryMetric;
  return (among === "steps" ? record.stepComparisons : record.comparisons).filter((c) => c.metric === m);
}

function numeric(value: number | null, stat: StatAttributes): number {
  if (value === null)
    throw new DirectiveError(
      `field=${stat.field} is not a number, so it cannot be compared`,
      "compare a numeric field (median, saving-ms, percent, …)",
    );
  return value;
}

function compare(a: number, comparator: Comparator, b: number): boolean {
  switch (comparator) {
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
  }
}
