/**
 * What `npm run bench` and `npm run analyze` print last: which figures, numbers and claims of
 * the talk and the paper the record just written will change on the next build, and any
 * assertion it will make fail (core/claims/affected.ts does the work; no build is needed).
 * It never fails the run that called it: a problem is said in one line instead.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { affectedBy, formatChanges } from "../../core/claims/affected.ts";
import type { SourceDocument } from "../../core/claims/usage.ts";
import { projectPath, runsDir } from "../../core/paths.ts";
import { loadRunChoice } from "../../core/records/choice.ts";
import { loadRuns } from "../../core/records/load.ts";

/** The talk script and the papers, as the build reads them. */
export function projectDocuments(): SourceDocument[] {
  const talk = resolve(projectPath(), process.env.BOOT_TALK_TALK ?? "content/talk/talk.txt");
  const paperDir = projectPath("content/paper");
  const papers = readdirSync(paperDir).filter((n) => n.endsWith(".md") && n !== "README.md");
  const shown = (path: string) => relative(process.cwd(), path) || path;
  return [
    { file: shown(talk), text: readFileSync(talk, "utf8"), format: "talk" as const },
    ...papers.map((n) => ({
      file: shown(join(paperDir, n)),
      text: readFileSync(join(paperDir, n), "utf8"),
      format: "paper" as const,
    })),
  ];
}

/**
 * Prints (to stderr) what the record at `recordPath` changes on the next build. `write`
 * defaults to stderr; tests pass their own.
 */
export async function reportAffectedFigures(
  recordPath: string,
  write: (text: string) => void = (t) => process.stderr.write(t),
): Promise<void> {
  try {
    const dir = runsDir();
    if (resolve(dirname(recordPath)) !== resolve(dir)) {
      write(`The record is outside ${relative(process.cwd(), dir) || dir}, so the next build does not use it.\n`);
      return;
    }
    const id = JSON.parse(readFileSync(recordPath, "utf8")).id as string;
    const after = await loadRuns(dir);
    const before = after.filter((r) => r.id !== id);
    write(formatChanges(affectedBy({ before, after, documents: projectDocuments(), choice: loadRunChoice() }), id));
  } catch (error) {
    write(`Could not tell which figures of the talk and the paper this run changes: ${(error as Error).message}\n`);
  }
}
