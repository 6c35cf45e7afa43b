/**
 * content/runs-chosen.json: the one file, shared by the talk and the paper, that says which
 * recorded run each figure is drawn from when the default (the newest complete run that passes
 * the quality gate) is not wanted, and what the gate requires. Validated with zod; errors name
 * the file, the line and the field.
 *
 *   {
 *     "minimumTimedBoots": 10,            // per variant; fewer → never chosen silently
 *     "minimumAnalysisPasses": 5,
 *     "suites": { "story": "2026-11-25T195617Z-story-0ad8b5" },      // pins, by suite name
 *     "analyses": { "appliance": "2026-11-25T195743Z-analysis-appliance-5c025e" }  // by kind (select.ts analysisKind)
 *   }
 */
import { readFileSync, statSync } from "node:fs";
import { z } from "zod";
import { fileError, zodFileError } from "../errors.ts";
import { runChoiceFile } from "../paths.ts";

const RunId = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{6}Z-[a-z0-9-]+$/, "is not a run id (e.g. 2026-11-25T195617Z-story-0ad8b5)");

export const RunChoice = z
  .object({
    /** Free text for people reading the file. */
    comment: z.string().optional(),
    /** A benchmark run with fewer successful timed boots in some variant is flagged. */
    minimumTimedBoots: z.number().int().nonnegative().default(10),
    /** An analysis with fewer passes is flagged. */
    minimumAnalysisPasses: z.number().int().nonnegative().default(5),
    /** Pinned benchmark runs, by suite name. */
    suites: z.record(z.string(), RunId).default({}),
    /** Pinned analysis runs, by kind: "appliance", "appliance:custom[:NAME]", "exec" (select.ts analysisKind). */
    analyses: z
      .record(
        z
          .string()
          .regex(
            /^(appliance(:custom(:[a-z0-9-]+)?)?|exec)$/,
            'is not an analysis kind ("appliance", "appliance:custom", "appliance:custom:NAME", "exec")',
          ),
        RunId,
      )
      .default({}),
  })
  .strict();
export type RunChoice = z.infer<typeof RunChoice>;

/** No pins, default gate: what a project without the file gets. */
export const DEFAULT_RUN_CHOICE: RunChoice = RunChoice.parse({});

/** Parses the choice file's text; errors name the file, line and field. */
export function parseRunChoice(text: string, file: string): RunChoice {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fileError(file, "", `not valid JSON (${(error as Error).message})`, "check for a missing comma or quote");
  }
  const result = RunChoice.safeParse(json);
  if (!result.success)
    throw zodFileError(file, result.error, {
      text,
      hint: 'fields: minimumTimedBoots, minimumAnalysisPasses, suites { "<suite>": "<run id>" }, analyses { "appliance": "<run id>" }',
    });
  return result.data;
}

const cache = new Map<string, { mtimeMs: number; choice: RunChoice }>();

/**
 * The project's run choice ($BOOT_TALK_RUNS_CHOSEN or content/runs-chosen.json), re-read when
 * the file changes; the defaults when there is no such file.
 */
export function loadRunChoice(file = runChoiceFile()): RunChoice {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return DEFAULT_RUN_CHOICE;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.choice;
  const choice = parseRunChoice(readFileSync(file, "utf8"), file);
  cache.set(file, { mtimeMs, choice });
  return choice;
}
