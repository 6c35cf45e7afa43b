/**
 * The claim directives, evaluated over the derived records. One vocabulary for the talk and
 * the paper; the hosts (src/talk/claims.ts, src/plugins/remark-paper.ts) only place the text.
 *
 *   :stat{…}                      a number (stat.ts)
 *   :verdict{suite variant [baseline] [metric] [form=full|short] [tense=present|past]}
 *                                 the comparison's verdict with its interval (never contradicting it)
 *   :rank[fallback]{…}            what the data ranks first (rank.ts); the label when nothing qualifies
 *   :when[text]{condition} … :otherwise[text]
 *                                 the first label whose condition holds (conditions.ts)
 *   :assert[statement]{condition} nothing; a failed assertion stops the build (or warns, in drafts)
 *   :conditions{what=…}           a statement about the runs' conditions (environment.ts)
 *   :given[text]{why="…"}         a number that is neither measured nor from a source, said as written, with why
 */
import { effectPhrase, effectWithInterval, type Tense } from "../format/comparison.ts";
import { evaluateCondition, parseCondition } from "./conditions.ts";
import type { ClaimContext } from "./context.ts";
import { ASPECTS, conditionsStatement, scopeRuns, type Aspect } from "./environment.ts";
import { DirectiveError, findComparison } from "./lookup.ts";
import { evaluateRank } from "./rank.ts";
import { resolveStat } from "./stat.ts";

export const CLAIM_DIRECTIVES = [
  "stat",
  "verdict",
  "rank",
  "when",
  "otherwise",
  "assert",
  "conditions",
  "given",
] as const;
export type ClaimDirective = (typeof CLAIM_DIRECTIVES)[number];

export function isClaimDirective(name: string): name is ClaimDirective {
  return (CLAIM_DIRECTIVES as readonly string[]).includes(name);
}

export type OutcomeKind = "stat" | "verdict" | "rank" | "conditional" | "assertion" | "conditions" | "given";

/** What one directive (or one :when chain) came to. */
export interface Outcome {
  kind: OutcomeKind;
  /** The text to put in its place; null when the host says the directive's label instead. */
  text: string | null;
  runIds: string[];
  /** Assertions: whether it held. */
  held?: boolean;
  /** A failed assertion's message (in "warn" mode; in "fail" mode it is thrown). */
  message?: string;
  /** Conditionals: which branch of the chain was chosen (0-based). */
  branch?: number;
}

/** An assertion the data contradicts: the message names the run and the numbers. */
export class AssertionFailure extends DirectiveError {
  constructor(message: string) {
    super(
      message,
      "the prose relies on this: rewrite it for what the data says (a :when lets the data pick the sentence), or build a draft with BOOT_TALK_CLAIMS=warn",
    );
    this.name = "AssertionFailure";
  }
}

export interface DirectiveInput {
  name: string;
  attributes: Record<string, string | undefined>;
  /** The label's plain text, when the directive has one ("" for an empty label). */
  label: string | null;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], key: string, fallback: T): T {
  const v = value ?? fallback;
  if (!(allowed as readonly string[]).includes(v))
    throw new DirectiveError(`${key}=${v} is not one of ${allowed.join(", ")}`, `write ${key}=${allowed.join("|")}`);
  return v as T;
}

/** Evaluates one directive other than :when/:otherwise (those come in chains: chooseBranch). */
export function evaluateDirective(d: DirectiveInput, context: ClaimContext): Outcome {
  const { records, choice } = context;
  switch (d.name) {
    case "stat": {
      const quoted = resolveStat(records, d.attributes, { choice });
      return { kind: "stat", text: quoted.text, runIds: quoted.runIds };
    }
    case "verdict": {
      const form = oneOf(d.attributes.form, ["full", "short"], "form", "full");
      const tense = oneOf<Tense>(d.attributes.tense, ["present", "past"], "tense", "present");
      const { record, comparison: c, family } = findComparison(records, d.attributes, choice);
      const text =
        form === "short"
          ? effectPhrase(c.verdict, c.savingMs, tense)
          : effectWithInterval(c, { tense, family: { size: family.length, kind: c.kind } });
      return { kind: "verdict", text, runIds: [record.id] };
    }
    case "rank": {
      const ranked = evaluateRank(d.attributes, context);
      if (ranked.text === null && d.label === null)
        throw new DirectiveError(
          `nothing qualifies for this ranking (${ranked.order.join("; ") || "nothing to rank"})`,
          "write what to say in that case as the label, e.g. :rank[none of the steps is resolved]{…}",
        );
      return { kind: "rank", text: ranked.text, runIds: ranked.runIds };
    }
    case "assert": {
      const condition = parseCondition(d.attributes, ":assert");
      const result = evaluateCondition(condition, context);
      if (result.holds) return { kind: "assertion", text: "", runIds: result.runIds, held: true };
      const message = `assertion failed${d.label ? ` ("${d.label.trim()}")` : ""}: ${result.facts}`;
      if (context.assertions === "fail") throw new AssertionFailure(message);
      return { kind: "assertion", text: "", runIds: result.runIds, held: false, message };
    }
    case "conditions": {
      const what = d.attributes.what;
      if (!what || !(ASPECTS as readonly string[]).includes(what))
        throw new DirectiveError(
          what ? `what=${what} is not a condition the records keep` : ":conditions needs what=…",
          `write what=${ASPECTS.join("|")}; scope it with suite=, run= or analysis= (default: the runs this document uses)`,
        );
      const runs = scopeRuns(d.attributes, context);
      return { kind: "conditions", text: conditionsStatement(what as Aspect, runs), runIds: runs.map((r) => r.id) };
    }
    case "given": {
      if (d.label === null || !d.label.trim())
        throw new DirectiveError(
          ":given says its label as written, but has none",
          'write :given[the number as said]{why="…"}',
        );
      if (!d.attributes.why?.trim())
        throw new DirectiveError(
          `:given[${d.label}] does not say why the number is neither measured nor cited`,
          'add why="…" (e.g. why="the bench\'s warning threshold"); a measured number belongs in :stat, a published one needs a citation',
        );
      return { kind: "given", text: null, runIds: [] };
    }
    case "when":
    case "otherwise":
      throw new DirectiveError(
        `:${d.name} is evaluated with its chain`,
        "this is a bug in the host: call chooseBranch",
      );
    default:
      throw new DirectiveError(
        `unknown directive :${d.name}`,
        `the claim directives are ${CLAIM_DIRECTIVES.map((n) => `:${n}`).join(", ")}`,
      );
  }
}

/**
 * Picks the branch of a `:when … :otherwise` chain: the first :when whose condition holds,
 * else the :otherwise. A chain without :otherwise whose conditions all fail is an error, so
 * every case the data can produce has a sentence (`:otherwise[]` says nothing on purpose).
 */
export function chooseBranch(chain: readonly DirectiveInput[], context: ClaimContext): Outcome {
  const facts: string[] = [];
  const runIds = new Set<string>();
  for (const [index, branch] of chain.entries()) {
    if (branch.name === "otherwise") return { kind: "conditional", text: null, runIds: [...runIds], branch: index };
    const result = evaluateCondition(parseCondition(branch.attributes, ":when"), context);
    for (const id of result.runIds) runIds.add(id);
    if (result.holds) return { kind: "conditional", text: null, runIds: [...runIds], branch: index };
    facts.push(result.facts);
  }
  throw new DirectiveError(
    `none of the conditions of this :when holds (${facts.join("; ")})`,
    "add :otherwise[…] with the sentence for this case (:otherwise[] to say nothing)",
  );
}
