/**
 * Comparisons in words, rendered from their numbers (records store no prose). The verb comes
 * from the computed verdict and the direction from the sign, so a slowdown can never read as
 * a saving: "saves 465 ms", "costs 307 ms", or "makes no measurable difference" with the
 * median said as "faster" or "slower". Used by the bench report, the paper, the talk and charts.
 */
import type { ComparisonKind, ComparisonRecord, ObserverPaired } from "../records/schema.ts";
import { ALPHA, LOW_CONFIDENCE_PAIRS, type Verdict } from "../stats/verdict.ts";
import { formatMs, formatMsRange, spelledCount } from "./numbers.ts";

/** p-value as people quote it: "p = 0.002", "p < 0.001", "p = 0.07". */
export function formatP(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** "faster by 206 ms" / "slower by 307 ms": the direction of a saving in words. */
export function direction(savingMs: number): string {
  return savingMs >= 0 ? `${formatMs(savingMs)} faster` : `${formatMs(-savingMs)} slower`;
}

export type Tense = "present" | "past";

const VERBS: Record<Verdict, Record<Tense, string>> = {
  saves: { present: "saves", past: "saved" },
  costs: { present: "costs", past: "cost" },
  "no-measurable-difference": { present: "makes", past: "made" },
};

/** The verb phrase of a verdict: "saves 465 ms", "costs 307 ms", "makes no measurable difference" (or "saved", "cost", "made"). */
export function effectPhrase(verdict: Verdict, savingMs: number, tense: Tense = "present"): string {
  const verb = VERBS[verdict][tense];
  if (verdict === "saves") return `${verb} ${formatMs(savingMs)}`;
  if (verdict === "costs") return `${verb} ${formatMs(-savingMs)}`;
  return `${verb} no measurable difference`;
}

/** The caveat every figure from fewer than 10 pairs carries. */
export function lowConfidenceNote(pairs: number, unit = "paired round"): string {
  return (
    `low confidence: only ${pairs} ${unit}${pairs === 1 ? "" : "s"} (fewer than ${LOW_CONFIDENCE_PAIRS}), ` +
    `so the “95%” interval is not a 95% interval${pairs <= 5 ? " (with 5 or fewer it is about the range of the differences)" : ""}`
  );
}

/** What the rendering of a verdict may say besides the comparison's own numbers. */
export interface EffectOptions {
  tense?: Tense;
  /** How many comparisons Holm adjusted this one with (itself included), and of which kind. */
  family?: { size: number; kind: ComparisonKind };
}

type Effect = Pick<ComparisonRecord, "verdict" | "savingMs" | "ci95"> &
  Partial<Pick<ComparisonRecord, "pValue" | "pHolm" | "pairs" | "lowConfidence">>;

/**
 * Why a comparison whose interval excludes zero is still not resolved: its own signed-rank
 * test does not reject ("test"), or only Holm's correction for the rest of its family leaves it
 * unresolved ("holm"). Null when there is nothing to explain (resolved, or the interval
 * includes zero, or the p-values are unknown).
 */
export function unresolvedReason(c: Effect): "test" | "holm" | null {
  if (c.verdict !== "no-measurable-difference" || c.pValue === undefined) return null;
  const excludesZero = c.ci95[0] > 0 || c.ci95[1] < 0;
  if (!excludesZero) return null;
  return c.pValue > ALPHA ? "test" : "holm";
}

/** "the six steps" / "the five comparisons with the baseline": a Holm family in words. */
function familyWords(family: NonNullable<EffectOptions["family"]>): string {
  const n = spelledCount(family.size);
  return family.kind === "step"
    ? `the ${n} step${family.size === 1 ? "" : "s"}`
    : `the ${n} comparison${family.size === 1 ? "" : "s"} with the baseline`;
}

/**
 * The effect with its interval, for quoting in prose: "saves 465 ms (95% CI 120–800 ms)",
 * "costs 307 ms (95% CI 100–520 ms)", "makes no measurable difference (median 16 ms faster,
 * 95% CI of the saving −203 to 655 ms)". The CI is always of the saving (positive = faster).
 * It never contradicts its own numbers: when the interval excludes zero but the comparison is
 * unresolved it says why ("… once corrected for the six steps (…; p = 0.03, Holm p = 0.16)",
 * or "…, but p = 0.14"), and a low-confidence comparison says why its interval is not 95%.
 */
export function effectWithInterval(c: Effect, options: EffectOptions = {}): string {
  const phrase = effectPhrase(c.verdict, c.savingMs, options.tense);
  const low = c.lowConfidence && c.pairs !== undefined ? `; ${lowConfidenceNote(c.pairs)}` : "";
  if (c.verdict !== "no-measurable-difference") return `${phrase} (95% CI ${formatMsRange(effectInterval(c))}${low})`;
  const numbers = `median ${direction(c.savingMs)}, 95% CI of the saving ${formatMsRange(c.ci95)}`;
  const reason = unresolvedReason(c);
  if (reason === "holm" && options.family && options.family.size > 1)
    return `${phrase} once corrected for ${familyWords(options.family)} (${numbers}; ${formatP(c.pValue!)}, Holm ${formatP(c.pHolm!)}${low})`;
  if (reason === "holm")
    return `${phrase} once corrected for multiple comparisons (${numbers}; ${formatP(c.pValue!)}, Holm ${formatP(c.pHolm!)}${low})`;
  if (reason === "test")
    return `${phrase} (${numbers}, but the signed-rank test gives ${formatP(c.pValue!)}${c.pHolm !== undefined && c.pHolm !== c.pValue ? `, Holm ${formatP(c.pHolm)}` : ""}${low})`;
  return `${phrase} (${numbers}${low})`;
}

/** The interval in the verdict's own terms: of the saving for "saves", of the cost for "costs". */
export function effectInterval(c: Pick<ComparisonRecord, "verdict" | "ci95">): [number, number] {
  return c.verdict === "costs" ? [-c.ci95[1], -c.ci95[0]] : c.ci95;
}

/**
 * One comparison as a sentence, e.g. "kernel-args saves 465 ms after no-nic (median of 20
 * paired rounds, 95% CI 120–800 ms; p < 0.001, Holm-adjusted p = 0.004)".
 */
export function comparisonSentence(c: ComparisonRecord): string {
  const against = c.kind === "step" ? `after ${c.baseline}` : `against ${c.baseline}`;
  const stats = `${formatP(c.pValue)}, Holm-adjusted ${formatP(c.pHolm)}`;
  const pairs = `median of ${c.pairs} paired round${c.pairs === 1 ? "" : "s"}`;
  const body =
    c.verdict === "no-measurable-difference"
      ? `${c.variant} makes no measurable difference ${against} (${pairs}: ${direction(c.savingMs)}, 95% CI of the saving ${formatMsRange(c.ci95)}; ${stats})`
      : `${c.variant} ${effectPhrase(c.verdict, c.savingMs)} ${against} (${pairs}, 95% CI ${formatMsRange(effectInterval(c))}; ${stats})`;
  return c.lowConfidence ? `${body}; ${lowConfidenceNote(c.pairs)}` : body;
}

/** The secondary, unpaired figure in words: "difference of medians 16 ms faster (95% CI …), p = 0.90". */
export function unpairedSentence(c: ComparisonRecord): string {
  const u = c.unpaired;
  return `difference of medians ${direction(u.savingMs)} (95% CI of the saving ${formatMsRange(u.ci95)}), ${formatP(u.pValue)}`;
}

/**
 * The cost of observing in words: "observing costs 480 ms (median of 5 pairs …, 95% CI 300–650 ms;
 * p = 0.06)", or "observing makes no measurable difference (…: the verbose boot was 493 ms slower,
 * 95% CI of the cost 227–760 ms; p = 0.25)".
 */
export function observerSentence(o: ObserverPaired): string {
  const pairs = `median of ${o.pairs} pair${o.pairs === 1 ? "" : "s"} of an analysis pass and the quiet boot after it`;
  const cost = `95% CI of the cost ${formatMsRange(o.ci95)}`;
  const slower = o.costMs >= 0 ? `${formatMs(o.costMs)} slower` : `${formatMs(-o.costMs)} faster`;
  const body =
    o.verdict === "costs"
      ? `observing costs ${formatMs(o.costMs)} (${pairs}, ${cost}; ${formatP(o.pValue)})`
      : o.verdict === "saves"
        ? `observing saves ${formatMs(-o.costMs)} (${pairs}, ${cost}; ${formatP(o.pValue)})`
        : `observing makes no measurable difference (${pairs}: the verbose boot was ${slower}, ${cost}; ${formatP(o.pValue)})`;
  return o.lowConfidence ? `${body}; ${lowConfidenceNote(o.pairs, "pair")}` : body;
}
