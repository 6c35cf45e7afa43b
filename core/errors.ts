/**
 * Errors that a user can act on. Entry scripts catch these in one place, print the message
 * (which says what went wrong and what to do) and exit non-zero without a stack trace.
 * Anything else is a bug and is printed with its stack. Also the one formatter of schema
 * (zod) errors: file, line, field, problem and hint.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode } from "jsonc-parser";
import type { z } from "zod";

export class UserError extends Error {
  /** Process exit code for this error; 2 means bad input or usage, 1 a failed run. */
  readonly exitCode: number;
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "UserError";
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Error for a file whose content is wrong: names the file, the place and what was expected. */
export function fileError(file: string, where: string, problem: string, hint?: string): UserError {
  const place = where ? `${file}: ${where}` : file;
  return new UserError(`${place}: ${problem}${hint ? `\n  hint: ${hint}` : ""}`);
}

/**
 * Runs an entry script's main function with the single error handler the project uses:
 * UserError → message + its exit code; anything else → stack trace + exit 1.
 */
export async function runMain(main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    process.exitCode = code ?? 0;
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`internal error (please report): ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

/** A field path as people write it: `variants[0].samples[3].wallMs`, or "(root)". */
export function fieldPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return text || "(root)";
}

/** What is wrong with a value, from one zod issue (unknown keys are named, to catch typos). */
export function zodIssueText(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}; check the spelling`;
  return issue.message;
}

/** "field variants[0].name: expected string", for the first issue of a failed parse. */
export function zodFieldText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  return `field ${fieldPath(issue.path)}: ${zodIssueText(issue)}`;
}

/** The 1-based line of JSON text where the value at path (or its nearest parent) starts. */
export function lineOfField(text: string, path: readonly PropertyKey[]): number | null {
  const tree = parseTree(text);
  if (!tree) return null;
  const keys = path.filter((p): p is string | number => typeof p !== "symbol");
  let node: JsonNode | undefined;
  for (let n = keys.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, keys.slice(0, n));
  if (!node) return null;
  return text.slice(0, node.offset).split("\n").length;
}

/**
 * The error for a JSON file that does not match its schema: the file, the line (when the text
 * is given), the field and what is wrong, then how to fix it — the format every loader uses.
 */
export function zodFileError(file: string, error: z.ZodError, options: { text?: string; hint?: string }): UserError {
  const issue = error.issues[0];
  if (!issue) return fileError(file, "", "invalid", options.hint);
  const line = options.text === undefined ? null : lineOfField(options.text, issue.path);
  return fileError(
    file,
    `${line ? `line ${line}, ` : ""}field ${fieldPath(issue.path)}`,
    zodIssueText(issue),
    options.hint,
  );
}
