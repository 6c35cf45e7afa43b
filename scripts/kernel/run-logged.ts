/**
 * Runs one build step with its output streamed to the build log (never held in memory: a
 * kernel build prints megabytes), and turns a failure into an error that names the step,
 * the log and the last lines of it.
 */
import { appendFile, open } from "node:fs/promises";
import { execa } from "execa";
import { UserError } from "../../core/errors.ts";

export interface LoggedStep {
  /** Short name shown in progress and errors, e.g. "make bzImage". */
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env?: Record<string, string>;
  log: string;
  /** What to try when this step fails. */
  fix: string;
}

export async function runLogged(step: LoggedStep): Promise<void> {
  await appendFile(step.log, `\n=== ${step.name}: ${[step.command, ...step.args].join(" ")} (in ${step.cwd})\n`);
  const result = await execa(step.command, step.args, {
    cwd: step.cwd,
    env: step.env,
    stdin: "ignore",
    stdout: { file: step.log, append: true },
    stderr: { file: step.log, append: true },
    reject: false,
  });
  if (result.exitCode === 0) return;
  const why =
    result.exitCode !== undefined
      ? `exit ${result.exitCode}`
      : result.signal
        ? `killed by ${result.signal}`
        : result.shortMessage;
  throw new UserError(
    `kernel build step "${step.name}" failed (${why}).\n` +
      `  last lines of ${step.log}:\n    ${(await tail(step.log, 12)).join("\n    ")}\n` +
      `  fix: ${step.fix}`,
    { exitCode: 1 },
  );
}

/** The last n lines of a file, reading only its end. */
export async function tail(path: string, n: number): Promise<string[]> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 16 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString("utf8").trimEnd().split("\n").slice(-n);
  } finally {
    await handle.close();
  }
}
