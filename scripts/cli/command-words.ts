/**
 * `--exec 'sleep 0.1'`: a command written as one string, split into words the way a POSIX
 * shell would (quotes, backslashes) by shell-quote, but no shell ever runs it, as with
 * hyperfine -N. What only a shell can do (pipes, redirections, globs, variables, comments) is
 * refused with the fix, instead of being passed to the program as literal words.
 */
import { parse } from "shell-quote";
import { UserError } from "../../core/errors.ts";

export function commandWords(command: string): string[] {
  const variables: string[] = [];
  const entries = parse(command, (name) => {
    variables.push(name);
    return "";
  });
  const shellOnly = entries.find((e) => typeof e !== "string");
  const fix = `boot-talk runs no shell; to use one, write --exec "sh -c '…'"`;
  if (variables.length)
    throw new UserError(`--exec ${JSON.stringify(command)}: $${variables[0]} needs a shell to expand; ${fix}`);
  if (shellOnly) {
    const what =
      "op" in shellOnly
        ? shellOnly.op === "glob"
          ? `the pattern ${shellOnly.pattern}`
          : `"${shellOnly.op}"`
        : "a comment";
    throw new UserError(`--exec ${JSON.stringify(command)}: ${what} needs a shell; ${fix}`);
  }
  const words = entries as string[];
  if (words.length === 0) throw new UserError(`--exec: an empty command; give the program and its arguments`);
  return words;
}
