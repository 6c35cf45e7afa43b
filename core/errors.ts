/**
 * Errors that a user can act on. Entry scripts catch these in one place, print the message
 * (which says what went wrong and what to do) and exit non-zero without a stack trace.
 * Anything else is a bug and is printed with its stack.
 */
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
