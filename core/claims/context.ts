/**
 * What every claim is evaluated against: the verified, derived records of the build, the run
 * choice (pins and quality gate), what a failed assertion does, and which runs the document
 * uses (for statements about the conditions that name no run).
 */
import { UserError } from "../errors.ts";
import type { RunChoice } from "../records/choice.ts";
import type { RunRecord } from "../records/schema.ts";

/** "fail" stops the build at a failed assertion; "warn" (drafts) reports it and goes on. */
export type AssertionMode = "fail" | "warn";

export interface ClaimContext {
  records: readonly RunRecord[];
  choice: RunChoice;
  assertions: AssertionMode;
  /** The runs the document draws from (figures, tables, numbers); default: every chosen run. */
  documentRuns?: readonly string[];
}

/** The environment variable that downgrades failed assertions to warnings, for drafts. */
export const CLAIMS_ENV = "BOOT_TALK_CLAIMS";

/** The assertion mode the environment asks for: `BOOT_TALK_CLAIMS=warn` for drafts, else fail. */
export function assertionMode(env: NodeJS.ProcessEnv = process.env): AssertionMode {
  const value = env[CLAIMS_ENV]?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "fail" || value === "strict") return "fail";
  if (value === "warn" || value === "draft") return "warn";
  throw new UserError(
    `${CLAIMS_ENV}=${env[CLAIMS_ENV]} is not a claims mode\n  hint: write ${CLAIMS_ENV}=warn for a draft (failed assertions become warnings), or leave it unset`,
  );
}
