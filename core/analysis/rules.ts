/**
 * Rule sets: which console lines begin and end each named activity of a boot. The original
 * hard-coded these in C (boot-analysis-timeline.c) and its man page warned they needed
 * "periodic adjustment"; here they are data in content/rules/*.json, validated before anything
 * boots so a typo is reported with the rule's name and the field. Pure.
 */
import { z } from "zod";
import { fieldPath, zodIssueText } from "../errors.ts";

export const STAGES = ["qemu", "firmware", "kernel", "initcalls", "userspace", "shutdown", "other"] as const;
export type Stage = (typeof STAGES)[number];

const Source = z.enum(["stdout", "stderr", "output"]);

/** One way to recognise a line (or a moment). Exactly one of the kinds. */
const MatcherObject = z
  .object({
    /** The line contains this text (escapes already stripped). */
    contains: z.string().min(1).optional(),
    /** The line matches this JavaScript regular expression. */
    regex: z.string().min(1).optional(),
    /** The synthetic event: process spawn (t = 0) or exit. */
    event: z.enum(["spawn", "exit"]).optional(),
    /** Any output line; as an end matcher, the very next line. */
    any: z.literal(true).optional(),
    /** The moment the guest printk clock read this many ms (needs the clock alignment). */
    guestClockMs: z.number().nonnegative().optional(),
    /** Restrict to one output stream; "output" (the default) means either. */
    source: Source.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const kinds = ["contains", "regex", "event", "any", "guestClockMs"].filter(
      (k) => m[k as keyof typeof m] !== undefined,
    );
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `a matcher needs exactly one of contains, regex, event, any, guestClockMs (got ${kinds.join(", ") || "none"})`,
      });
    }
    if (m.regex !== undefined) {
      try {
        new RegExp(m.regex);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          path: ["regex"],
          message: `not a valid regular expression: ${(error as Error).message}`,
        });
      }
    }
  });
export type MatcherObject = z.infer<typeof MatcherObject>;

/**
 * A matcher, or a list of alternatives: the first alternative that matches any line of the
 * pass is the one used (the original chose its first kernel message this way: "Probing EDD"
 * if present, else "Linux version ").
 */
const Matcher = z.union([MatcherObject, z.array(MatcherObject).min(1)]);
export type Matcher = z.infer<typeof Matcher>;

export const Rule = z
  .object({
    name: z.string().min(1),
    stage: z.enum(STAGES),
    /**
     * required: missing = an error naming the activity, the pass and the nearest lines.
     * optional: missing = skipped. long: required, never warned about (it spans others).
     * multiple: every begin match opens a new sub-activity named from `name` ("{1}" = first
     * regex group), closing the previous; the first end match closes the last.
     */
    kind: z.enum(["required", "optional", "multiple", "long"]),
    begin: Matcher,
    end: Matcher,
    /** For long and multiple: allow the activity to be missing. */
    optional: z.boolean().default(false),
    /** Activity this one is drawn inside (charts), or null. */
    parent: z.string().nullable().default(null),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.kind === "multiple") {
      const begins = Array.isArray(rule.begin) ? rule.begin : [rule.begin];
      if (rule.name.includes("{1}") && !begins.every((b) => b.regex !== undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["begin"],
          message: 'a multiple rule whose name uses "{1}" needs a regex begin matcher with a group',
        });
      }
    }
  });
export type Rule = z.infer<typeof Rule>;

export const RuleSet = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z0-9-]+$/, "kebab-case"),
    description: z.string(),
    /** Why strings differ from the original's, and other maintenance notes. */
    notes: z.array(z.string()).default([]),
    /** Turn `calling  fn+… @ pid` / `initcall fn+… returned` pairs into activities. */
    initcalls: z
      .object({ stage: z.enum(STAGES).default("initcalls") })
      .nullable()
      .default(null),
    activities: z.array(Rule).min(1),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.activities.forEach((rule, i) => {
      if (seen.has(rule.name))
        ctx.addIssue({
          code: "custom",
          path: ["activities", i, "name"],
          message: `duplicate activity name "${rule.name}"`,
        });
      seen.add(rule.name);
    });
  });
export type RuleSet = z.infer<typeof RuleSet>;

export class RuleError extends Error {
  override name = "RuleError";
}

/** Parses and validates a rule file; errors name the file, the rule and the field. */
export function parseRuleSet(text: string, file: string): RuleSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RuleError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (json && typeof json === "object" && "lineJoinWindowMs" in json)
    throw new RuleError(
      `${file}: lineJoinWindowMs: no longer a rule setting: lines are assembled by newline only, stamped with the arrival of their first byte; delete the field\n  hint: see content/rules/README.md`,
    );
  const result = RuleSet.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path;
  let where = fieldPath(path);
  if (path[0] === "activities" && typeof path[1] === "number") {
    const rule = (json as { activities?: Array<{ name?: unknown }> }).activities?.[path[1]];
    const name = typeof rule?.name === "string" ? `"${rule.name}"` : `#${path[1] + 1}`;
    const field = path.length > 2 ? fieldPath(path.slice(2)) : "";
    where = `rule ${name}${field ? `, field ${field}` : ""}`;
  }
  throw new RuleError(
    `${file}: ${where}: ${zodIssueText(issue)}\n  hint: see content/rules/README.md for the rule format`,
  );
}

/** The alternatives of a matcher, as a list. */
export function alternatives(matcher: Matcher): MatcherObject[] {
  return Array.isArray(matcher) ? matcher : [matcher];
}

/** A short human description of a matcher, for error reports. */
export function describeMatcher(matcher: Matcher): string {
  return alternatives(matcher)
    .map((m) => {
      const source = m.source && m.source !== "output" ? ` on ${m.source}` : "";
      if (m.contains !== undefined) return `a line containing ${JSON.stringify(m.contains)}${source}`;
      if (m.regex !== undefined) return `a line matching /${m.regex}/${source}`;
      if (m.event !== undefined) return `the ${m.event} event`;
      if (m.guestClockMs !== undefined) return `guest clock ${m.guestClockMs} ms`;
      return `any line${source}`;
    })
    .join(" or ");
}
