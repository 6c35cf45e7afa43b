/**
 * The project folder, found in a way that survives bundling: when Astro bundles a module into
 * .astro/ or dist/, import.meta.dirname no longer points into src/, so we accept the first
 * candidate that holds boot-talk's package.json — beside the source, else the working
 * directory of the build (npm scripts run from the project root).
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

function isProjectRoot(dir: string): boolean {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "boot-talk";
  } catch {
    return false;
  }
}

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  const candidates = [resolve(import.meta.dirname, ".."), process.cwd()];
  cached = candidates.find(isProjectRoot) ?? process.cwd();
  return cached;
}

/** A path inside the project, e.g. projectPath("content/runs"). */
export function projectPath(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}

/**
 * The folder of recorded runs: $BOOT_TALK_RUNS_DIR when set (tests and trial builds point it
 * at a temporary folder), else content/runs of the project. Read on every call, so a test can
 * set the variable after this module is loaded. Every reader and writer of records asks here.
 */
export function runsDir(): string {
  const fromEnv = process.env.BOOT_TALK_RUNS_DIR;
  return fromEnv ? resolve(fromEnv) : projectPath("content/runs");
}

/** The file that pins which run each figure uses ($BOOT_TALK_RUNS_CHOSEN overrides, for tests). */
export function runChoiceFile(): string {
  const fromEnv = process.env.BOOT_TALK_RUNS_CHOSEN;
  return fromEnv ? resolve(fromEnv) : projectPath("content/runs-chosen.json");
}

/** A path as messages show it: relative to the working directory when inside it. */
export function displayFile(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}
