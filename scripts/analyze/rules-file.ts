/** Finding and validating a rule set (content/rules/NAME.json or a path) before anything runs. */
import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parseRuleSet, RuleError, type RuleSet } from "../../core/analysis/rules.ts";
import { UserError } from "../../core/errors.ts";
import { sha256 } from "../../core/hash.ts";
import { projectPath } from "../../core/paths.ts";

export const RULES_DIR = projectPath("content/rules");

export async function loadRules(nameOrFile: string): Promise<{ rules: RuleSet; file: string; sha256: string }> {
  const file = /[/\\]|\.json$/.test(nameOrFile) ? resolve(nameOrFile) : join(RULES_DIR, `${nameOrFile}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(
      `rule set ${JSON.stringify(nameOrFile)} not found (looked for ${file}); rule sets live in content/rules/`,
    );
  }
  try {
    return { rules: parseRuleSet(text, relative(process.cwd(), file) || file), file, sha256: sha256(text) };
  } catch (error) {
    if (error instanceof RuleError) throw new UserError(error.message);
    throw error;
  }
}
